// Weekly open hours as one line of text per weekday ("08:30-12:00, 14:00-17:30"), so the grid
// works as plain form inputs without JavaScript. Minutes from midnight in Asia/Shanghai; an end
// of 24:00 is 1440. Pure: parse, check, format.
import { toHalfWidth } from './text-normalise'

export type MinuteRange = { startMinute: number; endMinute: number }

export type DayRangesProblem =
  /** The n-th range is not "HH:MM-HH:MM". */
  | 'format'
  /** A time in the n-th range does not exist (25:00, 08:75). */
  | 'time'
  /** The n-th range ends at or before it starts. */
  | 'order'
  /** The n-th range overlaps an earlier one (`other` names it). */
  | 'overlap'
  | 'too-many'

export type DayRangesResult =
  | { ok: true; ranges: MinuteRange[] }
  | { ok: false; problem: DayRangesProblem; index: number; text: string; other?: number }

export const MAX_RANGES_PER_DAY = 8

// Dashes, tildes and 至/到 between the two times; commas, semicolons, 、 and new lines between ranges.
const RANGE_SEPARATOR = /\s*(?:-|–|—|~|〜|至|到)\s*/
const LIST_SEPARATOR = /[,，;；、\n]+/

function parseTime(text: string, isEnd: boolean): number | 'format' | 'time' {
  const match = /^(\d{1,2})(?:[:：.](\d{2}))?$/.exec(text.trim())
  if (!match) return 'format'
  const hours = Number(match[1])
  const minutes = Number(match[2] ?? '0')
  if (minutes > 59) return 'time'
  const total = hours * 60 + minutes
  // 24:00 closes the day; nothing later exists, and no range starts at 24:00.
  if (hours > 24 || total > 1440 || (!isEnd && total === 1440)) return 'time'
  return total
}

/** Parses one weekday's text. Blank = closed that day. Ranges come back sorted by start. */
export function parseDayRanges(input: string): DayRangesResult {
  const normalised = toHalfWidth(input).replace(/[–—−]/g, '-').trim()
  if (normalised === '') return { ok: true, ranges: [] }
  const parts = normalised
    .split(LIST_SEPARATOR)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
  if (parts.length > MAX_RANGES_PER_DAY) {
    return { ok: false, problem: 'too-many', index: MAX_RANGES_PER_DAY + 1, text: parts[MAX_RANGES_PER_DAY]! }
  }
  const ranges: (MinuteRange & { index: number })[] = []
  for (const [i, part] of parts.entries()) {
    const index = i + 1
    const times = part.split(RANGE_SEPARATOR)
    if (times.length !== 2) return { ok: false, problem: 'format', index, text: part }
    const start = parseTime(times[0]!, false)
    const end = parseTime(times[1]!, true)
    if (start === 'format' || end === 'format') return { ok: false, problem: 'format', index, text: part }
    if (start === 'time' || end === 'time') return { ok: false, problem: 'time', index, text: part }
    if (end <= start) return { ok: false, problem: 'order', index, text: part }
    const clash = ranges.find((r) => start < r.endMinute && r.startMinute < end)
    if (clash) return { ok: false, problem: 'overlap', index, text: part, other: clash.index }
    ranges.push({ startMinute: start, endMinute: end, index })
  }
  return {
    ok: true,
    ranges: ranges
      .sort((a, b) => a.startMinute - b.startMinute)
      .map(({ startMinute, endMinute }) => ({ startMinute, endMinute })),
  }
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/** The text a day's input shows: "08:30-12:00, 14:00-17:30" (sorted). */
export function formatDayRanges(ranges: readonly MinuteRange[]): string {
  return [...ranges]
    .sort((a, b) => a.startMinute - b.startMinute)
    .map((r) => `${hhmm(r.startMinute)}-${hhmm(r.endMinute)}`)
    .join(', ')
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
export type Weekday = (typeof WEEKDAYS)[number]
