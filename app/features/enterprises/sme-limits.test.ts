import { describe, expect, it } from 'vitest'
import { figuresAboveSmeLimits, SME_LIMITS } from './sme-limits'

describe('figuresAboveSmeLimits', () => {
  it('accepts figures at the limits (≤ 500 staff, ≤ 2亿元)', () => {
    expect(figuresAboveSmeLimits({ staffCount: 500, salesFen: 20_000_000_000n, assetsFen: 20_000_000_000n })).toEqual(
      [],
    )
    expect(SME_LIMITS.salesFen).toBe(200_000_000n * 100n)
  })

  it('names each figure above its limit', () => {
    expect(figuresAboveSmeLimits({ staffCount: 501, salesFen: 20_000_000_001n, assetsFen: 1n })).toEqual([
      'staffCount',
      'salesFen',
    ])
    expect(figuresAboveSmeLimits({ staffCount: 10, salesFen: 0n, assetsFen: 30_000_000_000n })).toEqual(['assetsFen'])
  })

  it('never warns about a figure that was not declared', () => {
    expect(figuresAboveSmeLimits({ staffCount: null, salesFen: null, assetsFen: null })).toEqual([])
  })
})
