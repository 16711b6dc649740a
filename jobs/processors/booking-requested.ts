import type { Processor } from '../processor-map'

/**
 * `booking.requested` (outbox, after the request committed): the institution is told a booking
 * awaits its decision. Until mail exists (a later issue) the notification is this log line, which
 * names the booking and the job: a redelivery logs the same line again and changes nothing.
 * The approval deadline itself is the separate timer job `booking.expire-if-undecided`.
 */
export const bookingRequested: Processor<'booking.requested'> = async ({ bookingId }, { logger }) => {
  // The logger already carries the job name and id (jobs/worker.ts).
  logger.info({ bookingId, channel: 'log' }, 'institution notified of a requested booking')
  return { notified: true, channel: 'log' }
}
