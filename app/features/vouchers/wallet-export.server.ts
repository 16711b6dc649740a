// The bureau's voucher list (the part its filters select, in its sort order) as an XLSX with
// Chinese headers, amounts in yuan as numbers in formatted cells, and a totals row.
import type { Db, Tx } from '~/infra/db.server'
import type { Reach } from '~/infra/permissions'
import { voucherFigures } from './wallet'
import { listVouchersForBureau } from './wallet-queries.server'
import type { VoucherListParams } from './wallet-schemas'
import {
  filterDataRows,
  listWorkbook,
  shanghaiDateCell,
  type ListColumn,
  yuanCell,
} from '~/features/export/list-sheet.server'

/** The most vouchers one export carries (a year of Dazhou's programme is far below). */
export const MAX_EXPORT_VOUCHERS = 20_000

const STATUS_LABEL: Record<string, string> = { active: '有效', expired: '已过期', revoked: '已撤销' }

export const VOUCHER_EXPORT_COLUMNS: ListColumn[] = [
  { header: '券号', width: 16 },
  { header: '企业名称', width: 28 },
  { header: '统一社会信用代码', width: 22 },
  { header: '所在区县', width: 12 },
  { header: '创新券计划', width: 30 },
  { header: '面额（元）', width: 14, numFmt: '#,##0.00' },
  { header: '可用（元）', width: 14, numFmt: '#,##0.00' },
  { header: '冻结（元）', width: 14, numFmt: '#,##0.00' },
  { header: '已使用（元）', width: 14, numFmt: '#,##0.00' },
  { header: '已退回（元）', width: 14, numFmt: '#,##0.00' },
  { header: '状态', width: 8 },
  { header: '发券日期', width: 12, numFmt: 'yyyy-mm-dd' },
  { header: '有效期至', width: 12, numFmt: 'yyyy-mm-dd' },
  { header: '兑付截止', width: 12, numFmt: 'yyyy-mm-dd' },
]

export async function exportVouchersXlsx(
  db: Db | Tx,
  reach: Reach,
  params: VoucherListParams,
): Promise<{ buffer: Buffer; count: number; truncated: boolean }> {
  const { rows, totals } = await listVouchersForBureau(db, reach, {
    ...params,
    page: 1,
    pageSize: MAX_EXPORT_VOUCHERS,
  })
  const { workbook, sheet } = listWorkbook('创新券', VOUCHER_EXPORT_COLUMNS, { freezeFirstColumn: true })
  for (const r of rows) {
    const f = voucherFigures(r.sums)
    sheet.addRow([
      r.serial,
      r.enterprise.name,
      r.enterprise.uscc,
      r.region.name,
      r.programme.name,
      yuanCell(f.faceFen),
      yuanCell(f.availableFen),
      yuanCell(f.heldFen),
      yuanCell(f.usedFen),
      yuanCell(f.returnedFen),
      STATUS_LABEL[r.status] ?? r.status,
      shanghaiDateCell(r.issuedAt),
      shanghaiDateCell(r.expiresAt),
      shanghaiDateCell(r.redeemBy),
    ])
  }
  filterDataRows(sheet, rows.length, VOUCHER_EXPORT_COLUMNS.length)
  // The totals of the whole filtered list (the same as the page's totals row), after the data.
  const total = sheet.addRow([
    `合计（${totals.count} 张）`,
    null,
    null,
    null,
    null,
    yuanCell(totals.faceFen),
    yuanCell(totals.availableFen),
    yuanCell(totals.heldFen),
    yuanCell(totals.usedFen),
    yuanCell(totals.returnedFen),
  ])
  total.font = { bold: true }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
  return { buffer, count: rows.length, truncated: totals.count > rows.length }
}
