import ExcelJS from 'exceljs'
import { fenToYuanText } from '~/features/money/money'

// The one layout every list export shares (the catalogue, the bureau's vouchers, the redemption
// claims): a workbook by the platform, one sheet with the header row frozen, typed columns (widths,
// number and date formats) and a bold, shaded header kept as text.

export type ListColumn = { header: string; width: number; numFmt?: string }

export function listWorkbook(
  sheetName: string,
  columns: readonly ListColumn[],
  { freezeFirstColumn = false }: { freezeFirstColumn?: boolean } = {},
): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '达州市科技创新券与大型仪器共享平台'
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 1, ...(freezeFirstColumn ? { xSplit: 1 } : {}) }],
  })
  sheet.columns = columns.map((c, i) => ({
    key: String(i),
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }))
  const head = sheet.getRow(1)
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1)
    cell.value = c.header
    cell.font = { bold: true }
    cell.numFmt = '@'
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } }
  })
  return { workbook, sheet }
}

/**
 * Excel's filter buttons over the header and the data rows (not the totals row that may follow);
 * none on an empty list.
 */
export function filterDataRows(sheet: ExcelJS.Worksheet, dataRows: number, columns: number): void {
  if (dataRows > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: dataRows + 1, column: columns } }
}

/** A yuan amount as a spreadsheet number: the exact decimal text from integer fen, read once at the boundary. */
export function yuanCell(fen: bigint): number {
  return Number(fenToYuanText(fen))
}

// Spreadsheets have no time zone: a date cell holds the wall-clock time, so an instant is shifted
// to Asia/Shanghai (a fixed +08:00, no daylight saving) before it is written.
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** An instant as a date-time cell showing the Asia/Shanghai wall clock (numFmt 'yyyy-mm-dd hh:mm'). */
export function shanghaiDateTimeCell(at: Date): Date {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS)
}

/** The calendar day in Asia/Shanghai as a date cell (midnight UTC of that day; numFmt 'yyyy-mm-dd'). */
export function shanghaiDateCell(at: Date): Date {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS)
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
}

/**
 * An organisation's name as part of a download's file name: characters no file system accepts
 * (/ \ : * ? " < > | and control characters) become '-', runs of white space (tabs, line breaks) one space.
 */
export function fileNamePart(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '-')
    .trim()
    .slice(0, 80)
}
