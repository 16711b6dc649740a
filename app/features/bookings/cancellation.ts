// DOMAIN (issue 5): cancellation before service by either side, following rules the institution
// sets per instrument: free until `cancel_free_hours` before the service; after that a fee of
// `cancel_fee_bp` of the booking's fee — which only the co-payment can cover: vouchers never pay
// cancellation fees. The institution cancelling never costs the enterprise anything. Pure.
//
// A sample/item booking has no slot, so no "N hours before": it is free to cancel until the
// institution approves it (from then on it may have prepared reagents or queued the samples), and
// the fee applies after approval.

export type CancellingSide = 'enterprise' | 'institution'

export type CancellationInput = {
  side: CancellingSide
  /** The booking's fee (the snapshot: quantity × unit fee). */
  feeFen: bigint
  /** instrument.cancel_fee_bp: 0–10000. */
  cancelFeeBp: number
  /** instrument.cancel_free_hours: free until this many hours before the slot starts. */
  cancelFreeHours: number
  /** The slot's start; null for a sample/item booking. */
  startsAt: Date | null
  /** Whether the institution has approved the booking (decides the late period of a sample booking). */
  approved: boolean
  /** The co-payment actually paid and not yet refunded. */
  paidCopayFen: bigint
  now: Date
}

export type CancellationBasis =
  /** The institution cancelled: no fee. */
  | 'institution-cancels'
  /** Before the free period ended (or a sample booking not yet approved). */
  | 'free-period'
  /** Late, but the instrument charges no cancellation fee. */
  | 'no-fee-set'
  /** Late and a fee is due, but no co-payment was paid: vouchers never pay cancellation fees, so none is charged. */
  | 'nothing-paid'
  /** Late: the fee, taken from the paid co-payment, which covers it. */
  | 'charged'
  /** Late: the fee was more than the paid co-payment, so only the co-payment is kept. */
  | 'capped-by-copay'

export type CancellationTerms = {
  /** What the enterprise pays for cancelling (kept from the co-payment). */
  feeFen: bigint
  /** The fee the rule asks for before the co-payment cap. */
  dueFen: bigint
  /** What goes back to the enterprise: paid co-payment − fee. */
  refundFen: bigint
  basis: CancellationBasis
  /** When the free period ends (null for a sample booking: it ends at approval). */
  freeUntil: Date | null
}

const HOUR_MS = 60 * 60 * 1000

export function cancellationTerms(input: CancellationInput): CancellationTerms {
  const { feeFen, cancelFeeBp, paidCopayFen } = input
  if (feeFen < 0n || paidCopayFen < 0n) throw new RangeError(`negative fee ${feeFen} or paid ${paidCopayFen}`)
  if (!Number.isInteger(cancelFeeBp) || cancelFeeBp < 0 || cancelFeeBp > 10_000)
    throw new RangeError(`cancelFeeBp must be 0–10000, got ${cancelFeeBp}`)
  const freeUntil = input.startsAt ? new Date(input.startsAt.getTime() - input.cancelFreeHours * HOUR_MS) : null
  const terms = (basis: CancellationBasis, fee: bigint, due: bigint): CancellationTerms => ({
    feeFen: fee,
    dueFen: due,
    refundFen: paidCopayFen - fee,
    basis,
    freeUntil,
  })
  if (input.side === 'institution') return terms('institution-cancels', 0n, 0n)
  const late = freeUntil ? input.now.getTime() >= freeUntil.getTime() : input.approved
  if (!late) return terms('free-period', 0n, 0n)
  // Rounded down to the fen (bigint division of non-negative numbers is a floor).
  const due = (feeFen * BigInt(cancelFeeBp)) / 10_000n
  if (due === 0n) return terms('no-fee-set', 0n, 0n)
  if (paidCopayFen === 0n) return terms('nothing-paid', 0n, due)
  return due <= paidCopayFen ? terms('charged', due, due) : terms('capped-by-copay', paidCopayFen, due)
}
