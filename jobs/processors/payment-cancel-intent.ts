import { cancelCopayIntent } from '~/features/payments/cancel-intent.server'
import type { Processor } from '../processor-map'

/**
 * `payment.cancel-intent` (outbox: the engine's cancel-copay-intent effect when a booking ends
 * unpaid — expire-unpaid at pay_by, cancel from approved; a declined attempt alone never ends the
 * booking, ADR 013). Cancels the booking's PaymentIntent at Stripe once; a rerun finds it
 * canceled. A PaymentIntent that succeeded first is left alone:
 * the payment_intent.succeeded webhook refunds the late payment. A network or Stripe server error
 * throws so BullMQ retries; Stripe refusing is an answer, not a failure.
 */
export const paymentCancelIntent: Processor<'payment.cancel-intent'> = async ({ bookingId }, { db, now, logger }) => {
  const outcome = await cancelCopayIntent({ db, now: now() }, { bookingId })
  if (outcome.ok) {
    const { intentId, recorded, calledStripe } = outcome.value
    logger.info(
      { bookingId, intentId, recorded, calledStripe },
      recorded ? 'PaymentIntent canceled' : 'PaymentIntent already canceled',
    )
    return { canceled: true, ...outcome.value }
  }
  if (outcome.reason === 'payment-succeeded')
    logger.info(
      { bookingId, details: outcome.details },
      'PaymentIntent already succeeded: not canceled; the late-payment refund returns the money',
    )
  else
    logger[outcome.reason === 'cancel-rejected' ? 'warn' : 'info'](
      { bookingId, reason: outcome.reason, details: outcome.details },
      'PaymentIntent not canceled',
    )
  return { canceled: false, reason: outcome.reason }
}
