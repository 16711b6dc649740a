// Pure ledger arithmetic (TigerBeetle's account model). No database, no clock.
// Every account keeps four running sums; a transfer moves `amount` from its debit account to its
// credit account, first as pending (a hold) or straight to posted.

export type AccountKind =
  'funding_source' | 'programme_budget' | 'voucher' | 'booking_hold' | 'institution_payable' | 'settlement' | 'clawback'

export type Balances = {
  debitsPending: bigint
  debitsPosted: bigint
  creditsPending: bigint
  creditsPosted: bigint
}

export type AccountFlags = {
  debitsMustNotExceedCredits: boolean
  creditsMustNotExceedDebits: boolean
}

export type TransferType = 'single' | 'pending' | 'post_pending' | 'void_pending'

/** What a debit-limited account (voucher, budget) can still spend: posted credits minus every debit, held ones included. */
export function availableBalance(
  b: Balances,
  flags: AccountFlags = { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
): bigint {
  if (flags.creditsMustNotExceedDebits && !flags.debitsMustNotExceedCredits) {
    return b.debitsPosted - b.creditsPosted - b.creditsPending
  }
  return b.creditsPosted - b.debitsPosted - b.debitsPending
}

/** Change to one side (debits or credits) of one account. */
export type SideDelta = { pending: bigint; posted: bigint }
export type TransferEffects = { debit: SideDelta; credit: SideDelta }

/**
 * How a transfer changes its two accounts. For a post or void, `pendingAmount` is the amount of
 * the pending transfer being resolved: all of it leaves `pending`, and `amount` (≤ pendingAmount)
 * lands in `posted` — posting less releases the rest (TigerBeetle's partial post).
 */
export function transferEffects(type: TransferType, amount: bigint, pendingAmount = 0n): TransferEffects {
  if (amount < 0n || pendingAmount < 0n)
    throw new RangeError(`amounts must not be negative (amount ${amount}, pending ${pendingAmount})`)
  switch (type) {
    case 'single':
      return { debit: { pending: 0n, posted: amount }, credit: { pending: 0n, posted: amount } }
    case 'pending':
      return { debit: { pending: amount, posted: 0n }, credit: { pending: amount, posted: 0n } }
    case 'post_pending':
      if (amount > pendingAmount)
        throw new RangeError(`cannot post ${amount}: the pending transfer holds only ${pendingAmount}`)
      return { debit: { pending: -pendingAmount, posted: amount }, credit: { pending: -pendingAmount, posted: amount } }
    case 'void_pending':
      return { debit: { pending: -pendingAmount, posted: 0n }, credit: { pending: -pendingAmount, posted: 0n } }
  }
}

/** Balances after applying a delta to one side; used by reconciliation and tests. */
export function applyEffects(b: Balances, side: 'debit' | 'credit', d: SideDelta): Balances {
  return side === 'debit'
    ? { ...b, debitsPending: b.debitsPending + d.pending, debitsPosted: b.debitsPosted + d.posted }
    : { ...b, creditsPending: b.creditsPending + d.pending, creditsPosted: b.creditsPosted + d.posted }
}

/** The limits the database CHECKs enforce, as a predicate (second line; the SQL is first). */
export function withinLimits(b: Balances, flags: AccountFlags): boolean {
  if (b.debitsPending < 0n || b.debitsPosted < 0n || b.creditsPending < 0n || b.creditsPosted < 0n) return false
  if (flags.debitsMustNotExceedCredits && b.debitsPending + b.debitsPosted > b.creditsPosted) return false
  if (flags.creditsMustNotExceedDebits && b.creditsPending + b.creditsPosted > b.debitsPosted) return false
  return true
}

/** Lock order for the balance updates of one transfer: ascending account id, so two transfers never deadlock. */
export function lockOrder<T extends { accountId: bigint }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
}

export type TransferParams = {
  debitAccountId: bigint
  creditAccountId: bigint
  amount: bigint
  type: TransferType
  kind: string
  refType: string | null
  refId: string | null
  pendingId: bigint | null
}

/** Which parameters of a retried transfer differ from the first one (empty = a true retry). */
export function idempotencyDifferences(first: TransferParams, retry: TransferParams): (keyof TransferParams)[] {
  return (Object.keys(first) as (keyof TransferParams)[]).filter((k) => first[k] !== retry[k])
}
