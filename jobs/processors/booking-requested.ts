import { notifyBooking, requestEventId } from '~/features/notifications/notify-booking.server'
import type { Processor } from '../processor-map'

/**
 * `booking.requested` (outbox, after the request committed): mails the institution's staff that a
 * booking awaits their decision — the 'request' event of `booking.notify`, under one event id per
 * booking, so a redelivery (or rows written before booking.notify existed) mails each person once.
 * The approval deadline itself is the separate timer job `booking.expire-if-undecided`.
 */
export const bookingRequested: Processor<'booking.requested'> = async ({ bookingId }, { db, now, logger }) => {
  const outcome = await notifyBooking(
    { db, now: now() },
    { bookingId, event: 'request', eventId: requestEventId(bookingId) },
  )
  if (!outcome.ok) {
    logger.warn({ bookingId, reason: outcome.reason }, 'booking request not notified')
    return { notified: false, reason: outcome.reason }
  }
  if (outcome.value.sent > 0)
    logger.info({ bookingId, ...outcome.value }, 'institution mailed about a requested booking')
  return { notified: true, channel: 'mail', ...outcome.value }
}
