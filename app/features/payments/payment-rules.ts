// The co-payment's rules (DOMAIN: co-payment = fee − voucher share, paid through Stripe in CNY;
// refunds on cancellation). Pure: no database, no clock, no Stripe.

/**
 * payment.status: Stripe's PaymentIntent statuses, plus 'failed': the last attempt was declined.
 * Not an end: Stripe keeps the PaymentIntent in requires_payment_method, so the enterprise may pay
 * again until pay_by (ADR 013), and the next attempt's events move the payment on.
 */
export const PAYMENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'failed',
  'succeeded',
  'canceled',
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** The payment method types offered for the co-payment (bank card, Alipay, WeChat Pay). */
export const COPAY_METHOD_TYPES = ['card', 'alipay', 'wechat_pay'] as const

/**
 * The Stripe idempotency key of a booking's PaymentIntent: opening the payment page twice, two
 * tabs, a retried request — one PaymentIntent. `v1`: a new version of the co-payment (never needed
 * so far) would get a new key.
 */
export function copayIdempotencyKey(bookingId: string): string {
  return `booking:${bookingId}:copay:v1`
}

/** The Stripe idempotency key of one refund, from its business key (the payment_refund row's). */
export function refundIdempotencyKey(refundKey: string): string {
  return `refund:${refundKey}`
}

/** How far along a payment is. An event never moves a payment to a lower rank at the same time. */
const RANK: Record<PaymentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 1,
  requires_action: 2,
  processing: 3,
  failed: 4,
  succeeded: 5,
  canceled: 5,
}

export function isFinal(status: PaymentStatus): boolean {
  return status === 'succeeded' || status === 'canceled'
}

/** The payment status a PaymentIntent event says the payment is in (null: the event does not move it). */
export function statusFromEvent(type: string): PaymentStatus | null {
  switch (type) {
    case 'payment_intent.succeeded':
      return 'succeeded'
    case 'payment_intent.payment_failed':
      return 'failed'
    case 'payment_intent.canceled':
      return 'canceled'
    case 'payment_intent.processing':
      return 'processing'
    case 'payment_intent.requires_action':
      return 'requires_action'
    default:
      return null
  }
}

export type EventDecision =
  | { apply: true; status: PaymentStatus }
  | {
      apply: false
      /**
       * final: the payment already succeeded or was canceled — a later failure cannot undo a charge;
       * stale: an event older than the last one applied (Stripe does not deliver in order);
       * not-forward: as old as the last one and no further along (a duplicate under a new id).
       */
      why: 'final' | 'stale' | 'not-forward'
    }

/**
 * Whether a PaymentIntent event moves the payment (DOMAIN: webhooks are safe against duplicates
 * and out-of-order delivery). Events carry Stripe's `created` (seconds); several can share one
 * second, so ties go by how far along the status is. A succeeded payment stays succeeded.
 *
 * A retry after a decline (ADR 013) is the same PaymentIntent confirmed again: its events are
 * newer than the decline's, so they apply — a failed payment goes on to requires_action,
 * processing or succeeded — and a decline delivered late, after the retry's first event, is stale
 * and cannot set the payment back to failed. A success and a decline in one second: the success
 * wins either way round.
 */
export function decidePaymentEvent(
  current: { status: PaymentStatus; lastEventCreated: bigint | null },
  event: { status: PaymentStatus; created: bigint },
): EventDecision {
  if (isFinal(current.status)) return { apply: false, why: 'final' }
  const last = current.lastEventCreated
  if (last !== null && event.created < last) return { apply: false, why: 'stale' }
  if (last !== null && event.created === last && RANK[event.status] <= RANK[current.status])
    return { apply: false, why: 'not-forward' }
  return { apply: true, status: event.status }
}

export type RefundBasis = {
  status: string
  cancellationFeeFen: bigint | null
  finalCopayFen: bigint | null
}

/**
 * What the enterprise still owes of a paid co-payment: after a cancellation the cancellation fee
 * (DOMAIN: only the co-payment can cover it); after delivery the final co-payment (a lower final
 * fee); a booking that ended without service (expired, rejected) while a payment came in owes
 * nothing. Otherwise the whole payment stands (null: nothing to refund now).
 */
export function copayOwedFen(booking: RefundBasis): bigint | null {
  if (booking.status === 'cancelled') return booking.cancellationFeeFen ?? 0n
  if (booking.status === 'expired' || booking.status === 'rejected') return 0n
  if (booking.finalCopayFen !== null) return booking.finalCopayFen
  return null
}

/**
 * The refund that brings a payment down to what is owed, given what other refunds already took
 * back (never negative; never more than is left).
 */
export function refundDueFen(input: { amountFen: bigint; refundedElsewhereFen: bigint; owedFen: bigint }): bigint {
  const left = input.amountFen - input.refundedElsewhereFen
  const due = left - input.owedFen
  return due > 0n ? due : 0n
}

/**
 * The Stripe idempotency key of the cancellation of a booking's PaymentIntent (one PaymentIntent
 * per booking, so one cancellation): a rerun of the job gets Stripe's first answer replayed.
 */
export function cancelIntentIdempotencyKey(bookingId: string): string {
  return `booking:${bookingId}:copay:v1:cancel`
}

/** Booking states in which a co-payment is no longer taken: the booking ended without service. */
const ENDED_UNPAID = ['expired', 'cancelled', 'rejected']

/** A PaymentIntent that could still be paid: the payment has one, and it neither succeeded nor was canceled. */
export function hasOpenIntent(payment: { intentId: string | null; status: PaymentStatus } | null): boolean {
  return payment !== null && payment.intentId !== null && !isFinal(payment.status)
}

export type IntentCancelDecision =
  | { cancel: true }
  | {
      cancel: false
      /**
       * no-payment: the page was never opened (no PaymentIntent); already-canceled: a rerun, or
       * the webhook was first; payment-succeeded: the money came in before the booking ended (the
       * late-payment refund returns it); booking-not-ended: never cancel what may still be paid.
       */
      why: 'no-payment' | 'already-canceled' | 'payment-succeeded' | 'booking-not-ended'
    }

/**
 * Whether the 'payment.cancel-intent' job asks Stripe to cancel the booking's PaymentIntent
 * (DOMAIN: a booking that ended before its co-payment was paid takes no payment any more).
 */
export function decideIntentCancel(input: {
  bookingStatus: string
  payment: { intentId: string | null; status: PaymentStatus } | null
}): IntentCancelDecision {
  const { payment } = input
  if (!payment?.intentId) return { cancel: false, why: 'no-payment' }
  if (payment.status === 'canceled') return { cancel: false, why: 'already-canceled' }
  if (payment.status === 'succeeded') return { cancel: false, why: 'payment-succeeded' }
  if (!ENDED_UNPAID.includes(input.bookingStatus)) return { cancel: false, why: 'booking-not-ended' }
  return { cancel: true }
}

/**
 * What Stripe's `payment_intent_unexpected_state` answer to a cancellation means, from the status
 * of the PaymentIntent it carries: already canceled (a rerun after Stripe forgot the idempotency
 * key, or a cancellation elsewhere) counts as done; succeeded means the payment won the race —
 * nothing more to do here, the succeeded webhook refunds it; anything else is a refusal.
 */
export function cancelRefusalMeans(intentStatus: string | null | undefined): 'canceled' | 'succeeded' | 'refused' {
  if (intentStatus === 'canceled') return 'canceled'
  if (intentStatus === 'succeeded') return 'succeeded'
  return 'refused'
}
