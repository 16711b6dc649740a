import { toJsonValue } from '~/features/audit/canonical'
import { appendAudit, type OrgType } from '~/features/audit/audit.server'
import { freeSlots, shanghaiDate } from '~/features/availability/free-slots'
import { loadAvailabilityInputs } from '~/features/availability/queries.server'
import { TRANSFER_KIND } from '~/features/ledger/accounts'
import {
  createTransfer,
  getTransfer,
  postPendingTransfer,
  voidPendingTransfer,
  type TransferRow,
} from '~/features/ledger/ledger.server'
import { hasOpenIntent, type PaymentStatus } from '~/features/payments/payment-rules'
import type { Prisma } from '~/generated/prisma/client'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { enqueueOutbox } from '~/infra/outbox.server'
import { inTransaction, Refusal, refused, sqlStateOf, SQLSTATE, type Outcome } from '~/infra/tx.server'
import { cancellationTerms } from './cancellation'
import { claimPeriodOf, confirmByFor, deadlinePassed, payByFor } from './deadlines'
import { checkDeliveryEvidence, finalSplit } from './delivery'
import { proposalProblem } from './proposal'
import { checkReason } from './reason'
import {
  ACTIVE_STATES,
  AUDIT_ACTIONS,
  GUARDS,
  alreadyFired,
  findTransition,
  isTransitionName,
  TRANSITIONS,
  type Actor,
  type BookingState,
  type Effect,
  type Guard,
  type Transition,
  type TransitionName,
} from './transitions'
import { isUuid } from '~/infra/uuid'

// The booking engine: the one place a booking's status changes (DESIGN: transitions are data,
// transitions.ts). Each call locks the booking row, finds the table row for (name, status), checks
// the actor, the reason and the guard, runs the row's effects in the same transaction, and writes
// a booking_event row, an audit row and an outbox 'booking.notify' row.

export type BookingActor = {
  kind: Actor
  userId: string | null
  /** Institution staff: the institution the route resolved from the membership. Checked when present. */
  institutionId?: string | null
  /** Enterprise members: the enterprise the route resolved from the membership. Checked when present. */
  enterpriseId?: string | null
  /** Officers: their bureau's region (the audit stream); defaults to the region that issued the voucher. */
  regionId?: string | null
}

export type FireInput = {
  bookingId: string
  name: TransitionName
  actor: BookingActor
  /** reject, cancel, dispute, reject-claim: required; propose-time: the note when proposal.note is absent. */
  reason?: string | null
  delivery?: {
    actualStartsAt?: Date | null
    actualEndsAt?: Date | null
    actualQuantity?: number | null
    finalFeeFen: bigint
    reportNo: string
    reportFile?: string | null
    invoiceNo: string
    invoiceFile?: string | null
  }
  proposal?: { startsAt: Date; endsAt: Date; note?: string | null }
  /**
   * Stripe data for pay / fail-payment: the PaymentIntent id the webhook names, and for a failed
   * attempt Stripe's error as payment.last_error holds it ("code: decline_code: message").
   */
  payment?: { intentId: string; lastError?: string | null }
}

/**
 * `changed: false` when nothing happened: a guard that is false for a timer or a webhook (late,
 * repeated, out of order), or a transition already fired (a double click). Then `from` = `to` =
 * the booking's status, and `eventId` is null. When `changed`, `to` is the status the booking
 * ended in: a confirmation that made the redemption claim ends in 'claimed'.
 */
export type Fired = {
  changed: boolean
  bookingId: string
  from: BookingState
  to: BookingState
  eventId: bigint | null
}

/** Refusal reasons (routes map them to messages). */
export type FireRefusal =
  | 'booking-not-found'
  | 'not-allowed'
  | 'wrong-status'
  | 'reason-required'
  | 'reason-too-long'
  | 'copay-unpaid'
  | 'no-proposal'
  | 'proposal-required'
  | 'proposal-in-past'
  | 'no-slot'
  | 'invalid-time-range'
  | 'duration-changed'
  | 'same-time'
  | 'slot-not-free'
  | 'slot-taken'
  | 'delivery-required'
  | 'fee-above-snapshot'
  | 'invalid-final-fee'
  | 'report-no-required'
  | 'invoice-no-required'
  | 'report-no-too-long'
  | 'invoice-no-too-long'
  | 'invalid-actual-range'
  | 'invalid-actual-quantity'
  | 'actual-in-future'
  | 'report-no-taken'
  | 'invoice-no-taken'
  | 'payment-intent-required'

/**
 * Fires one transition in its own transaction. Refusals come back as `{ ok: false, reason }`;
 * the two that only the database can decide under concurrency — the slot taken by another booking
 * while the enterprise accepted a proposal (exclusion constraint), a report or invoice number
 * written by another delivery at the same moment (unique index) — are mapped here too.
 */
export async function fireBookingTransition(ctx: { db?: Db; now?: Date }, input: FireInput): Promise<Outcome<Fired>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  try {
    return await inTransaction(db, (tx) => fireInTx(tx, now, input))
  } catch (error) {
    const state = sqlStateOf(error)
    if (state === SQLSTATE.exclusionViolation) return refused('slot-taken', { bookingId: input.bookingId })
    if (state === SQLSTATE.uniqueViolation && input.name === 'deliver') {
      const text = errorText(error)
      if (text.includes('booking_report_no_key'))
        return refused('report-no-taken', { bookingId: input.bookingId, reportNo: input.delivery?.reportNo.trim() })
      if (text.includes('booking_invoice_no_key'))
        return refused('invoice-no-taken', { bookingId: input.bookingId, invoiceNo: input.delivery?.invoiceNo.trim() })
    }
    throw error
  }
}

function errorText(error: unknown): string {
  try {
    return `${String(error)} ${JSON.stringify(error, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`
  } catch {
    return String(error)
  }
}

type LockedBooking = {
  id: string
  status: BookingState
  enterprise_id: string
  instrument_id: string
  institution_id: string
  voucher_id: string | null
  starts_at: Date | null
  ends_at: Date | null
  quantity: number
  unit: string
  unit_fee_fen: number
  fee_fen: bigint
  share_bp: number
  voucher_share_fen: bigint
  copay_fen: bigint
  hold_transfer_id: bigint | null
  decide_by: Date | null
  pay_by: Date | null
  confirm_by: Date | null
  decided_at: Date | null
  proposed_starts_at: Date | null
  proposed_ends_at: Date | null
  actual_starts_at: Date | null
  actual_ends_at: Date | null
  actual_quantity: number | null
  final_fee_fen: bigint | null
  final_voucher_share_fen: bigint | null
  final_copay_fen: bigint | null
  report_no: string | null
  report_file: string | null
  invoice_no: string | null
  invoice_file: string | null
  delivered_at: Date | null
  confirmed_at: Date | null
  cancel_free_hours: number
  cancel_fee_bp: number
}

async function lockBooking(tx: Tx, bookingId: string): Promise<LockedBooking | null> {
  if (!isUuid(bookingId)) return null
  const rows = await tx.$queryRaw<LockedBooking[]>`
    SELECT b.id::text AS id, b.status::text AS status, b.enterprise_id::text AS enterprise_id,
           b.instrument_id::text AS instrument_id, i.institution_id::text AS institution_id,
           b.voucher_id::text AS voucher_id, b.starts_at, b.ends_at, b.quantity, b.unit::text AS unit,
           b.unit_fee_fen, b.fee_fen, b.share_bp, b.voucher_share_fen, b.copay_fen, b.hold_transfer_id,
           b.decide_by, b.pay_by, b.confirm_by, b.decided_at, b.proposed_starts_at, b.proposed_ends_at,
           b.actual_starts_at, b.actual_ends_at, b.actual_quantity,
           b.final_fee_fen, b.final_voucher_share_fen, b.final_copay_fen,
           b.report_no, b.report_file, b.invoice_no, b.invoice_file, b.delivered_at, b.confirmed_at,
           i.cancel_free_hours, i.cancel_fee_bp
      FROM booking b JOIN instrument i ON i.id = b.instrument_id
     WHERE b.id = ${bookingId}::uuid
       FOR UPDATE OF b`
  return rows[0] ?? null
}

type PaymentRow = { id: string; intent_id: string | null; amount_fen: bigint; refunded_fen: bigint; status: string }

async function paymentOf(tx: Tx, bookingId: string): Promise<PaymentRow | null> {
  const rows = await tx.$queryRaw<PaymentRow[]>`
    SELECT id::text AS id, intent_id, amount_fen, refunded_fen, status FROM payment WHERE booking_id = ${bookingId}::uuid`
  return rows[0] ?? null
}

/** One firing in progress: what the effects read and what they leave for the booking row and its history. */
type Step = {
  tx: Tx
  now: Date
  input: FireInput
  booking: LockedBooking
  row: Transition
  reason: string | null
  /** Columns to set on the booking along with the status. */
  patch: Prisma.BookingUncheckedUpdateInput
  /** What the booking_event row and the audit row say happened. */
  detail: Record<string, unknown>
  /** The co-payment paid and not refunded, once read. */
  paid?: { fen: bigint; payment: PaymentRow | null }
  /** What the enterprise owes of its co-payment after this transition (cancellation fee, final co-payment). */
  owedFen?: bigint
  /** The hold transfer, once read (null: the booking holds nothing). */
  hold?: TransferRow | null
}

/**
 * Fires one transition inside the caller's transaction (the Stripe webhook handler, the seeds).
 * Throws Refusal for an expected refusal. The slot-taken and number-taken races surface as the
 * database error here (the transaction is then aborted); fireBookingTransition maps them.
 */
export async function fireInTx(tx: Tx, now: Date, input: FireInput): Promise<Fired> {
  if (!isTransitionName(input.name)) throw new Refusal('wrong-status', { name: input.name })
  const booking = await lockBooking(tx, input.bookingId)
  if (!booking) throw new Refusal('booking-not-found', { bookingId: input.bookingId })
  const { actor } = input
  const unchanged: Fired = {
    changed: false,
    bookingId: booking.id,
    from: booking.status,
    to: booking.status,
    eventId: null,
  }

  // Ownership (the routes check it too): staff act for their institution, members for their enterprise.
  if (actor.institutionId && actor.institutionId !== booking.institution_id)
    throw new Refusal('not-allowed', { bookingId: booking.id, actor: actor.kind, problem: 'other-institution' })
  if (actor.enterpriseId && actor.enterpriseId !== booking.enterprise_id)
    throw new Refusal('not-allowed', { bookingId: booking.id, actor: actor.kind, problem: 'other-enterprise' })

  const row = findTransition(input.name, booking.status)
  if (!row) {
    const mayEver = (TRANSITIONS as readonly Transition[]).some(
      (t) => t.name === input.name && t.actors.includes(actor.kind),
    )
    if (!mayEver) throw new Refusal('not-allowed', { bookingId: booking.id, name: input.name, actor: actor.kind })
    // A double click, a timer or a webhook delivered again: the booking already went through it.
    if (alreadyFired(input.name, booking.status) || (await hasFired(tx, booking.id, input.name))) return unchanged
    // A timer or webhook that comes after the booking moved on (an expiry after the payment, a
    // payment after the cancellation) changes nothing; the caller reads `to` to see where it is.
    if (actor.kind === 'system') return unchanged
    throw new Refusal('wrong-status', { bookingId: booking.id, name: input.name, status: booking.status })
  }
  if (!row.actors.includes(actor.kind))
    throw new Refusal('not-allowed', { bookingId: booking.id, name: input.name, actor: actor.kind })

  const checked = checkReason(input.reason, row.reasonRequired === true)
  if (!checked.ok) throw new Refusal(checked.problem, { bookingId: booking.id, name: input.name })

  const step: Step = { tx, now, input, booking, row, reason: checked.reason, patch: {}, detail: {} }
  if (row.guard && !(await guardHolds(step, row.guard))) {
    const rule = GUARDS[row.guard]
    if (rule.whenFalse === 'unchanged') return unchanged
    throw new Refusal(rule.reason, { bookingId: booking.id, name: input.name, guard: row.guard })
  }

  const after = new Set<Effect>(['notify', 'claim'])
  for (const effect of row.effects) if (!after.has(effect)) await EFFECTS_RUN[effect](step)

  await tx.booking.update({
    where: { id: booking.id },
    data: { ...step.patch, status: row.to, updatedAt: now },
  })
  const detail = toJsonValue(step.detail)
  const events = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO booking_event (booking_id, transition, from_status, to_status, actor_kind, actor_user_id, reason, detail, at)
    VALUES (${booking.id}::uuid, ${row.name}, ${row.from}::booking_status, ${row.to}::booking_status, ${actor.kind},
            ${actor.userId}::uuid, ${step.reason}, ${JSON.stringify(detail)}::jsonb, ${now}::timestamptz)
    RETURNING id`
  const eventId = events[0]!.id
  const org = await auditOrg(tx, booking, actor)
  await appendAudit(tx, {
    actorUserId: actor.userId,
    orgType: org.orgType,
    orgId: org.orgId,
    action: AUDIT_ACTIONS[input.name],
    entityType: 'booking',
    entityId: booking.id,
    before: { status: row.from },
    after: { status: row.to, transition: row.name, actor: actor.kind, reason: step.reason, eventId, ...step.detail },
    at: now,
  })

  let to: BookingState = row.to
  for (const effect of row.effects) {
    if (effect === 'notify') {
      await enqueueOutbox(tx, 'booking.notify', { bookingId: booking.id, event: row.name, eventId: eventId.toString() })
    } else if (effect === 'claim') {
      // DOMAIN: a confirmed booking becomes a redemption claim, in the same transaction.
      const claimed = await fireInTx(tx, now, { bookingId: booking.id, name: 'claim', actor: SYSTEM })
      if (claimed.changed) to = claimed.to
    }
  }
  return { changed: true, bookingId: booking.id, from: row.from, to, eventId }
}

const SYSTEM: BookingActor = { kind: 'system', userId: null }

async function hasFired(tx: Tx, bookingId: string, name: TransitionName): Promise<boolean> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM booking_event
     WHERE booking_id = ${bookingId}::uuid AND transition = ${name} AND from_status <> to_status`
  return (rows[0]?.n ?? 0) > 0
}

/** The audit stream of whoever acted: the enterprise's, the institution's, the bureau's; the system writes to the enterprise's (as expireBooking always did). */
async function auditOrg(
  tx: Tx,
  booking: LockedBooking,
  actor: BookingActor,
): Promise<{ orgType: OrgType; orgId: string }> {
  switch (actor.kind) {
    case 'institution_staff':
      return { orgType: 'institution', orgId: booking.institution_id }
    case 'city_officer':
    case 'county_officer': {
      if (actor.regionId) return { orgType: 'region', orgId: actor.regionId }
      const rows = await tx.$queryRaw<{ region_id: string }[]>`
        SELECT coalesce(p.region_id, e.region_id) AS region_id
          FROM enterprise e
          LEFT JOIN voucher v ON v.id = ${booking.voucher_id}::uuid
          LEFT JOIN programme p ON p.id = v.programme_id
         WHERE e.id = ${booking.enterprise_id}::uuid`
      return { orgType: 'region', orgId: rows[0]!.region_id }
    }
    case 'platform_admin':
      return { orgType: 'platform', orgId: 'platform' }
    default:
      return { orgType: 'enterprise', orgId: booking.enterprise_id }
  }
}

async function holdOf(step: Step): Promise<TransferRow | null> {
  if (step.hold === undefined)
    step.hold =
      step.booking.hold_transfer_id === null ? null : await getTransfer(step.tx, step.booking.hold_transfer_id)
  return step.hold
}

/** The hold if it still holds money (a revoked voucher's holds were voided under the booking). */
async function pendingHold(step: Step): Promise<TransferRow | null> {
  const hold = await holdOf(step)
  return hold && hold.type === 'pending' && hold.status === 'pending' ? hold : null
}

async function paidCopay(step: Step): Promise<{ fen: bigint; payment: PaymentRow | null }> {
  if (step.paid) return step.paid
  const payment = await paymentOf(step.tx, step.booking.id)
  // The co-payment counts as paid once Stripe said so (the row) or the booking went through 'pay'.
  const succeeded =
    payment !== null &&
    (payment.status === 'succeeded' ||
      step.booking.status === 'paid' ||
      (await hasFired(step.tx, step.booking.id, 'pay')))
  step.paid = { fen: succeeded ? payment.amount_fen - payment.refunded_fen : 0n, payment }
  return step.paid
}

async function guardHolds(step: Step, guard: Guard): Promise<boolean> {
  const { booking, now } = step
  switch (guard) {
    case 'decide-by-passed':
      return deadlinePassed(booking.decide_by, now)
    case 'pay-by-passed':
      return deadlinePassed(booking.pay_by, now)
    case 'confirm-by-passed':
      return deadlinePassed(booking.confirm_by, now)
    case 'nothing-to-pay':
      return booking.copay_fen === 0n
    case 'has-proposal':
      return booking.proposed_starts_at !== null
    case 'has-voucher-share':
      // A revoked voucher's hold is gone: nothing to claim from it (the booking carries a flag).
      return (booking.final_voucher_share_fen ?? 0n) > 0n && (await pendingHold(step)) !== null
    case 'payment-exists': {
      const intentId = step.input.payment?.intentId
      if (!intentId) throw new Refusal('payment-intent-required', { bookingId: booking.id, name: step.input.name })
      const payment = await paymentOf(step.tx, booking.id)
      if (!payment || payment.intent_id !== intentId || booking.copay_fen === 0n) return false
      step.detail.payment = {
        paymentId: payment.id,
        intentId,
        amountFen: payment.amount_fen,
        status: payment.status,
      }
      return true
    }
  }
}

const EFFECTS_RUN: Record<Effect, (step: Step) => Promise<void>> = {
  'record-decision': async (step) => {
    const { tx, booking, input, patch, detail } = step
    let deciderId = input.actor.userId
    if (input.name === 'accept-proposal') {
      // Accepting the institution's proposal approves the booking: the decision is the proposer's.
      const proposer = await tx.$queryRaw<{ actor_user_id: string | null }[]>`
        SELECT actor_user_id::text AS actor_user_id FROM booking_event
         WHERE booking_id = ${booking.id}::uuid AND transition = 'propose-time' ORDER BY id DESC LIMIT 1`
      deciderId = proposer[0]?.actor_user_id ?? null
    }
    patch.decidedAt = step.now
    patch.decidedById = deciderId
    detail.decidedById = deciderId
    if (step.row.to === 'rejected') patch.rejectReason = step.reason
  },

  'record-payment-failure': async (step) => {
    const { booking, input } = step
    // The reason column is what the history and the mail show; Stripe's line fits (≤ 500 characters).
    const error = checkReason(input.payment?.lastError, false)
    step.reason = error.ok ? error.reason : null
    // DOMAIN (ADR 013): the booking, its hold and its PaymentIntent stay; the enterprise may pay
    // again until pay_by, when 'expire-unpaid' ends the booking if no attempt succeeded.
    step.detail.paymentFailure = { error: input.payment?.lastError ?? null, retryUntil: booking.pay_by }
  },

  'start-pay-timer': async (step) => {
    if (step.booking.copay_fen <= 0n) return
    const payBy = payByFor(step.now)
    step.patch.payBy = payBy
    step.detail.payBy = payBy
    await enqueueOutbox(step.tx, 'booking.expire-if-unpaid', { bookingId: step.booking.id }, { availableAt: payBy })
  },

  'record-proposal': async (step) => {
    const { tx, booking, input, now } = step
    const proposal = input.proposal
    if (!proposal) throw new Refusal('proposal-required', { bookingId: booking.id })
    let day
    if (booking.starts_at && !Number.isNaN(proposal.startsAt.getTime())) {
      const from = shanghaiDate(proposal.startsAt)
      const inputs = await loadAvailabilityInputs(tx, booking.instrument_id, { from, days: 1 })
      if (inputs) {
        // This booking's own slot is not in the way of its move.
        const others = inputs.bookings.filter(
          (b) =>
            !(
              b.startsAt.getTime() === booking.starts_at!.getTime() && b.endsAt.getTime() === booking.ends_at!.getTime()
            ),
        )
        day = freeSlots({ ...inputs, bookings: others, from, days: 1, now, timeZone: 'Asia/Shanghai' })[0]
      }
    }
    const problem = proposalProblem({
      current: { startsAt: booking.starts_at, endsAt: booking.ends_at },
      proposal,
      day,
    })
    if (problem)
      throw new Refusal(problem, {
        bookingId: booking.id,
        startsAt: proposal.startsAt,
        endsAt: proposal.endsAt,
      })
    const note = checkReason(proposal.note ?? step.reason, false)
    if (!note.ok) throw new Refusal(note.problem, { bookingId: booking.id })
    step.patch.proposedStartsAt = proposal.startsAt
    step.patch.proposedEndsAt = proposal.endsAt
    step.patch.proposalNote = note.reason
    step.detail.proposal = { startsAt: proposal.startsAt, endsAt: proposal.endsAt, note: note.reason }
  },

  'move-slot': async (step) => {
    const { tx, booking, now } = step
    const startsAt = booking.proposed_starts_at!
    const endsAt = booking.proposed_ends_at!
    if (startsAt.getTime() <= now.getTime())
      throw new Refusal('proposal-in-past', { bookingId: booking.id, startsAt, endsAt })
    // The exclusion constraint booking_no_overlap is the guard; this look first gives the common
    // case (a booking made since the proposal) a clean refusal without aborting the transaction.
    const clash = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM booking
       WHERE instrument_id = ${booking.instrument_id}::uuid AND id <> ${booking.id}::uuid AND during IS NOT NULL
         AND status::text = ANY(${[...ACTIVE_STATES]}::text[])
         AND during && tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)')
       LIMIT 1`
    if (clash[0]) throw new Refusal('slot-taken', { bookingId: booking.id, startsAt, endsAt, clashWith: clash[0].id })
    await tx.$executeRaw`
      UPDATE booking SET during = tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)'),
                         starts_at = ${startsAt}::timestamptz, ends_at = ${endsAt}::timestamptz
       WHERE id = ${booking.id}::uuid`
    step.detail.movedFrom = { startsAt: booking.starts_at, endsAt: booking.ends_at }
    step.detail.movedTo = { startsAt, endsAt }
  },

  'clear-proposal': async (step) => {
    step.patch.proposedStartsAt = null
    step.patch.proposedEndsAt = null
    step.patch.proposalNote = null
    if (step.input.name === 'decline-proposal')
      step.detail.declined = { startsAt: step.booking.proposed_starts_at, endsAt: step.booking.proposed_ends_at }
  },

  'record-cancellation': async (step) => {
    const { booking, input, now } = step
    const side = input.actor.kind === 'enterprise_member' ? 'enterprise' : 'institution'
    const paid = await paidCopay(step)
    const terms = cancellationTerms({
      side,
      feeFen: booking.fee_fen,
      cancelFeeBp: booking.cancel_fee_bp,
      cancelFreeHours: booking.cancel_free_hours,
      startsAt: booking.starts_at,
      approved: booking.status !== 'requested',
      paidCopayFen: paid.fen,
      now,
    })
    step.patch.cancelledAt = now
    step.patch.cancelledById = input.actor.userId
    step.patch.cancelledBySide = side
    step.patch.cancelReason = step.reason
    step.patch.cancellationFeeFen = terms.feeFen
    step.owedFen = terms.feeFen
    step.detail.cancellation = { side, paidCopayFen: paid.fen, ...terms }
  },

  'void-hold': async (step) => {
    const hold = await pendingHold(step)
    if (!hold) {
      if (step.booking.hold_transfer_id !== null)
        step.detail.hold = { holdTransferId: step.booking.hold_transfer_id, voided: false }
      return
    }
    // The key revokeVoucher uses too: whichever comes second finds the first's void.
    const voided = await voidPendingTransfer(step.tx, {
      idempotencyKey: `booking-hold:${step.booking.id}:void`,
      pendingId: hold.id,
    })
    step.detail.hold = { holdTransferId: hold.id, voidTransferId: voided.id, releasedFen: hold.amount }
  },

  'refund-copay': async (step) => {
    const paid = await paidCopay(step)
    const owed = step.owedFen ?? 0n
    const refundFen = paid.fen - owed
    if (refundFen <= 0n) return
    // The processor (Stripe helper) refunds what was paid beyond what the booking owes; the key
    // makes a rerun refund once.
    const refundKey = `booking:${step.booking.id}:${step.row.name}`
    await enqueueOutbox(step.tx, 'payment.refund', { bookingId: step.booking.id, refundKey })
    step.detail.refund = { refundKey, refundFen, paidCopayFen: paid.fen, owedFen: owed }
  },

  'cancel-copay-intent': async (step) => {
    const payment = await paymentOf(step.tx, step.booking.id)
    if (!payment || !hasOpenIntent({ intentId: payment.intent_id, status: payment.status as PaymentStatus })) return
    // DOMAIN: a booking that ended unpaid takes no payment any more. The job asks Stripe after the
    // commit (never inside the transaction); it runs once per booking, and Stripe's own answer
    // decides a race with a payment in flight (a payment that wins it is refunded as a late one).
    await enqueueOutbox(step.tx, 'payment.cancel-intent', { bookingId: step.booking.id })
    step.detail.paymentIntent = {
      paymentId: payment.id,
      intentId: payment.intent_id,
      status: payment.status,
      cancel: 'enqueued',
    }
  },

  'record-delivery': async (step) => {
    const { tx, booking, input, now } = step
    if (!input.delivery) throw new Refusal('delivery-required', { bookingId: booking.id })
    const checked = checkDeliveryEvidence(input.delivery, now)
    if (!checked.ok) throw new Refusal(checked.problem, { bookingId: booking.id })
    const evidence = checked.evidence
    const hold = await pendingHold(step)
    const split = finalSplit({
      feeFen: booking.fee_fen,
      finalFeeFen: input.delivery.finalFeeFen,
      shareBp: booking.share_bp,
      heldShareFen: hold ? hold.amount : 0n,
    })
    if (!split.ok)
      throw new Refusal(split.problem, {
        bookingId: booking.id,
        finalFeeFen: input.delivery.finalFeeFen,
        feeFen: booking.fee_fen,
      })
    // DOMAIN: report and invoice numbers are unique across the whole system. The unique indexes
    // decide; this look first names which number is taken without aborting the transaction.
    const taken = await tx.$queryRaw<{ report: boolean; invoice: boolean }[]>`
      SELECT coalesce(bool_or(report_no = ${evidence.reportNo}), false) AS report,
             coalesce(bool_or(invoice_no = ${evidence.invoiceNo}), false) AS invoice
        FROM booking
       WHERE id <> ${booking.id}::uuid AND (report_no = ${evidence.reportNo} OR invoice_no = ${evidence.invoiceNo})`
    if (taken[0]?.report) throw new Refusal('report-no-taken', { bookingId: booking.id, reportNo: evidence.reportNo })
    if (taken[0]?.invoice)
      throw new Refusal('invoice-no-taken', { bookingId: booking.id, invoiceNo: evidence.invoiceNo })
    Object.assign(step.patch, {
      ...evidence,
      finalFeeFen: split.finalFeeFen,
      finalVoucherShareFen: split.finalVoucherShareFen,
      finalCopayFen: split.finalCopayFen,
      deliveredAt: now,
      deliveredById: input.actor.userId,
    } satisfies Prisma.BookingUncheckedUpdateInput)
    step.owedFen = split.finalCopayFen
    step.detail.delivery = {
      ...evidence,
      feeFen: booking.fee_fen,
      finalFeeFen: split.finalFeeFen,
      finalVoucherShareFen: split.finalVoucherShareFen,
      finalCopayFen: split.finalCopayFen,
    }
  },

  // DESIGN choice — void and hold again, not "post less later": DOMAIN says a lower final fee
  // releases part of the hold. Releasing it now gives the enterprise its balance back at delivery
  // instead of months later when the bureau approves the claim, and it keeps the held amount equal
  // to the claim's amount, so approving the claim posts the whole hold. The new hold has its own
  // idempotency key; the old one is voided under a key of its own, so the usual void key
  // (`booking-hold:<id>:void`, shared with revokeVoucher) stays free for the new hold.
  'adjust-hold': async (step) => {
    const { tx, booking } = step
    const hold = await pendingHold(step)
    const share = step.patch.finalVoucherShareFen as bigint | undefined
    if (!hold || share === undefined || share >= hold.amount) return
    const voided = await voidPendingTransfer(tx, {
      idempotencyKey: `booking-hold:${booking.id}:void-at-delivery`,
      pendingId: hold.id,
    })
    let newHoldId: bigint | null = null
    if (share > 0n) {
      const again = await createTransfer(tx, {
        idempotencyKey: `booking-hold:${booking.id}:final`,
        debitAccountId: hold.debitAccountId,
        creditAccountId: hold.creditAccountId,
        amount: share,
        kind: TRANSFER_KIND.bookingHold,
        refType: 'booking',
        refId: booking.id,
        pending: true,
      })
      newHoldId = again.id
      step.patch.holdTransferId = again.id
    }
    step.detail.hold = {
      previousHoldTransferId: hold.id,
      voidTransferId: voided.id,
      holdTransferId: newHoldId,
      heldFen: share,
      releasedFen: hold.amount - share,
    }
  },

  'start-confirm-timer': async (step) => {
    const confirmBy = confirmByFor(step.now)
    step.patch.confirmBy = confirmBy
    step.detail.confirmBy = confirmBy
    await enqueueOutbox(step.tx, 'booking.auto-confirm', { bookingId: step.booking.id }, { availableAt: confirmBy })
  },

  'record-confirmation': async (step) => {
    step.patch.confirmedAt = step.now
  },

  'record-dispute': async (step) => {
    step.patch.disputedAt = step.now
    step.patch.disputeReason = step.reason
  },

  'record-claim': async (step) => {
    const { tx, booking, now } = step
    const amount = booking.final_voucher_share_fen!
    const sources = await tx.$queryRaw<{ issuing_region_id: string }[]>`
      SELECT p.region_id AS issuing_region_id FROM voucher v JOIN programme p ON p.id = v.programme_id
       WHERE v.id = ${booking.voucher_id}::uuid`
    const issuingRegionId = sources[0]?.issuing_region_id
    if (!issuingRegionId) throw new Error(`booking ${booking.id}: voucher ${booking.voucher_id} has no programme`)
    const how = await tx.$queryRaw<{ transition: string }[]>`
      SELECT transition FROM booking_event
       WHERE booking_id = ${booking.id}::uuid AND to_status = 'confirmed' ORDER BY id DESC LIMIT 1`
    const { payment } = await paidCopay(step)
    // DOMAIN: redemption evidence — booking, fee snapshot, usage record, report number, invoice
    // number, co-payment proof.
    const evidence = toJsonValue({
      bookingId: booking.id,
      feeSnapshot: {
        unit: booking.unit,
        unitFeeFen: booking.unit_fee_fen,
        quantity: booking.quantity,
        feeFen: booking.fee_fen,
        shareBp: booking.share_bp,
        voucherShareFen: booking.voucher_share_fen,
        copayFen: booking.copay_fen,
      },
      final: {
        feeFen: booking.final_fee_fen,
        voucherShareFen: booking.final_voucher_share_fen,
        copayFen: booking.final_copay_fen,
      },
      usage: {
        bookedStartsAt: booking.starts_at,
        bookedEndsAt: booking.ends_at,
        actualStartsAt: booking.actual_starts_at,
        actualEndsAt: booking.actual_ends_at,
        actualQuantity: booking.actual_quantity,
      },
      report: { no: booking.report_no, file: booking.report_file },
      invoice: { no: booking.invoice_no, file: booking.invoice_file },
      payment: payment
        ? {
            paymentId: payment.id,
            intentId: payment.intent_id,
            amountFen: payment.amount_fen,
            refundedFen: payment.refunded_fen,
            status: payment.status,
          }
        : null,
      deliveredAt: booking.delivered_at,
      confirmedAt: booking.confirmed_at,
      confirmedBy: how[0]?.transition ?? null,
    })
    const period = claimPeriodOf(booking.confirmed_at ?? now)
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO redemption_claim (booking_id, institution_id, voucher_id, issuing_region_id, period, amount_fen, evidence, claimed_at)
      VALUES (${booking.id}::uuid, ${booking.institution_id}::uuid, ${booking.voucher_id}::uuid, ${issuingRegionId},
              ${period}::date, ${amount}, ${JSON.stringify(evidence)}::jsonb, ${now}::timestamptz)
      ON CONFLICT (booking_id) DO NOTHING
      RETURNING id::text AS id`
    if (!inserted[0]) throw new Error(`booking ${booking.id} is confirmed but already has a redemption claim`)
    step.detail.claim = { claimId: inserted[0].id, amountFen: amount, period, issuingRegionId }
  },

  'post-hold': async (step) => {
    const hold = await pendingHold(step)
    if (!hold) return
    const posted = await postPendingTransfer(step.tx, {
      idempotencyKey: `booking-hold:${step.booking.id}:post`,
      pendingId: hold.id,
    })
    step.detail.hold = { holdTransferId: hold.id, postTransferId: posted.id, postedFen: posted.amount }
  },

  'decide-claim': async (step) => {
    const { tx, booking, row, now, input } = step
    const status = row.to === 'redeemed' ? 'approved' : row.to === 'claim_rejected' ? 'rejected' : 'settled'
    if (status === 'settled') {
      await tx.$executeRaw`UPDATE redemption_claim SET status = 'settled' WHERE booking_id = ${booking.id}::uuid`
    } else {
      await tx.$executeRaw`
        UPDATE redemption_claim SET status = ${status}, decided_at = ${now}::timestamptz,
               decided_by_id = ${input.actor.userId}::uuid, decision_reason = ${step.reason}
         WHERE booking_id = ${booking.id}::uuid`
    }
    step.detail.claimStatus = status
  },

  // Run after the booking row and its event are written (fireInTx).
  notify: async () => {},
  claim: async () => {},
}
