// DOMAIN timers: an approved booking with a co-payment expires if it is not paid within 24 hours;
// a delivered booking not confirmed within 7 days is confirmed automatically. A confirmed booking's
// redemption claim belongs to the month of its confirmation (Asia/Shanghai), for monthly settlement.
// Pure: the clock is a parameter.

export const PAY_WITHIN_HOURS = 24
export const CONFIRM_WITHIN_DAYS = 7

const HOUR_MS = 60 * 60 * 1000
/** China keeps UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS

export function payByFor(approvedAt: Date, hours = PAY_WITHIN_HOURS): Date {
  return new Date(approvedAt.getTime() + hours * HOUR_MS)
}

export function confirmByFor(deliveredAt: Date, days = CONFIRM_WITHIN_DAYS): Date {
  return new Date(deliveredAt.getTime() + days * 24 * HOUR_MS)
}

/** Whether a deadline has passed at `now` (a deadline exactly now has passed; none set never passes). */
export function deadlinePassed(deadline: Date | null, now: Date): boolean {
  return deadline !== null && deadline.getTime() <= now.getTime()
}

/** The claim period: the first day of the Asia/Shanghai month of `at`, as YYYY-MM-DD. */
export function claimPeriodOf(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7)}-01`
}
