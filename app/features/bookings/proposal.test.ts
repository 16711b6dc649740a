import { describe, expect, it } from 'vitest'
import { freeSlots, type FreeSlotsInput } from '~/features/availability/free-slots'
import { proposalProblem } from './proposal'

// 2026-06-10 is a Wednesday; open 09:00–17:00 in Dazhou (01:00–09:00 UTC), 30-minute grid.
const at = (h: number, m = 0) => new Date(Date.UTC(2026, 5, 10, h - 8, m))
const base: FreeSlotsInput = {
  openHours: [{ weekday: 3, startMinute: 9 * 60, endMinute: 17 * 60 }],
  exceptions: [],
  bookings: [{ startsAt: at(13), endsAt: at(15), status: 'approved' }],
  rules: { minNoticeHours: 0, maxAdvanceDays: 60, slotMinutes: 30, minDurationMinutes: 60, bufferMinutes: 0 },
  from: '2026-06-10',
  days: 1,
  now: new Date('2026-06-01T00:00:00.000Z'),
  timeZone: 'Asia/Shanghai',
}
const day = freeSlots(base)[0]
const current = { startsAt: at(9), endsAt: at(11) }

describe('proposalProblem', () => {
  it('accepts a free slot of the same length on the grid', () => {
    expect(proposalProblem({ current, proposal: { startsAt: at(10, 30), endsAt: at(12, 30) }, day })).toBeNull()
    expect(proposalProblem({ current, proposal: { startsAt: at(15), endsAt: at(17) }, day })).toBeNull()
  })
  it('refuses a slot overlapping another booking or outside open hours', () => {
    expect(proposalProblem({ current, proposal: { startsAt: at(12), endsAt: at(14) }, day })).toBe('slot-not-free')
    expect(proposalProblem({ current, proposal: { startsAt: at(16), endsAt: at(18) }, day })).toBe('slot-not-free')
    expect(proposalProblem({ current, proposal: { startsAt: at(9), endsAt: at(11) }, day: undefined })).toBe(
      'same-time',
    )
    expect(proposalProblem({ current, proposal: { startsAt: at(10), endsAt: at(12) }, day: undefined })).toBe(
      'slot-not-free',
    )
  })
  it('refuses a start off the slot grid', () => {
    expect(proposalProblem({ current, proposal: { startsAt: at(10, 15), endsAt: at(12, 15) }, day })).toBe(
      'slot-not-free',
    )
  })
  it('keeps the length (the fee snapshot is quantity × unit fee)', () => {
    expect(proposalProblem({ current, proposal: { startsAt: at(10), endsAt: at(11) }, day })).toBe('duration-changed')
  })
  it('refuses nonsense and bookings without a slot', () => {
    expect(proposalProblem({ current, proposal: { startsAt: at(12), endsAt: at(10) }, day })).toBe('invalid-time-range')
    expect(
      proposalProblem({
        current: { startsAt: null, endsAt: null },
        proposal: { startsAt: at(10), endsAt: at(12) },
        day,
      }),
    ).toBe('no-slot')
  })
})
