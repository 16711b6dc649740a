// Dates and times typed in Asia/Shanghai (a datetime-local input) ↔ UTC instants. China has no
// daylight saving, so +08:00 is exact all year. Pure.
import { toHalfWidth } from './text-normalise'

const OFFSET_MS = 8 * 60 * 60 * 1000

/** "2026-12-01T08:30" (or "2026-12-01 08:30", "2026/12/1 8:30") in Shanghai → the UTC instant; null when not a real time. */
export function parseShanghaiDateTime(input: string): Date | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T\s]+(\d{1,2})[:：](\d{2})(?::\d{2})?$/.exec(
    toHalfWidth(input).trim(),
  )
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS
  const check = new Date(utc + OFFSET_MS)
  // 2026-02-30 rolls over into March: not a real date.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
  return new Date(utc)
}

/** A UTC instant as the value of a datetime-local input in Shanghai: "2026-12-01T08:30". */
export function toShanghaiInput(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 16)
}

/** "2026-05-01" (a date input) → the date, or null. For in_use_since (a DATE column, no zone). */
export function parseIsoDate(input: string): Date | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(toHalfWidth(input).trim())
  if (!match) return null
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date
}
