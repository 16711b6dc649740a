import { findOverdueBookings } from '~/features/bookings/expire-booking.server'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import type { Processor } from '../processor-map'

const BATCH = 100

/**
 * `bookings.sweep-overdue-requests` (every minute, jobs/schedules.ts): backs up the per-booking
 * timers (a timer lost with Redis, or never published) by firing every timed transition that is
 * due: requests undecided by decide_by expire, approvals unpaid by pay_by expire (both void the
 * voucher hold), deliveries unconfirmed by confirm_by are confirmed (and claimed). Each booking is
 * moved in its own transaction by the booking engine, the same as the timer, so a sweep racing a
 * timer, another sweep or a person is harmless: whoever comes second finds the guard false.
 * (The job keeps its first name, which its schedule id and history carry.)
 */
export const bookingsSweepOverdueRequests: Processor<'bookings.sweep-overdue-requests'> = async (
  _payload,
  { db, now, logger },
) => {
  const at = now() // one instant for the whole sweep
  let expired = 0
  let confirmed = 0
  let unchanged = 0
  const refused: Record<string, number> = {}
  const seen = new Set<string>()
  for (;;) {
    const due = (await findOverdueBookings({ db, now: at, limit: BATCH })).filter((b) => !seen.has(b.id))
    // A booking that stays overdue after an attempt (refused, or raced) is not retried in this
    // sweep: the next one comes in a minute, and this loop must end.
    if (due.length === 0) break
    for (const { id: bookingId, transition } of due) {
      seen.add(bookingId)
      const outcome = await fireBookingTransition(
        { db, now: at },
        { bookingId, name: transition, actor: { kind: 'system', userId: null } },
      )
      if (!outcome.ok) {
        refused[outcome.reason] = (refused[outcome.reason] ?? 0) + 1
        logger.warn({ bookingId, transition, reason: outcome.reason }, 'overdue booking not moved')
      } else if (!outcome.value.changed) unchanged++
      else if (transition === 'auto-confirm') confirmed++
      else expired++
    }
  }
  if (expired > 0 || confirmed > 0 || Object.keys(refused).length > 0)
    logger.info({ expired, confirmed, unchanged, refused }, 'overdue bookings swept')
  return { expired, confirmed, unchanged, refused }
}
