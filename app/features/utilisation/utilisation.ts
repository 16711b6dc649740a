// Utilisation figures the government evaluates (DOMAIN "Instruments"): pure arithmetic, no DB.
//
// What is counted (per instrument, per calendar year in Asia/Shanghai):
// - external service hours (年对外服务机时): hours of completed bookings — delivered, confirmed,
//   claimed, redeemed, settled. Every booking in this system is made by an enterprise, so every
//   booking hour is external. A booking with a time range counts its length; one without (per
//   sample / per item) counts its quantity when the unit is the hour, otherwise nothing.
// - internal use: hours the institution declares for its own research (instrument_internal_use).
// - effective working hours (年有效工作机时) = external + internal.
// - external service income: the sum of those bookings' fees (the snapshot fee, in fen).
// - sharing rate = external ÷ effective; utilisation = effective ÷ the norm (1,600 h a year, or
//   the 800 h universities often use) — for an institution, ÷ (norm × its instruments).

export const COMPLETED_STATES = ['delivered', 'confirmed', 'claimed', 'redeemed', 'settled'] as const
export const UTILISATION_NORMS = [1600, 800] as const
export type UtilisationNorm = (typeof UTILISATION_NORMS)[number]
export const DEFAULT_NORM: UtilisationNorm = 1600

export type UsageTotals = {
  /** Minutes of completed bookings (external service). */
  externalMinutes: number
  /** Minutes of declared internal use. */
  internalMinutes: number
  /** Fees of completed bookings, fen. */
  incomeFen: bigint
  completedBookings: number
}

export type UtilisationFigures = {
  effectiveHours: number
  externalHours: number
  internalHours: number
  incomeFen: bigint
  completedBookings: number
  /** External ÷ effective in basis points (10000 = 100 %); null when nothing was used. */
  sharingRateBp: number | null
  /** Effective ÷ (norm × instruments) in basis points; may exceed 10000. */
  utilisationBp: number
  normHours: UtilisationNorm
  instruments: number
}

/** Hours with one decimal, from whole minutes (rounded half up). */
export function minutesToHours(minutes: number): number {
  return Math.round(minutes / 6) / 10
}

/** a ÷ b in basis points, rounded half up; b > 0. */
export function ratioBp(a: number, b: number): number {
  if (!(b > 0)) throw new RangeError(`ratio with a non-positive divisor: ${a} / ${b}`)
  return Math.round((a * 10_000) / b)
}

export function utilisationFigures(
  totals: UsageTotals,
  { normHours = DEFAULT_NORM, instruments = 1 }: { normHours?: UtilisationNorm; instruments?: number } = {},
): UtilisationFigures {
  if (totals.externalMinutes < 0 || totals.internalMinutes < 0) throw new RangeError('negative usage')
  if (!Number.isInteger(instruments) || instruments < 0) throw new RangeError(`instrument count: ${instruments}`)
  const effectiveMinutes = totals.externalMinutes + totals.internalMinutes
  return {
    effectiveHours: minutesToHours(effectiveMinutes),
    externalHours: minutesToHours(totals.externalMinutes),
    internalHours: minutesToHours(totals.internalMinutes),
    incomeFen: totals.incomeFen,
    completedBookings: totals.completedBookings,
    sharingRateBp: effectiveMinutes > 0 ? ratioBp(totals.externalMinutes, effectiveMinutes) : null,
    utilisationBp: instruments > 0 ? ratioBp(effectiveMinutes, normHours * 60 * instruments) : 0,
    normHours,
    instruments,
  }
}

export function addTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    externalMinutes: a.externalMinutes + b.externalMinutes,
    internalMinutes: a.internalMinutes + b.internalMinutes,
    incomeFen: a.incomeFen + b.incomeFen,
    completedBookings: a.completedBookings + b.completedBookings,
  }
}

export const ZERO_TOTALS: UsageTotals = { externalMinutes: 0, internalMinutes: 0, incomeFen: 0n, completedBookings: 0 }

/** Sums instruments' totals per institution (order of first appearance kept). */
export function rollUpByInstitution<T extends UsageTotals & { institutionId: string }>(
  rows: readonly T[],
): Map<string, { totals: UsageTotals; instruments: number; first: T }> {
  const out = new Map<string, { totals: UsageTotals; instruments: number; first: T }>()
  for (const row of rows) {
    const current = out.get(row.institutionId)
    if (current) {
      current.totals = addTotals(current.totals, row)
      current.instruments += 1
    } else out.set(row.institutionId, { totals: addTotals(ZERO_TOTALS, row), instruments: 1, first: row })
  }
  return out
}

/** "12.5 %" style text from basis points (one decimal). */
export function formatBp(bp: number | null): string {
  if (bp === null) return '—'
  // Integer arithmetic (tenths of a percent, half up), like every figure here.
  const tenths = Math.round(bp / 10)
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`
}

/** Reads `?year=&norm=` leniently: a year from 2000 to next year (default: this year in Asia/Shanghai), a known norm. */
export function parseUtilisationParams(
  params: URLSearchParams,
  now: Date,
): { year: number; normHours: UtilisationNorm; years: number[] } {
  const thisYear = Number(new Date(now.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 4))
  const year = Number(params.get('year'))
  const norm = Number(params.get('norm'))
  return {
    year: Number.isInteger(year) && year >= 2000 && year <= thisYear + 1 ? year : thisYear,
    normHours: (UTILISATION_NORMS as readonly number[]).includes(norm) ? (norm as UtilisationNorm) : DEFAULT_NORM,
    years: Array.from({ length: 5 }, (_, i) => thisYear - i),
  }
}
