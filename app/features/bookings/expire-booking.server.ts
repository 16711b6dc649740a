import { getDb, type Db } from '~/infra/db.server'
import type { Outcome } from '~/infra/tx.server'
import { fireBookingTransition } from './fire.server'

/**
 * The decide-by timer (DOMAIN: a request not approved in 3 days expires): fires the engine's
 * `expire` transition as the system. If the booking is still `requested` and its deadline has
 * passed, it becomes `expired` and its voucher hold is voided. Otherwise nothing changes, so a
 * late, duplicate or concurrent timer is harmless: the engine locks the booking row first, and the
 * second worker finds the guard false.
 */
export async function expireBooking(
  ctx: { db?: Db; now?: Date },
  input: { bookingId: string },
): Promise<Outcome<{ changed: boolean }>> {
  const outcome = await fireBookingTransition(ctx, {
    bookingId: input.bookingId,
    name: 'expire',
    actor: { kind: 'system', userId: null },
  })
  return outcome.ok ? { ok: true, value: { changed: outcome.value.changed } } : outcome
}

/** Ids of `requested` bookings whose decide-by time has passed, oldest deadline first (the sweep's batch). */
export async function findOverdueRequestedBookingIds({
  db,
  now,
  limit,
}: {
  db?: Db
  now: Date
  limit: number
}): Promise<string[]> {
  const rows = await (db ?? getDb()).$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM booking
     WHERE status = 'requested' AND decide_by <= ${now}::timestamptz
     ORDER BY decide_by, id LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/** A booking past one of its deadlines, and the timed transition that is due. */
export type OverdueBooking = { id: string; transition: 'expire' | 'expire-unpaid' | 'auto-confirm' }

/**
 * Every booking past a deadline whose timer has not acted yet (the sweep's batch, backing up the
 * timers): requests undecided by decide_by, approvals unpaid by pay_by, deliveries unconfirmed by
 * confirm_by; oldest deadline first. Each of the three reads its (status, deadline) index.
 */
export async function findOverdueBookings({
  db,
  now,
  limit,
}: {
  db?: Db
  now: Date
  limit: number
}): Promise<OverdueBooking[]> {
  return (db ?? getDb()).$queryRaw<OverdueBooking[]>`
    SELECT id, transition FROM (
      (SELECT id::text AS id, 'expire' AS transition, decide_by AS due FROM booking
        WHERE status = 'requested' AND decide_by <= ${now}::timestamptz ORDER BY decide_by LIMIT ${limit})
      UNION ALL
      (SELECT id::text, 'expire-unpaid', pay_by FROM booking
        WHERE status = 'approved' AND pay_by <= ${now}::timestamptz ORDER BY pay_by LIMIT ${limit})
      UNION ALL
      (SELECT id::text, 'auto-confirm', confirm_by FROM booking
        WHERE status = 'delivered' AND confirm_by <= ${now}::timestamptz ORDER BY confirm_by LIMIT ${limit})
    ) overdue
    ORDER BY due, id LIMIT ${limit}`
}
