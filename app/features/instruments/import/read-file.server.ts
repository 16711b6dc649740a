// An uploaded spreadsheet → the rows under the template's headers. XLSX is read with exceljs, CSV
// with the pure parser in file-format.ts. Row numbers are the spreadsheet's own (1-based), so an
// error message points at the row the person sees in Excel / WPS.
import ExcelJS from 'exceljs'
import {
  decodeText,
  MAX_DATA_ROWS,
  MAX_UNPACKED_BYTES,
  parseCsv,
  sniffFile,
  zipUnpackedSize,
  type FileKind,
  type FileProblem,
} from './file-format'
import { cellText, type CellValue } from './normalise'
import type { RawRow } from './rows'
import { COLUMNS, columnForHeader, isEnglishHeaderRow, isWanHeader, type ColumnKey } from './template'

export type SheetRows = {
  kind: FileKind
  encoding: 'utf-8' | 'gb18030' | null
  rows: RawRow[]
  originalValueInWan: boolean
  /** Columns whose header was not recognised (ignored), as written in the file. */
  ignoredHeaders: string[]
}

export type ReadResult =
  ({ ok: true } & SheetRows) | { ok: false; problem: FileProblem; params?: Record<string, string | number> }

type Grid = { rowNumber: number; cells: CellValue[] }[]

const HEADER_SEARCH_ROWS = 10

/** Finds the header row, maps its columns, and returns the data rows below it. */
export function rowsFromGrid(
  grid: Grid,
): Omit<SheetRows, 'kind' | 'encoding'> | { problem: FileProblem; params?: Record<string, string> } {
  let header: { index: number; columns: Map<number, ColumnKey>; texts: string[] } | null = null
  for (let index = 0; index < Math.min(grid.length, HEADER_SEARCH_ROWS); index++) {
    const texts = grid[index]!.cells.map((c) => cellText(c))
    const columns = new Map<number, ColumnKey>()
    texts.forEach((t, i) => {
      const key = columnForHeader(t)
      if (key && ![...columns.values()].includes(key)) columns.set(i, key)
    })
    if ([...columns.values()].includes('assetNo') && (!header || columns.size > header.columns.size)) {
      header = { index, columns, texts }
    }
  }
  if (!header)
    return {
      problem: 'noHeader',
      params: {
        missing: COLUMNS.filter((c) => c.required)
          .map((c) => c.zh)
          .join('、'),
      },
    }
  const present = new Set(header.columns.values())
  const missing = COLUMNS.filter((c) => c.required && !present.has(c.key))
  if (missing.length > 0) return { problem: 'noHeader', params: { missing: missing.map((c) => c.zh).join('、') } }

  const valueIndex = [...header.columns].find(([, k]) => k === 'originalValue')![0]
  const rows: RawRow[] = []
  for (const { rowNumber, cells } of grid.slice(header.index + 1)) {
    if (cells.every((c) => cellText(c) === '')) continue
    if (rows.length === 0 && isEnglishHeaderRow(cells.map((c) => cellText(c)))) continue
    const mapped: RawRow['cells'] = {}
    for (const [i, key] of header.columns) mapped[key] = cells[i] ?? null
    rows.push({ rowNumber, cells: mapped })
    if (rows.length > MAX_DATA_ROWS) return { problem: 'tooManyRows', params: { max: String(MAX_DATA_ROWS) } }
  }
  if (rows.length === 0) return { problem: 'noRows' }
  return {
    rows,
    originalValueInWan: isWanHeader(header.texts[valueIndex] ?? ''),
    ignoredHeaders: header.texts.filter((t, i) => t !== '' && !header.columns.has(i)),
  }
}

/** exceljs's cell value (rich text, formula results, hyperlinks…) → a plain cell. */
function plainCell(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return plainCell((value.result ?? null) as ExcelJS.CellValue)
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('error' in value) return null
  }
  return null
}

async function xlsxGrids(bytes: Uint8Array): Promise<Grid[] | null> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch {
    return null
  }
  return workbook.worksheets.map((sheet) => {
    const grid: Grid = []
    const width = Math.min(sheet.columnCount, 200)
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = []
      for (let c = 1; c <= width; c++) cells.push(plainCell(row.getCell(c).value))
      grid.push({ rowNumber, cells })
    })
    return grid
  })
}

/** Reads an upload: its kind by content, then the first sheet that carries the template's headers. */
export async function readUpload(bytes: Uint8Array): Promise<ReadResult> {
  const sniffed = sniffFile(bytes)
  if (!sniffed.ok) return sniffed
  if (sniffed.kind === 'xlsx') {
    const unpacked = zipUnpackedSize(bytes)
    if (unpacked === null) return { ok: false, problem: 'xlsxUnreadable' }
    if (unpacked > MAX_UNPACKED_BYTES) return { ok: false, problem: 'xlsxTooBig' }
    const grids = await xlsxGrids(bytes)
    if (!grids || grids.length === 0) return { ok: false, problem: 'xlsxUnreadable' }
    let noHeader: { problem: FileProblem; params?: Record<string, string> } | null = null
    for (const grid of grids) {
      const result = rowsFromGrid(grid)
      if (!('problem' in result)) return { ok: true, kind: 'xlsx', encoding: null, ...result }
      // The header was found but something else is wrong (no rows, too many): that is the sheet meant.
      if (result.problem !== 'noHeader') return { ok: false, ...result }
      noHeader ??= result
    }
    return { ok: false, ...(noHeader ?? { problem: 'noHeader' as const }) }
  }
  const decoded = decodeText(bytes)!
  const grid: Grid = parseCsv(decoded.text).map((cells, i) => ({ rowNumber: i + 1, cells }))
  const result = rowsFromGrid(grid)
  if ('problem' in result) return { ok: false, ...result }
  return { ok: true, kind: 'csv', encoding: decoded.encoding, ...result }
}
