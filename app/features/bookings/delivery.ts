// DOMAIN: institution staff record the delivery — actual usage, final fee (never above the fee
// snapshot; a lower fee releases part of the hold), test report number and invoice (发票) number,
// both unique across the whole system. Pure.

export type FinalSplitInput = {
  /** The booking's fee snapshot. */
  feeFen: bigint
  finalFeeFen: bigint
  /** The programme's voucher share of a fee, basis points. */
  shareBp: number
  /** The voucher share still held for the booking (0 when the hold is gone, e.g. a revoked voucher). */
  heldShareFen: bigint
}

export type FinalSplit =
  | { ok: true; finalFeeFen: bigint; finalVoucherShareFen: bigint; finalCopayFen: bigint }
  | { ok: false; problem: 'fee-above-snapshot' | 'invalid-final-fee' }

/**
 * DOMAIN: voucher share = min(fee × programme share, what the voucher holds), rounded down to the
 * fen; co-payment = fee − voucher share. Applied to the final fee, the held share is the cap: the
 * voucher never pays more than it held at request time ("adjusted if the final fee is lower, never
 * higher than held").
 */
export function finalSplit({ feeFen, finalFeeFen, shareBp, heldShareFen }: FinalSplitInput): FinalSplit {
  if (finalFeeFen < 0n) return { ok: false, problem: 'invalid-final-fee' }
  if (finalFeeFen > feeFen) return { ok: false, problem: 'fee-above-snapshot' }
  if (!Number.isInteger(shareBp) || shareBp < 0 || shareBp > 10_000)
    throw new RangeError(`shareBp must be 0–10000, got ${shareBp}`)
  if (heldShareFen < 0n) throw new RangeError(`held share must not be negative, got ${heldShareFen}`)
  const byShare = (finalFeeFen * BigInt(shareBp)) / 10_000n
  const finalVoucherShareFen = byShare < heldShareFen ? byShare : heldShareFen
  return { ok: true, finalFeeFen, finalVoucherShareFen, finalCopayFen: finalFeeFen - finalVoucherShareFen }
}

export const EVIDENCE_NO_MAX_LENGTH = 64

export type DeliveryEvidenceInput = {
  actualStartsAt?: Date | null
  actualEndsAt?: Date | null
  actualQuantity?: number | null
  reportNo: string
  reportFile?: string | null
  invoiceNo: string
  invoiceFile?: string | null
}

export type DeliveryEvidence = {
  actualStartsAt: Date | null
  actualEndsAt: Date | null
  actualQuantity: number | null
  reportNo: string
  reportFile: string | null
  invoiceNo: string
  invoiceFile: string | null
}

export type DeliveryProblem =
  | 'report-no-required'
  | 'invoice-no-required'
  | 'report-no-too-long'
  | 'invoice-no-too-long'
  | 'invalid-actual-range'
  | 'invalid-actual-quantity'
  | 'actual-in-future'

/** Trims the numbers (a report number is unique as written, so spaces around it must not make a second one). */
export function checkDeliveryEvidence(
  input: DeliveryEvidenceInput,
  now: Date,
): { ok: true; evidence: DeliveryEvidence } | { ok: false; problem: DeliveryProblem } {
  const reportNo = input.reportNo.trim()
  const invoiceNo = input.invoiceNo.trim()
  if (reportNo === '') return { ok: false, problem: 'report-no-required' }
  if (invoiceNo === '') return { ok: false, problem: 'invoice-no-required' }
  if (reportNo.length > EVIDENCE_NO_MAX_LENGTH) return { ok: false, problem: 'report-no-too-long' }
  if (invoiceNo.length > EVIDENCE_NO_MAX_LENGTH) return { ok: false, problem: 'invoice-no-too-long' }
  const startsAt = input.actualStartsAt ?? null
  const endsAt = input.actualEndsAt ?? null
  if (startsAt && Number.isNaN(startsAt.getTime())) return { ok: false, problem: 'invalid-actual-range' }
  if (endsAt && Number.isNaN(endsAt.getTime())) return { ok: false, problem: 'invalid-actual-range' }
  if (startsAt && endsAt && startsAt.getTime() >= endsAt.getTime())
    return { ok: false, problem: 'invalid-actual-range' }
  // Usage is recorded after it happened.
  if ((startsAt && startsAt.getTime() > now.getTime()) || (endsAt && endsAt.getTime() > now.getTime()))
    return { ok: false, problem: 'actual-in-future' }
  const quantity = input.actualQuantity ?? null
  if (quantity !== null && (!Number.isSafeInteger(quantity) || quantity <= 0))
    return { ok: false, problem: 'invalid-actual-quantity' }
  const file = (f: string | null | undefined) => (f && f.trim() !== '' ? f.trim() : null)
  return {
    ok: true,
    evidence: {
      actualStartsAt: startsAt,
      actualEndsAt: endsAt,
      actualQuantity: quantity,
      reportNo,
      reportFile: file(input.reportFile),
      invoiceNo,
      invoiceFile: file(input.invoiceFile),
    },
  }
}
