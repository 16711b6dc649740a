import { describe, expect, it } from 'vitest'
import { cancellationTerms, type CancellationInput } from './cancellation'

const start = new Date('2026-06-10T01:00:00.000Z') // 09:00 in Dazhou
const hoursBefore = (h: number) => new Date(start.getTime() - h * 3600_000)

// ¥400 fee, 50% voucher share, the enterprise paid its ¥200 co-payment; 24 h free, then 30%.
const base: CancellationInput = {
  side: 'enterprise',
  feeFen: 40_000n,
  cancelFeeBp: 3000,
  cancelFreeHours: 24,
  startsAt: start,
  approved: true,
  paidCopayFen: 20_000n,
  now: hoursBefore(48),
}

describe('cancellationTerms', () => {
  it('free until the free period ends: the whole co-payment goes back', () => {
    expect(cancellationTerms(base)).toEqual({
      feeFen: 0n,
      dueFen: 0n,
      refundFen: 20_000n,
      basis: 'free-period',
      freeUntil: hoursBefore(24),
    })
    expect(cancellationTerms({ ...base, now: new Date(hoursBefore(24).getTime() - 1) }).basis).toBe('free-period')
  })

  it('from the end of the free period on: 30% of ¥400 = ¥120, kept from the ¥200 paid', () => {
    for (const now of [hoursBefore(24), hoursBefore(2), start]) {
      expect(cancellationTerms({ ...base, now })).toMatchObject({
        feeFen: 12_000n,
        dueFen: 12_000n,
        refundFen: 8_000n,
        basis: 'charged',
      })
    }
  })

  it('rounds the fee down to the fen', () => {
    // ¥333.33 × 33.33% = 11109.8889 fen → 11109 fen
    expect(cancellationTerms({ ...base, feeFen: 33_333n, cancelFeeBp: 3333, now: start })).toMatchObject({
      feeFen: 11_109n,
      refundFen: 20_000n - 11_109n,
    })
  })

  it('vouchers never pay: the fee is capped by the paid co-payment', () => {
    // 80% of ¥400 = ¥320 due, only ¥200 was paid by the enterprise.
    expect(cancellationTerms({ ...base, cancelFeeBp: 8000, now: start })).toMatchObject({
      feeFen: 20_000n,
      dueFen: 32_000n,
      refundFen: 0n,
      basis: 'capped-by-copay',
    })
  })

  it('nothing paid (unpaid co-payment, or all paid by the voucher): no fee, noted', () => {
    expect(cancellationTerms({ ...base, paidCopayFen: 0n, now: start })).toMatchObject({
      feeFen: 0n,
      dueFen: 12_000n,
      refundFen: 0n,
      basis: 'nothing-paid',
    })
  })

  it('an instrument without a cancellation fee charges nothing even at the last minute', () => {
    expect(cancellationTerms({ ...base, cancelFeeBp: 0, now: start })).toMatchObject({
      feeFen: 0n,
      refundFen: 20_000n,
      basis: 'no-fee-set',
    })
  })

  it('the institution cancelling never costs the enterprise anything', () => {
    expect(cancellationTerms({ ...base, side: 'institution', now: start })).toMatchObject({
      feeFen: 0n,
      dueFen: 0n,
      refundFen: 20_000n,
      basis: 'institution-cancels',
    })
  })

  it('zero free hours: late only from the slot start', () => {
    expect(cancellationTerms({ ...base, cancelFreeHours: 0, now: hoursBefore(1) }).basis).toBe('free-period')
    expect(cancellationTerms({ ...base, cancelFreeHours: 0, now: start }).basis).toBe('charged')
  })

  it('a sample booking (no slot) is free until approved, charged after', () => {
    const sample = { ...base, startsAt: null, now: start }
    expect(cancellationTerms({ ...sample, approved: false })).toMatchObject({
      feeFen: 0n,
      basis: 'free-period',
      freeUntil: null,
    })
    expect(cancellationTerms({ ...sample, approved: true })).toMatchObject({ feeFen: 12_000n, basis: 'charged' })
  })

  it('refuses nonsense settings', () => {
    expect(() => cancellationTerms({ ...base, cancelFeeBp: 10_001 })).toThrow(RangeError)
    expect(() => cancellationTerms({ ...base, paidCopayFen: -1n })).toThrow(RangeError)
  })
})
