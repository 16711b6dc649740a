import { describe, expect, it } from 'vitest'
import { addMonthsChina, formatSerial, voucherDates } from './validity'

describe('addMonthsChina', () => {
  it('adds calendar months at the same local time', () => {
    expect(addMonthsChina(new Date('2026-03-15T02:00:00.000Z'), 12).toISOString()).toBe('2027-03-15T02:00:00.000Z')
  })
  it('counts the month in China time, not UTC', () => {
    // 2026-01-31 20:00 UTC is 1 Feb 04:00 in Dazhou → 1 Mar 04:00 local
    expect(addMonthsChina(new Date('2026-01-31T20:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T20:00:00.000Z')
  })
  it('clamps to the last day of a shorter month', () => {
    expect(addMonthsChina(new Date('2026-01-31T04:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T04:00:00.000Z')
    expect(addMonthsChina(new Date('2027-01-31T04:00:00.000Z'), 13).toISOString()).toBe('2028-02-29T04:00:00.000Z')
  })
  it('crosses years both ways', () => {
    expect(addMonthsChina(new Date('2026-11-28T00:00:00.000Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z')
    expect(addMonthsChina(new Date('2026-02-10T00:00:00.000Z'), -3).toISOString()).toBe('2025-11-10T00:00:00.000Z')
  })
})

describe('voucherDates', () => {
  it('DOMAIN defaults: valid 12 months, redeemable 3 more', () => {
    const d = voucherDates(new Date('2026-05-20T08:00:00.000Z'), 12, 3)
    expect(d.expiresAt.toISOString()).toBe('2027-05-20T08:00:00.000Z')
    expect(d.redeemBy.toISOString()).toBe('2027-08-20T08:00:00.000Z')
  })
  it('keeps issued < expires ≤ redeem by (the table CHECK) even with no grace', () => {
    const d = voucherDates(new Date('2026-05-20T08:00:00.000Z'), 1, 0)
    expect(d.issuedAt < d.expiresAt && d.expiresAt <= d.redeemBy).toBe(true)
  })
})

describe('formatSerial', () => {
  it('pads to six digits', () => {
    expect(formatSerial('DZ', 2026, 123)).toBe('DZ2026-000123')
    expect(formatSerial('DZ', 2026, 1_234_567)).toBe('DZ2026-1234567')
  })
  it('refuses bad prefixes and numbers', () => {
    expect(() => formatSerial('dz', 2026, 1)).toThrow(RangeError)
    expect(() => formatSerial('DZ', 2026, 0)).toThrow(RangeError)
  })
})
