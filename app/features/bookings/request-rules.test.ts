import { describe, expect, it } from 'vitest'
import { decideByFor, quantityProblem, timeRangeProblem } from './request-rules'

const now = new Date('2026-12-01T02:00:00.000Z')
const at = (h: number) => new Date(now.getTime() + h * 3_600_000)

describe('decideByFor', () => {
  it('DOMAIN default: three days after the request', () => {
    expect(decideByFor(now).toISOString()).toBe('2026-12-04T02:00:00.000Z')
    expect(decideByFor(now, 1).toISOString()).toBe('2026-12-02T02:00:00.000Z')
  })
})

describe('timeRangeProblem', () => {
  it('accepts no slot (per-sample services) and a future slot', () => {
    expect(timeRangeProblem({}, now)).toBeNull()
    expect(timeRangeProblem({ startsAt: at(1), endsAt: at(2) }, now)).toBeNull()
    expect(timeRangeProblem({ startsAt: now, endsAt: at(2) }, now)).toBeNull()
  })
  it('refuses half a slot, an empty or reversed slot, a slot in the past, invalid dates', () => {
    expect(timeRangeProblem({ startsAt: at(1) }, now)).toBe('invalid-time-range')
    expect(timeRangeProblem({ endsAt: at(1) }, now)).toBe('invalid-time-range')
    expect(timeRangeProblem({ startsAt: at(2), endsAt: at(2) }, now)).toBe('invalid-time-range')
    expect(timeRangeProblem({ startsAt: at(3), endsAt: at(2) }, now)).toBe('invalid-time-range')
    expect(timeRangeProblem({ startsAt: at(-1), endsAt: at(2) }, now)).toBe('invalid-time-range')
    expect(timeRangeProblem({ startsAt: new Date('x'), endsAt: at(2) }, now)).toBe('invalid-time-range')
  })
})

describe('quantityProblem', () => {
  it('needs a whole quantity at least the service minimum', () => {
    expect(quantityProblem(3, 3)).toBeNull()
    expect(quantityProblem(2, 3)).toBe('quantity-below-minimum')
    expect(quantityProblem(0, 1)).toBe('quantity-below-minimum')
    expect(quantityProblem(1.5, 1)).toBe('quantity-below-minimum')
  })
})
