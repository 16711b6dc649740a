import { appendAudit } from '~/features/audit/audit.server'
import { TRANSFER_KIND } from '~/features/ledger/accounts'
import { createTransfer } from '~/features/ledger/ledger.server'
import { getDb, type Db } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import { isPastValidity, lapseIdempotencyKey } from './expiry'
import { lockVoucher, lockVoucherAccount } from './queries.server'

/**
 * Expires a voucher at the end of its validity and lapses its free balance (DOMAIN: unused balance
 * lapses at expiry and returns to the programme budget), in one transaction:
 * - an `active` voucher past `expires_at` becomes `expired` (expired_at = now);
 * - an expired voucher's free balance (credits − debits − held) moves voucher → programme budget
 *   ('voucher-lapse'). Holds still open stay: their bookings resolve them (redemption grace), and
 *   what a voided hold gives back is lapsed by a later call.
 * The voucher row is locked first, so a retry, a second sweep or a second worker finds nothing
 * left to do ({ changed: false }); a revoked voucher is left alone (its balance went back on revocation).
 * Refusal: 'voucher-not-found'.
 */
export async function lapseVoucher(
  ctx: { db?: Db; now?: Date },
  input: { voucherId: string },
): Promise<Outcome<{ changed: boolean; lapsedFen: bigint }>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inTransaction(db, async (tx) => {
    const voucher = await lockVoucher(tx, input.voucherId)
    if (!voucher) throw new Refusal('voucher-not-found', { voucherId: input.voucherId })
    if (voucher.status === 'revoked') return { changed: false, lapsedFen: 0n }
    if (voucher.status === 'active' && !isPastValidity(voucher.expiresAt, now)) return { changed: false, lapsedFen: 0n }

    const expiresNow = voucher.status === 'active'
    if (expiresNow) {
      await tx.$executeRaw`UPDATE voucher SET status = 'expired', expired_at = ${now}::timestamptz WHERE id = ${voucher.id}::uuid`
    }
    // Holding the account lock, no hold is taken or resolved on this voucher until we commit, so the
    // free balance read here is exactly what the transfer may move.
    const balances = await lockVoucherAccount(tx, voucher.accountId)
    let lapsedFen = 0n
    let lapseTransferId: bigint | null = null
    if (balances.available > 0n) {
      const counted = await tx.$queryRaw<{ n: bigint }[]>`
        SELECT COUNT(*)::bigint AS n FROM ledger_transfer
         WHERE debit_account_id = ${voucher.accountId} AND kind = ${TRANSFER_KIND.voucherLapse} AND type = 'single'`
      const transfer = await createTransfer(tx, {
        idempotencyKey: lapseIdempotencyKey(voucher.id, Number(counted[0]?.n ?? 0n)),
        debitAccountId: voucher.accountId,
        creditAccountId: voucher.budgetAccountId,
        amount: balances.available,
        kind: TRANSFER_KIND.voucherLapse,
        refType: 'voucher',
        refId: voucher.id,
      })
      if (transfer.created) {
        lapsedFen = transfer.amount
        lapseTransferId = transfer.id
      }
    }
    if (!expiresNow && lapsedFen === 0n) return { changed: false, lapsedFen: 0n }

    await appendAudit(tx, {
      actorUserId: null,
      orgType: 'region',
      orgId: voucher.regionId,
      action: expiresNow ? 'voucher.expired' : 'voucher.lapsed',
      entityType: 'voucher',
      entityId: voucher.id,
      before: { status: voucher.status, availableFen: balances.available, heldFen: balances.debitsPending },
      after: {
        status: 'expired',
        serial: voucher.serial,
        expiresAt: voucher.expiresAt,
        expiredAt: expiresNow ? now : voucher.expiredAt,
        lapsedFen,
        lapseTransferId,
        // Still held for open bookings: lapses later if those holds are voided.
        heldFen: balances.debitsPending,
      },
      at: now,
    })
    return { changed: true, lapsedFen }
  })
}

/**
 * The sweep's batch: `active` vouchers past their validity, and `expired` vouchers whose account
 * has a free balance again (a hold open at expiry was voided since). Earliest end first.
 */
export async function findVouchersToLapse({
  db,
  now,
  limit,
}: {
  db?: Db
  now: Date
  limit: number
}): Promise<string[]> {
  const rows = await (db ?? getDb()).$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT v.id::text AS id, v.expires_at FROM voucher v
       WHERE v.status = 'active' AND v.expires_at <= ${now}::timestamptz
      UNION ALL
      SELECT v.id::text AS id, v.expires_at FROM voucher v JOIN ledger_account a ON a.id = v.account_id
       WHERE v.status = 'expired' AND a.credits_posted - a.debits_posted - a.debits_pending > 0
    ) due
    ORDER BY expires_at, id LIMIT ${limit}`
  return rows.map((r) => r.id)
}
