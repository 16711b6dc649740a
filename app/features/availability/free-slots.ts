// Free time of one instrument, computed exactly (issue 3 "the next 14 days of free slots"): pure,
// no DB, no clock — `now` is a parameter. Times are UTC instants; days, weekly hours and the slot
// grid are wall-clock Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so
// a fixed offset is exact and nothing here depends on the machine's TZ.
import { ACTIVE_STATES, type BookingState } from '~/features/bookings/transitions'

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

/** Weekly open hours: weekday 1 = Monday … 7 = Sunday, minutes from local midnight, end exclusive (1440 = midnight). */
export type WeeklyHours = { weekday: number; startMinute: number; endMinute: number }
/** A dated exception: a blackout removes time, an extra opening adds it (blackouts win where both apply). */
export type DatedException = { startsAt: Date; endsAt: Date; isExtraOpen: boolean }
/** An existing booking; only active ones (requested, approved, paid, in service) occupy time. */
export type ExistingBooking = { startsAt: Date; endsAt: Date; status: BookingState }
export type BookingRules = {
  minNoticeHours: number
  maxAdvanceDays: number
  slotMinutes: number
  minDurationMinutes: number
  bufferMinutes: number
}

export type FreeSlotsInput = {
  openHours: readonly WeeklyHours[]
  exceptions: readonly DatedException[]
  bookings: readonly ExistingBooking[]
  rules: BookingRules
  /** First day, a local (Asia/Shanghai) date YYYY-MM-DD. */
  from: string
  days: number
  now: Date
  timeZone: 'Asia/Shanghai'
}

/** A piece of one local day: instants (ISO) and the same as minutes from local midnight (end ≤ 1440). */
export type DayInterval = { startsAt: string; endsAt: string; startMinute: number; endMinute: number }

/**
 * closed: the instrument is not open that day (不开放);
 * unbookable: open, but all of it is inside the minimum notice or beyond the maximum advance;
 * full: open and bookable in principle, but no free piece holds a booking of the minimum duration (已约满);
 * free: at least one bookable start.
 */
export type DayStatus = 'closed' | 'unbookable' | 'full' | 'free'

export type DaySlots = {
  date: string
  weekday: number
  status: DayStatus
  /** Open time after exceptions. */
  open: DayInterval[]
  /** Free time: open, in the booking window, clear of bookings and their buffers, each ≥ the minimum duration. */
  free: DayInterval[]
  /** Start times on the slot grid (minutes from local midnight) where a booking of the minimum duration fits. */
  starts: number[]
}

type Interval = { start: number; end: number }

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Local midnight of a YYYY-MM-DD date in Asia/Shanghai, as epoch ms. */
export function shanghaiMidnight(date: string): number {
  const m = DATE.exec(date)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (new Date(utc).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`)
  return utc - SHANGHAI_OFFSET_MS
}

/** The local (Asia/Shanghai) date of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  return new Date(shanghaiMidnight(date) + SHANGHAI_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10)
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(shanghaiMidnight(date) + SHANGHAI_OFFSET_MS).getUTCDay()
  return day === 0 ? 7 : day
}

/** Sorted, disjoint, touching pieces merged. */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end)
  const out: Interval[] = []
  for (const i of sorted) {
    const last = out[out.length - 1]
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end)
    else out.push({ ...i })
  }
  return out
}

function subtract(from: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  const merged = union(cuts)
  const out: Interval[] = []
  for (const piece of union(from)) {
    let start = piece.start
    for (const cut of merged) {
      if (cut.end <= start) continue
      if (cut.start >= piece.end) break
      if (cut.start > start) out.push({ start, end: cut.start })
      start = Math.max(start, cut.end)
      if (start >= piece.end) break
    }
    if (start < piece.end) out.push({ start, end: piece.end })
  }
  return out
}

function clip(intervals: readonly Interval[], window: Interval): Interval[] {
  return intervals
    .map((i) => ({ start: Math.max(i.start, window.start), end: Math.min(i.end, window.end) }))
    .filter((i) => i.end > i.start)
}

function toDayInterval(i: Interval, midnight: number): DayInterval {
  return {
    startsAt: new Date(i.start).toISOString(),
    endsAt: new Date(i.end).toISOString(),
    startMinute: (i.start - midnight) / MINUTE_MS,
    endMinute: (i.end - midnight) / MINUTE_MS,
  }
}

export function freeSlots(input: FreeSlotsInput): DaySlots[] {
  const { rules, now } = input
  if (input.timeZone !== 'Asia/Shanghai') throw new RangeError(`unsupported time zone: ${String(input.timeZone)}`)
  if (!Number.isInteger(input.days) || input.days < 0 || input.days > 366)
    throw new RangeError(`days out of range: ${input.days}`)
  if (!(rules.slotMinutes > 0) || !(rules.minDurationMinutes > 0))
    throw new RangeError(
      `slot and minimum duration must be positive: ${rules.slotMinutes}, ${rules.minDurationMinutes}`,
    )

  // DOMAIN booking rules: nothing before now + minimum notice, nothing after now + maximum advance.
  const window: Interval = {
    start: now.getTime() + rules.minNoticeHours * 60 * MINUTE_MS,
    end: now.getTime() + rules.maxAdvanceDays * DAY_MS,
  }
  const blackouts = input.exceptions
    .filter((e) => !e.isExtraOpen)
    .map((e) => ({ start: e.startsAt.getTime(), end: e.endsAt.getTime() }))
  const extraOpenings = input.exceptions
    .filter((e) => e.isExtraOpen)
    .map((e) => ({ start: e.startsAt.getTime(), end: e.endsAt.getTime() }))
  // An active booking occupies its time plus the buffer on both sides (a new booking must keep
  // the buffer from it too, so widening the existing one is enough).
  const buffer = rules.bufferMinutes * MINUTE_MS
  const active = new Set<BookingState>(ACTIVE_STATES)
  const busy = input.bookings
    .filter((b) => active.has(b.status))
    .map((b) => ({ start: b.startsAt.getTime() - buffer, end: b.endsAt.getTime() + buffer }))
  const minDuration = rules.minDurationMinutes * MINUTE_MS
  const slot = rules.slotMinutes * MINUTE_MS

  const out: DaySlots[] = []
  for (let d = 0; d < input.days; d++) {
    const date = addDays(input.from, d)
    const weekday = isoWeekday(date)
    const midnight = shanghaiMidnight(date)
    const day: Interval = { start: midnight, end: midnight + DAY_MS }
    const weekly = input.openHours
      .filter((h) => h.weekday === weekday)
      .map((h) => ({ start: midnight + h.startMinute * MINUTE_MS, end: midnight + h.endMinute * MINUTE_MS }))
    const open = subtract(clip(union([...weekly, ...extraOpenings]), day), blackouts)
    const bookable = clip(open, window)
    const free: Interval[] = []
    const starts: number[] = []
    // DOMAIN booking rules: a piece shorter than the minimum duration cannot be booked; nor can one
    // where no grid start leaves room for it. The grid counts from local midnight: with 30-minute
    // slots, starts fall on :00 and :30.
    for (const piece of subtract(bookable, busy)) {
      if (piece.end - piece.start < minDuration) continue
      const before = starts.length
      for (
        let t = midnight + Math.ceil((piece.start - midnight) / slot) * slot;
        t + minDuration <= piece.end;
        t += slot
      )
        starts.push((t - midnight) / MINUTE_MS)
      // The notice and the horizon end wherever `now` is, mid-minute: show whole minutes.
      if (starts.length > before)
        free.push({
          start: Math.ceil(piece.start / MINUTE_MS) * MINUTE_MS,
          end: Math.floor(piece.end / MINUTE_MS) * MINUTE_MS,
        })
    }
    const status: DayStatus =
      open.length === 0 ? 'closed' : bookable.length === 0 ? 'unbookable' : starts.length === 0 ? 'full' : 'free'
    out.push({
      date,
      weekday,
      status,
      open: open.map((i) => toDayInterval(i, midnight)),
      free: free.map((i) => toDayInterval(i, midnight)),
      starts,
    })
  }
  return out
}
