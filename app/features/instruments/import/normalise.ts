// Cell readers for the instrument import: each turns what a person typed into a spreadsheet cell
// (full-width digits, ¥ and thousands separators, dates as Excel serial numbers or Chinese text)
// into a stored value, or names the problem. Pure: no DB, no clock (today is passed in).

/** A cell as the file readers hand it over: XLSX gives numbers and dates, CSV only text. */
export type CellValue = string | number | boolean | Date | null

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII, the ideographic space → a space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

/** A cell as text: numbers in their shortest exact form, dates as YYYY-MM-DD, trimmed, CRLF → LF. */
export function cellText(value: CellValue): string {
  if (value === null) return ''
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  return value.replace(/\r\n?/g, '\n').trim()
}

export function isBlank(value: CellValue): boolean {
  return cellText(value) === ''
}

/** An identifier (asset number, model): half-width, inner runs of spaces collapsed. */
export function normaliseCode(value: CellValue): string {
  return toHalfWidth(cellText(value)).replace(/\s+/g, ' ').trim()
}

export type MoneyProblem = 'invalid' | 'negative' | 'too-large'
export type Parsed<T, P extends string> = { ok: true; value: T } | { ok: false; problem: P }

const FEN_PER_YUAN = 100n
const FEN_PER_WAN = 1_000_000n

/**
 * A yuan amount → fen, never through floating point: "¥1,280,000.00", "１２８０ ０００", "12.5万",
 * a number cell 1280000.5 (read via its shortest decimal text). `unit: 'wan'` reads plain numbers
 * as 万元 (a "原值(万元)" column). More than two decimals of a yuan (or six of a 万) is a typo.
 */
export function parseMoney(
  value: CellValue,
  { max, unit = 'yuan' }: { max: bigint; unit?: 'yuan' | 'wan' },
): Parsed<bigint, MoneyProblem> {
  let text = toHalfWidth(cellText(value))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s¥￥]/g, '')
    .replace(/^RMB|^CNY/i, '')
  let scale = unit === 'wan' ? FEN_PER_WAN : FEN_PER_YUAN
  if (/万元?$/.test(text)) {
    text = text.replace(/万元?$/, '')
    scale = FEN_PER_WAN
  } else text = text.replace(/元$/, '')
  if (/^-\d/.test(text) || /^\(\d.*\)$/.test(text)) return { ok: false, problem: 'negative' }
  const digits = scale === FEN_PER_WAN ? 6 : 2
  const match = new RegExp(`^(\\d+)(?:\\.(\\d{1,${digits}}))?$`).exec(text)
  if (!match) return { ok: false, problem: 'invalid' }
  const [, whole, frac = ''] = match
  const fen = BigInt(whole!) * scale + BigInt(frac.padEnd(digits, '0'))
  if (fen > max) return { ok: false, problem: 'too-large' }
  return { ok: true, value: fen }
}

export type DateProblem = 'invalid' | 'out-of-range'

const MS_PER_DAY = 86_400_000
// Excel's 1900 date system: serial 1 = 1900-01-01, and it counts a 29 Feb 1900 that never was
// (serial 60), so from serial 61 on the day is 1899-12-30 + serial.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/** An Excel serial day number (44927) → the UTC midnight of that day (2023-01-01); null when not one. */
export function excelSerialToDate(serial: number): Date | null {
  if (!Number.isInteger(serial) || serial < 61 || serial > 2_958_465) return null
  return new Date(EXCEL_EPOCH_MS + serial * MS_PER_DAY)
}

function utcDate(year: number, month: number, day: number): Date | null {
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date
}

/**
 * A date put into use: a date cell, an Excel serial number (44927), or text as people write it
 * (2023-01-01, 2023/1/1, 2023.1.1, 2023年1月1日, 20230101, full-width digits). Between 1950 and today.
 */
export function parseDate(value: CellValue, today: Date): Parsed<Date, DateProblem> {
  let date: Date | null = null
  if (value instanceof Date) {
    // exceljs reads a date cell as UTC midnight; a time of day (a date-time cell) is dropped.
    date = Number.isNaN(value.getTime())
      ? null
      : utcDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())
  } else {
    const text = toHalfWidth(cellText(value)).replace(/\s+/g, '')
    const serial = typeof value === 'number' ? value : /^\d{5}$/.test(text) ? Number(text) : null
    if (serial !== null && !/^\d{8}$/.test(text)) date = excelSerialToDate(serial)
    else {
      const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text)
      if (match) date = utcDate(Number(match[1]), Number(match[2]), Number(match[3]))
    }
  }
  if (!date) return { ok: false, problem: 'invalid' }
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  if (date.getUTCFullYear() < 1950 || date.getTime() > todayUtc) return { ok: false, problem: 'out-of-range' }
  return { ok: true, value: date }
}

/** A whole number ("１２", "3", a number cell 3) or null. */
export function parseWholeNumber(value: CellValue): number | null {
  const text = toHalfWidth(cellText(value)).replace(/[,\s]/g, '')
  if (!/^\d{1,9}$/.test(text)) return null
  return Number(text)
}

/** The stored value an allowed word stands for ("开放共享" → open), case- and width-insensitive. */
export function parseEnum<T extends string>(value: CellValue, labels: Record<T, readonly string[]>): T | null {
  const text = toHalfWidth(cellText(value)).replace(/\s+/g, ' ').trim().toLowerCase()
  for (const [stored, words] of Object.entries(labels) as [T, readonly string[]][]) {
    if (words.some((w) => w.toLowerCase() === text)) return stored
  }
  return null
}

// Mainland mobile, or a landline with area code (0818-2123456), optionally with an extension.
const PHONE_RE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/

/** A contact phone, normalised (half-width, no spaces or brackets, no +86); null when not a phone. */
export function parsePhone(value: CellValue): string | null {
  const text = toHalfWidth(cellText(value))
    .replace(/[\s()（）]/g, '')
    .replace(/^\+?86-?/, '')
  return PHONE_RE.test(text) ? text : null
}

export type CategoryRef = { code: string; name: string; parentCode: string | null }
export type CategoryProblem = 'unknown' | 'top-level'

/**
 * A category by its code ("0105", "105" from a number cell that lost its leading zero) or its
 * exact Chinese name ("色谱仪"). Instruments are filed under a second-level category.
 */
export function lookupCategory(value: CellValue, categories: readonly CategoryRef[]): Parsed<string, CategoryProblem> {
  const text = toHalfWidth(cellText(value)).replace(/\s+/g, '')
  if (text === '') return { ok: false, problem: 'unknown' }
  const code = /^\d{3,4}$/.test(text) ? text.padStart(4, '0') : /^\d$/.test(text) ? text.padStart(2, '0') : text
  // "0105 色谱仪" or "0105色谱仪": the code wins.
  const leading = /^(\d{4})\D/.exec(text)?.[1]
  const found =
    categories.find((c) => c.code === code) ??
    (leading ? categories.find((c) => c.code === leading) : undefined) ??
    categories.find((c) => toHalfWidth(c.name).replace(/\s+/g, '') === text)
  if (!found) return { ok: false, problem: 'unknown' }
  if (found.parentCode === null) return { ok: false, problem: 'top-level' }
  return { ok: true, value: found.code }
}
