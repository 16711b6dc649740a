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
