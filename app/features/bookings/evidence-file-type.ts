// Delivery evidence files (test report, invoice 发票): what an upload really is, read from its first
// bytes (never its name or the browser's Content-Type). PDFs and the photo types a phone makes of a
// paper report are kept; nothing else. Pure.
import { sniffImageType } from '~/features/instruments/manage/image-type'

export const EVIDENCE_KINDS = ['report', 'invoice'] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

export type EvidenceType =
  | { contentType: 'application/pdf'; extension: 'pdf' }
  | { contentType: 'image/jpeg'; extension: 'jpg' }
  | { contentType: 'image/png'; extension: 'png' }
  | { contentType: 'image/webp'; extension: 'webp' }

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

/** The server-side name of a stored evidence file: a uuid and the extension of the sniffed type. */
export const EVIDENCE_FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(pdf|jpg|png|webp)$/

const CONTENT_TYPES: Record<EvidenceType['extension'], EvidenceType['contentType']> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
}

export function sniffEvidenceType(bytes: Uint8Array): EvidenceType | null {
  // PDF: "%PDF-" at the start (ISO 32000 §7.5.2; readers tolerate junk before it, we do not).
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d]
  if (bytes.length >= pdf.length && pdf.every((b, i) => bytes[i] === b)) {
    return { contentType: 'application/pdf', extension: 'pdf' }
  }
  return sniffImageType(bytes) as EvidenceType | null
}

export type EvidenceProblem = 'empty' | 'too-large' | 'wrong-type'

/** Why these bytes cannot be kept as evidence, or null when they can. */
export function evidenceProblem(bytes: Uint8Array): EvidenceProblem | null {
  if (bytes.byteLength === 0) return 'empty'
  if (bytes.byteLength > MAX_EVIDENCE_BYTES) return 'too-large'
  return sniffEvidenceType(bytes) ? null : 'wrong-type'
}

/** The type of a stored file from its (server-chosen) name; null for a name we never gave out. */
export function evidenceTypeOfName(fileName: string): EvidenceType | null {
  const match = EVIDENCE_FILE_NAME.exec(fileName)
  if (!match) return null
  const extension = match[1] as EvidenceType['extension']
  return { contentType: CONTENT_TYPES[extension], extension } as EvidenceType
}

export function isEvidenceKind(value: string | undefined): value is EvidenceKind {
  return (EVIDENCE_KINDS as readonly string[]).includes(value ?? '')
}
