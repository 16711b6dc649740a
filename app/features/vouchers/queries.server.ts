import { TRANSFER_KIND } from '~/features/ledger/accounts'
import { availableBalance } from '~/features/ledger/ledger'
import type { AccountBalances } from '~/features/ledger/ledger.server'
import type { Tx } from '~/infra/db.server'

// SQL reads shared by the voucher use cases (expiry, revocation); no rules here.

export type LockedVoucher = {
  id: string
  serial: string
  status: 'active' | 'expired' | 'revoked'
  expiresAt: Date
  expiredAt: Date | null
  revokedAt: Date | null
  accountId: bigint
  programmeId: string
  /** The issuing bureau: its audit stream records what happens to the voucher. */
  regionId: string
  budgetAccountId: bigint
}

/**
 * Locks the voucher row: expiry, lapses and revocation of one voucher queue here, so each sees the
 * state the previous one committed. Null when the voucher does not exist. FOR NO KEY UPDATE, not
 * FOR UPDATE: a booking being requested holds the voucher's account and then inserts a booking
 * whose foreign key share-locks this row; a FOR UPDATE here would wait for it while it waits for
 * the account we are about to lock (a deadlock). The status change never touches the key.
 */
export async function lockVoucher(tx: Tx, voucherId: string): Promise<LockedVoucher | null> {
  const rows = await tx.$queryRaw<
    {
      id: string
      serial: string
      status: LockedVoucher['status']
      expires_at: Date
      expired_at: Date | null
      revoked_at: Date | null
      account_id: bigint
      programme_id: string
      region_id: string
      budget_account_id: bigint | null
    }[]
  >`
    SELECT v.id::text AS id, v.serial, v.status::text AS status, v.expires_at, v.expired_at, v.revoked_at, v.account_id,
           v.programme_id::text AS programme_id, p.region_id, p.budget_account_id
      FROM voucher v JOIN programme p ON p.id = v.programme_id
     WHERE v.id = ${voucherId}::uuid
       FOR NO KEY UPDATE OF v`
  const r = rows[0]
  if (!r) return null
  // issueVoucher refuses an unfunded programme, so an issued voucher's programme has a budget account.
  if (r.budget_account_id === null)
    throw new Error(`voucher ${r.id}: programme ${r.programme_id} has no budget account`)
  return {
    id: r.id,
    serial: r.serial,
    status: r.status,
    expiresAt: r.expires_at,
    expiredAt: r.expired_at,
    revokedAt: r.revoked_at,
    accountId: r.account_id,
    programmeId: r.programme_id,
    regionId: r.region_id,
    budgetAccountId: r.budget_account_id,
  }
}

/**
 * Locks the voucher's ledger account and returns its balances. A booking request locks the same
 * row before it takes a hold (request-booking.server.ts), so while this lock is held no new hold
 * appears, and a request that waited for it sees the balance this transaction leaves.
 */
export async function lockVoucherAccount(tx: Tx, accountId: bigint): Promise<AccountBalances> {
  const rows = await tx.$queryRaw<
    { debits_pending: bigint; debits_posted: bigint; credits_pending: bigint; credits_posted: bigint }[]
  >`
    SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_account WHERE id = ${accountId} FOR UPDATE`
  const a = rows[0]
  if (!a) throw new Error(`voucher ledger account ${accountId} does not exist`)
  const balances = {
    debitsPending: a.debits_pending,
    debitsPosted: a.debits_posted,
    creditsPending: a.credits_pending,
    creditsPosted: a.credits_posted,
  }
  // A voucher account never overdraws (debits ≤ credits): available = credits − debits − held.
  return { ...balances, available: availableBalance(balances) }
}

/**
 * Locks (FOR KEY SHARE, id order) every booking that names the voucher. A resolver of a hold
 * (expireBooking, a decision) locks its booking before the hold; taking the bookings first keeps
 * that order, and the flags inserted later (their foreign key locks the booking the same way)
 * never wait on a booking whose resolver waits on us.
 */
export async function lockVoucherBookings(tx: Tx, voucherId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM booking WHERE voucher_id = ${voucherId}::uuid ORDER BY id FOR KEY SHARE`
}

export type PendingHold = { transferId: bigint; bookingId: string; amount: bigint }

/**
 * The voucher's booking holds still pending, oldest first. With `lock`, each is locked FOR UPDATE
 * in id order, the order in which a resolver (expireBooking, a decision) would wait on it.
 */
export async function pendingHolds(tx: Tx, accountId: bigint, opts: { lock: boolean }): Promise<PendingHold[]> {
  const rows = opts.lock
    ? await tx.$queryRaw<{ id: bigint; ref_type: string | null; ref_id: string | null; amount: bigint }[]>`
        SELECT id, ref_type, ref_id, amount FROM ledger_transfer
         WHERE debit_account_id = ${accountId} AND kind = ${TRANSFER_KIND.bookingHold} AND type = 'pending' AND status = 'pending'
         ORDER BY id FOR UPDATE`
    : await tx.$queryRaw<{ id: bigint; ref_type: string | null; ref_id: string | null; amount: bigint }[]>`
        SELECT id, ref_type, ref_id, amount FROM ledger_transfer
         WHERE debit_account_id = ${accountId} AND kind = ${TRANSFER_KIND.bookingHold} AND type = 'pending' AND status = 'pending'
         ORDER BY id`
  return rows.map((r) => {
    if (r.ref_type !== 'booking' || !r.ref_id)
      throw new Error(`booking hold ${r.id} on account ${accountId} does not name its booking`)
    return { transferId: r.id, bookingId: r.ref_id, amount: r.amount }
  })
}

/** Hold amounts already posted from the voucher (what redemptions took): the clawback base. */
export async function redeemedFromVoucher(tx: Tx, accountId: bigint): Promise<bigint> {
  const rows = await tx.$queryRaw<{ sum: bigint }[]>`
    SELECT COALESCE(SUM(amount), 0)::bigint AS sum FROM ledger_transfer
     WHERE debit_account_id = ${accountId} AND kind = ${TRANSFER_KIND.bookingHold} AND type = 'post_pending'`
  return rows[0]?.sum ?? 0n
}
