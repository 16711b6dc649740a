import { randomUUID } from 'node:crypto'
import { appendAudit } from '~/features/audit/audit.server'
import { accountCode, TRANSFER_KIND } from '~/features/ledger/accounts'
import { shanghaiDate, shanghaiMidnight } from '~/features/availability/free-slots'
import { loadAvailabilityInputs } from '~/features/availability/queries.server'
import { createTransfer, openAccount } from '~/features/ledger/ledger.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { enqueueOutbox } from '~/infra/outbox.server'
import { inTransaction, Refusal, refused, sqlStateOf, SQLSTATE, type Outcome } from '~/infra/tx.server'
import {
  hoursForSlot,
  relatedPartyCheck,
  serviceEndFor,
  slotCheck,
  voucherProblem,
  wantedByProblem,
  type RelatedPartyCheck,
} from './eligibility'
import { quoteBooking } from './quote'
import {
  isDeclaredRelatedParty,
  loadEnterpriseFacts,
  loadServiceFacts,
  loadVoucherOption,
  type VoucherOption,
} from './request-queries.server'
import { decideByFor, quantityProblem, timeRangeProblem } from './request-rules'

export type RequestBookingInput = {
  enterpriseId: string
  actorUserId: string | null
  serviceItemId: string
  voucherId?: string | null
  startsAt?: Date | null
  endsAt?: Date | null
  quantity: number
  /** A sample/item booking's wanted delivery date (YYYY-MM-DD, Asia/Shanghai); never with a slot. */
  wantedBy?: string | null
  /** Per enterprise: a retried submit with the same key returns the first booking. */
  idempotencyKey: string
  purpose?: string | null
}

export type RequestBookingReason =
  | 'enterprise-not-verified'
  | 'slot-taken'
  | 'insufficient-voucher-balance'
  | 'voucher-not-usable'
  | 'instrument-not-bookable'
  | 'quantity-below-minimum'
  | 'invalid-time-range'
  | 'invalid-wanted-by'
  // Rules (eligibility.ts): a voucher's …
  | 'related-party'
  | 'category-not-allowed'
  | 'partner-region-not-accepted'
  | 'voucher-expires-before-service'
  // … and the instrument's open hours and booking rules.
  | 'slot-not-available'

/**
 * Requests a booking (DESIGN "One request, end to end"), in one transaction: the rules
 * (eligibility.ts: the voucher's — bound to the enterprise, active, not a related party, category
 * and partner region allowed, valid until the service ends — and the slot's — inside the open
 * hours and booking rules, clear of active bookings), fee snapshot and quote, the booking row (the
 * exclusion constraint refuses an overlapping active booking), the voucher share held as a pending
 * transfer voucher → booking hold, a related-party-match flag where details match, outbox rows
 * (notification and the decide-by timer), an audit row in the enterprise's stream.
 * Rules that need no voucher (the slot's) apply without one too.
 */
export async function requestBooking(
  ctx: { db?: Db; now?: Date },
  input: RequestBookingInput,
): Promise<Outcome<{ bookingId: string; created: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const rangeProblem = timeRangeProblem(input, now)
  if (rangeProblem) return refused(rangeProblem, { startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null })
  const wantedProblem = wantedByProblem(input.wantedBy, now)
  if (wantedProblem) return refused(wantedProblem, { wantedBy: input.wantedBy ?? null })
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

async function requestInTx(
  tx: Tx,
  now: Date,
  input: RequestBookingInput,
): Promise<{ bookingId: string; created: boolean }> {
  // Retries of one request queue here, so a retry waits for its original and then finds it —
  // instead of meeting the original's hold or slot and being refused.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`booking:${input.enterpriseId}:${input.idempotencyKey}`}, 0))`
  const existing = await findByKey(tx, input.enterpriseId, input.idempotencyKey)
  if (existing) return { bookingId: existing, created: false }

  // DOMAIN: only an enterprise the bureau has verified books (its registration is under review,
  // rejected or suspended otherwise). A plain read: no new lock order beside the voucher's.
  const enterprise = await loadEnterpriseFacts(tx, input.enterpriseId)
  if (!enterprise) throw new Error(`enterprise ${input.enterpriseId} not found`)
  if (enterprise.status !== 'verified')
    throw new Refusal('enterprise-not-verified', { enterpriseId: input.enterpriseId, status: enterprise.status })

  const item = await loadServiceFacts(tx, input.serviceItemId)
  if (!item) throw new Refusal('instrument-not-bookable', { serviceItemId: input.serviceItemId, problem: 'not-found' })
  // DOMAIN: only instruments open for sharing, of an institution not suspended, can be booked.
  if (
    !item.isActive ||
    item.sharingStatus !== 'open' ||
    item.institution.status === 'suspended' ||
    item.institution.status === 'rejected'
  ) {
    throw new Refusal('instrument-not-bookable', {
      serviceItemId: input.serviceItemId,
      instrumentId: item.instrumentId,
      sharingStatus: item.sharingStatus,
      serviceItemActive: item.isActive,
      institutionStatus: item.institution.status,
    })
  }
  const qProblem = quantityProblem(input.quantity, item.minQuantity)
  if (qProblem) throw new Refusal(qProblem, { quantity: input.quantity, minQuantity: item.minQuantity })

  const startsAt = input.startsAt ?? null
  const endsAt = input.endsAt ?? null
  const wantedBy = input.wantedBy ?? null
  let voucher: VoucherOption | null = null
  let available = 0n
  let relatedParty: RelatedPartyCheck = { blocked: null, matches: [] }
  if (input.voucherId) {
    voucher = await loadVoucherOption(tx, input.voucherId, { lock: true })
    if (!voucher) throw new Refusal('voucher-not-usable', { voucherId: input.voucherId, problem: 'not-found' })
    if (voucher.enterpriseId === input.enterpriseId) {
      relatedParty = relatedPartyCheck({
        declared: await isDeclaredRelatedParty(tx, input.enterpriseId, item.institution.id),
        enterprise,
        institution: item.institution,
      })
    }
    const problem = voucherProblem(
      voucher,
      {
        enterpriseId: input.enterpriseId,
        topCategoryCode: item.topCategoryCode,
        institutionIsPartner: item.institution.isPartner,
        relatedParty,
        serviceEndsAt: serviceEndFor({ endsAt, wantedBy }),
      },
      now,
    )
    if (problem) {
      const { reason, ...details } = problem
      throw new Refusal(reason, { voucherId: voucher.id, institutionId: item.institution.id, ...details })
    }
    available = voucher.availableFen
    if (available <= 0n) throw new Refusal('insufficient-voucher-balance', { voucherId: voucher.id, available })
  }

  if (startsAt && endsAt) {
    // A sample or item is not booked by the hour: it has a wanted-by date, not a slot.
    if (item.unit !== 'hour')
      throw new Refusal('invalid-time-range', { problem: 'no-slot-for-unit', unit: item.unit, startsAt, endsAt })
    // DOMAIN: fee = quantity × unit fee; an hourly booking's quantity is its slot's started hours.
    const expected = hoursForSlot(startsAt, endsAt)
    if (input.quantity !== expected)
      throw new Refusal('invalid-time-range', {
        problem: 'quantity-does-not-match-slot',
        quantity: input.quantity,
        expectedQuantity: expected,
        startsAt,
        endsAt,
      })
    if (wantedBy) throw new Refusal('invalid-wanted-by', { problem: 'slot-given', wantedBy })
    // Requests for one instrument queue here, so the bookings read below are the ones this insert
    // must keep clear of, buffer included (the exclusion constraint stays the first line for the
    // slot itself). NO KEY UPDATE: the booking rows' foreign keys still only need KEY SHARE.
    await tx.$queryRaw`SELECT id FROM instrument WHERE id = ${item.instrumentId}::uuid FOR NO KEY UPDATE`
    const from = shanghaiDate(startsAt)
    const last = shanghaiDate(new Date(endsAt.getTime() - 1))
    const days = Math.round((shanghaiMidnight(last) - shanghaiMidnight(from)) / 86_400_000) + 1
    const inputs = await loadAvailabilityInputs(tx, item.instrumentId, { from, days })
    if (!inputs) throw new Error(`instrument ${item.instrumentId} vanished`)
    const slot = slotCheck({
      startsAt,
      endsAt,
      openHours: inputs.openHours,
      exceptions: inputs.exceptions,
      bookings: inputs.bookings,
      rules: item.rules,
      now,
    })
    if (!slot.ok) {
      throw new Refusal(slot.reason, {
        serviceItemId: input.serviceItemId,
        instrumentId: item.instrumentId,
        startsAt,
        endsAt,
        ...(slot.reason === 'slot-not-available' ? { problem: slot.problem } : {}),
      })
    }
  }

  const quote = quoteBooking({
    unitFeeFen: item.feeFen,
    quantity: input.quantity,
    shareBp: voucher?.shareBp ?? 0,
    voucherAvailableFen: available,
  })
  const bookingId = randomUUID()
  const decideBy = decideByFor(now)
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO booking (id, enterprise_id, instrument_id, service_item_id, voucher_id, requested_by_id, status,
                         during, starts_at, ends_at, quantity, unit, unit_fee_fen, fee_fen, share_bp, voucher_share_fen, copay_fen,
                         wanted_by, idempotency_key, purpose, decide_by, created_at, updated_at)
    VALUES (${bookingId}::uuid, ${input.enterpriseId}::uuid, ${item.instrumentId}::uuid, ${input.serviceItemId}::uuid,
            ${voucher?.id ?? null}::uuid, ${input.actorUserId}::uuid, 'requested',
            CASE WHEN ${startsAt}::timestamptz IS NULL THEN NULL ELSE tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)') END,
            ${startsAt}::timestamptz, ${endsAt}::timestamptz, ${input.quantity}, ${item.unit}::service_unit, ${item.feeFen},
            ${quote.feeFen}, ${voucher?.shareBp ?? 0}, ${quote.voucherShareFen}, ${quote.copayFen},
            ${wantedBy}::date, ${input.idempotencyKey}, ${input.purpose ?? null}, ${decideBy}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
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
        debitAccountId: voucher.accountId,
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

  // DOMAIN "Related parties": a matching phone, address or bank account does not block; it flags
  // the booking (and so its redemption) for the auditor.
  if (voucher && relatedParty.matches.length > 0) {
    const detail = JSON.stringify({ matches: relatedParty.matches, institutionId: item.institution.id })
    await tx.$executeRaw`
      INSERT INTO booking_flag (booking_id, kind, detail, raised_at)
      VALUES (${bookingId}::uuid, 'related-party-match', ${detail}::jsonb, ${now}::timestamptz)
      ON CONFLICT (booking_id, kind) DO NOTHING`
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
      instrumentId: item.instrumentId,
      serviceItemId: input.serviceItemId,
      voucherId: voucher?.id ?? null,
      startsAt,
      endsAt,
      quantity: input.quantity,
      wantedBy,
      unitFeeFen: item.feeFen,
      feeFen: quote.feeFen,
      shareBp: voucher?.shareBp ?? 0,
      voucherShareFen: quote.voucherShareFen,
      copayFen: quote.copayFen,
      holdTransferId,
      decideBy,
      flags:
        voucher && relatedParty.matches.length > 0
          ? [{ kind: 'related-party-match', matches: relatedParty.matches }]
          : [],
    },
    at: now,
  })
  return { bookingId, created: true }
}
