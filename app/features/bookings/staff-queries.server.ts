// Reads for the institution staff's booking pages and the bureau's evidence pages. Prisma only, no
// rules. The institution's id is part of every staff query (indie-stack's habit): another
// institution's booking is simply not found. Money leaves as fen strings, dates as ISO strings
// (JSON has neither bigint nor Date); the pages format them.
import type { Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import { STAFF_TABS, TAB_STATUSES, type StaffListParams, type StaffTab } from './staff-schemas'
import type { BookingState } from './transitions'

const fen = (v: bigint | null) => (v === null ? null : v.toString())
const iso = (v: Date | null) => (v === null ? null : v.toISOString())

// ---------------------------------------------------------------------------------------------
// The staff's list.

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
  decideBy: true,
  proposedStartsAt: true,
  instrument: { select: { id: true, name: true, nameEn: true } },
  serviceItem: { select: { name: true, nameEn: true } },
  enterprise: { select: { id: true, name: true } },
  voucher: { select: { serial: true } },
  flags: { select: { kind: true, status: true }, orderBy: { raisedAt: 'asc' } },
} satisfies Prisma.BookingSelect

type ListRow = Prisma.BookingGetPayload<{ select: typeof LIST_SELECT }>

export type StaffBookingRow = ReturnType<typeof listRowData>

function listRowData(r: ListRow) {
  return {
    id: r.id,
    status: r.status as BookingState,
    createdAt: r.createdAt.toISOString(),
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    quantity: r.quantity,
    unit: r.unit,
    wantedBy: r.wantedBy ? r.wantedBy.toISOString().slice(0, 10) : null,
    feeFen: r.feeFen.toString(),
    voucherShareFen: r.voucherShareFen.toString(),
    copayFen: r.copayFen.toString(),
    finalFeeFen: fen(r.finalFeeFen),
    decideBy: iso(r.decideBy),
    hasProposal: r.proposedStartsAt !== null,
    instrument: r.instrument,
    serviceItem: r.serviceItem,
    enterprise: r.enterprise,
    voucherSerial: r.voucher?.serial ?? null,
    flags: r.flags,
  }
}

export async function listInstitutionBookings(db: Db | Tx, institutionId: string, params: StaffListParams) {
  const own = { instrument: { institutionId } } satisfies Prisma.BookingWhereInput
  const where: Prisma.BookingWhereInput =
    params.tab === 'all' ? own : { ...own, status: { in: [...TAB_STATUSES[params.tab]] } }
  const [rows, total, byStatus] = await Promise.all([
    db.booking.findMany({
      where,
      orderBy: [{ createdAt: params.dir }, { id: params.dir }],
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
      select: LIST_SELECT,
    }),
    db.booking.count({ where }),
    db.booking.groupBy({ by: ['status'], where: own, _count: { _all: true }, orderBy: { status: 'asc' } }),
  ])
  const counts = Object.fromEntries(STAFF_TABS.map((t) => [t, 0])) as Record<StaffTab, number>
  for (const g of byStatus) {
    counts.all += g._count._all
    for (const [tab, statuses] of Object.entries(TAB_STATUSES) as [Exclude<StaffTab, 'all'>, BookingState[]][]) {
      if (statuses.includes(g.status as BookingState)) counts[tab] += g._count._all
    }
  }
  return { rows: rows.map(listRowData), total, counts }
}

// ---------------------------------------------------------------------------------------------
// One booking with everything a page shows about it.

const DETAIL_SELECT = {
  id: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  startsAt: true,
  endsAt: true,
  quantity: true,
  unit: true,
  unitFeeFen: true,
  feeFen: true,
  shareBp: true,
  voucherShareFen: true,
  copayFen: true,
  purpose: true,
  wantedBy: true,
  decideBy: true,
  payBy: true,
  confirmBy: true,
  decidedAt: true,
  rejectReason: true,
  proposedStartsAt: true,
  proposedEndsAt: true,
  proposalNote: true,
  cancelledAt: true,
  cancelledBySide: true,
  cancelReason: true,
  cancellationFeeFen: true,
  actualStartsAt: true,
  actualEndsAt: true,
  actualQuantity: true,
  finalFeeFen: true,
  finalVoucherShareFen: true,
  finalCopayFen: true,
  reportNo: true,
  reportFile: true,
  invoiceNo: true,
  invoiceFile: true,
  deliveredAt: true,
  confirmedAt: true,
  disputedAt: true,
  disputeReason: true,
  requestedById: true,
  instrument: {
    select: {
      id: true,
      name: true,
      nameEn: true,
      model: true,
      lab: true,
      address: true,
      cancelFreeHours: true,
      cancelFeeBp: true,
      institution: { select: { id: true, name: true, nameEn: true, regionId: true } },
    },
  },
  serviceItem: { select: { id: true, name: true, nameEn: true } },
  enterprise: {
    select: {
      id: true,
      name: true,
      uscc: true,
      contactName: true,
      contactPhone: true,
      region: { select: { id: true, name: true, nameEn: true } },
    },
  },
  voucher: {
    select: {
      id: true,
      serial: true,
      status: true,
      expiresAt: true,
      programme: { select: { id: true, name: true, shareBp: true, regionId: true } },
    },
  },
  payment: {
    select: {
      amountFen: true,
      status: true,
      intentId: true,
      refundedFen: true,
      lastError: true,
      createdAt: true,
      updatedAt: true,
    },
  },
  flags: { select: { kind: true, status: true, detail: true, raisedAt: true }, orderBy: { raisedAt: 'asc' } },
  claim: {
    select: { id: true, status: true, amountFen: true, period: true, claimedAt: true, issuingRegionId: true },
  },
} satisfies Prisma.BookingSelect

type DetailRow = Prisma.BookingGetPayload<{ select: typeof DETAIL_SELECT }>

export type BookingHistoryEntry = {
  id: string
  transition: string
  fromStatus: BookingState
  toStatus: BookingState
  actorKind: string
  actorName: string | null
  reason: string | null
  at: string
}

async function historyOf(db: Db | Tx, bookingId: string): Promise<BookingHistoryEntry[]> {
  const events = await db.bookingEvent.findMany({
    where: { bookingId },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      transition: true,
      fromStatus: true,
      toStatus: true,
      actorKind: true,
      actorUserId: true,
      reason: true,
      at: true,
    },
  })
  const userIds = [...new Set(events.map((e) => e.actorUserId).filter((v): v is string => v !== null))]
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : []
  const names = new Map(users.map((u) => [u.id, u.name]))
  return events.map((e) => ({
    id: e.id.toString(),
    transition: e.transition,
    fromStatus: e.fromStatus as BookingState,
    toStatus: e.toStatus as BookingState,
    actorKind: e.actorKind,
    actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
    reason: e.reason,
    at: e.at.toISOString(),
  }))
}

async function detailData(db: Db | Tx, b: DetailRow) {
  const [history, requester] = await Promise.all([
    historyOf(db, b.id),
    b.requestedById
      ? db.user.findUnique({ where: { id: b.requestedById }, select: { name: true, email: true, phone: true } })
      : Promise.resolve(null),
  ])
  return {
    id: b.id,
    status: b.status as BookingState,
    createdAt: b.createdAt.toISOString(),
    startsAt: iso(b.startsAt),
    endsAt: iso(b.endsAt),
    quantity: b.quantity,
    unit: b.unit,
    unitFeeFen: String(b.unitFeeFen),
    feeFen: b.feeFen.toString(),
    shareBp: b.shareBp,
    voucherShareFen: b.voucherShareFen.toString(),
    copayFen: b.copayFen.toString(),
    purpose: b.purpose,
    wantedBy: b.wantedBy ? b.wantedBy.toISOString().slice(0, 10) : null,
    decideBy: iso(b.decideBy),
    payBy: iso(b.payBy),
    confirmBy: iso(b.confirmBy),
    decidedAt: iso(b.decidedAt),
    rejectReason: b.rejectReason,
    proposal:
      b.proposedStartsAt && b.proposedEndsAt
        ? { startsAt: b.proposedStartsAt.toISOString(), endsAt: b.proposedEndsAt.toISOString(), note: b.proposalNote }
        : null,
    cancellation: b.cancelledAt
      ? {
          at: b.cancelledAt.toISOString(),
          side: b.cancelledBySide,
          reason: b.cancelReason,
          feeFen: fen(b.cancellationFeeFen),
        }
      : null,
    delivery: b.deliveredAt
      ? {
          at: b.deliveredAt.toISOString(),
          actualStartsAt: iso(b.actualStartsAt),
          actualEndsAt: iso(b.actualEndsAt),
          actualQuantity: b.actualQuantity,
          finalFeeFen: fen(b.finalFeeFen),
          finalVoucherShareFen: fen(b.finalVoucherShareFen),
          finalCopayFen: fen(b.finalCopayFen),
          reportNo: b.reportNo,
          hasReportFile: b.reportFile !== null,
          invoiceNo: b.invoiceNo,
          hasInvoiceFile: b.invoiceFile !== null,
        }
      : null,
    confirmedAt: iso(b.confirmedAt),
    dispute: b.disputedAt ? { at: b.disputedAt.toISOString(), reason: b.disputeReason } : null,
    instrument: {
      id: b.instrument.id,
      name: b.instrument.name,
      nameEn: b.instrument.nameEn,
      model: b.instrument.model,
      lab: b.instrument.lab,
      address: b.instrument.address,
      cancelFreeHours: b.instrument.cancelFreeHours,
      cancelFeeBp: b.instrument.cancelFeeBp,
    },
    institution: b.instrument.institution,
    serviceItem: b.serviceItem,
    enterprise: b.enterprise,
    requester,
    voucher: b.voucher
      ? {
          id: b.voucher.id,
          serial: b.voucher.serial,
          status: b.voucher.status,
          expiresAt: b.voucher.expiresAt.toISOString(),
          programme: b.voucher.programme,
        }
      : null,
    payment: b.payment
      ? {
          amountFen: b.payment.amountFen.toString(),
          status: b.payment.status,
          intentId: b.payment.intentId,
          refundedFen: b.payment.refundedFen.toString(),
          lastError: b.payment.lastError,
          createdAt: b.payment.createdAt.toISOString(),
          updatedAt: b.payment.updatedAt.toISOString(),
        }
      : null,
    flags: b.flags.map((f) => ({ kind: f.kind, status: f.status, raisedAt: f.raisedAt.toISOString() })),
    claim: b.claim
      ? {
          id: b.claim.id,
          status: b.claim.status,
          amountFen: b.claim.amountFen.toString(),
          period: b.claim.period.toISOString().slice(0, 7),
          claimedAt: b.claim.claimedAt.toISOString(),
        }
      : null,
    history,
  }
}

export type BookingDetail = Awaited<ReturnType<typeof detailData>>

/** One booking of the institution, or null (another institution's booking is not found). */
export async function getInstitutionBooking(
  db: Db | Tx,
  institutionId: string,
  bookingId: string,
): Promise<BookingDetail | null> {
  const booking = await db.booking.findFirst({
    where: { id: bookingId, instrument: { institutionId } },
    select: DETAIL_SELECT,
  })
  return booking ? detailData(db, booking) : null
}

/** One booking whatever it belongs to: for callers that have already put the reach into their own query. */
export async function getBookingDetail(db: Db | Tx, bookingId: string): Promise<BookingDetail | null> {
  const booking = await db.booking.findUnique({ where: { id: bookingId }, select: DETAIL_SELECT })
  return booking ? detailData(db, booking) : null
}

/** Many bookings' details at once (the disputes page), in the order of `ids`. */
export async function getBookingDetails(db: Db | Tx, ids: string[]): Promise<BookingDetail[]> {
  if (ids.length === 0) return []
  const rows = await db.booking.findMany({ where: { id: { in: ids } }, select: DETAIL_SELECT })
  const byId = new Map(rows.map((r) => [r.id, r]))
  const out: BookingDetail[] = []
  for (const id of ids) {
    const row = byId.get(id)
    if (row) out.push(await detailData(db, row))
  }
  return out
}

/** What the delivery form and the engine's refusals need to know about a booking of this institution. */
export async function getDeliveryFacts(db: Db | Tx, institutionId: string, bookingId: string) {
  return db.booking.findFirst({
    where: { id: bookingId, instrument: { institutionId } },
    select: { id: true, status: true, feeFen: true, startsAt: true, endsAt: true, unit: true, instrumentId: true },
  })
}
