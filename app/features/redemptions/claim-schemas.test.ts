import { describe, expect, it } from 'vitest'
import { claimListSearch, parseClaimListParams, periodDate } from './claim-schemas'

describe('the claim list parameters', () => {
  it('reads status, institution and month; anything else falls back', () => {
    expect(
      parseClaimListParams(
        new URLSearchParams('status=submitted&institution=0B0E7A3C-4F7E-4A53-9A51-2D3C0C3C9E11&period=2026-06&page=2'),
      ),
    ).toEqual({
      status: 'submitted',
      institutionId: '0b0e7a3c-4f7e-4a53-9a51-2d3c0c3c9e11',
      period: '2026-06',
      page: 2,
      pageSize: 50,
    })
    expect(parseClaimListParams(new URLSearchParams('status=paid&institution=x&period=2026-13&page=0'))).toEqual({
      status: 'all',
      institutionId: null,
      period: null,
      page: 1,
      pageSize: 50,
    })
  })

  it('writes back only what is set and reads a month as its first day', () => {
    const p = parseClaimListParams(new URLSearchParams('period=2026-06'))
    expect(claimListSearch(p)).toBe('?period=2026-06')
    expect(claimListSearch(p, { status: 'approved', period: null })).toBe('?status=approved')
    expect(periodDate('2026-06').toISOString()).toBe('2026-06-01T00:00:00.000Z')
  })
})
