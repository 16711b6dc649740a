import { describe, expect, it } from 'vitest'
import {
  evidenceProblem,
  evidenceTypeOfName,
  isEvidenceKind,
  MAX_EVIDENCE_BYTES,
  sniffEvidenceType,
} from './evidence-file-type'

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('sniffEvidenceType', () => {
  it('recognises PDF and the photo types by their first bytes', () => {
    expect(sniffEvidenceType(bytes('%PDF-1.7\n%âãÏÓ'))).toEqual({ contentType: 'application/pdf', extension: 'pdf' })
    expect(sniffEvidenceType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toEqual({
      contentType: 'image/jpeg',
      extension: 'jpg',
    })
    expect(sniffEvidenceType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toMatchObject({ extension: 'png' })
  })

  it('refuses HTML, SVG, a ZIP (a Word file) and a PDF signature that does not start the file', () => {
    expect(sniffEvidenceType(bytes('<html><body>%PDF-'))).toBeNull()
    expect(sniffEvidenceType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull()
    expect(sniffEvidenceType(bytes('PK', [3, 4, 20, 0]))).toBeNull()
    expect(sniffEvidenceType(bytes(' %PDF-1.4'))).toBeNull()
    expect(sniffEvidenceType(bytes('%PD'))).toBeNull()
  })
})

describe('evidenceProblem', () => {
  it('says empty, too large or wrong type; null for a PDF within the limit', () => {
    expect(evidenceProblem(new Uint8Array())).toBe('empty')
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1)
    big.set(bytes('%PDF-1.7'))
    expect(evidenceProblem(big)).toBe('too-large')
    expect(evidenceProblem(bytes('GIF89a'))).toBe('wrong-type')
    expect(evidenceProblem(big.subarray(0, MAX_EVIDENCE_BYTES))).toBeNull()
  })
})

describe('evidenceTypeOfName', () => {
  it('reads the type back from a server-chosen name and refuses anything else', () => {
    expect(evidenceTypeOfName('0b0e7a3c-4f7e-4a53-9a51-2d3c0c3c9e11.pdf')).toEqual({
      contentType: 'application/pdf',
      extension: 'pdf',
    })
    expect(evidenceTypeOfName('0b0e7a3c-4f7e-4a53-9a51-2d3c0c3c9e11.webp')?.contentType).toBe('image/webp')
    expect(evidenceTypeOfName('../0b0e7a3c-4f7e-4a53-9a51-2d3c0c3c9e11.pdf')).toBeNull()
    expect(evidenceTypeOfName('0b0e7a3c-4f7e-4a53-9a51-2d3c0c3c9e11.html')).toBeNull()
    expect(evidenceTypeOfName('report.pdf')).toBeNull()
  })

  it('knows the two kinds of evidence', () => {
    expect(isEvidenceKind('report')).toBe(true)
    expect(isEvidenceKind('invoice')).toBe(true)
    expect(isEvidenceKind('photo')).toBe(false)
    expect(isEvidenceKind(undefined)).toBe(false)
  })
})
