import { describe, expect, it } from 'vitest'
import {
  addDays,
  freeSlots,
  isoWeekday,
  shanghaiDate,
  shanghaiMidnight,
  type BookingRules,
  type DatedException,
  type ExistingBooking,
  type FreeSlotsInput,
  type WeeklyHours,
} from './free-slots'

// Monday 2026-12-07 … Sunday 2026-12-13 (Asia/Shanghai).
const MON = '2026-12-07'
const SAT = '2026-12-12'
/** A local Shanghai wall-clock time as an instant: at('2026-12-07', '08:30') = 2026-12-07T00:30Z. */
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)
const hm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

const WEEKDAYS_830_1730: WeeklyHours[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, startMinute: 510, endMinute: 720 },
  { weekday, startMinute: 840, endMinute: 1050 },
])
const RULES: BookingRules = {
  minNoticeHours: 0,
  maxAdvanceDays: 60,
  slotMinutes: 30,
  minDurationMinutes: 60,
  bufferMinutes: 0,
}
// A week before: the notice and the horizon stay out of the way unless a test moves `now`.
const NOW = at('2026-11-30', '09:00')

function run(overrides: Partial<FreeSlotsInput> = {}) {
  return freeSlots({
    openHours: WEEKDAYS_830_1730,
    exceptions: [],
    bookings: [],
    rules: RULES,
    from: MON,
    days: 7,
    now: NOW,
    timeZone: 'Asia/Shanghai',
    ...overrides,
  })
}
const freeText = (day: { free: { startMinute: number; endMinute: number }[] }) =>
  day.free.map((f) => `${hm(f.startMinute)}-${hm(f.endMinute)}`)
const startsText = (day: { starts: number[] }) => day.starts.map(hm)

describe('dates in Asia/Shanghai', () => {
  it('maps local dates to instants with a fixed +08:00, whatever the machine TZ', () => {
    expect(new Date(shanghaiMidnight(MON)).toISOString()).toBe('2026-12-06T16:00:00.000Z')
    expect(shanghaiDate(new Date('2026-12-06T15:59:59.999Z'))).toBe('2026-12-06')
    expect(shanghaiDate(new Date('2026-12-06T16:00:00.000Z'))).toBe('2026-12-07')
    expect(isoWeekday(MON)).toBe(1)
    expect(isoWeekday('2026-12-13')).toBe(7)
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(() => shanghaiMidnight('2026-02-30')).toThrow(RangeError)
    expect(() => shanghaiMidnight('7/12/2026')).toThrow(RangeError)
  })
})

describe('freeSlots', () => {
  it('gives the weekly open hours, several ranges a day, with starts on the slot grid', () => {
    const days = run()
    expect(days.map((d) => d.date)).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ])
    const mon = days[0]!
    expect(mon.status).toBe('free')
    expect(freeText(mon)).toEqual(['08:30-12:00', '14:00-17:30'])
    expect(mon.free[0]!.startsAt).toBe('2026-12-07T00:30:00.000Z')
    expect(mon.free[1]!.endsAt).toBe('2026-12-07T09:30:00.000Z')
    // Minimum 60 minutes: the last start leaves an hour before the range ends.
    expect(startsText(mon)).toEqual([
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ])
    expect(days[5]!.status).toBe('closed')
    expect(days[6]!.status).toBe('closed')
    expect(days[5]!.free).toEqual([])
  })

  it('a full-day blackout closes the day; a partial one removes only its time', () => {
    const exceptions: DatedException[] = [
      { startsAt: at('2026-12-08', '00:00'), endsAt: at('2026-12-09', '00:00'), isExtraOpen: false },
      { startsAt: at('2026-12-09', '10:00'), endsAt: at('2026-12-09', '15:00'), isExtraOpen: false },
    ]
    const [, tue, wed] = run({ exceptions })
    expect(tue!.status).toBe('closed')
    expect(tue!.open).toEqual([])
    expect(freeText(wed!)).toEqual(['08:30-10:00', '15:00-17:30'])
    expect(startsText(wed!)).toEqual(['08:30', '09:00', '15:00', '15:30', '16:00', '16:30'])
  })

  it('a blackout spanning several days closes each of them', () => {
    const exceptions = [{ startsAt: at('2026-12-08', '12:00'), endsAt: at('2026-12-10', '15:00'), isExtraOpen: false }]
    const [mon, tue, wed, thu] = run({ exceptions })
    expect(freeText(mon!)).toEqual(['08:30-12:00', '14:00-17:30'])
    expect(freeText(tue!)).toEqual(['08:30-12:00'])
    expect(wed!.status).toBe('closed')
    expect(freeText(thu!)).toEqual(['15:00-17:30'])
  })

  it('an extra opening adds time on a closed day and extends an open one', () => {
    const exceptions: DatedException[] = [
      { startsAt: at(SAT, '09:00'), endsAt: at(SAT, '12:00'), isExtraOpen: true },
      { startsAt: at(MON, '12:00'), endsAt: at(MON, '13:00'), isExtraOpen: true },
    ]
    const days = run({ exceptions })
    expect(freeText(days[0]!)).toEqual(['08:30-13:00', '14:00-17:30'])
    expect(days[5]!.status).toBe('free')
    expect(freeText(days[5]!)).toEqual(['09:00-12:00'])
    expect(days[6]!.status).toBe('closed')
  })

  it('a blackout wins over an extra opening', () => {
    const exceptions: DatedException[] = [
      { startsAt: at(SAT, '09:00'), endsAt: at(SAT, '17:00'), isExtraOpen: true },
      { startsAt: at(SAT, '11:00'), endsAt: at(SAT, '14:00'), isExtraOpen: false },
    ]
    expect(freeText(run({ exceptions })[5]!)).toEqual(['09:00-11:00', '14:00-17:00'])
  })

  it('active bookings take their time plus the buffer on both sides; finished or cancelled ones do not', () => {
    const bookings: ExistingBooking[] = [
      { startsAt: at(MON, '09:30'), endsAt: at(MON, '10:30'), status: 'approved' },
      { startsAt: at(MON, '15:00'), endsAt: at(MON, '16:00'), status: 'cancelled' },
      { startsAt: at(MON, '16:00'), endsAt: at(MON, '17:00'), status: 'delivered' },
    ]
    expect(freeText(run({ bookings })[0]!)).toEqual(['08:30-09:30', '10:30-12:00', '14:00-17:30'])
    const buffered = run({ bookings, rules: { ...RULES, bufferMinutes: 15 } })[0]!
    // 08:30–09:15 is 45 minutes, under the 60-minute minimum: dropped.
    expect(freeText(buffered)).toEqual(['10:45-12:00', '14:00-17:30'])
    // 10:45 is off the 30-minute grid: the first start is 11:00 (11:00–12:00 fits exactly).
    expect(startsText(buffered).slice(0, 2)).toEqual(['11:00', '14:00'])
    for (const status of ['requested', 'paid', 'in_service'] as const) {
      const day = run({ bookings: [{ startsAt: at(MON, '08:30'), endsAt: at(MON, '12:00'), status }] })[0]!
      expect(freeText(day), status).toEqual(['14:00-17:30'])
    }
  })

  it('a day with open hours but every slot booked is full, not closed', () => {
    const bookings: ExistingBooking[] = [
      { startsAt: at(MON, '08:30'), endsAt: at(MON, '11:30'), status: 'approved' },
      { startsAt: at(MON, '14:00'), endsAt: at(MON, '17:00'), status: 'paid' },
    ]
    const mon = run({ bookings })[0]!
    expect(mon.status).toBe('full')
    expect(mon.free).toEqual([])
    expect(mon.open).toHaveLength(2)
  })

  it('adjacent bookings leave no gap; a booking crossing midnight blocks both days', () => {
    const hours: WeeklyHours[] = [
      { weekday: 1, startMinute: 1200, endMinute: 1440 },
      { weekday: 2, startMinute: 0, endMinute: 240 },
    ]
    const bookings: ExistingBooking[] = [
      { startsAt: at(MON, '22:00'), endsAt: at('2026-12-08', '02:00'), status: 'approved' },
    ]
    const [mon, tue] = run({ openHours: hours, bookings })
    expect(freeText(mon!)).toEqual(['20:00-22:00'])
    expect(mon!.free[0]!.endMinute).toBe(1320)
    expect(freeText(tue!)).toEqual(['02:00-04:00'])
    const midnightOpen = run({ openHours: hours })[0]!
    expect(midnightOpen.free[0]!.endMinute).toBe(1440)
    expect(startsText(midnightOpen).at(-1)).toBe('23:00')
  })

  it('nothing before now + minimum notice', () => {
    const now = at(MON, '10:10')
    const days = run({ now, rules: { ...RULES, minNoticeHours: 2 } })
    // Bookable from 12:10: the morning is gone, the afternoon stays.
    expect(freeText(days[0]!)).toEqual(['14:00-17:30'])
    const dayNotice = run({ now, rules: { ...RULES, minNoticeHours: 24 } })
    expect(dayNotice[0]!.status).toBe('unbookable')
    // Tuesday from 10:10: 10:10–12:00 is free, the first grid start is 10:30.
    expect(freeText(dayNotice[1]!)).toEqual(['10:10-12:00', '14:00-17:30'])
    expect(startsText(dayNotice[1]!)[0]).toBe('10:30')
  })

  it('shows whole minutes when now is not on a minute (the notice and the horizon end mid-minute)', () => {
    const now = new Date(at(MON, '09:28').getTime() + 50_789) // 09:28:50.789
    const days = run({ now, rules: { ...RULES, minNoticeHours: 0, maxAdvanceDays: 3 } })
    for (const day of days)
      for (const f of day.free) {
        expect(Number.isInteger(f.startMinute)).toBe(true)
        expect(Number.isInteger(f.endMinute)).toBe(true)
      }
    expect(freeText(days[0]!)).toEqual(['09:29-12:00', '14:00-17:30'])
    expect(startsText(days[0]!)[0]).toBe('09:30')
    // Horizon Thursday 09:28:50: open time is left before it, but no 60-minute slot fits.
    expect(days[3]!.status).toBe('full')
  })

  it('nothing after now + maximum advance', () => {
    const now = at('2026-12-04', '15:00') // Friday
    const days = run({ now, rules: { ...RULES, maxAdvanceDays: 5 } })
    // Horizon: Wednesday 15:00.
    expect(days[1]!.status).toBe('free')
    expect(freeText(days[2]!)).toEqual(['08:30-12:00', '14:00-15:00'])
    expect(days[3]!.status).toBe('unbookable')
    expect(days[4]!.status).toBe('unbookable')
    expect(days[5]!.status).toBe('closed')
  })

  it('drops free pieces shorter than the minimum duration and follows the slot grid', () => {
    const bookings: ExistingBooking[] = [{ startsAt: at(MON, '09:10'), endsAt: at(MON, '11:20'), status: 'requested' }]
    const rules = { ...RULES, minDurationMinutes: 30, slotMinutes: 15 }
    const mon = run({ bookings, rules })[0]!
    // 08:30–09:10 (40 min) holds a 30-minute booking at 08:30; 11:20–12:00 only from 11:30.
    expect(freeText(mon).slice(0, 2)).toEqual(['08:30-09:10', '11:20-12:00'])
    expect(startsText(mon).slice(0, 3)).toEqual(['08:30', '11:30', '14:00'])
    const hourly = run({ bookings, rules: { ...RULES, minDurationMinutes: 60, slotMinutes: 60 } })[0]!
    // 08:30–09:10 is too short; on the hour grid 14:00–17:30 gives 14, 15, 16.
    expect(freeText(hourly)).toEqual(['14:00-17:30'])
    expect(startsText(hourly)).toEqual(['14:00', '15:00', '16:00'])
    // A 40-minute piece with no grid start for 30 minutes (09:10–09:50 on a 60-minute grid) is not offered.
    const offGrid = run({
      openHours: [{ weekday: 1, startMinute: 550, endMinute: 590 }],
      rules: { ...RULES, minDurationMinutes: 30, slotMinutes: 60 },
    })[0]!
    expect(offGrid.status).toBe('full')
    expect(offGrid.free).toEqual([])
  })

  it('merges overlapping weekly ranges and ignores empty input', () => {
    const hours: WeeklyHours[] = [
      { weekday: 1, startMinute: 480, endMinute: 720 },
      { weekday: 1, startMinute: 600, endMinute: 780 },
      { weekday: 1, startMinute: 780, endMinute: 840 },
    ]
    expect(freeText(run({ openHours: hours })[0]!)).toEqual(['08:00-14:00'])
    expect(run({ openHours: [] }).every((d) => d.status === 'closed')).toBe(true)
    expect(run({ days: 0 })).toEqual([])
  })

  it('gives the same answer under any process time zone (instants only)', () => {
    const days = run({ from: '2026-12-31', days: 2, now: at('2026-12-01', '00:00') })
    expect(days.map((d) => [d.date, d.weekday])).toEqual([
      ['2026-12-31', 4],
      ['2027-01-01', 5],
    ])
    expect(days[1]!.free[0]!.startsAt).toBe('2027-01-01T00:30:00.000Z')
  })

  it('refuses nonsense', () => {
    expect(() => run({ from: '2026-13-01' })).toThrow(RangeError)
    expect(() => run({ days: -1 })).toThrow(RangeError)
    expect(() => run({ rules: { ...RULES, slotMinutes: 0 } })).toThrow(RangeError)
    expect(() => run({ timeZone: 'Asia/Tokyo' as 'Asia/Shanghai' })).toThrow(RangeError)
  })
})
