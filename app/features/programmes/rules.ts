import { parseYuanToFen } from '~/features/money/money'

// Programme rules, pure (DOMAIN "Programmes"): money in integer fen, shares in basis points,
// application windows as calendar dates in Asia/Shanghai. No floating point anywhere.

export const AMOUNT_UNITS = ['wan', 'yuan'] as const
export type AmountUnit = (typeof AMOUNT_UNITS)[number]

/** DOMAIN: a voucher pays 30–80 % of an eligible service; stored as basis points. */
export const SHARE_MIN_PERCENT = 30
export const SHARE_MAX_PERCENT = 80
export const DEFAULT_SHARE_PERCENT = 50
/** DOMAIN: at most 20万元 per enterprise per year unless the programme says otherwise. */
export const DEFAULT_CAP_FEN = 20_000_000n
export const PREFIX_RE = /^[A-Z]{2,6}$/
export const YEAR_MIN = 2020
export const YEAR_MAX = 2100
export const VALIDITY_MIN = 1
export const VALIDITY_MAX = 60
export const GRACE_MIN = 0
export const GRACE_MAX = 24
/** 10亿元: a guard against a typo of three extra zeros, far above any city's allocation. */
export const BUDGET_MAX_FEN = 100_000_000_000n

const FEN_PER_WAN = 1_000_000n

function normalise(input: string): string {
  return input
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s¥￥]/g, '')
}

/** "12.5" 万元 → 12,500,000 fen; up to six decimals (0.000001万元 = 1 fen). Null when not a plain amount. */
export function parseWanToFen(input: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(normalise(input).replace(/万元?$|元$/, ''))
  if (!match) return null
  const [, whole, frac = ''] = match
  return BigInt(whole!) * FEN_PER_WAN + BigInt(frac.padEnd(6, '0'))
}

/** An amount typed in 万元 or 元 → fen; null when it is not a non-negative amount of money. */
export function parseAmountToFen(input: string, unit: AmountUnit): bigint | null {
  if (unit === 'wan') return parseWanToFen(input)
  const fen = parseYuanToFen(input)
  return fen === null || fen < 0n ? null : fen
}

/** Fen → the plainest way to type it back into a form: whole 万元 when exact, else 元 with cents. */
export function fenToAmountInput(fen: bigint): { amount: string; unit: AmountUnit } {
  if (fen % FEN_PER_WAN === 0n) return { amount: (fen / FEN_PER_WAN).toString(), unit: 'wan' }
  const cents = fen % 100n
  return { amount: `${fen / 100n}${cents === 0n ? '' : `.${cents.toString().padStart(2, '0')}`}`, unit: 'yuan' }
}

export function shareBpFromPercent(percent: number): number {
  return percent * 100
}

export function sharePercentFromBp(bp: number): number {
  return Math.floor(bp / 100)
}

export function shareWithinBounds(percent: number): boolean {
  return Number.isInteger(percent) && percent >= SHARE_MIN_PERCENT && percent <= SHARE_MAX_PERCENT
}

/** How much more may be funded: the total budget less what the ledger says is already funded (never negative). */
export function fundingHeadroom(totalBudgetFen: bigint, fundedFen: bigint): bigint {
  const left = totalBudgetFen - fundedFen
  return left > 0n ? left : 0n
}

export function fundingProblem(
  amountFen: bigint,
  totalBudgetFen: bigint,
  fundedFen: bigint,
): 'invalid-amount' | 'over-budget' | null {
  if (amountFen <= 0n) return 'invalid-amount'
  if (amountFen > fundingHeadroom(totalBudgetFen, fundedFen)) return 'over-budget'
  return null
}

/** A per-enterprise cap cannot exceed the whole budget. */
export function capWithinBudget(capFen: bigint, totalBudgetFen: bigint): boolean {
  return capFen > 0n && capFen <= totalBudgetFen
}

// Asia/Shanghai has no daylight saving: UTC+8 all year.
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** 'YYYY-MM-DD' is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/** The first instant of a Shanghai calendar day. */
export function shanghaiStartOfDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS)
}

/** The last millisecond of a Shanghai calendar day (the window includes its last day). */
export function shanghaiEndOfDay(date: string): Date {
  return new Date(shanghaiStartOfDay(date).getTime() + 24 * 3600 * 1000 - 1)
}

/** The Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** Once a programme has minted a serial, its prefix and year are part of printed vouchers. */
export function identityLocked(lastSerial: number): boolean {
  return lastSerial > 0
}
