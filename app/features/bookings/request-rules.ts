// Pure checks for a booking request. DOMAIN: a request not approved within N days expires
// (default 3; configurable per programme later).

export const DECIDE_WITHIN_DAYS = 3
const DAY_MS = 24 * 60 * 60 * 1000

export function decideByFor(requestedAt: Date, days = DECIDE_WITHIN_DAYS): Date {
  return new Date(requestedAt.getTime() + days * DAY_MS)
}

export type RequestProblem = 'invalid-time-range' | 'quantity-below-minimum'

/** A slot is both ends or neither; it starts before it ends and not in the past. */
export function timeRangeProblem(
  range: { startsAt?: Date | null; endsAt?: Date | null },
  now: Date,
): 'invalid-time-range' | null {
  const { startsAt, endsAt } = range
  if (!startsAt && !endsAt) return null
  if (!startsAt || !endsAt) return 'invalid-time-range'
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) return 'invalid-time-range'
  if (startsAt.getTime() >= endsAt.getTime()) return 'invalid-time-range'
  if (startsAt.getTime() < now.getTime()) return 'invalid-time-range'
  return null
}

export function quantityProblem(quantity: number, minQuantity: number): 'quantity-below-minimum' | null {
  if (!Number.isSafeInteger(quantity) || quantity < Math.max(1, minQuantity)) return 'quantity-below-minimum'
  return null
}
