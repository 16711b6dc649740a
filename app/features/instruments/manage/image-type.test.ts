import { describe, expect, it } from 'vitest'
import { PHOTO_FILE_NAME, pngSize, sniffImageType } from './image-type'

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('sniffImageType', () => {
  it('recognises JPEG, PNG and WebP by their signatures', () => {
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toEqual({
      contentType: 'image/jpeg',
      extension: 'jpg',
    })
    expect(sniffImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'))).toEqual({
      contentType: 'image/png',
      extension: 'png',
    })
    expect(sniffImageType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toEqual({
      contentType: 'image/webp',
      extension: 'webp',
    })
  })

  it('refuses a PDF, whatever it is called', () => {
    expect(sniffImageType(bytes('%PDF-1.7\n'))).toBeNull()
  })

  it('refuses other RIFF files, GIF, SVG, HTML and empty or truncated input', () => {
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull()
    expect(sniffImageType(bytes('GIF89a'))).toBeNull()
    expect(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull()
    expect(sniffImageType(bytes('<!doctype html>'))).toBeNull()
    expect(sniffImageType(new Uint8Array())).toBeNull()
    expect(sniffImageType(bytes([0xff, 0xd8]))).toBeNull()
    expect(sniffImageType(bytes([0x89], 'PNG'))).toBeNull()
  })
})

describe('pngSize', () => {
  it('reads width and height from IHDR', () => {
    const header = bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 2, 0, 0, 0, 1, 0x80])
    expect(pngSize(header)).toEqual({ width: 512, height: 384 })
    expect(pngSize(bytes([0xff, 0xd8, 0xff]))).toBeNull()
  })
})

describe('PHOTO_FILE_NAME', () => {
  it('admits only uuid + known extension (no paths)', () => {
    expect(PHOTO_FILE_NAME.test('0b6f2a52-7d0e-4c36-9a35-3f4f8d1e2c10.jpg')).toBe(true)
    expect(PHOTO_FILE_NAME.test('../0b6f2a52-7d0e-4c36-9a35-3f4f8d1e2c10.jpg')).toBe(false)
    expect(PHOTO_FILE_NAME.test('0b6f2a52-7d0e-4c36-9a35-3f4f8d1e2c10.svg')).toBe(false)
  })
})
