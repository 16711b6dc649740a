import { describe, expect, it } from 'vitest'
import { parseIsoDate, parseShanghaiDateTime, toShanghaiInput } from './shanghai-time'

describe('parseShanghaiDateTime', () => {
  it('reads Shanghai wall-clock time as the UTC instant (+08:00, no DST)', () => {
    expect(parseShanghaiDateTime('2026-12-01T08:30')?.toISOString()).toBe('2026-12-01T00:30:00.000Z')
    expect(parseShanghaiDateTime('2026-07-01 00:00')?.toISOString()).toBe('2026-06-30T16:00:00.000Z')
    expect(parseShanghaiDateTime('２０２６/１/２ ８：００')?.toISOString()).toBe('2026-01-02T00:00:00.000Z')
  })
  it('refuses dates and times that do not exist', () => {
    expect(parseShanghaiDateTime('2026-02-30T08:00')).toBeNull()
    expect(parseShanghaiDateTime('2026-12-01T24:00')).toBeNull()
    expect(parseShanghaiDateTime('tomorrow')).toBeNull()
  })
  it('round-trips with toShanghaiInput', () => {
    const instant = new Date('2026-12-31T17:45:00.000Z')
    expect(toShanghaiInput(instant)).toBe('2027-01-01T01:45')
    expect(parseShanghaiDateTime(toShanghaiInput(instant))).toEqual(instant)
  })
})

describe('parseIsoDate', () => {
  it('reads a calendar date and refuses impossible ones', () => {
    expect(parseIsoDate('2019-06-01')?.toISOString()).toBe('2019-06-01T00:00:00.000Z')
    expect(parseIsoDate('2019-02-29')).toBeNull()
    expect(parseIsoDate('2019-6-1')?.toISOString()).toBe('2019-06-01T00:00:00.000Z')
  })
})
