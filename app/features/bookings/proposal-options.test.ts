import { describe, expect, it } from 'vitest'
import { freeSlots } from '~/features/availability/free-slots'
import { minuteLabel, proposalOptions } from './proposal-options'

// 2026-06-08 is a Monday; open 09:00–12:00 and 14:00–17:00 on weekdays, 60-minute grid.
const now = new Date('2026-06-07T00:00:00.000Z')
const rules = { minNoticeHours: 0, maxAdvanceDays: 30, slotMinutes: 60, minDurationMinutes: 60, bufferMinutes: 0 }
const openHours = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, startMinute: 540, endMinute: 720 },
  { weekday, startMinute: 840, endMinute: 1020 },
])
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)

describe('proposalOptions', () => {
  it('offers grid starts where a slot of the booked length fits in one free piece', () => {
    const days = freeSlots({
      openHours,
      exceptions: [],
      bookings: [{ startsAt: at('2026-06-08', '14:00'), endsAt: at('2026-06-08', '15:00'), status: 'approved' }],
      rules,
      from: '2026-06-08',
      days: 2,
      now,
      timeZone: 'Asia/Shanghai',
    })
    const booked = { startsAt: at('2026-06-08', '09:00'), endsAt: at('2026-06-08', '11:00') }
    const options = proposalOptions(days, booked)
    // Monday: 09:00 is the booked start itself (left out); 10:00–12:00 fits; the afternoon has
    // 15:00–17:00 only (14:00 is taken by another booking).
    expect(options[0]).toMatchObject({ date: '2026-06-08', weekday: 1 })
    expect(options[0]!.options.map((o) => [minuteLabel(o.startMinute), minuteLabel(o.endMinute)])).toEqual([
      ['10:00', '12:00'],
      ['15:00', '17:00'],
    ])
    expect(options[0]!.options[0]).toMatchObject({
      startsAt: at('2026-06-08', '10:00').toISOString(),
      endsAt: at('2026-06-08', '12:00').toISOString(),
    })
    expect(options[1]!.options.map((o) => minuteLabel(o.startMinute))).toEqual(['09:00', '10:00', '14:00', '15:00'])
  })

  it('leaves out days with no room and caps the options per day', () => {
    const days = freeSlots({
      openHours,
      exceptions: [],
      bookings: [],
      rules,
      from: '2026-06-06', // Saturday and Sunday: closed
      days: 3,
      now,
      timeZone: 'Asia/Shanghai',
    })
    const booked = { startsAt: at('2026-06-20', '09:00'), endsAt: at('2026-06-20', '10:00') }
    const options = proposalOptions(days, booked, { perDay: 2 })
    expect(options.map((d) => d.date)).toEqual(['2026-06-08'])
    expect(options[0]!.options).toHaveLength(2)
  })

  it('labels minutes as clock times', () => {
    expect(minuteLabel(0)).toBe('00:00')
    expect(minuteLabel(570)).toBe('09:30')
    expect(minuteLabel(1440)).toBe('24:00')
  })
})
