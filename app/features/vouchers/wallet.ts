import { TRANSFER_KIND } from '~/features/ledger/accounts'
import { transferEffects, type TransferType } from '~/features/ledger/ledger'

// The voucher wallet's arithmetic (issue 4): a voucher's figures and its movements, derived from
// the ledger only (the voucher account's balance columns and the transfers touching it). Pure: no
// database, no clock. The SQL that feeds it is in wallet-queries.server.ts.
//
// DOMAIN: a voucher can be used partially across many bookings; the voucher share is held when a
// booking is requested, posted when the redemption is approved (possibly less than held), voided
// on rejection, cancellation or expiry; unused balance lapses at expiry and a revoked voucher's
// free balance returns to the budget. So every fen of the face value is in exactly one place:
//
//   face = available + held + used + returned      (returned = lapsed + revoked)

/** What the ledger says about one voucher: its account's balance columns and sums of transfers by kind. */
export type VoucherLedgerSums = {
  faceValueFen: bigint
  creditsPostedFen: bigint
  debitsPostedFen: bigint
  debitsPendingFen: bigint
  /** Posted booking-hold resolutions (what redemptions took). */
  usedFen: bigint
  /** Posted 'voucher-lapse' transfers (voucher → budget at expiry). */
  lapsedFen: bigint
  /** Posted 'voucher-revocation' transfers (voucher → budget on revocation). */
  revokedFen: bigint
}

export type VoucherFigures = {
  faceFen: bigint
  /** credits posted − debits posted − debits pending of the voucher account: what a new booking can use. */
  availableFen: bigint
  /** Debits pending: voucher shares held for bookings not yet redeemed or released. */
  heldFen: bigint
  usedFen: bigint
  lapsedFen: bigint
  revokedFen: bigint
  /** Went back to the programme budget: lapsed + revoked. */
  returnedFen: bigint
  /** face − (available + held + used + returned): 0 unless the ledger holds a movement the wallet does not know. */
  unexplainedFen: bigint
  balanced: boolean
}

export function voucherFigures(s: VoucherLedgerSums): VoucherFigures {
  const availableFen = s.creditsPostedFen - s.debitsPostedFen - s.debitsPendingFen
  const heldFen = s.debitsPendingFen
  const returnedFen = s.lapsedFen + s.revokedFen
  const unexplainedFen = s.faceValueFen - (availableFen + heldFen + s.usedFen + returnedFen)
  return {
    faceFen: s.faceValueFen,
    availableFen,
    heldFen,
    usedFen: s.usedFen,
    lapsedFen: s.lapsedFen,
    revokedFen: s.revokedFen,
    returnedFen,
    unexplainedFen,
    balanced: unexplainedFen === 0n,
  }
}

/** One ledger transfer touching the voucher account, as the wallet reads it. */
export type VoucherTransfer = {
  id: bigint
  createdAt: Date
  kind: string
  type: TransferType
  status: 'pending' | 'posted' | 'voided'
  amount: bigint
  debitAccountId: bigint
  creditAccountId: bigint
  /** For a post or void: the amount of the pending transfer it resolves (all of it leaves "held"). */
  pendingAmount: bigint | null
}

/**
 * What a movement is, for the person reading it:
 * issue — the face value credited; hold — a voucher share held for a booking (see holdState);
 * redeemed — a hold posted (the redemption took it); released — a hold voided (back to available);
 * lapse — returned to the budget at expiry; revocation — returned to the budget on revocation.
 */
export type MovementWhat = 'issue' | 'hold' | 'redeemed' | 'released' | 'lapse' | 'revocation' | 'other'

export type Movement<T extends VoucherTransfer> = T & {
  what: MovementWhat
  /** A hold's current state (its own status: pending until a post or void resolves it); null for other rows. */
  holdState: 'pending' | 'posted' | 'voided' | null
  /**
   * The row's amount signed from the voucher's side: what it added to (+) or took from (−) the
   * available balance, so each row's balance is the previous one plus this. A hold takes its share
   * (−); a void gives it back (+); a post confirms what the hold already took and gives back only
   * the part not posted (`releasedFen`, often 0); the amount posted is `amount`.
   */
  availableChangeFen: bigint
  availableAfterFen: bigint
  heldAfterFen: bigint
  /** For a redeemed row: the part of the hold that was not posted and went back to available. */
  releasedFen: bigint
}

function classify(t: VoucherTransfer): MovementWhat {
  switch (t.kind) {
    case TRANSFER_KIND.voucherIssue:
      return 'issue'
    case TRANSFER_KIND.bookingHold:
      return t.type === 'pending'
        ? 'hold'
        : t.type === 'post_pending'
          ? 'redeemed'
          : t.type === 'void_pending'
            ? 'released'
            : 'other'
    case TRANSFER_KIND.voucherLapse:
      return 'lapse'
    case TRANSFER_KIND.voucherRevocation:
      return 'revocation'
    default:
      return 'other'
  }
}

/**
 * The voucher account's transfers, oldest first, with a running available and held balance. Each
 * row's effect on the account is the ledger's own (transferEffects), so the last row's balances are
 * the account's balance columns whenever the transfers are complete.
 */
export function voucherMovements<T extends VoucherTransfer>(accountId: bigint, transfers: readonly T[]): Movement<T>[] {
  const sorted = [...transfers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  let available = 0n
  let held = 0n
  return sorted.map((t) => {
    const isDebit = t.debitAccountId === accountId
    const isCredit = t.creditAccountId === accountId
    if (!isDebit && !isCredit) throw new Error(`transfer ${t.id} does not touch voucher account ${accountId}`)
    const resolves = t.type === 'post_pending' || t.type === 'void_pending'
    if (resolves && t.pendingAmount === null)
      throw new Error(`transfer ${t.id} (${t.type}) does not carry the amount of the hold it resolves`)
    const effects = transferEffects(t.type, t.type === 'void_pending' ? 0n : t.amount, t.pendingAmount ?? 0n)
    // A debit-limited account: available = credits posted − debits posted − debits pending.
    const availableChange = isDebit ? -(effects.debit.posted + effects.debit.pending) : effects.credit.posted
    const heldChange = isDebit ? effects.debit.pending : 0n
    available += availableChange
    held += heldChange
    return {
      ...t,
      what: classify(t),
      holdState: t.type === 'pending' && t.kind === TRANSFER_KIND.bookingHold ? t.status : null,
      availableChangeFen: availableChange,
      availableAfterFen: available,
      heldAfterFen: held,
      releasedFen: t.type === 'post_pending' ? t.pendingAmount! - t.amount : 0n,
    }
  })
}

/**
 * The sums `voucherFigures` needs, computed from the transfers themselves (the balance columns
 * rebuilt from the rows): the page checks them against the account, the tests against the identity.
 */
export function sumsFromTransfers(
  accountId: bigint,
  faceValueFen: bigint,
  transfers: readonly VoucherTransfer[],
): VoucherLedgerSums {
  const sums: VoucherLedgerSums = {
    faceValueFen,
    creditsPostedFen: 0n,
    debitsPostedFen: 0n,
    debitsPendingFen: 0n,
    usedFen: 0n,
    lapsedFen: 0n,
    revokedFen: 0n,
  }
  for (const t of transfers) {
    const effects = transferEffects(t.type, t.type === 'void_pending' ? 0n : t.amount, t.pendingAmount ?? 0n)
    if (t.debitAccountId === accountId) {
      sums.debitsPostedFen += effects.debit.posted
      sums.debitsPendingFen += effects.debit.pending
      if (t.kind === TRANSFER_KIND.bookingHold && t.type === 'post_pending') sums.usedFen += t.amount
      if (t.kind === TRANSFER_KIND.voucherLapse && t.status === 'posted' && t.type !== 'pending')
        sums.lapsedFen += t.amount
      if (t.kind === TRANSFER_KIND.voucherRevocation && t.status === 'posted' && t.type !== 'pending')
        sums.revokedFen += t.amount
    }
    if (t.creditAccountId === accountId) sums.creditsPostedFen += effects.credit.posted
  }
  return sums
}

/** Days before expiry at which the wallet warns ("expires in N days"). */
export const EXPIRY_WARNING_DAYS = 30

const DAY_MS = 86_400_000

export type ExpiryNotice = { kind: 'none' } | { kind: 'soon'; days: number } | { kind: 'past' }

/**
 * Whether an active voucher needs an expiry warning at `now`: 'soon' with the whole days left
 * (0 = expires within the day) when fewer than EXPIRY_WARNING_DAYS remain; 'past' when its validity
 * has ended but the nightly sweep has not marked it expired yet. Expired or revoked vouchers: none.
 */
export function expiryNotice(status: string, expiresAt: Date, now: Date): ExpiryNotice {
  if (status !== 'active') return { kind: 'none' }
  const left = expiresAt.getTime() - now.getTime()
  if (left <= 0) return { kind: 'past' }
  const days = Math.floor(left / DAY_MS)
  return days < EXPIRY_WARNING_DAYS ? { kind: 'soon', days } : { kind: 'none' }
}

/** The programme's voucher share in percent for display: 5000 bp → 50, 3750 bp → 37.5. */
export function sharePercentText(shareBp: number): string {
  const whole = Math.trunc(shareBp / 100)
  const rest = shareBp % 100
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`
}
