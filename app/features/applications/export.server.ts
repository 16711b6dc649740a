// The bureau's application queue as a workbook: the queue's own query (the officer's reach, the same
// status, programme and search filters, the same order, every page), headers, statuses and review
// decisions in the reader's language, amounts in yuan as numbers in formatted cells, times as
// Asia/Shanghai date cells, and the queue's totals row (count and amount asked).
import {
  filterDataRows,
  listWorkbook,
  shanghaiDateTimeCell,
  type ListColumn,
  yuanCell,
} from '~/features/export/list-sheet.server'
import type { Locale } from '~/i18n/config'
import { getFixedT } from '~/i18n/i18n'
import type { applicationsZhCN } from '~/i18n/ns/applications'
import type { Db } from '~/infra/db.server'
import { applicationReviewFacts, listApplicationsForReview, type ApplicationListFilters } from './queries.server'
import { hasCountyStep } from './rules'

/** The most applications one export carries (a year of Dazhou's programme is far below). */
export const MAX_EXPORT_APPLICATIONS = 20_000

const MONEY = '#,##0.00'
const DATE_TIME = 'yyyy-mm-dd hh:mm'

type Reach = Parameters<typeof listApplicationsForReview>[1]

export function applicationColumns(locale: Locale): ListColumn[] {
  const t = getFixedT(locale, 'applications')
  const c = (key: keyof (typeof applicationsZhCN)['export']['columns']) => t(`export.columns.${key}`)
  return [
    { header: c('submittedAt'), width: 17, numFmt: DATE_TIME },
    { header: c('enterprise'), width: 28 },
    { header: c('uscc'), width: 22 },
    { header: c('region'), width: 10 },
    { header: c('programme'), width: 30 },
    { header: c('amount'), width: 14, numFmt: MONEY },
    { header: c('purpose'), width: 36 },
    { header: c('status'), width: 14 },
    { header: c('countyReviewer'), width: 12 },
    { header: c('countyDecision'), width: 12 },
    { header: c('countyReviewedAt'), width: 17, numFmt: DATE_TIME },
    { header: c('cityReviewer'), width: 12 },
    { header: c('cityDecision'), width: 12 },
    { header: c('cityReviewedAt'), width: 17, numFmt: DATE_TIME },
    { header: c('voucherSerial'), width: 16 },
  ]
}

export async function exportApplicationsXlsx(
  db: Db,
  reach: Reach,
  params: ApplicationListFilters,
  locale: Locale,
): Promise<{ buffer: Buffer; count: number; truncated: boolean }> {
  const list = await listApplicationsForReview(db, reach, { ...params, page: 1, pageSize: MAX_EXPORT_APPLICATIONS })
  const facts = await applicationReviewFacts(
    db,
    list.rows.map((r) => r.id),
  )
  const t = getFixedT(locale, 'applications')
  const decision = (d: string | null) => (d ? t(`decision.${d}`, { defaultValue: d }) : null)
  const time = (at: Date | null) => (at ? shanghaiDateTimeCell(at) : null)
  const columns = applicationColumns(locale)
  const { workbook, sheet } = listWorkbook(t('export.sheet'), columns)
  for (const r of list.rows) {
    const f = facts.get(r.id)
    // The status as the queue shows it: a submitted application with no county step already waits for the city.
    const countyStep = hasCountyStep({ level: r.region_level, isPartner: r.region_is_partner })
    const status =
      r.status === 'submitted' && !countyStep
        ? t('status.submittedCity')
        : t(`status.${r.status}`, { defaultValue: r.status })
    sheet.addRow([
      shanghaiDateTimeCell(r.created_at),
      r.enterprise_name,
      f?.uscc ?? null,
      locale === 'en' ? r.region_name_en : r.region_name,
      r.programme_name,
      yuanCell(r.amount_fen),
      r.purpose,
      status,
      f?.county_reviewer ?? null,
      decision(f?.county_decision ?? null),
      time(f?.county_reviewed_at ?? null),
      f?.city_reviewer ?? null,
      decision(f?.city_decision ?? null),
      time(f?.city_reviewed_at ?? null),
      r.voucher_serial,
    ])
  }
  filterDataRows(sheet, list.rows.length, columns.length)
  // The totals of the whole filtered queue (the page's "共 N 份，合计 …"), after the data.
  const totals = sheet.addRow([
    t('export.totals', { count: list.total }),
    null,
    null,
    null,
    null,
    yuanCell(list.totalAmountFen),
  ])
  totals.font = { bold: true }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
  return { buffer, count: list.rows.length, truncated: list.total > list.rows.length }
}
