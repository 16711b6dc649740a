import { appendAudit } from '~/features/audit/audit.server'
import { fireInTx, type Fired, type FireInput } from '~/features/bookings/fire.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { enqueueOutbox } from '~/infra/outbox.server'
import { Stripe, stripeSettings } from '~/infra/stripe.server'
import { inTransaction, Refusal, refused, type Outcome } from '~/infra/tx.server'
import { formatPaymentError } from './payment-error'
import { decidePaymentEvent, statusFromEvent, type PaymentStatus } from './payment-rules'
import { lockPaymentByIntent, paymentOfBooking, type PaymentRow } from './queries.server'
import { isUuid } from '~/infra/uuid'

// Stripe webhooks (DOMAIN: verified by signature and timestamp, stored once by event id, safe
// against duplicates and out-of-order delivery, and they move the booking).

/** Stripe's default: a signature older than five minutes is a replay, not a delivery. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

export type WebhookReason = 'missing-signature' | 'bad-signature' | 'malformed-event'

export type WebhookResult = {
  eventId: string
  type: string
  /** The event was stored before: nothing was done again. */
  duplicate: boolean
  /** What processing did (stored in stripe_event.outcome). */
  outcome: string
}

type StripeEventLike = { id: string; type: string; created: number; data: { object: Record<string, unknown> } }

function isEventLike(value: unknown): value is StripeEventLike {
  const v = value as StripeEventLike | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    v.id.length > 0 &&
    typeof v.type === 'string' &&
    Number.isInteger(v.created) &&
    typeof v.data === 'object' &&
    v.data !== null &&
    typeof v.data.object === 'object' &&
    v.data.object !== null
  )
}

/**
 * Verifies a webhook delivery (Stripe-Signature: HMAC-SHA256 with the endpoint secret, timestamp
 * within 300 s of `now`), stores the event once by id (INSERT … ON CONFLICT DO NOTHING: a
 * duplicate or a replay is answered 200 and not processed again) and processes it in the same
 * transaction, so an event is either stored and processed or neither (a failure answers 500 and
 * Stripe delivers again). Refusals (400) store nothing.
 */
export async function handleStripeWebhook(
  ctx: { db?: Db; now?: Date; webhookSecret?: string },
  input: { rawBody: string; signatureHeader: string | null },
): Promise<Outcome<WebhookResult>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  if (!input.signatureHeader) return refused('missing-signature')
  const secret = ctx.webhookSecret ?? stripeSettings().webhookSecret
  let event: unknown
  try {
    event = Stripe.webhooks.constructEvent(
      input.rawBody,
      input.signatureHeader,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      now.getTime(),
    )
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError)
      return refused('bad-signature', { message: error.message.split('\n')[0] })
    return refused('malformed-event', { message: (error as Error).message })
  }
  if (!isEventLike(event)) return refused('malformed-event')
  const e = event

  return inTransaction(db, async (tx) => {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO stripe_event (id, type, created, payload, received_at)
      VALUES (${e.id}, ${e.type}, ${BigInt(e.created)}, ${input.rawBody}::jsonb, ${now}::timestamptz)
      ON CONFLICT (id) DO NOTHING
      RETURNING id`
    if (!inserted[0]) {
      const first = await tx.stripeEvent.findUnique({ where: { id: e.id }, select: { outcome: true } })
      return { eventId: e.id, type: e.type, duplicate: true, outcome: first?.outcome ?? 'unknown' }
    }
    const outcome = await processEvent(tx, now, e)
    await tx.$executeRaw`UPDATE stripe_event SET processed_at = ${now}::timestamptz, outcome = ${outcome} WHERE id = ${e.id}`
    return { eventId: e.id, type: e.type, duplicate: false, outcome }
  })
}

async function processEvent(tx: Tx, now: Date, event: StripeEventLike): Promise<string> {
  const target = statusFromEvent(event.type)
  if (target) return paymentIntentEvent(tx, now, event, event.data.object as unknown as Stripe.PaymentIntent, target)
  if (event.type === 'charge.refunded') return chargeRefunded(tx, now, event.data.object as unknown as Stripe.Charge)
  if (event.type === 'refund.created' || event.type === 'refund.updated' || event.type === 'refund.failed')
    return refundEvent(tx, now, event.data.object as unknown as Stripe.Refund)
  return 'ignored:event-type'
}

function lastErrorText(intent: Stripe.PaymentIntent): string | null {
  return formatPaymentError(intent.last_payment_error)
}

/**
 * The payment row of a PaymentIntent this app created but whose row was not written (the process
 * stopped between Stripe's answer and the insert): adopted from metadata.booking_id when the
 * booking has no PaymentIntent yet.
 */
async function adoptPayment(tx: Tx, now: Date, intent: Stripe.PaymentIntent): Promise<PaymentRow | null> {
  const bookingId = intent.metadata?.booking_id
  if (!bookingId || !isUuid(bookingId) || intent.currency !== 'cny') return null
  const booking = await tx.$queryRaw<{ copay_fen: bigint }[]>`
    SELECT copay_fen FROM booking WHERE id = ${bookingId}::uuid`
  if (!booking[0] || booking[0].copay_fen !== BigInt(intent.amount)) return null
  await tx.$executeRaw`
    INSERT INTO payment (booking_id, provider, intent_id, client_secret, amount_fen, currency, status, created_at, updated_at)
    VALUES (${bookingId}::uuid, 'stripe', ${intent.id}, ${intent.client_secret ?? null}, ${BigInt(intent.amount)}, 'cny',
            'requires_payment_method', ${now}::timestamptz, ${now}::timestamptz)
    ON CONFLICT (booking_id) DO UPDATE SET intent_id = EXCLUDED.intent_id WHERE payment.intent_id IS NULL`
  return lockPaymentByIntent(tx, intent.id)
}

/** fireInTx under a savepoint: a refusal rolls back the engine's partial work and leaves the transaction usable. */
async function fireSafely(tx: Tx, now: Date, input: FireInput): Promise<Fired | { refused: string }> {
  await tx.$executeRawUnsafe('SAVEPOINT stripe_webhook_fire')
  try {
    const fired = await fireInTx(tx, now, input)
    await tx.$executeRawUnsafe('RELEASE SAVEPOINT stripe_webhook_fire')
    return fired
  } catch (error) {
    if (!(error instanceof Refusal)) throw error
    await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT stripe_webhook_fire')
    return { refused: error.reason }
  }
}

const SYSTEM = { kind: 'system', userId: null } as const

async function paymentCounted(tx: Tx, bookingId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM booking_event WHERE booking_id = ${bookingId}::uuid AND transition = 'pay'`
  return (rows[0]?.n ?? 0) > 0
}

async function paymentIntentEvent(
  tx: Tx,
  now: Date,
  event: StripeEventLike,
  intent: Stripe.PaymentIntent,
  target: PaymentStatus,
): Promise<string> {
  if (typeof intent.id !== 'string') return 'ignored:malformed-payment-intent'
  const payment = (await lockPaymentByIntent(tx, intent.id)) ?? (await adoptPayment(tx, now, intent))
  if (!payment) return 'ignored:unknown-payment-intent'
  const created = BigInt(event.created)
  const decision = decidePaymentEvent(payment, { status: target, created })
  if (!decision.apply) return `unchanged:${decision.why}`

  const lastError = target === 'failed' ? lastErrorText(intent) : target === 'succeeded' ? null : payment.lastError
  await tx.$executeRaw`
    UPDATE payment SET status = ${target}, last_event_created = ${created}, last_error = ${lastError},
                       updated_at = ${now}::timestamptz
     WHERE id = ${payment.id}::uuid`

  let outcome: string
  let booking: Record<string, unknown> = {}
  if (target === 'succeeded') {
    const fired = await fireSafely(tx, now, {
      bookingId: payment.bookingId,
      name: 'pay',
      actor: SYSTEM,
      payment: { intentId: intent.id },
    })
    if ('refused' in fired) {
      outcome = `payment-succeeded:booking-refused:${fired.refused}`
    } else if (fired.changed || (await paymentCounted(tx, payment.bookingId))) {
      outcome = fired.changed ? 'booking-paid' : 'booking-already-paid'
      booking = { from: fired.from, to: fired.to }
    } else {
      // Paid after the booking ended (expired unpaid at pay_by, cancelled): the money goes back
      // (DOMAIN: refunds through the API with idempotency keys).
      const refundKey = `booking:${payment.bookingId}:late-payment`
      await enqueueOutbox(tx, 'payment.refund', { bookingId: payment.bookingId, refundKey })
      outcome = `late-payment:refund-enqueued:${fired.to}`
      booking = { status: fired.to, refundKey }
    }
  } else if (target === 'failed') {
    // DOMAIN (ADR 013): a declined attempt keeps the booking approved (and its hold and its
    // PaymentIntent) until pay_by; 'fail-payment' records why and tells the enterprise to pay again.
    const fired = await fireSafely(tx, now, {
      bookingId: payment.bookingId,
      name: 'fail-payment',
      actor: SYSTEM,
      payment: { intentId: intent.id, lastError },
    })
    if ('refused' in fired) outcome = `payment-failed:booking-refused:${fired.refused}`
    else {
      outcome = fired.changed ? 'payment-failed:retry-until-pay-by' : `payment-failed:booking-${fired.to}`
      booking = { from: fired.from, to: fired.to }
    }
  } else {
    outcome = `payment-${target}`
  }

  const enterprise = await tx.$queryRaw<{ enterprise_id: string }[]>`
    SELECT enterprise_id::text AS enterprise_id FROM booking WHERE id = ${payment.bookingId}::uuid`
  await appendAudit(tx, {
    actorUserId: null,
    orgType: 'enterprise',
    orgId: enterprise[0]!.enterprise_id,
    action: `payment.${target}`,
    entityType: 'booking',
    entityId: payment.bookingId,
    before: { status: payment.status },
    after: {
      status: target,
      paymentId: payment.id,
      intentId: intent.id,
      amountFen: payment.amountFen,
      stripeEventId: event.id,
      lastError,
      outcome,
      booking,
    },
    at: now,
  })
  return outcome
}

async function chargeRefunded(tx: Tx, now: Date, charge: Stripe.Charge): Promise<string> {
  const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id
  if (!intentId || !Number.isSafeInteger(charge.amount_refunded)) return 'ignored:malformed-charge'
  const payment = await lockPaymentByIntent(tx, intentId)
  if (!payment) return 'ignored:unknown-payment-intent'
  // Stripe's running total on the charge: only ever grows, so a late or repeated event is harmless.
  const reported = BigInt(charge.amount_refunded)
  const refunded = reported > payment.amountFen ? payment.amountFen : reported
  if (refunded <= payment.refundedFen) return 'unchanged:refunded'
  await tx.$executeRaw`
    UPDATE payment SET refunded_fen = ${refunded}, updated_at = ${now}::timestamptz WHERE id = ${payment.id}::uuid`
  await auditRefund(tx, now, payment, 'payment.refunded', {
    refundedFen: refunded,
    previousRefundedFen: payment.refundedFen,
    chargeId: charge.id,
  })
  return `refunded:${refunded}`
}

const REFUND_FINAL = new Set(['succeeded', 'failed', 'canceled'])

async function refundEvent(tx: Tx, now: Date, refund: Stripe.Refund): Promise<string> {
  if (typeof refund.id !== 'string') return 'ignored:malformed-refund'
  const refundKey = refund.metadata?.refund_key ?? null
  const rows = await tx.$queryRaw<{ id: string; payment_id: string; status: string; refund_id: string | null }[]>`
    SELECT id::text AS id, payment_id::text AS payment_id, status, refund_id FROM payment_refund
     WHERE refund_id = ${refund.id} OR (refund_id IS NULL AND idempotency_key = ${refundKey})
     ORDER BY (refund_id IS NULL) LIMIT 1
       FOR UPDATE`
  const row = rows[0]
  if (!row) return 'ignored:unknown-refund'
  const status =
    refund.status === 'succeeded' || refund.status === 'failed' || refund.status === 'canceled'
      ? refund.status
      : 'pending'
  // A final status stays final, except a refund Stripe later reports failed.
  const moves = row.status !== status && (!REFUND_FINAL.has(row.status) || status === 'failed')
  await tx.$executeRaw`
    UPDATE payment_refund SET refund_id = coalesce(refund_id, ${refund.id}), status = ${moves ? status : row.status},
                              updated_at = ${now}::timestamptz
     WHERE id = ${row.id}::uuid`
  if (!moves) return `unchanged:refund-${row.status}`
  const payment = await paymentById(tx, row.payment_id)
  if (status === 'succeeded') await syncRefundedFen(tx, now, row.payment_id)
  if (payment)
    await auditRefund(tx, now, payment, `payment.refund-${status}`, { refundRowId: row.id, refundId: refund.id })
  return `refund-${status}`
}

async function paymentById(tx: Tx, paymentId: string): Promise<PaymentRow | null> {
  const rows = await tx.$queryRaw<{ booking_id: string }[]>`
    SELECT booking_id::text AS booking_id FROM payment WHERE id = ${paymentId}::uuid`
  return rows[0] ? paymentOfBooking(tx, rows[0].booking_id) : null
}

/** payment.refunded_fen ≥ what our succeeded refunds add up to (never lowered: Stripe's charge total also counts). */
export async function syncRefundedFen(tx: Tx, now: Date, paymentId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE payment p
       SET refunded_fen = least(p.amount_fen, greatest(p.refunded_fen, coalesce(
             (SELECT sum(r.amount_fen) FROM payment_refund r WHERE r.payment_id = p.id AND r.status = 'succeeded'), 0))),
           updated_at = ${now}::timestamptz
     WHERE p.id = ${paymentId}::uuid`
}

export async function auditRefund(
  tx: Tx,
  now: Date,
  payment: PaymentRow,
  action: string,
  after: Record<string, unknown>,
): Promise<void> {
  const enterprise = await tx.$queryRaw<{ enterprise_id: string }[]>`
    SELECT enterprise_id::text AS enterprise_id FROM booking WHERE id = ${payment.bookingId}::uuid`
  await appendAudit(tx, {
    actorUserId: null,
    orgType: 'enterprise',
    orgId: enterprise[0]!.enterprise_id,
    action,
    entityType: 'booking',
    entityId: payment.bookingId,
    after: { paymentId: payment.id, intentId: payment.intentId, ...after },
    at: now,
  })
}
