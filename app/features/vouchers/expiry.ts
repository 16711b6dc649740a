// DOMAIN: a voucher is usable until its validity ends; then its unused balance lapses and returns
// to the programme budget. Holds open at that moment stay until their bookings resolve (the
// redemption grace period), and what a voided hold gives back lapses later.
// Pure module: no clock, no database.

/** Past its validity at `now` (the end instant itself counts as past, as a booking request sees it). */
export function isPastValidity(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime()
}

/**
 * The idempotency key of a voucher's lapse transfer number `lapsesSoFar` (0 for the first). Counted
 * under the voucher's row lock, so a retry or a second worker computes the same key and moves no
 * money twice, while money a voided hold returns after expiry can still lapse under the next number.
 */
export function lapseIdempotencyKey(voucherId: string, lapsesSoFar: number): string {
  if (!Number.isInteger(lapsesSoFar) || lapsesSoFar < 0)
    throw new RangeError(`lapse count must be a non-negative integer, got ${lapsesSoFar}`)
  return `voucher-lapse:${voucherId}:${lapsesSoFar}`
}
