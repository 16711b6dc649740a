// The booking lists as workbooks: the institution's record of its bookings (the lab manager's) and
// the enterprise's record for its books. Each takes the list page's own query (same tab or filter,
// same order, every page), headers and statuses in the reader's language, amounts in yuan as
// numbers in formatted cells, times as Asia/Shanghai date cells. No totals row: the pages have none,
// and a sum over requested, cancelled and settled bookings would mean nothing.
import {
  filterDataRows,
  listWorkbook,
  shanghaiDateTimeCell,
  type ListColumn,
  yuanCell,
} from '~/features/export/list-sheet.server'
import { localName } from '~/features/instruments/instrument-badges'
import type { Workbook } from 'exceljs'
import type { Locale } from '~/i18n/config'
import { getFixedT } from '~/i18n/i18n'
import type { bookingsZhCN } from '~/i18n/ns/bookings'
import type { staffBookingsZhCN } from '~/i18n/ns/staff-bookings'
import type { Db, Tx } from '~/infra/db.server'
import { listEnterpriseBookings } from './enterprise-queries.server'
import type { ListParams } from './enterprise-schemas'
import { bookingExportRows, type BookingExportRow } from './export-queries.server'
import { listInstitutionBookings } from './staff-queries.server'
import type { StaffListParams } from './staff-schemas'

/** The most bookings one export carries (years of one institution's bookings are far below). */
export const MAX_EXPORT_BOOKINGS = 20_000

const MONEY = '#,##0.00'
const DATE_TIME = 'yyyy-mm-dd hh:mm'

export type ExportResult = { buffer: Buffer; count: number; truncated: boolean }

function yuan(fen: bigint | null): number | null {
  return fen === null ? null : yuanCell(fen)
}

function time(at: Date | null): Date | null {
  return at === null ? null : shanghaiDateTimeCell(at)
}

/** Slot start and end (hourly bookings), quantity and unit: the same four cells in both workbooks. */
function bookedWhat(r: BookingExportRow, locale: Locale): [Date | null, Date | null, number, string] {
  const unit = getFixedT(locale, 'bookings')(`unit.${r.unit}`)
  return [time(r.startsAt), time(r.endsAt), r.quantity, unit]
}

async function finished(workbook: Workbook, count: number, total: number): Promise<ExportResult> {
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), count, truncated: total > count }
}

// ---------------------------------------------------------------------------------------------
// The institution's bookings (/institution/bookings/export.xlsx).

export function institutionBookingColumns(locale: Locale): ListColumn[] {
  const t = getFixedT(locale, 'staffBookings')
  const c = (key: keyof (typeof staffBookingsZhCN)['export']['columns']) => t(`export.columns.${key}`)
  return [
    { header: c('bookingNo'), width: 11 },
    { header: c('requestedAt'), width: 17, numFmt: DATE_TIME },
    { header: c('instrument'), width: 26 },
    { header: c('serviceItem'), width: 22 },
    { header: c('enterprise'), width: 28 },
    { header: c('startsAt'), width: 17, numFmt: DATE_TIME },
    { header: c('endsAt'), width: 17, numFmt: DATE_TIME },
    { header: c('quantity'), width: 8, numFmt: '0' },
    { header: c('unit'), width: 8 },
    { header: c('status'), width: 12 },
    { header: c('fee'), width: 14, numFmt: MONEY },
    { header: c('share'), width: 14, numFmt: MONEY },
    { header: c('copay'), width: 14, numFmt: MONEY },
    { header: c('finalFee'), width: 14, numFmt: MONEY },
    { header: c('finalShare'), width: 14, numFmt: MONEY },
    { header: c('finalCopay'), width: 14, numFmt: MONEY },
    { header: c('reportNo'), width: 20 },
    { header: c('invoiceNo'), width: 22 },
    { header: c('voucherSerial'), width: 16 },
  ]
}

export async function exportInstitutionBookingsXlsx(
  db: Db | Tx,
  institutionId: string,
  params: StaffListParams,
  locale: Locale,
): Promise<ExportResult> {
  const list = await listInstitutionBookings(db, institutionId, {
    ...params,
    page: 1,
    pageSize: MAX_EXPORT_BOOKINGS,
  })
  const rows = await bookingExportRows(
    db,
    { institutionId },
    list.rows.map((r) => r.id),
  )
  const t = getFixedT(locale, 'staffBookings')
  const columns = institutionBookingColumns(locale)
  const { workbook, sheet } = listWorkbook(t('export.sheet'), columns)
  for (const r of rows) {
    sheet.addRow([
      r.id.slice(0, 8),
      shanghaiDateTimeCell(r.createdAt),
      localName(locale, r.instrument.name, r.instrument.nameEn),
      localName(locale, r.serviceItem.name, r.serviceItem.nameEn),
      r.enterprise.name,
      ...bookedWhat(r, locale),
      t(`status.${r.status}`, { defaultValue: r.status }),
      yuanCell(r.feeFen),
      yuanCell(r.voucherShareFen),
      yuanCell(r.copayFen),
      yuan(r.finalFeeFen),
      yuan(r.finalVoucherShareFen),
      yuan(r.finalCopayFen),
      r.reportNo,
      r.invoiceNo,
      r.voucher?.serial ?? null,
    ])
  }
  filterDataRows(sheet, rows.length, columns.length)
  return finished(workbook, rows.length, list.total)
}

// ---------------------------------------------------------------------------------------------
// The enterprise's bookings (/enterprise/bookings/export.xlsx).

export function enterpriseBookingColumns(locale: Locale): ListColumn[] {
  const t = getFixedT(locale, 'bookings')
  const c = (key: keyof (typeof bookingsZhCN)['export']['columns']) => t(`export.columns.${key}`)
  return [
    { header: c('bookedAt'), width: 17, numFmt: DATE_TIME },
    { header: c('instrument'), width: 26 },
    { header: c('serviceItem'), width: 22 },
    { header: c('institution'), width: 28 },
    { header: c('startsAt'), width: 17, numFmt: DATE_TIME },
    { header: c('endsAt'), width: 17, numFmt: DATE_TIME },
    { header: c('quantity'), width: 8, numFmt: '0' },
    { header: c('unit'), width: 8 },
    { header: c('status'), width: 14 },
    { header: c('fee'), width: 14, numFmt: MONEY },
    { header: c('share'), width: 14, numFmt: MONEY },
    { header: c('copay'), width: 14, numFmt: MONEY },
    { header: c('copayPaid'), width: 14, numFmt: MONEY },
    { header: c('refunded'), width: 14, numFmt: MONEY },
    { header: c('finalFee'), width: 14, numFmt: MONEY },
    { header: c('finalShare'), width: 14, numFmt: MONEY },
    { header: c('finalCopay'), width: 14, numFmt: MONEY },
    { header: c('voucherSerial'), width: 16 },
    { header: c('reportNo'), width: 20 },
    { header: c('invoiceNo'), width: 22 },
  ]
}

/** The status in the enterprise's words, as its list shows it: an approved booking with a co-payment to make is "to pay". */
function enterpriseStatus(r: BookingExportRow, locale: Locale): string {
  const t = getFixedT(locale, 'bookings')
  if (r.status === 'approved' && r.copayFen > 0n) return t('status.approvedToPay')
  return t(`status.${r.status}`, { defaultValue: r.status })
}

export async function exportEnterpriseBookingsXlsx(
  db: Db | Tx,
  enterpriseId: string,
  params: ListParams,
  locale: Locale,
): Promise<ExportResult> {
  const list = await listEnterpriseBookings(db, enterpriseId, { ...params, page: 1, pageSize: MAX_EXPORT_BOOKINGS })
  const rows = await bookingExportRows(
    db,
    { enterpriseId },
    list.rows.map((r) => r.id),
  )
  const t = getFixedT(locale, 'bookings')
  const columns = enterpriseBookingColumns(locale)
  const { workbook, sheet } = listWorkbook(t('export.sheet'), columns)
  for (const r of rows) {
    // What the enterprise paid itself: a succeeded co-payment; refunds (a lower final fee, a
    // cancellation) in their own column, so paid − refunded is what it is out of pocket.
    const paid = r.payment?.status === 'succeeded' ? r.payment.amountFen : null
    const refunded = r.payment && r.payment.refundedFen > 0n ? r.payment.refundedFen : null
    sheet.addRow([
      shanghaiDateTimeCell(r.createdAt),
      localName(locale, r.instrument.name, r.instrument.nameEn),
      localName(locale, r.serviceItem.name, r.serviceItem.nameEn),
      localName(locale, r.instrument.institution.name, r.instrument.institution.nameEn),
      ...bookedWhat(r, locale),
      enterpriseStatus(r, locale),
      yuanCell(r.feeFen),
      yuanCell(r.voucherShareFen),
      yuanCell(r.copayFen),
      yuan(paid),
      yuan(refunded),
      yuan(r.finalFeeFen),
      yuan(r.finalVoucherShareFen),
      yuan(r.finalCopayFen),
      r.voucher?.serial ?? null,
      r.reportNo,
      r.invoiceNo,
    ])
  }
  filterDataRows(sheet, rows.length, columns.length)
  return finished(workbook, rows.length, list.total)
}
