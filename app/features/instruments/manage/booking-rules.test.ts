import { describe, expect, it } from 'vitest'
import { bookingRulesProblems, DEFAULT_BOOKING_RULES } from './booking-rules'

const rules = { ...DEFAULT_BOOKING_RULES }

describe('bookingRulesProblems', () => {
  it('accepts the defaults', () => {
    expect(bookingRulesProblems(rules)).toEqual([])
  })

  it('checks each bound and the slot grid', () => {
    expect(bookingRulesProblems({ ...rules, bufferMinutes: 300 })).toEqual([
      { field: 'bufferMinutes', problem: 'range', params: { min: 0, max: 240 } },
    ])
    expect(bookingRulesProblems({ ...rules, slotMinutes: 20 })).toEqual([{ field: 'slotMinutes', problem: 'slot' }])
    expect(bookingRulesProblems({ ...rules, maxAdvanceDays: 0 })).toMatchObject([
      { field: 'maxAdvanceDays', problem: 'range' },
    ])
  })

  it('wants durations on the slot grid', () => {
    expect(bookingRulesProblems({ ...rules, slotMinutes: 60, minDurationMinutes: 90 })).toEqual([
      { field: 'minDurationMinutes', problem: 'not-multiple', params: { slot: 60 } },
    ])
    expect(bookingRulesProblems({ ...rules, slotMinutes: 15, minDurationMinutes: 45 })).toEqual([])
  })

  it('refuses a minimum above the maximum', () => {
    expect(bookingRulesProblems({ ...rules, minDurationMinutes: 240, maxDurationMinutes: 120 })).toEqual([
      { field: 'maxDurationMinutes', problem: 'min-above-max', params: { min: 240 } },
    ])
  })

  it('refuses a notice that leaves nothing bookable within the horizon', () => {
    expect(bookingRulesProblems({ ...rules, minNoticeHours: 72, maxAdvanceDays: 3 })).toEqual([
      { field: 'minNoticeHours', problem: 'notice-beyond-horizon', params: { days: 3 } },
    ])
    expect(bookingRulesProblems({ ...rules, minNoticeHours: 71, maxAdvanceDays: 3 })).toEqual([])
  })
})

describe('cancellation fee percentages', () => {
  it('reads a percentage into basis points and writes it back', async () => {
    const { bpToPercentText, parsePercentToBp } = await import('./booking-rules')
    expect(parsePercentToBp('20')).toBe(2000)
    expect(parsePercentToBp('12.5')).toBe(1250)
    expect(parsePercentToBp('１５％')).toBe(1500)
    expect(parsePercentToBp('0')).toBe(0)
    expect(parsePercentToBp('100')).toBe(10_000)
    expect(parsePercentToBp('100.01')).toBeNull()
    expect(parsePercentToBp('-5')).toBeNull()
    expect(parsePercentToBp('1.234')).toBeNull()
    expect(parsePercentToBp('二十')).toBeNull()
    expect(bpToPercentText(1250)).toBe('12.5')
    expect(bpToPercentText(2000)).toBe('20')
    expect(bpToPercentText(5)).toBe('0.05')
  })
})
