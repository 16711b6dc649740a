import { describe, expect, it } from 'vitest'
import { isPastValidity, lapseIdempotencyKey } from './expiry'

describe('isPastValidity', () => {
  const end = new Date('2027-02-01T02:00:00.000Z')
  it('is false before the end, true at and after it', () => {
    expect(isPastValidity(end, new Date('2027-02-01T01:59:59.999Z'))).toBe(false)
    expect(isPastValidity(end, end)).toBe(true)
    expect(isPastValidity(end, new Date('2027-02-01T02:00:00.001Z'))).toBe(true)
  })
})

describe('lapseIdempotencyKey', () => {
  it('numbers the lapses of one voucher', () => {
    expect(lapseIdempotencyKey('v1', 0)).toBe('voucher-lapse:v1:0')
    expect(lapseIdempotencyKey('v1', 1)).toBe('voucher-lapse:v1:1')
  })
  it('refuses a count that is not a non-negative integer', () => {
    expect(() => lapseIdempotencyKey('v1', -1)).toThrow(RangeError)
    expect(() => lapseIdempotencyKey('v1', 1.5)).toThrow(RangeError)
  })
})
