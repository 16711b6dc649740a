import type { Locale } from '~/i18n/config'

// DOMAIN: money is integer fen. Formatting never goes through floating point.

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function toBigInt(fen: bigint | number): bigint {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`)
  return BigInt(fen)
}

/** 123450 → "¥1,234.50" (same in both languages: CNY is always shown with ¥). */
export function formatFen(fen: bigint | number): string {
  const value = toBigInt(fen)
  const negative = value < 0n
  const abs = negative ? -value : value
  const yuan = abs / 100n
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}¥${groupThousands(yuan.toString())}.${cents}`
}

/**
 * Large sums the way a bureau reads them: 2000000000 fen → "2,000万元" / "¥20.00 million"…
 * Chinese: 万元 with up to two decimals, trailing zeros dropped (12.5万元). English: plain yuan.
 */
export function formatWan(fen: bigint | number, locale: Locale): string {
  const value = toBigInt(fen)
  if (locale !== 'zh-CN') return formatFen(value)
  const negative = value < 0n
  const abs = negative ? -value : value
  // 1万元 = 1,000,000 fen; keep two decimals of 万 (= 100 yuan), rounding half up.
  const hundredths = (abs + 5_000n) / 10_000n
  const whole = hundredths / 100n
  const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${groupThousands(whole.toString())}${frac ? `.${frac}` : ''}万元`
}

/** Parses a yuan amount typed by a person ("1,234.5", "１２３", "¥20") into fen; null when it is not money. */
export function parseYuanToFen(input: string): bigint | null {
  const normalised = input
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s¥￥元]/g, '')
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(normalised)
  if (!match) return null
  const [, sign, whole, frac = ''] = match
  const fen = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'))
  return sign === '-' ? -fen : fen
}

/** 12345n fen → "123.45", 20000n → "200" (integer arithmetic; no floating point). */
export function fenToYuanText(fen: bigint): string {
  const negative = fen < 0n
  const abs = negative ? -fen : fen
  const cents = abs % 100n
  const text = cents === 0n ? `${abs / 100n}` : `${abs / 100n}.${cents.toString().padStart(2, '0')}`
  return negative ? `-${text}` : text
}
