// The bureau's redemption claims (what its filters select, in the page's order) as an XLSX with
// Chinese headers, amounts in yuan as numbers in formatted cells, and a totals row — the list the
// finance office works from until settlement batches exist.
import { getFixedT } from '~/i18n/i18n'
import type { Db, Tx } from '~/infra/db.server'
import { listClaims } from './claim-queries.server'
import type { ClaimListParams } from './claim-schemas'
import type { OfficerReach } from './officer-reach'
import {
  filterDataRows,
  listWorkbook,
  shanghaiDateTimeCell,
  type ListColumn,
  yuanCell,
} from '~/features/export/list-sheet.server'

/** The most claims one export carries (a year of Dazhou's programme is far below). */
export const MAX_EXPORT_CLAIMS = 20_000

export const CLAIM_EXPORT_COLUMNS: ListColumn[] = [
  { header: '结算月份', width: 10 },
  { header: '服务机构', width: 28 },
  { header: '企业名称', width: 28 },
  { header: '统一社会信用代码', width: 22 },
  { header: '仪器', width: 24 },
  { header: '预约编号', width: 38 },
  { header: '创新券券号', width: 16 },
  { header: '发券地区', width: 10 },
  { header: '服务费用（元）', width: 14, numFmt: '#,##0.00' },
  { header: '兑付金额（元）', width: 14, numFmt: '#,##0.00' },
  { header: '企业自付（元）', width: 14, numFmt: '#,##0.00' },
  { header: '检测报告编号', width: 20 },
  { header: '发票号码', width: 22 },
  { header: '状态', width: 8 },
  { header: '申请兑付时间', width: 18, numFmt: 'yyyy-mm-dd hh:mm' },
  { header: '审计标记', width: 24 },
]

function yuan(fen: bigint | null): number | null {
  return fen === null ? null : yuanCell(fen)
}

export async function exportClaimsXlsx(
  db: Db | Tx,
  reach: OfficerReach,
  params: ClaimListParams,
): Promise<{ buffer: Buffer; count: number; truncated: boolean }> {
  const { rows, total } = await listClaims(db, reach, { ...params, page: 1, pageSize: MAX_EXPORT_CLAIMS })
  const t = getFixedT('zh-CN', 'staffBookings')
  const { workbook, sheet } = listWorkbook('兑付申请', CLAIM_EXPORT_COLUMNS)
  for (const r of rows) {
    sheet.addRow([
      r.period,
      r.institution.name,
      r.enterprise.name,
      r.enterprise.uscc,
      r.instrumentName,
      r.bookingId,
      r.voucherSerial,
      r.issuingRegion.name,
      yuan(r.finalFeeFen ?? r.feeFen),
      yuan(r.amountFen),
      yuan(r.finalCopayFen),
      r.reportNo ?? '',
      r.invoiceNo ?? '',
      t(`claims.status.${r.status}`, { defaultValue: r.status }),
      shanghaiDateTimeCell(r.claimedAt),
      r.flags.map((f) => t(`flags.${f}`, { defaultValue: f })).join('、'),
    ])
  }
  filterDataRows(sheet, rows.length, CLAIM_EXPORT_COLUMNS.length)
  const totalRow = sheet.addRow([
    `合计（${total.count} 笔）`,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    yuan(total.amountFen),
  ])
  totalRow.font = { bold: true }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
  return { buffer, count: rows.length, truncated: total.count > rows.length }
}
