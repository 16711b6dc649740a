import { TRANSFER_KIND } from '~/features/ledger/accounts'
import type { Db, Tx } from '~/infra/db.server'

// A programme's figures, every one derived from the ledger (DESIGN "The ledger"): sums of
// transfers by kind and the budget account's balance columns. Nothing is kept as a counter.

/** Money that goes back to the budget when a voucher lapses unused (the `vouchers.sweep-expired` job). */
export const LAPSE_KIND = TRANSFER_KIND.voucherLapse
/** Money that goes back to the budget when a voucher is revoked (revoke-voucher.server.ts). */
export const REVOCATION_KIND = TRANSFER_KIND.voucherRevocation

export type ProgrammeFigures = {
  budgetFen: bigint
  fundedFen: bigint
  availableFen: bigint
  issuedFen: bigint
  voucherCount: number
  heldFen: bigint
  redeemedFen: bigint
  lapsedFen: bigint
  /** Free balances of revoked vouchers returned to the budget. */
  returnedFen: bigint
  /** Debits and credits of every transfer touching the programme's accounts, one from balances, one from transfers. */
  check: { debitsFen: bigint; creditsFen: bigint; balanced: boolean; accountCount: number }
}

/** Posted programme-funding transfers into the budget account. */
export async function fundedFen(db: Db | Tx, budgetAccountId: bigint | null): Promise<bigint> {
  if (budgetAccountId === null) return 0n
  const rows = await db.$queryRaw<{ sum: bigint }[]>`
    SELECT COALESCE(SUM(amount), 0)::bigint AS sum FROM ledger_transfer
     WHERE credit_account_id = ${budgetAccountId} AND kind = ${TRANSFER_KIND.programmeFunding}
       AND type = 'single' AND status = 'posted'`
  return rows[0]?.sum ?? 0n
}

export async function programmeFigures(db: Db | Tx, programmeId: string): Promise<ProgrammeFigures | null> {
  const programmes = await db.$queryRaw<{ total_budget_fen: bigint; budget_account_id: bigint | null }[]>`
    SELECT total_budget_fen, budget_account_id FROM programme WHERE id = ${programmeId}::uuid`
  const programme = programmes[0]
  if (!programme) return null

  // The programme's accounts: its budget, its vouchers' accounts and their booking-hold accounts.
  const accounts = await db.$queryRaw<
    {
      id: bigint
      role: 'budget' | 'voucher' | 'hold'
      debits_pending: bigint
      debits_posted: bigint
      credits_pending: bigint
      credits_posted: bigint
    }[]
  >`
    WITH accts AS (
      SELECT ${programme.budget_account_id}::bigint AS id, 'budget' AS role WHERE ${programme.budget_account_id}::bigint IS NOT NULL
      UNION ALL
      SELECT v.account_id, 'voucher' FROM voucher v WHERE v.programme_id = ${programmeId}::uuid
      UNION ALL
      SELECT a.id, 'hold' FROM voucher v JOIN ledger_account a ON a.code = 'booking_hold:voucher:' || v.id::text
       WHERE v.programme_id = ${programmeId}::uuid
    )
    SELECT a.id, x.role, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted
      FROM accts x JOIN ledger_account a ON a.id = x.id`
  const ids = accounts.map((a) => a.id)
  const voucherIds = accounts.filter((a) => a.role === 'voucher').map((a) => a.id)
  const budget = accounts.find((a) => a.role === 'budget')

  const sums = await db.$queryRaw<
    {
      funded: bigint
      issued: bigint
      voucher_count: bigint
      held: bigint
      redeemed: bigint
      lapsed: bigint
      returned: bigint
      in_posted: bigint
      out_posted: bigint
      in_pending: bigint
      out_pending: bigint
    }[]
  >`
    SELECT
      COALESCE(SUM(amount) FILTER (WHERE credit_account_id = ${programme.budget_account_id}::bigint
        AND kind = ${TRANSFER_KIND.programmeFunding} AND type = 'single' AND status = 'posted'), 0)::bigint AS funded,
      COALESCE(SUM(amount) FILTER (WHERE debit_account_id = ${programme.budget_account_id}::bigint
        AND kind = ${TRANSFER_KIND.voucherIssue} AND type = 'single' AND status = 'posted'), 0)::bigint AS issued,
      COUNT(*) FILTER (WHERE debit_account_id = ${programme.budget_account_id}::bigint
        AND kind = ${TRANSFER_KIND.voucherIssue} AND type = 'single' AND status = 'posted') AS voucher_count,
      COALESCE(SUM(amount) FILTER (WHERE debit_account_id = ANY(${voucherIds}::bigint[])
        AND kind = ${TRANSFER_KIND.bookingHold} AND type = 'pending' AND status = 'pending'), 0)::bigint AS held,
      COALESCE(SUM(amount) FILTER (WHERE debit_account_id = ANY(${voucherIds}::bigint[])
        AND kind = ${TRANSFER_KIND.bookingHold} AND type = 'post_pending'), 0)::bigint AS redeemed,
      COALESCE(SUM(amount) FILTER (WHERE credit_account_id = ${programme.budget_account_id}::bigint
        AND kind = ${LAPSE_KIND} AND status = 'posted' AND type <> 'pending'), 0)::bigint AS lapsed,
      COALESCE(SUM(amount) FILTER (WHERE credit_account_id = ${programme.budget_account_id}::bigint
        AND kind = ${REVOCATION_KIND} AND status = 'posted' AND type <> 'pending'), 0)::bigint AS returned,
      -- money crossing the boundary of the programme's accounts (posted effects: single and post_pending rows)
      COALESCE(SUM(amount) FILTER (WHERE type IN ('single', 'post_pending')
        AND credit_account_id = ANY(${ids}::bigint[]) AND NOT debit_account_id = ANY(${ids}::bigint[])), 0)::bigint AS in_posted,
      COALESCE(SUM(amount) FILTER (WHERE type IN ('single', 'post_pending')
        AND debit_account_id = ANY(${ids}::bigint[]) AND NOT credit_account_id = ANY(${ids}::bigint[])), 0)::bigint AS out_posted,
      COALESCE(SUM(amount) FILTER (WHERE type = 'pending' AND status = 'pending'
        AND credit_account_id = ANY(${ids}::bigint[]) AND NOT debit_account_id = ANY(${ids}::bigint[])), 0)::bigint AS in_pending,
      COALESCE(SUM(amount) FILTER (WHERE type = 'pending' AND status = 'pending'
        AND debit_account_id = ANY(${ids}::bigint[]) AND NOT credit_account_id = ANY(${ids}::bigint[])), 0)::bigint AS out_pending
    FROM ledger_transfer
    WHERE debit_account_id = ANY(${ids}::bigint[]) OR credit_account_id = ANY(${ids}::bigint[])`
  const s = sums[0]!

  // Double entry over the programme's accounts: what their balance columns say they were debited,
  // plus what came in from outside (the other side's debit), equals what they were credited plus
  // what went out (the other side's credit). A balance column drifting from its transfers breaks it.
  let debits = 0n
  let credits = 0n
  for (const a of accounts) {
    debits += a.debits_posted + a.debits_pending
    credits += a.credits_posted + a.credits_pending
  }
  const debitsFen = debits + s.in_posted + s.in_pending
  const creditsFen = credits + s.out_posted + s.out_pending

  return {
    budgetFen: programme.total_budget_fen,
    fundedFen: s.funded,
    availableFen: budget ? budget.credits_posted - budget.debits_posted - budget.debits_pending : 0n,
    issuedFen: s.issued,
    voucherCount: Number(s.voucher_count),
    heldFen: s.held,
    redeemedFen: s.redeemed,
    lapsedFen: s.lapsed,
    returnedFen: s.returned,
    check: { debitsFen, creditsFen, balanced: debitsFen === creditsFen, accountCount: accounts.length },
  }
}
