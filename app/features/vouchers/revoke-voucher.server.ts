import { appendAudit } from '~/features/audit/audit.server'
import { TRANSFER_KIND } from '~/features/ledger/accounts'
import { createTransfer, getAccountBalances, voidPendingTransfer } from '~/features/ledger/ledger.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { inTransaction, Refusal, refused, type Outcome } from '~/infra/tx.server'
import {
  lockVoucher,
  lockVoucherAccount,
  lockVoucherBookings,
  pendingHolds,
  redeemedFromVoucher,
  type PendingHold,
} from './queries.server'
import { checkRevokeReason, VOUCHER_REVOKED_FLAG } from './revocation'

export type RevokeVoucherReason = 'voucher-not-found' | 'already-revoked' | 'reason-required' | 'reason-too-long'

export type RevokedVoucher = {
  /** Always true when revoked: a second revocation is refused ('already-revoked'), never a silent no-op. */
  changed: boolean
  voidedHolds: number
  returnedFen: bigint
  clawbackFen: bigint
  flaggedBookings: number
}

export { VOUCHER_REVOKED_FLAG }

/**
 * Revokes a voucher (DOMAIN: fraud; open holds are voided and a clawback is recorded), in one
 * transaction: its still-pending booking holds are voided, its whole free balance goes back to the
 * programme budget ('voucher-revocation' transfer), what redemptions already took (posted holds)
 * is recorded as the clawback, every booking it funded gets a 'voucher-revoked' flag for the
 * auditor, and the voucher is marked revoked with who, when and why. An expired voucher can still
 * be revoked (fraud found late): what its holds still keep goes back too.
 *
 * Booking statuses are NOT changed here: a booking whose hold was voided stays where it is, and
 * issue 5 decides what an open booking without a voucher share does next (the flag marks it).
 *
 * The permission ('revoke:voucher:any', a city officer) is the route's to check; this records the actor.
 * Refusals: 'reason-required', 'reason-too-long', 'voucher-not-found', 'already-revoked'.
 */
export async function revokeVoucher(
  ctx: { db?: Db; now?: Date },
  input: { voucherId: string; reason: string; actorUserId: string },
): Promise<Outcome<RevokedVoucher>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const checked = checkRevokeReason(input.reason)
  if (!checked.ok) return refused(checked.problem, { voucherId: input.voucherId })
  const reason = checked.reason
  return inTransaction(db, async (tx) => {
    // Lock order: voucher row → its bookings → its pending holds → its account. A resolver of one
    // hold (expireBooking, a decision) locks the booking, the hold, then the accounts: the same
    // order, so the two queue instead of deadlocking. A second revocation waits on the voucher row
    // and is refused.
    const voucher = await lockVoucher(tx, input.voucherId)
    if (!voucher) throw new Refusal('voucher-not-found', { voucherId: input.voucherId })
    if (voucher.status === 'revoked') {
      throw new Refusal('already-revoked', {
        voucherId: voucher.id,
        serial: voucher.serial,
        revokedAt: voucher.revokedAt,
      })
    }
    await lockVoucherBookings(tx, voucher.id)
    await pendingHolds(tx, voucher.accountId, { lock: true })
    const before = await lockVoucherAccount(tx, voucher.accountId)
    // A request that committed a hold while we waited for the account is seen now; none can
    // start after (it would wait on the account lock, then find nothing available).
    const holds = await pendingHolds(tx, voucher.accountId, { lock: true })
    const heldFen = holds.reduce((sum, h) => sum + h.amount, 0n)

    const voided: (PendingHold & { voidTransferId: bigint })[] = []
    for (const hold of holds) {
      // The key expireBooking uses: a decide-by timer that fires later finds this void and
      // returns it (created: false) instead of voiding twice or failing.
      const result = await voidPendingTransfer(tx, {
        idempotencyKey: `booking-hold:${hold.bookingId}:void`,
        pendingId: hold.transferId,
      })
      voided.push({ ...hold, voidTransferId: result.id })
    }

    const free = (await getAccountBalances(tx, voucher.accountId)).available
    let revocationTransferId: bigint | null = null
    if (free > 0n) {
      const transfer = await createTransfer(tx, {
        // Once per voucher: a voucher is revoked at most once.
        idempotencyKey: `voucher-revocation:${voucher.id}`,
        debitAccountId: voucher.accountId,
        creditAccountId: voucher.budgetAccountId,
        amount: free,
        kind: TRANSFER_KIND.voucherRevocation,
        refType: 'voucher',
        refId: voucher.id,
      })
      revocationTransferId = transfer.id
    }

    // DOMAIN: a clawback is recorded for what was already redeemed (hold amounts posted).
    const clawbackFen = await redeemedFromVoucher(tx, voucher.accountId)
    const flagged = await flagFundedBookings(tx, {
      voucherId: voucher.id,
      serial: voucher.serial,
      accountId: voucher.accountId,
      reason,
      voidedBookingIds: voided.map((v) => v.bookingId),
      actorUserId: input.actorUserId,
      at: now,
    })

    await tx.$executeRaw`
      UPDATE voucher SET status = 'revoked', revoked_at = ${now}::timestamptz, revoked_by_id = ${input.actorUserId}::uuid,
                         revoke_reason = ${reason}, clawback_fen = ${clawbackFen}
       WHERE id = ${voucher.id}::uuid`
    await appendAudit(tx, {
      actorUserId: input.actorUserId,
      orgType: 'region',
      orgId: voucher.regionId,
      action: 'voucher.revoked',
      entityType: 'voucher',
      entityId: voucher.id,
      before: {
        status: voucher.status,
        expiredAt: voucher.expiredAt,
        availableFen: before.available,
        heldFen,
        pendingHolds: holds.length,
      },
      after: {
        status: 'revoked',
        serial: voucher.serial,
        reason,
        revokedAt: now,
        voidedHolds: voided.map((v) => ({
          bookingId: v.bookingId,
          holdTransferId: v.transferId,
          voidTransferId: v.voidTransferId,
          amountFen: v.amount,
        })),
        returnedFen: free > 0n ? free : 0n,
        revocationTransferId,
        clawbackFen,
        flaggedBookingIds: flagged,
      },
      at: now,
    })
    return {
      changed: true,
      voidedHolds: voided.length,
      returnedFen: free > 0n ? free : 0n,
      clawbackFen,
      flaggedBookings: flagged.length,
    }
  })
}

/**
 * Flags every booking the voucher funded: a hold still open at revocation (voided just now) or a
 * hold already posted (redeemed). A booking whose hold was voided earlier (rejected, cancelled,
 * expired) spent nothing of the voucher and is not flagged. Raising a flag twice changes nothing.
 */
async function flagFundedBookings(
  tx: Tx,
  input: {
    voucherId: string
    serial: string
    accountId: bigint
    reason: string
    voidedBookingIds: string[]
    actorUserId: string
    at: Date
  },
): Promise<string[]> {
  const posted = await tx.$queryRaw<{ booking_id: string }[]>`
    SELECT DISTINCT ref_id AS booking_id FROM ledger_transfer
     WHERE debit_account_id = ${input.accountId} AND kind = ${TRANSFER_KIND.bookingHold} AND type = 'post_pending'
       AND ref_type = 'booking' AND ref_id IS NOT NULL`
  const funded = new Map<string, 'voided' | 'posted'>()
  for (const r of posted) funded.set(r.booking_id, 'posted')
  for (const id of input.voidedBookingIds) if (!funded.has(id)) funded.set(id, 'voided')
  const flagged: string[] = []
  for (const [bookingId, hold] of [...funded].sort(([a], [b]) => a.localeCompare(b))) {
    const detail = { voucherId: input.voucherId, serial: input.serial, reason: input.reason, hold }
    const rows = await tx.$queryRaw<{ booking_id: string }[]>`
      INSERT INTO booking_flag (booking_id, kind, detail, status, raised_at, raised_by_id)
      SELECT b.id, ${VOUCHER_REVOKED_FLAG}, ${JSON.stringify(detail)}::jsonb, 'open', ${input.at}::timestamptz, ${input.actorUserId}::uuid
        FROM booking b WHERE b.id = ${bookingId}::uuid AND b.voucher_id = ${input.voucherId}::uuid
      ON CONFLICT (booking_id, kind) DO NOTHING
      RETURNING booking_id::text AS booking_id`
    if (rows[0]) flagged.push(rows[0].booking_id)
  }
  return flagged
}
