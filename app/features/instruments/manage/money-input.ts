// Amounts as institution staff type them: an instrument's original value in 元 or 万元 (the unit
// asset registers use), a published fee in 元. DOMAIN: money is integer fen, never a float. Pure.
import { parseYuanToFen } from '~/features/money/money'
import { toHalfWidth } from './text-normalise'

export type ValueUnit = 'yuan' | 'wan'

// 1万元 = 10,000 yuan = 1,000,000 fen.
const FEN_PER_WAN = 1_000_000n

/** "12.5" 万元 → 12,500,000 fen; up to six decimals of 万元 (= one fen). null when it is not an amount. */
export function parseWanToFen(input: string): bigint | null {
  const normalised = toHalfWidth(input)
    .replace(/[．。]/g, '.')
    .replace(/[,，\s¥￥]|万元|万/g, '')
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(normalised)
  if (!match) return null
  const [, whole, frac = ''] = match
  return BigInt(whole!) * FEN_PER_WAN + BigInt(frac.padEnd(6, '0'))
}

export type AmountProblem = 'invalid' | 'negative' | 'too-large'

/** An instrument's original value (原值) in the chosen unit → fen, or the problem. */
export function parseOriginalValue(
  input: string,
  unit: ValueUnit,
): { ok: true; fen: bigint } | { ok: false; problem: AmountProblem } {
  const trimmed = toHalfWidth(input).trim()
  if (/^-/.test(trimmed)) return { ok: false, problem: 'negative' }
  const fen = unit === 'wan' ? parseWanToFen(trimmed) : parseYuanToFen(trimmed)
  if (fen === null) return { ok: false, problem: 'invalid' }
  if (fen < 0n) return { ok: false, problem: 'negative' }
  // 100亿元 is far above any single instrument; a bigger number is a typo (an extra digit or unit).
  if (fen > 1_000_000_000_000n) return { ok: false, problem: 'too-large' }
  return { ok: true, fen }
}

// service_item.fee_fen is an integer column.
export const MAX_FEE_FEN = 2_147_483_647

/** A published fee in yuan → fen (fits service_item.fee_fen), or the problem. Zero is allowed (free service). */
export function parseFee(input: string): { ok: true; fen: number } | { ok: false; problem: AmountProblem } {
  const trimmed = toHalfWidth(input).trim()
  if (/^-/.test(trimmed)) return { ok: false, problem: 'negative' }
  const fen = parseYuanToFen(trimmed)
  if (fen === null) return { ok: false, problem: 'invalid' }
  if (fen < 0n) return { ok: false, problem: 'negative' }
  if (fen > BigInt(MAX_FEE_FEN)) return { ok: false, problem: 'too-large' }
  return { ok: true, fen: Number(fen) }
}

function decimal(value: bigint, scale: bigint, digits: number): string {
  const whole = value / scale
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : whole.toString()
}

/** What an edit form shows for a stored value: 万元 when it is a whole number of 元 ≥ 1万, else 元. */
export function originalValueInput(fen: bigint): { value: string; unit: ValueUnit } {
  if (fen >= FEN_PER_WAN && fen % 100n === 0n) return { value: decimal(fen, FEN_PER_WAN, 6), unit: 'wan' }
  return { value: decimal(fen, 100n, 2), unit: 'yuan' }
}

/** 12345 fen → "123.45"; 20000 → "200". */
export function feeInput(fen: number): string {
  return decimal(BigInt(fen), 100n, 2)
}
