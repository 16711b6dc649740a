import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Tx } from '~/infra/db.server'
import { getStripe, Stripe } from '~/infra/stripe.server'
import { inTransaction, refused, type Outcome } from '~/infra/tx.server'
import { cancelIntentIdempotencyKey, cancelRefusalMeans, decideIntentCancel, isFinal } from './payment-rules'
import { lockPaymentByIntent, paymentOfBooking, type PaymentRow } from './queries.server'
import type { PaymentCtx } from './start-copayment.server'

// DOMAIN: a booking that ended before its co-payment was paid (expired unpaid at pay_by — after no
// attempt or only declined ones, ADR 013 — or cancelled while approved) takes no payment any more:
// its PaymentIntent is canceled at Stripe, so the enterprise cannot pay for a booking that no
// longer exists. Run by the 'payment.cancel-intent' job the booking engine enqueues (effect
// cancel-copay-intent). Stripe decides a race with a payment in flight: a PaymentIntent that
// already succeeded cannot be canceled, and the payment_intent.succeeded webhook refunds it as a
// late payment.

export type CancelIntentReason =
  /** No PaymentIntent (the page was never opened). */
  | 'no-payment'
  /** The payment succeeded (our record, or Stripe's answer): the late-payment refund returns it. */
  | 'payment-succeeded'
  /** The booking is still waiting for payment, or went on: never cancel a payment it may need. */
  | 'booking-not-ended'
  /** Stripe refused the cancellation for another reason (final; logged). */
  | 'cancel-rejected'

export type CancelIntentResult = {
  paymentId: string
  intentId: string
  status: 'canceled'
  /** Whether this call recorded the cancellation (false: a rerun, or the webhook was first). */
  recorded: boolean
  /** Whether this call asked Stripe (false: the payment row already said canceled). */
  calledStripe: boolean
}

/**
 * Cancels the PaymentIntent of a booking that ended unpaid (cancellation_reason 'abandoned', under
 * the booking's idempotency key) and records the payment as canceled with an audit record.
 * Idempotent: a rerun finds the payment canceled and does nothing. A network or Stripe server
 * error throws (the job retries); Stripe's refusals are answers.
 */
export async function cancelCopayIntent(
  ctx: PaymentCtx,
  input: { bookingId: string },
): Promise<Outcome<CancelIntentResult>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const rows = await db.$queryRaw<{ status: string }[]>`
    SELECT status::text AS status FROM booking WHERE id = ${input.bookingId}::uuid`
  const payment = await paymentOfBooking(db, input.bookingId)
  const decision = decideIntentCancel({ bookingStatus: rows[0]?.status ?? 'missing', payment })
  if (!decision.cancel) {
    if (decision.why === 'already-canceled') return done(payment!, { recorded: false, calledStripe: false })
    return refused(decision.why, {
      bookingId: input.bookingId,
      bookingStatus: rows[0]?.status ?? null,
      paymentStatus: payment?.status ?? null,
    })
  }
  const intentId = payment!.intentId!

  let intent: Stripe.PaymentIntent
  try {
    intent = await (ctx.stripe ?? getStripe()).paymentIntents.cancel(
      intentId,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: cancelIntentIdempotencyKey(input.bookingId) },
    )
  } catch (error) {
    if (
      !(error instanceof Stripe.errors.StripeInvalidRequestError) &&
      !(error instanceof Stripe.errors.StripeIdempotencyError)
    )
      throw error
    const intentStatus = error.code === 'payment_intent_unexpected_state' ? error.payment_intent?.status : null
    const means = cancelRefusalMeans(intentStatus)
    if (means === 'succeeded')
      return refused('payment-succeeded', { bookingId: input.bookingId, intentId, source: 'stripe' })
    if (means === 'refused')
      return refused('cancel-rejected', {
        bookingId: input.bookingId,
        intentId,
        code: error.code ?? null,
        message: error.message,
      })
    // Already canceled at Stripe (our key forgotten after 24 h, or canceled in the dashboard).
    intent = error.payment_intent!
  }
  if (intent.status !== 'canceled')
    throw new Error(
      `Stripe answered the cancellation of ${intentId} (booking ${input.bookingId}) with ${intent.status}`,
    )

  const canceled = intent
  return inTransaction(db, (tx) => recordCanceled(tx, now, payment!, canceled))
}

function done(payment: PaymentRow, how: { recorded: boolean; calledStripe: boolean }): Outcome<CancelIntentResult> {
  return { ok: true, value: { paymentId: payment.id, intentId: payment.intentId!, status: 'canceled', ...how } }
}

/**
 * The payment row follows Stripe: canceled, with an audit record — unless the
 * payment_intent.canceled webhook got there first (it wrote both), which the lock makes visible.
 */
async function recordCanceled(
  tx: Tx,
  now: Date,
  payment: PaymentRow,
  intent: Stripe.PaymentIntent,
): Promise<CancelIntentResult> {
  const current = await lockPaymentByIntent(tx, intent.id)
  if (!current || isFinal(current.status)) {
    if (current?.status === 'succeeded')
      throw new Error(`payment ${payment.id} is succeeded but Stripe canceled its PaymentIntent ${intent.id}`)
    return { paymentId: payment.id, intentId: intent.id, status: 'canceled', recorded: false, calledStripe: true }
  }
  // last_error stays: the last declined attempt is part of why the booking ended unpaid.
  await tx.$executeRaw`
    UPDATE payment SET status = 'canceled', updated_at = ${now}::timestamptz WHERE id = ${current.id}::uuid`
  const enterprise = await tx.$queryRaw<{ enterprise_id: string }[]>`
    SELECT enterprise_id::text AS enterprise_id FROM booking WHERE id = ${current.bookingId}::uuid`
  await appendAudit(tx, {
    actorUserId: null,
    orgType: 'enterprise',
    orgId: enterprise[0]!.enterprise_id,
    action: 'payment.canceled',
    entityType: 'booking',
    entityId: current.bookingId,
    before: { status: current.status },
    after: {
      status: 'canceled',
      paymentId: current.id,
      intentId: intent.id,
      amountFen: current.amountFen,
      cancellationReason: intent.cancellation_reason,
      canceledAt: intent.canceled_at,
      source: 'payment.cancel-intent',
    },
    at: now,
  })
  return { paymentId: current.id, intentId: intent.id, status: 'canceled', recorded: true, calledStripe: true }
}
