import { fireBookingTransition } from '~/features/bookings/fire.server'
import type { Processor } from '../processor-map'

/**
 * `booking.auto-confirm`: the confirmation timer, published by the relay as a delayed job due at
 * the booking's confirm-by time (DOMAIN: 7 days after delivery). The engine checks the guard (still
 * `delivered`, confirm_by passed), so a timer after the enterprise confirmed or disputed, or a
 * second delivery of it, changes nothing. Confirming also makes the redemption claim.
 */
export const bookingAutoConfirm: Processor<'booking.auto-confirm'> = async ({ bookingId }, { db, now, logger }) => {
  const outcome = await fireBookingTransition(
    { db, now: now() },
    { bookingId, name: 'auto-confirm', actor: { kind: 'system', userId: null } },
  )
  if (outcome.ok) {
    if (outcome.value.changed) logger.info({ bookingId, status: outcome.value.to }, 'booking confirmed automatically')
    return { changed: outcome.value.changed }
  }
  logger.warn({ bookingId, reason: outcome.reason }, 'booking not confirmed automatically')
  return { changed: false, reason: outcome.reason }
}
