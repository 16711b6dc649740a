import { expireBooking } from '~/features/bookings/expire-booking.server'
import type { Processor } from '../processor-map'

/**
 * `booking.expire-if-undecided`: the approval timer, published by the relay as a delayed job due
 * at the booking's decide-by time. The use case checks the guard (still `requested`, deadline
 * passed), so a timer that fires late, twice, or after a decision changes nothing.
 */
export const bookingExpireIfUndecided: Processor<'booking.expire-if-undecided'> = async (
  { bookingId },
  { db, now, logger },
) => {
  const outcome = await expireBooking({ db, now: now() }, { bookingId })
  if (outcome.ok) {
    if (outcome.value.changed) logger.info({ bookingId }, 'booking expired undecided; voucher hold voided')
    return outcome.value
  }
  // An expected outcome (e.g. the booking no longer exists): nothing to retry.
  logger.warn({ bookingId, reason: outcome.reason }, 'booking not expired')
  return { changed: false, reason: outcome.reason }
}
