// DOMAIN: "National SME limits for reference: ≤ 500 staff, sales ≤ 2亿元, assets ≤ 2亿元". For
// reference only: a figure above a limit is shown to the reviewing bureau as a warning, it never
// refuses a registration.

export const SME_LIMITS = {
  staffCount: 500,
  /** 2亿元 = 200,000,000 yuan. */
  salesFen: 20_000_000_000n,
  assetsFen: 20_000_000_000n,
} as const

export type SmeFigure = keyof typeof SME_LIMITS

export type SizeFigures = {
  staffCount: number | null
  salesFen: bigint | null
  assetsFen: bigint | null
}

/** The declared figures above the national SME limits (a missing figure is never above). */
export function figuresAboveSmeLimits(figures: SizeFigures): SmeFigure[] {
  const above: SmeFigure[] = []
  if (figures.staffCount !== null && figures.staffCount > SME_LIMITS.staffCount) above.push('staffCount')
  if (figures.salesFen !== null && figures.salesFen > SME_LIMITS.salesFen) above.push('salesFen')
  if (figures.assetsFen !== null && figures.assetsFen > SME_LIMITS.assetsFen) above.push('assetsFen')
  return above
}
