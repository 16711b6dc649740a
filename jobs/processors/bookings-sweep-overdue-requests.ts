import { expireBooking, findOverdueRequestedBookingIds } from '~/features/bookings/expire-booking.server'
import type { Processor } from '../processor-map'

const BATCH = 100

/**
 * `bookings.sweep-overdue-requests` (every minute, jobs/schedules.ts): backs up the per-booking
 * timers by expiring every `requested` booking past its decide-by time, which voids its voucher
 * hold. Each booking is expired in its own transaction by the same use case as the timer, so a
 * sweep racing a timer, another sweep or a decision is harmless.
 */
export const bookingsSweepOverdueRequests: Processor<'bookings.sweep-overdue-requests'> = async (
  _payload,
  { db, now, logger },
) => {
  const at = now() // one instant for the whole sweep
  let expired = 0
  let unchanged = 0
  const refused: Record<string, number> = {}
  const seen = new Set<string>()
  for (;;) {
    const ids = (await findOverdueRequestedBookingIds({ db, now: at, limit: BATCH })).filter((id) => !seen.has(id))
    // A booking that stays overdue after an attempt (refused, or raced) is not retried in this
    // sweep: the next one comes in a minute, and this loop must end.
    if (ids.length === 0) break
    for (const bookingId of ids) {
      seen.add(bookingId)
      const outcome = await expireBooking({ db, now: at }, { bookingId })
      if (!outcome.ok) {
        refused[outcome.reason] = (refused[outcome.reason] ?? 0) + 1
        logger.warn({ bookingId, reason: outcome.reason }, 'overdue booking not expired')
      } else if (outcome.value.changed) expired++
      else unchanged++
    }
  }
  if (expired > 0 || Object.keys(refused).length > 0)
    logger.info({ expired, unchanged, refused }, 'overdue requests swept')
  return { expired, unchanged, refused }
}
