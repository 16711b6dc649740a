// DOMAIN: a voucher is valid for `validityMonths` (default 12) from issue, and may be redeemed for
// `graceMonths` (default 3) more. Months are calendar months in China time (UTC+8, no DST since
// 1991); a day that does not exist in the target month clamps to its last day (31 Jan + 1 month = 28/29 Feb).
// Serial numbers: `${prefix}${year}-${six digits}`, e.g. DZ2026-000123.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

export function addMonthsChina(at: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`)
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS)
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth() + months
  const targetYear = y + Math.floor(m / 12)
  const targetMonth = ((m % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  const day = Math.min(local.getUTCDate(), lastDay)
  const shifted = Date.UTC(
    targetYear,
    targetMonth,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  )
  return new Date(shifted - SHANGHAI_OFFSET_MS)
}

export function voucherDates(
  issuedAt: Date,
  validityMonths: number,
  graceMonths: number,
): { issuedAt: Date; expiresAt: Date; redeemBy: Date } {
  if (validityMonths < 1) throw new RangeError(`validity must be at least one month, got ${validityMonths}`)
  if (graceMonths < 0) throw new RangeError(`grace must not be negative, got ${graceMonths}`)
  const expiresAt = addMonthsChina(issuedAt, validityMonths)
  return { issuedAt, expiresAt, redeemBy: addMonthsChina(expiresAt, graceMonths) }
}

export function formatSerial(prefix: string, year: number, n: number): string {
  if (!/^[A-Z]{2,6}$/.test(prefix)) throw new RangeError(`serial prefix must be 2–6 capital letters, got ${prefix}`)
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`serial number must be a positive integer, got ${n}`)
  return `${prefix}${year}-${String(n).padStart(6, '0')}`
}
