import { refundUnowedCopay } from '~/features/payments/refund.server'
import type { Processor } from '../processor-map'

/**
 * `payment.refund` (outbox: the engine's refund-copay effect on cancellation or delivery, or the
 * Stripe webhook for a payment that came after the booking ended). The refund key makes a rerun
 * refund once; a network failure throws so BullMQ retries; Stripe refusing, or nothing left to
 * refund, is an answer, not a failure.
 */
export const paymentRefund: Processor<'payment.refund'> = async ({ bookingId, refundKey }, { db, now, logger }) => {
  const outcome = await refundUnowedCopay({ db, now: now() }, { bookingId, refundKey })
  if (outcome.ok) {
    logger.info(
      { bookingId, refundKey, refundId: outcome.value.refundId, amountFen: outcome.value.amountFen.toString() },
      outcome.value.created ? 'co-payment refunded' : 'co-payment refund already made',
    )
    return { ...outcome.value, amountFen: outcome.value.amountFen.toString() }
  }
  const level = outcome.reason === 'refund-rejected' ? 'warn' : 'info'
  logger[level]({ bookingId, refundKey, reason: outcome.reason, details: outcome.details }, 'no co-payment refund')
  return { refunded: false, reason: outcome.reason }
}
