import { describe, expect, it } from 'vitest'
import { claimPeriodOf, confirmByFor, deadlinePassed, payByFor } from './deadlines'

describe('booking deadlines', () => {
  it('pay by: 24 hours after approval (DOMAIN)', () => {
    expect(payByFor(new Date('2026-06-01T01:00:00.000Z')).toISOString()).toBe('2026-06-02T01:00:00.000Z')
  })
  it('confirm by: 7 days after delivery (DOMAIN)', () => {
    expect(confirmByFor(new Date('2026-06-28T10:30:00.000Z')).toISOString()).toBe('2026-07-05T10:30:00.000Z')
  })
  it('a deadline at this very instant has passed; none set never passes', () => {
    const now = new Date('2026-06-01T00:00:00.000Z')
    expect(deadlinePassed(new Date('2026-06-01T00:00:00.000Z'), now)).toBe(true)
    expect(deadlinePassed(new Date('2026-06-01T00:00:00.001Z'), now)).toBe(false)
    expect(deadlinePassed(new Date('2026-05-31T23:59:59.999Z'), now)).toBe(true)
    expect(deadlinePassed(null, now)).toBe(false)
  })
  it('claim period: the first day of the month in Asia/Shanghai', () => {
    expect(claimPeriodOf(new Date('2026-06-15T04:00:00.000Z'))).toBe('2026-06-01')
    // 2026-06-30 16:30 UTC is already 1 July 00:30 in Dazhou.
    expect(claimPeriodOf(new Date('2026-06-30T16:30:00.000Z'))).toBe('2026-07-01')
    expect(claimPeriodOf(new Date('2026-06-30T15:59:59.999Z'))).toBe('2026-06-01')
    expect(claimPeriodOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01')
  })
})
