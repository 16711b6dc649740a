// Loads what freeSlots needs for one instrument: SQL only, no rules.
import { ACTIVE_STATES, type BookingState } from '~/features/bookings/transitions'
import type { Db, Tx } from '~/infra/db.server'
import {
  addDays,
  freeSlots,
  shanghaiDate,
  shanghaiMidnight,
  type BookingRules,
  type DatedException,
  type DaySlots,
  type ExistingBooking,
  type WeeklyHours,
} from './free-slots'

export type AvailabilityInputs = {
  openHours: WeeklyHours[]
  exceptions: DatedException[]
  bookings: ExistingBooking[]
  rules: BookingRules
}

// Margin around the window: a booking or exception a day outside it can still reach into it
// (buffers are at most 4 hours by the instrument table's CHECK).
const MARGIN_MS = 24 * 60 * 60 * 1000

export async function loadAvailabilityInputs(
  db: Db | Tx,
  instrumentId: string,
  window: { from: string; days: number },
): Promise<AvailabilityInputs | null> {
  return (await loadAvailabilityInputsMany(db, [instrumentId], window)).get(instrumentId) ?? null
}

/** The same for many instruments in three queries (the catalogue's "available on date D" filter). */
export async function loadAvailabilityInputsMany(
  db: Db | Tx,
  instrumentIds: string[],
  window: { from: string; days: number },
): Promise<Map<string, AvailabilityInputs>> {
  const out = new Map<string, AvailabilityInputs>()
  if (instrumentIds.length === 0) return out
  const start = new Date(shanghaiMidnight(window.from) - MARGIN_MS)
  const end = new Date(shanghaiMidnight(addDays(window.from, window.days)) + MARGIN_MS)
  const instruments = await db.instrument.findMany({
    where: { id: { in: instrumentIds } },
    select: {
      id: true,
      minNoticeHours: true,
      maxAdvanceDays: true,
      slotMinutes: true,
      minDurationMinutes: true,
      bufferMinutes: true,
      openHours: { select: { weekday: true, startMinute: true, endMinute: true } },
      blackouts: {
        where: { startsAt: { lt: end }, endsAt: { gt: start } },
        select: { startsAt: true, endsAt: true, isExtraOpen: true },
      },
    },
  })
  const bookings = await db.$queryRaw<{ instrumentId: string; startsAt: Date; endsAt: Date; status: BookingState }[]>`
    SELECT instrument_id::text AS "instrumentId", lower(during) AS "startsAt", upper(during) AS "endsAt",
           status::text AS status
    FROM booking
    WHERE instrument_id = ANY(${instrumentIds}::uuid[])
      AND during IS NOT NULL
      AND status::text = ANY(${[...ACTIVE_STATES]}::text[])
      AND during && tstzrange(${start}::timestamptz, ${end}::timestamptz)`
  for (const { id, openHours, blackouts, ...rules } of instruments) {
    out.set(id, { openHours, exceptions: blackouts, bookings: [], rules })
  }
  for (const { instrumentId, ...booking } of bookings) out.get(instrumentId)?.bookings.push(booking)
  return out
}

/** The next `days` local days of free time, starting today (Asia/Shanghai); null for an unknown instrument. */
export async function instrumentFreeSlots(
  db: Db | Tx,
  instrumentId: string,
  { now, days = 14 }: { now: Date; days?: number },
): Promise<DaySlots[] | null> {
  const from = shanghaiDate(now)
  const inputs = await loadAvailabilityInputs(db, instrumentId, { from, days })
  if (!inputs) return null
  return freeSlots({ ...inputs, from, days, now, timeZone: 'Asia/Shanghai' })
}
