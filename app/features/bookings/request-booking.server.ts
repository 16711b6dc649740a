import { randomUUID } from 'node:crypto'
import { appendAudit } from '~/features/audit/audit.server'
import { accountCode, TRANSFER_KIND } from '~/features/ledger/accounts'
import { availableBalance } from '~/features/ledger/ledger'
import { createTransfer, openAccount } from '~/features/ledger/ledger.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { enqueueOutbox } from '~/infra/outbox.server'
import { inTransaction, Refusal, refused, sqlStateOf, SQLSTATE, type Outcome } from '~/infra/tx.server'
import { quoteBooking } from './quote'
import { decideByFor, quantityProblem, timeRangeProblem } from './request-rules'

export type RequestBookingInput = {
  enterpriseId: string
  actorUserId: string | null
  serviceItemId: string
  voucherId?: string | null
  startsAt?: Date | null
  endsAt?: Date | null
  quantity: number
  /** Per enterprise: a retried submit with the same key returns the first booking. */
  idempotencyKey: string
  purpose?: string | null
}

export type RequestBookingReason =
  | 'slot-taken'
  | 'insufficient-voucher-balance'
  | 'voucher-not-usable'
  | 'instrument-not-bookable'
  | 'quantity-below-minimum'
  | 'invalid-time-range'

/**
 * Requests a booking (DESIGN "One request, end to end"), in one transaction: fee snapshot and
 * quote, the booking row (the exclusion constraint refuses an overlapping active booking), the
 * voucher share held as a pending transfer voucher → booking hold, outbox rows (notification and
 * the decide-by timer), an audit row in the enterprise's stream.
 */
export async function requestBooking(
  ctx: { db?: Db; now?: Date },
  input: RequestBookingInput,
): Promise<Outcome<{ bookingId: string; created: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const rangeProblem = timeRangeProblem(input, now)
  if (rangeProblem) return refused(rangeProblem, { startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null })
  try {
    return await inTransaction(db, (tx) => requestInTx(tx, now, input))
  } catch (error) {
    const state = sqlStateOf(error)
    if (state === SQLSTATE.exclusionViolation || state === SQLSTATE.uniqueViolation) {
      // A retry racing its original can lose on the exclusion constraint before it sees the
      // original's idempotency key: then it is a retry, not a clash.
      const first = await findByKey(db, input.enterpriseId, input.idempotencyKey)
      if (first) return { ok: true, value: { bookingId: first, created: false } }
    }
    if (state === SQLSTATE.exclusionViolation) {
      return refused('slot-taken', {
        serviceItemId: input.serviceItemId,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
      })
    }
    throw error
  }
}

async function findByKey(db: Db | Tx, enterpriseId: string, idempotencyKey: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM booking WHERE enterprise_id = ${enterpriseId}::uuid AND idempotency_key = ${idempotencyKey}`
  return rows[0]?.id ?? null
}

type ItemRow = {
  instrument_id: string
  institution_id: string
  institution_status: string
  sharing_status: string
  category_code: string
  parent_category_code: string | null
  unit: string
  fee_fen: number
  min_quantity: number
  is_active: boolean
}

type VoucherRow = {
  id: string
  enterprise_id: string
  status: string
  expires_at: Date
  account_id: bigint
  share_bp: number
  allowed_categories: string[]
}

async function requestInTx(
  tx: Tx,
  now: Date,
  input: RequestBookingInput,
): Promise<{ bookingId: string; created: boolean }> {
  const existing = await findByKey(tx, input.enterpriseId, input.idempotencyKey)
  if (existing) return { bookingId: existing, created: false }

  const items = await tx.$queryRaw<ItemRow[]>`
    SELECT i.id::text AS instrument_id, i.institution_id::text AS institution_id, inst.status::text AS institution_status,
           i.sharing_status::text AS sharing_status, i.category_code, c.parent_code AS parent_category_code,
           si.unit::text AS unit, si.fee_fen, si.min_quantity, si.is_active
      FROM service_item si
      JOIN instrument i ON i.id = si.instrument_id
      JOIN institution inst ON inst.id = i.institution_id
      JOIN instrument_category c ON c.code = i.category_code
     WHERE si.id = ${input.serviceItemId}::uuid`
  const item = items[0]
  if (!item) throw new Refusal('instrument-not-bookable', { serviceItemId: input.serviceItemId, problem: 'not-found' })
  // DOMAIN: only instruments open for sharing, of an institution not suspended, can be booked.
  if (
    !item.is_active ||
    item.sharing_status !== 'open' ||
    item.institution_status === 'suspended' ||
    item.institution_status === 'rejected'
  ) {
    throw new Refusal('instrument-not-bookable', {
      serviceItemId: input.serviceItemId,
      instrumentId: item.instrument_id,
      sharingStatus: item.sharing_status,
      serviceItemActive: item.is_active,
      institutionStatus: item.institution_status,
    })
  }
  const qProblem = quantityProblem(input.quantity, item.min_quantity)
  if (qProblem) throw new Refusal(qProblem, { quantity: input.quantity, minQuantity: item.min_quantity })

  let voucher: VoucherRow | null = null
  let available = 0n
  if (input.voucherId) {
    const vouchers = await tx.$queryRaw<VoucherRow[]>`
      SELECT v.id::text AS id, v.enterprise_id::text AS enterprise_id, v.status::text AS status, v.expires_at, v.account_id,
             p.share_bp, p.allowed_categories
        FROM voucher v JOIN programme p ON p.id = v.programme_id
       WHERE v.id = ${input.voucherId}::uuid`
    voucher = vouchers[0] ?? null
    const problem = !voucher
      ? 'not-found'
      : voucher.enterprise_id !== input.enterpriseId // DOMAIN: a voucher is bound to its enterprise
        ? 'wrong-enterprise'
        : voucher.status === 'revoked'
          ? 'revoked'
          : voucher.status !== 'active' || voucher.expires_at.getTime() <= now.getTime()
            ? 'expired'
            : voucher.allowed_categories.length > 0 &&
                !voucher.allowed_categories.includes(item.category_code) &&
                !(item.parent_category_code && voucher.allowed_categories.includes(item.parent_category_code))
              ? 'category-not-covered'
              : null
    if (problem || !voucher) throw new Refusal('voucher-not-usable', { voucherId: input.voucherId, problem })
    // Lock the voucher's account: holds on one voucher queue here, so the quote below sees the
    // balance the hold will be taken from (the conditional UPDATE in createTransfer stays the guard).
    const accounts = await tx.$queryRaw<
      { debits_pending: bigint; debits_posted: bigint; credits_pending: bigint; credits_posted: bigint }[]
    >`
      SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_account WHERE id = ${voucher.account_id} FOR UPDATE`
    const a = accounts[0]
    if (!a) throw new Error(`voucher ${voucher.id} has no ledger account ${voucher.account_id}`)
    available = availableBalance({
      debitsPending: a.debits_pending,
      debitsPosted: a.debits_posted,
      creditsPending: a.credits_pending,
      creditsPosted: a.credits_posted,
    })
    if (available <= 0n) throw new Refusal('insufficient-voucher-balance', { voucherId: voucher.id, available })
  }

  const quote = quoteBooking({
    unitFeeFen: item.fee_fen,
    quantity: input.quantity,
    shareBp: voucher?.share_bp ?? 0,
    voucherAvailableFen: available,
  })
  const bookingId = randomUUID()
  const decideBy = decideByFor(now)
  const startsAt = input.startsAt ?? null
  const endsAt = input.endsAt ?? null
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO booking (id, enterprise_id, instrument_id, service_item_id, voucher_id, requested_by_id, status,
                         during, starts_at, ends_at, quantity, unit, unit_fee_fen, fee_fen, share_bp, voucher_share_fen, copay_fen,
                         idempotency_key, purpose, decide_by, created_at, updated_at)
    VALUES (${bookingId}::uuid, ${input.enterpriseId}::uuid, ${item.instrument_id}::uuid, ${input.serviceItemId}::uuid,
            ${voucher?.id ?? null}::uuid, ${input.actorUserId}::uuid, 'requested',
            CASE WHEN ${startsAt}::timestamptz IS NULL THEN NULL ELSE tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)') END,
            ${startsAt}::timestamptz, ${endsAt}::timestamptz, ${input.quantity}, ${item.unit}::service_unit, ${item.fee_fen},
            ${quote.feeFen}, ${voucher?.share_bp ?? 0}, ${quote.voucherShareFen}, ${quote.copayFen},
            ${input.idempotencyKey}, ${input.purpose ?? null}, ${decideBy}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
    ON CONFLICT (enterprise_id, idempotency_key) DO NOTHING
    RETURNING id::text AS id`
  if (!inserted[0]) {
    const first = await findByKey(tx, input.enterpriseId, input.idempotencyKey)
    if (!first) throw new Error(`booking ${input.enterpriseId}/${input.idempotencyKey} neither inserted nor found`)
    return { bookingId: first, created: false }
  }

  let holdTransferId: bigint | null = null
  if (voucher && quote.voucherShareFen > 0n) {
    const holdAccountId = await openAccount(tx, {
      kind: 'booking_hold',
      code: accountCode.bookingHold(voucher.id),
      ownerType: 'voucher',
      ownerId: voucher.id,
    })
    try {
      const hold = await createTransfer(tx, {
        idempotencyKey: `booking-hold:${bookingId}`,
        debitAccountId: voucher.account_id,
        creditAccountId: holdAccountId,
        amount: quote.voucherShareFen,
        kind: TRANSFER_KIND.bookingHold,
        refType: 'booking',
        refId: bookingId,
        pending: true,
      })
      holdTransferId = hold.id
    } catch (error) {
      if (error instanceof Refusal && error.reason === 'insufficient-funds') {
        throw new Refusal('insufficient-voucher-balance', { voucherId: voucher.id, ...error.details })
      }
      throw error
    }
    await tx.$executeRaw`UPDATE booking SET hold_transfer_id = ${holdTransferId} WHERE id = ${bookingId}::uuid`
  }

  await enqueueOutbox(tx, 'booking.requested', { bookingId })
  await enqueueOutbox(tx, 'booking.expire-if-undecided', { bookingId }, { availableAt: decideBy })
  await appendAudit(tx, {
    actorUserId: input.actorUserId,
    orgType: 'enterprise',
    orgId: input.enterpriseId,
    action: 'booking.requested',
    entityType: 'booking',
    entityId: bookingId,
    after: {
      status: 'requested',
      instrumentId: item.instrument_id,
      serviceItemId: input.serviceItemId,
      voucherId: voucher?.id ?? null,
      startsAt,
      endsAt,
      quantity: input.quantity,
      unitFeeFen: item.fee_fen,
      feeFen: quote.feeFen,
      shareBp: voucher?.share_bp ?? 0,
      voucherShareFen: quote.voucherShareFen,
      copayFen: quote.copayFen,
      holdTransferId,
      decideBy,
    },
    at: now,
  })
  return { bookingId, created: true }
}
