import { describe, expect, it } from 'vitest'
import { csvField, decodeText, MAX_UPLOAD_BYTES, parseCsv, sniffFile, zipUnpackedSize } from './file-format'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('sniffFile', () => {
  it('knows XLSX by its zip signature and CSV by being text', () => {
    expect(sniffFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toEqual({ ok: true, kind: 'xlsx' })
    expect(sniffFile(bytes('\uFEFF资产编号,仪器名称\n'))).toEqual({ ok: true, kind: 'csv' })
  })
  it('refuses empty, too large, binary and old .xls files', () => {
    expect(sniffFile(new Uint8Array())).toEqual({ ok: false, problem: 'empty' })
    expect(sniffFile(new Uint8Array(MAX_UPLOAD_BYTES + 1))).toEqual({ ok: false, problem: 'tooLarge' })
    expect(sniffFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toEqual({ ok: false, problem: 'unknownType' })
    expect(sniffFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toEqual({
      ok: false,
      problem: 'oldExcel',
    })
  })
})

describe('decodeText', () => {
  it('reads UTF-8 and drops the BOM', () => {
    expect(decodeText(bytes('\uFEFF资产编号'))).toEqual({ text: '资产编号', encoding: 'utf-8' })
  })
  it('reads GB18030 (old Excel "CSV") when the bytes are not UTF-8', () => {
    // 资产编号 in GB18030/GBK.
    const gbk = new Uint8Array([0xd7, 0xca, 0xb2, 0xfa, 0xb1, 0xe0, 0xba, 0xc5, 0x2c, 0x41])
    expect(decodeText(gbk)).toEqual({ text: '资产编号,A', encoding: 'gb18030' })
  })
})

describe('parseCsv', () => {
  it('splits records with quotes, doubled quotes, embedded commas and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n3,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
      ['3', ''],
    ])
  })
  it('strips a BOM, keeps a last line without newline, and reads tab-separated text', () => {
    expect(parseCsv('\uFEFFa,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })
  it('writes fields that read back the same', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', '-200']
    expect(parseCsv(fields.map(csvField).join(','))).toEqual([fields])
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
  })
})

describe('zipUnpackedSize', () => {
  it('sums the central directory sizes, and refuses what is not a zip', () => {
    // A zip with one stored 5-byte entry "a.txt" = "hello".
    const zip = Buffer.from(
      'UEsDBAoAAAAAAAAAIQCGphA2BQAAAAUAAAAFAAAAYS50eHRoZWxsb1BLAQIUAAoAAAAAAAAAIQCGphA2BQAAAAUAAAAFAAAAAAAAAAAAAAAAAAAAAABhLnR4dFBLBQYAAAAAAQABADMAAAAoAAAAAAA=',
      'base64',
    )
    expect(zipUnpackedSize(new Uint8Array(zip))).toBe(5)
    expect(zipUnpackedSize(bytes('not a zip at all, just some text here'))).toBeNull()
  })
})
