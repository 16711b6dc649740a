// What an uploaded file is, judged by its content (never by its name or the browser's type), how a
// CSV's bytes become text, and how CSV text becomes rows. Pure.

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
// An XLSX is a zip: its parts may not unpack to more than this (a zip bomb stops here).
export const MAX_UNPACKED_BYTES = 60 * 1024 * 1024
export const MAX_DATA_ROWS = 5000

export type FileKind = 'xlsx' | 'csv'
export type FileProblem =
  | 'empty'
  | 'tooLarge'
  | 'unknownType'
  | 'oldExcel'
  | 'xlsxUnreadable'
  | 'xlsxTooBig'
  | 'noHeader'
  | 'noRows'
  | 'tooManyRows'

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
// The compound-file header of an .xls (Excel 97–2003), which this import does not read.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** XLSX by its zip signature; CSV when the bytes are text (no NULs, decodable as UTF-8 or GB18030). */
export function sniffFile(bytes: Uint8Array): { ok: true; kind: FileKind } | { ok: false; problem: FileProblem } {
  if (bytes.length === 0) return { ok: false, problem: 'empty' }
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, problem: 'tooLarge' }
  if (startsWith(bytes, ZIP_MAGIC)) return { ok: true, kind: 'xlsx' }
  if (startsWith(bytes, OLE_MAGIC)) return { ok: false, problem: 'oldExcel' }
  if (bytes.includes(0)) return { ok: false, problem: 'unknownType' }
  return decodeText(bytes) === null ? { ok: false, problem: 'unknownType' } : { ok: true, kind: 'csv' }
}

/**
 * CSV bytes → text. UTF-8 (with or without the BOM Excel writes); a file that is not valid UTF-8
 * is read as GB18030, what Chinese Excel saves "CSV" as. null when neither fits.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    return { text, encoding: 'utf-8' }
  } catch {
    try {
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes)
      return { text, encoding: 'gb18030' }
    } catch {
      return null
    }
  }
}

/**
 * RFC 4180 CSV → records of fields: quoted fields may hold commas, quotes ("") and line breaks;
 * CRLF or LF. A record that spans lines is one spreadsheet row, so record i is row i + 1.
 * The delimiter is a comma, or a tab / semicolon when the first line has those and no comma.
 */
export function parseCsv(text: string): string[][] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const firstLine = input.slice(0, input.search(/\r?\n|$/))
  const delimiter = firstLine.includes(',')
    ? ','
    : firstLine.includes('\t')
      ? '\t'
      : firstLine.includes(';')
        ? ';'
        : ','
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < input.length) {
    const c = input[i]!
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else field += c
      i += 1
      continue
    }
    if (c === '"' && field === '') quoted = true
    else if (c === delimiter) {
      record.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      if (c === '\r' && input[i + 1] === '\n') i += 1
    } else field += c
    i += 1
  }
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records
}

/** A field for a CSV file: quoted when it holds a delimiter, quote or line break (or could be a formula). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The total unpacked size of a zip's entries, from its central directory; null when the zip is
 * malformed or uses ZIP64 (sizes beyond 4 GB), which a 5 MB spreadsheet never needs.
 */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // End of central directory: at least 22 bytes from the end, before a comment of up to 64 KB.
  for (let eocd = bytes.length - 22; eocd >= Math.max(0, bytes.length - 22 - 0xffff); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue
    const entries = view.getUint16(eocd + 10, true)
    let offset = view.getUint32(eocd + 16, true)
    let total = 0
    for (let n = 0; n < entries; n++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null
      const size = view.getUint32(offset + 24, true)
      if (size === 0xffffffff) return null
      total += size
      offset +=
        46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true)
    }
    return total
  }
  return null
}
