// Reads for the enterprise's booking pages. Prisma only, no rules. The enterprise's id is part of
// every query (indie-stack's habit): another enterprise's booking is simply not found. Money leaves
// as fen strings, dates as ISO strings (JSON has neither bigint nor Date).
import type { Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import { FILTER_STATUSES, LIST_FILTERS, type ListFilter, type ListParams } from './enterprise-schemas'
import { getBookingDetail, type BookingDetail } from './staff-queries.server'
import type { BookingState } from './transitions'

const LIST_SELECT = {
  id: true,
  status: true,
  createdAt: true,
  startsAt: true,
  endsAt: true,
  quantity: true,
  unit: true,
  wantedBy: true,
  feeFen: true,
  voucherShareFen: true,
  copayFen: true,
  finalFeeFen: true,
  finalVoucherShareFen: true,
  finalCopayFen: true,
  proposedStartsAt: true,
  instrument: {
    select: { id: true, name: true, nameEn: true, institution: { select: { id: true, name: true, nameEn: true } } },
  },
  serviceItem: { select: { name: true, nameEn: true } },
  voucher: { select: { serial: true } },
} satisfies Prisma.BookingSelect

type ListRow = Prisma.BookingGetPayload<{ select: typeof LIST_SELECT }>

function rowData(r: ListRow) {
  const final = r.finalFeeFen !== null
  return {
    id: r.id,
    status: r.status as BookingState,
    createdAt: r.createdAt.toISOString(),
    startsAt: r.startsAt?.toISOString() ?? null,
    endsAt: r.endsAt?.toISOString() ?? null,
    quantity: r.quantity,
    unit: r.unit,
    wantedBy: r.wantedBy ? r.wantedBy.toISOString().slice(0, 10) : null,
    // After delivery the final figures are what counts (DOMAIN: a lower final fee releases part of the hold).
    feeFen: (final ? r.finalFeeFen! : r.feeFen).toString(),
    voucherShareFen: (final ? r.finalVoucherShareFen! : r.voucherShareFen).toString(),
    copayFen: (final ? r.finalCopayFen! : r.copayFen).toString(),
    hasProposal: r.proposedStartsAt !== null,
    instrument: { id: r.instrument.id, name: r.instrument.name, nameEn: r.instrument.nameEn },
    institution: r.instrument.institution,
    serviceItem: r.serviceItem,
    voucherSerial: r.voucher?.serial ?? null,
  }
}

export type EnterpriseBookingRow = ReturnType<typeof rowData>

export async function listEnterpriseBookings(db: Db | Tx, enterpriseId: string, params: ListParams) {
  const own = { enterpriseId } satisfies Prisma.BookingWhereInput
  const where: Prisma.BookingWhereInput =
    params.status === 'all' ? own : { ...own, status: { in: [...FILTER_STATUSES[params.status]] } }
  const orderBy: Prisma.BookingOrderByWithRelationInput[] =
    params.sort === 'service'
      ? [
          { startsAt: { sort: params.dir, nulls: 'last' } },
          { wantedBy: { sort: params.dir, nulls: 'last' } },
          { createdAt: params.dir },
          { id: params.dir },
        ]
      : [{ createdAt: params.dir }, { id: params.dir }]
  const [rows, total, byStatus] = await Promise.all([
    db.booking.findMany({
      where,
      orderBy,
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
      select: LIST_SELECT,
    }),
    db.booking.count({ where }),
    db.booking.groupBy({ by: ['status'], where: own, _count: { _all: true }, orderBy: { status: 'asc' } }),
  ])
  const counts = Object.fromEntries(LIST_FILTERS.map((f) => [f, 0])) as Record<ListFilter, number>
  for (const g of byStatus) {
    counts.all += g._count._all
    for (const [filter, statuses] of Object.entries(FILTER_STATUSES) as [Exclude<ListFilter, 'all'>, BookingState[]][])
      if (statuses.includes(g.status as BookingState)) counts[filter] += g._count._all
  }
  return { rows: rows.map(rowData), total, counts }
}

/** One booking of the enterprise with everything its page shows, or null (another enterprise's is not found). */
export async function getEnterpriseBooking(
  db: Db | Tx,
  enterpriseId: string,
  bookingId: string,
): Promise<BookingDetail | null> {
  const own = await db.booking.findFirst({ where: { id: bookingId, enterpriseId }, select: { id: true } })
  return own ? getBookingDetail(db, own.id) : null
}
