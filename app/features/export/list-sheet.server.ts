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

/** A yuan amount as a spreadsheet number: the exact decimal text from integer fen, read once at the boundary. */
export function yuanCell(fen: bigint): number {
  return Number(fenToYuanText(fen))
}
