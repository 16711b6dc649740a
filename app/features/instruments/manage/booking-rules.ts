// Booking rules an institution sets per instrument, checked together so they can all be met.
// The database CHECKs (migration 20261128010000) hold the same bounds; these say which field to
// fix, in words. Pure.

export type BookingRules = {
  minNoticeHours: number
  maxAdvanceDays: number
  slotMinutes: number
  minDurationMinutes: number
  maxDurationMinutes: number
  bufferMinutes: number
}

export const SLOT_MINUTES = [15, 30, 60] as const

export const RULE_BOUNDS = {
  minNoticeHours: { min: 0, max: 720 },
  maxAdvanceDays: { min: 1, max: 365 },
  minDurationMinutes: { min: 15, max: 1440 },
  maxDurationMinutes: { min: 15, max: 10080 },
  bufferMinutes: { min: 0, max: 240 },
} as const

export const DEFAULT_BOOKING_RULES: BookingRules & { requiresApproval: boolean } = {
  minNoticeHours: 24,
  maxAdvanceDays: 60,
  slotMinutes: 30,
  minDurationMinutes: 60,
  maxDurationMinutes: 480,
  bufferMinutes: 0,
  requiresApproval: true,
}

export type RuleProblem = {
  field: keyof BookingRules
  problem: 'range' | 'slot' | 'not-multiple' | 'min-above-max' | 'notice-beyond-horizon'
  params?: Record<string, number>
}

export function bookingRulesProblems(rules: BookingRules): RuleProblem[] {
  const problems: RuleProblem[] = []
  for (const [field, bounds] of Object.entries(RULE_BOUNDS) as [
    keyof typeof RULE_BOUNDS,
    { min: number; max: number },
  ][]) {
    const value = rules[field]
    if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
      problems.push({ field, problem: 'range', params: bounds })
    }
  }
  if (!(SLOT_MINUTES as readonly number[]).includes(rules.slotMinutes)) {
    problems.push({ field: 'slotMinutes', problem: 'slot' })
    return problems
  }
  // Bookings start and end on the slot grid, so the duration bounds must lie on it too.
  for (const field of ['minDurationMinutes', 'maxDurationMinutes'] as const) {
    if (!problems.some((p) => p.field === field) && rules[field] % rules.slotMinutes !== 0) {
      problems.push({ field, problem: 'not-multiple', params: { slot: rules.slotMinutes } })
    }
  }
  if (
    !problems.some((p) => p.field.endsWith('DurationMinutes')) &&
    rules.minDurationMinutes > rules.maxDurationMinutes
  ) {
    problems.push({ field: 'maxDurationMinutes', problem: 'min-above-max', params: { min: rules.minDurationMinutes } })
  }
  // Notice at least as long as the horizon leaves no day that can be booked.
  if (
    !problems.some((p) => p.field === 'minNoticeHours' || p.field === 'maxAdvanceDays') &&
    rules.minNoticeHours >= rules.maxAdvanceDays * 24
  ) {
    problems.push({ field: 'minNoticeHours', problem: 'notice-beyond-horizon', params: { days: rules.maxAdvanceDays } })
  }
  return problems
}

// Cancellation rules (issue 5, DOMAIN): free until `cancelFreeHours` before the service; after that
// a fee of `cancelFeeBp` of the booking's fee, which only the co-payment can cover. The form shows
// the fee as a percentage (0–100, up to two decimals); the column holds basis points (0–10000).
export const CANCEL_RULE_BOUNDS = {
  cancelFreeHours: { min: 0, max: 720 },
  cancelFeePercent: { min: 0, max: 100 },
} as const

export const DEFAULT_CANCEL_RULES = { cancelFreeHours: 24, cancelFeeBp: 0 } as const

/** "10", "12.5", "１５％" → basis points (1000, 1250, 1500); null when not 0–100 with at most two decimals. */
export function parsePercentToBp(text: string): number | null {
  const normalised = text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[\s%％]/g, '')
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(normalised)
  if (!match) return null
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return bp <= CANCEL_RULE_BOUNDS.cancelFeePercent.max * 100 ? bp : null
}

/** Basis points as the percentage a person types: 1250 → "12.5", 1000 → "10". */
export function bpToPercentText(bp: number): string {
  const whole = Math.floor(bp / 100)
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : String(whole)
}
