import { fireBookingTransition } from '~/features/bookings/fire.server'
import type { Processor } from '../processor-map'

/**
 * `booking.expire-if-unpaid`: the co-payment timer, published by the relay as a delayed job due at
 * the booking's pay-by time. The engine checks the guard (still `approved`, pay_by passed), so a
 * timer that fires late, twice, or after the payment changes nothing.
 */
export const bookingExpireIfUnpaid: Processor<'booking.expire-if-unpaid'> = async (
  { bookingId },
  { db, now, logger },
) => {
  const outcome = await fireBookingTransition(
    { db, now: now() },
    { bookingId, name: 'expire-unpaid', actor: { kind: 'system', userId: null } },
  )
  if (outcome.ok) {
    if (outcome.value.changed) logger.info({ bookingId }, 'unpaid booking expired; voucher hold voided')
    return { changed: outcome.value.changed }
  }
  // An expected outcome (e.g. the booking no longer exists): nothing to retry.
  logger.warn({ bookingId, reason: outcome.reason }, 'unpaid booking not expired')
  return { changed: false, reason: outcome.reason }
}
