import { appendAudit } from '~/features/audit/audit.server'
import { voidPendingTransfer } from '~/features/ledger/ledger.server'
import { getDb, type Db } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import { canFire } from './transitions'

/**
 * The decide-by timer (DOMAIN: a request not approved in 3 days expires): if the booking is still
 * `requested` and its deadline has passed, it becomes `expired` and its voucher hold is voided.
 * Otherwise nothing changes, so a late, duplicate or concurrent timer is harmless: the booking row
 * is locked first, and the second worker finds the guard false.
 */
export async function expireBooking(
  ctx: { db?: Db; now?: Date },
  input: { bookingId: string },
): Promise<Outcome<{ changed: boolean }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<
      { status: string; decide_by: Date | null; hold_transfer_id: bigint | null; enterprise_id: string }[]
    >`
      SELECT status::text AS status, decide_by, hold_transfer_id, enterprise_id::text AS enterprise_id
        FROM booking WHERE id = ${input.bookingId}::uuid FOR UPDATE`
    const booking = rows[0]
    if (!booking) throw new Refusal('booking-not-found', { bookingId: input.bookingId })
    // Guard 'decide-by-passed' of the `expire` transition.
    if (booking.status !== 'requested' || !booking.decide_by || booking.decide_by.getTime() > now.getTime()) {
      return { changed: false }
    }
    if (!canFire('expire', 'requested', 'system'))
      throw new Error('transitions table: the system can no longer expire a request')
    await tx.$executeRaw`UPDATE booking SET status = 'expired', updated_at = ${now}::timestamptz WHERE id = ${input.bookingId}::uuid`
    let voidTransferId: bigint | null = null
    if (booking.hold_transfer_id !== null) {
      const voided = await voidPendingTransfer(tx, {
        idempotencyKey: `booking-hold:${input.bookingId}:void`,
        pendingId: booking.hold_transfer_id,
      })
      voidTransferId = voided.id
    }
    await appendAudit(tx, {
      actorUserId: null,
      orgType: 'enterprise',
      orgId: booking.enterprise_id,
      action: 'booking.expired',
      entityType: 'booking',
      entityId: input.bookingId,
      before: { status: 'requested', decideBy: booking.decide_by },
      after: { status: 'expired', holdTransferId: booking.hold_transfer_id, voidTransferId },
      at: now,
    })
    return { changed: true }
  })
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
