// Reads for the booking-list workbooks (institution and enterprise). Prisma only, no rules. Which
// bookings and in what order is the list pages' own query (listInstitutionBookings,
// listEnterpriseBookings); this reads the columns the pages do not show for those ids, with the
// owner in the query again, so a stray id of another organisation is simply not found.
import type { Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'

const EXPORT_SELECT = {
  id: true,
  status: true,
  createdAt: true,
  startsAt: true,
  endsAt: true,
  quantity: true,
  unit: true,
  feeFen: true,
  voucherShareFen: true,
  copayFen: true,
  finalFeeFen: true,
  finalVoucherShareFen: true,
  finalCopayFen: true,
  reportNo: true,
  invoiceNo: true,
  instrument: {
    select: { name: true, nameEn: true, institution: { select: { name: true, nameEn: true } } },
  },
  serviceItem: { select: { name: true, nameEn: true } },
  enterprise: { select: { name: true } },
  voucher: { select: { serial: true } },
  payment: { select: { amountFen: true, status: true, refundedFen: true } },
} satisfies Prisma.BookingSelect

export type BookingExportRow = Prisma.BookingGetPayload<{ select: typeof EXPORT_SELECT }>

export type BookingOwner = { institutionId: string } | { enterpriseId: string }

/** The bookings `ids` that belong to `owner`, in the order of `ids` (the list page's order). */
export async function bookingExportRows(db: Db | Tx, owner: BookingOwner, ids: string[]): Promise<BookingExportRow[]> {
  if (ids.length === 0) return []
  const own: Prisma.BookingWhereInput =
    'institutionId' in owner
      ? { instrument: { institutionId: owner.institutionId } }
      : { enterpriseId: owner.enterpriseId }
  const rows = await db.booking.findMany({ where: { ...own, id: { in: ids } }, select: EXPORT_SELECT })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}
