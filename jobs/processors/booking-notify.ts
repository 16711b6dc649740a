import { notifyBooking } from '~/features/notifications/notify-booking.server'
import type { Processor } from '../processor-map'

/**
 * `booking.notify` (outbox, written by every transition that notifies — fire.server.ts): mails the
 * people the event concerns. The use case records one mail_message per recipient by
 * `${eventId}:${userId}` and sends only unsent rows, so a redelivered or concurrent job sends
 * nothing twice. A transport failure throws: BullMQ retries, and only the unsent mails go out.
 */
export const bookingNotify: Processor<'booking.notify'> = async (payload, { db, now, logger }) => {
  const outcome = await notifyBooking({ db, now: now() }, payload)
  if (!outcome.ok) {
    // Expected (a booking that no longer exists, an event with no mail): nothing to retry.
    logger.warn({ ...payload, reason: outcome.reason }, 'booking event not notified')
    return { notified: false, reason: outcome.reason }
  }
  if (outcome.value.sent > 0) logger.info({ ...payload, ...outcome.value }, 'booking event mailed')
  return { notified: true, channel: 'mail', ...outcome.value }
}
