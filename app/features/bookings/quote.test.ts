import { describe, expect, it } from 'vitest'
import { allocate, quoteBooking } from './quote'

describe('quoteBooking', () => {
  it('takes the programme share when the voucher has enough', () => {
    expect(quoteBooking({ unitFeeFen: 30_000, quantity: 3, shareBp: 5000, voucherAvailableFen: 1_000_000n })).toEqual({
      feeFen: 90_000n,
      voucherShareFen: 45_000n,
      copayFen: 45_000n,
    })
  })
  it('caps the share at the available balance', () => {
    expect(quoteBooking({ unitFeeFen: 10_000, quantity: 1, shareBp: 8000, voucherAvailableFen: 3_000n })).toEqual({
      feeFen: 10_000n,
      voucherShareFen: 3_000n,
      copayFen: 7_000n,
    })
  })
  it('rounds the share down to the fen (the enterprise pays the odd fen)', () => {
    // 333 × 50% = 166.5 → 166
    expect(quoteBooking({ unitFeeFen: 333, quantity: 1, shareBp: 5000, voucherAvailableFen: 10_000n })).toEqual({
      feeFen: 333n,
      voucherShareFen: 166n,
      copayFen: 167n,
    })
    // 101 × 33.33% = 33.6633 → 33
    expect(
      quoteBooking({ unitFeeFen: 101, quantity: 1, shareBp: 3333, voucherAvailableFen: 10_000n }).voucherShareFen,
    ).toBe(33n)
  })
  it('without a voucher (or an empty one) the enterprise pays everything', () => {
    expect(quoteBooking({ unitFeeFen: 500, quantity: 2, shareBp: 0, voucherAvailableFen: 0n })).toEqual({
      feeFen: 1000n,
      voucherShareFen: 0n,
      copayFen: 1000n,
    })
    expect(
      quoteBooking({ unitFeeFen: 500, quantity: 2, shareBp: 5000, voucherAvailableFen: -5n }).voucherShareFen,
    ).toBe(0n)
  })
  it('is exact for fees beyond float precision', () => {
    const q = quoteBooking({
      unitFeeFen: 9_007_199_254_740_993n,
      quantity: 3,
      shareBp: 5000,
      voucherAvailableFen: 10n ** 30n,
    })
    expect(q.feeFen).toBe(27_021_597_764_222_979n)
    expect(q.voucherShareFen + q.copayFen).toBe(q.feeFen)
  })
  it('rejects nonsense input', () => {
    expect(() => quoteBooking({ unitFeeFen: 1, quantity: 0, shareBp: 5000, voucherAvailableFen: 0n })).toThrow(
      RangeError,
    )
    expect(() => quoteBooking({ unitFeeFen: 1, quantity: 1.5, shareBp: 5000, voucherAvailableFen: 0n })).toThrow(
      RangeError,
    )
    expect(() => quoteBooking({ unitFeeFen: 1, quantity: 1, shareBp: 10_001, voucherAvailableFen: 0n })).toThrow(
      RangeError,
    )
    expect(() => quoteBooking({ unitFeeFen: -1, quantity: 1, shareBp: 5000, voucherAvailableFen: 0n })).toThrow(
      RangeError,
    )
  })
  it('property: share ≤ fee × share, share ≤ available, share + copay = fee, all ≥ 0 (deterministic sweep)', () => {
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    for (let i = 0; i < 5000; i++) {
      const unitFeeFen = rand(1_000_000)
      const quantity = 1 + rand(50)
      const shareBp = 3000 + rand(5001)
      const voucherAvailableFen = BigInt(rand(5_000_000))
      const q = quoteBooking({ unitFeeFen, quantity, shareBp, voucherAvailableFen })
      expect(q.feeFen).toBe(BigInt(unitFeeFen) * BigInt(quantity))
      expect(q.voucherShareFen + q.copayFen).toBe(q.feeFen)
      expect(q.voucherShareFen * 10_000n <= q.feeFen * BigInt(shareBp)).toBe(true)
      expect(q.voucherShareFen <= voucherAvailableFen).toBe(true)
      expect(q.voucherShareFen >= 0n && q.copayFen >= 0n).toBe(true)
      // rounded down, not further: one more fen would exceed the share or the balance
      const next = q.voucherShareFen + 1n
      expect(next * 10_000n > q.feeFen * BigInt(shareBp) || next > voucherAvailableFen).toBe(true)
    }
  })
})

describe('allocate', () => {
  it('splits evenly when it can', () => {
    expect(allocate(100n, [1, 1])).toEqual([50n, 50n])
  })
  it('gives the leftover fen to the largest remainders', () => {
    expect(allocate(100n, [1, 1, 1])).toEqual([34n, 33n, 33n])
    // exact shares 10.5, 31.5, 58 → floors 10, 31, 58 (99); one leftover; tie 0.5 vs 0.5 → the earlier
    expect(allocate(100n, [105, 315, 580])).toEqual([11n, 31n, 58n])
    // exact shares 1.4, 1.6 → 1, 2 (largest remainder, not first)
    expect(allocate(3n, [7, 8])).toEqual([1n, 2n])
  })
  it('handles zero ratios and a zero total', () => {
    expect(allocate(7n, [0, 1, 0])).toEqual([0n, 7n, 0n])
    expect(allocate(0n, [1, 2])).toEqual([0n, 0n])
  })
  it('rejects nonsense', () => {
    expect(() => allocate(-1n, [1])).toThrow(RangeError)
    expect(() => allocate(1n, [])).toThrow(RangeError)
    expect(() => allocate(1n, [0, 0])).toThrow(RangeError)
    expect(() => allocate(1n, [-1, 2])).toThrow(RangeError)
    expect(() => allocate(1n, [0.5, 2])).toThrow(RangeError)
  })
  it('property: parts add up, each is within one fen of its exact share', () => {
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    for (let i = 0; i < 3000; i++) {
      const total = BigInt(rand(10_000_000))
      const ratios = Array.from({ length: 1 + rand(6) }, () => rand(100))
      if (ratios.every((r) => r <= 0)) ratios[0] = 1
      const parts = allocate(total, ratios)
      const sum = BigInt(ratios.reduce((a, b) => a + b, 0))
      expect(parts.reduce((a, b) => a + b, 0n)).toBe(total)
      parts.forEach((p, j) => {
        const exactTimesSum = total * BigInt(ratios[j]!)
        expect(p * sum >= exactTimesSum - sum && p * sum <= exactTimesSum + sum).toBe(true)
        expect(p >= 0n).toBe(true)
      })
    }
  })
})
