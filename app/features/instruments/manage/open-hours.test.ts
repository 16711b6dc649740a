import { describe, expect, it } from 'vitest'
import { formatDayRanges, parseDayRanges } from './open-hours'

describe('parseDayRanges', () => {
  it('reads several ranges, sorted, in minutes from midnight', () => {
    expect(parseDayRanges('14:00-17:30, 08:30-12:00')).toEqual({
      ok: true,
      ranges: [
        { startMinute: 510, endMinute: 720 },
        { startMinute: 840, endMinute: 1050 },
      ],
    })
  })

  it('treats a blank day as closed', () => {
    expect(parseDayRanges('   ')).toEqual({ ok: true, ranges: [] })
  })

  it('accepts full-width digits, colons, dashes and commas, and 至', () => {
    expect(parseDayRanges('０８：３０－１２：００，１４：００至１７：３０')).toEqual({
      ok: true,
      ranges: [
        { startMinute: 510, endMinute: 720 },
        { startMinute: 840, endMinute: 1050 },
      ],
    })
    expect(parseDayRanges('8-12；13:30 ~ 17')).toEqual({
      ok: true,
      ranges: [
        { startMinute: 480, endMinute: 720 },
        { startMinute: 810, endMinute: 1020 },
      ],
    })
  })

  it('allows 24:00 as an end, never as a start', () => {
    expect(parseDayRanges('00:00-24:00')).toEqual({ ok: true, ranges: [{ startMinute: 0, endMinute: 1440 }] })
    expect(parseDayRanges('24:00-24:00')).toMatchObject({ ok: false, problem: 'time', index: 1 })
  })

  it('names the range that is malformed', () => {
    expect(parseDayRanges('08:00-12:00, 14:00')).toEqual({ ok: false, problem: 'format', index: 2, text: '14:00' })
    expect(parseDayRanges('早上八点-12:00')).toMatchObject({ ok: false, problem: 'format', index: 1 })
  })

  it('refuses times that do not exist', () => {
    expect(parseDayRanges('08:75-12:00')).toMatchObject({ ok: false, problem: 'time', index: 1 })
    expect(parseDayRanges('08:00-12:00, 13:00-25:00')).toMatchObject({ ok: false, problem: 'time', index: 2 })
  })

  it('refuses an end at or before the start', () => {
    expect(parseDayRanges('12:00-08:00')).toMatchObject({ ok: false, problem: 'order', index: 1 })
    expect(parseDayRanges('08:00-08:00')).toMatchObject({ ok: false, problem: 'order', index: 1 })
  })

  it('refuses overlaps and says which earlier range is hit; touching ranges are fine', () => {
    expect(parseDayRanges('08:00-12:00, 11:30-14:00')).toEqual({
      ok: false,
      problem: 'overlap',
      index: 2,
      text: '11:30-14:00',
      other: 1,
    })
    expect(parseDayRanges('08:00-12:00, 12:00-14:00')).toMatchObject({ ok: true })
  })

  it('limits the number of ranges per day', () => {
    const many = Array.from(
      { length: 9 },
      (_, i) => `${String(i * 2).padStart(2, '0')}:00-${String(i * 2 + 1).padStart(2, '0')}:00`,
    )
    expect(parseDayRanges(many.join(','))).toMatchObject({ ok: false, problem: 'too-many', index: 9 })
  })
})

describe('formatDayRanges', () => {
  it('writes what the parser reads back', () => {
    const text = formatDayRanges([
      { startMinute: 840, endMinute: 1440 },
      { startMinute: 510, endMinute: 720 },
    ])
    expect(text).toBe('08:30-12:00, 14:00-24:00')
    expect(parseDayRanges(text)).toEqual({
      ok: true,
      ranges: [
        { startMinute: 510, endMinute: 720 },
        { startMinute: 840, endMinute: 1440 },
      ],
    })
  })
})
