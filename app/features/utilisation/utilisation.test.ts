import { describe, expect, it } from 'vitest'
import {
  addTotals,
  formatBp,
  minutesToHours,
  parseUtilisationParams,
  ratioBp,
  rollUpByInstitution,
  utilisationFigures,
  ZERO_TOTALS,
} from './utilisation'

describe('utilisationFigures', () => {
  it('effective = external + internal; sharing = external ÷ effective; utilisation = effective ÷ 1,600 h', () => {
    const f = utilisationFigures({
      externalMinutes: 300 * 60,
      internalMinutes: 500 * 60,
      incomeFen: 1_234_500n,
      completedBookings: 12,
    })
    expect(f.effectiveHours).toBe(800)
    expect(f.externalHours).toBe(300)
    expect(f.internalHours).toBe(500)
    expect(f.sharingRateBp).toBe(3750)
    expect(f.utilisationBp).toBe(5000)
    expect(f.incomeFen).toBe(1_234_500n)
    expect(f.completedBookings).toBe(12)
    expect(f.normHours).toBe(1600)
  })

  it('the 800 h university norm doubles the utilisation', () => {
    const f = utilisationFigures({ ...ZERO_TOTALS, externalMinutes: 400 * 60 }, { normHours: 800 })
    expect(f.utilisationBp).toBe(5000)
    expect(f.sharingRateBp).toBe(10_000)
  })

  it('an institution divides by norm × its instruments; utilisation can pass 100 %', () => {
    expect(utilisationFigures({ ...ZERO_TOTALS, externalMinutes: 1600 * 60 }, { instruments: 4 }).utilisationBp).toBe(
      2500,
    )
    expect(utilisationFigures({ ...ZERO_TOTALS, internalMinutes: 2000 * 60 }).utilisationBp).toBe(12_500)
  })

  it('nothing used: no sharing rate, zero utilisation; no instruments: zero', () => {
    const f = utilisationFigures(ZERO_TOTALS)
    expect(f.sharingRateBp).toBeNull()
    expect(f.utilisationBp).toBe(0)
    expect(utilisationFigures(ZERO_TOTALS, { instruments: 0 }).utilisationBp).toBe(0)
    expect(() => utilisationFigures({ ...ZERO_TOTALS, externalMinutes: -1 })).toThrow(RangeError)
  })

  it('rounds hours to one decimal and rates to a basis point, half up', () => {
    expect(minutesToHours(90)).toBe(1.5)
    expect(minutesToHours(100)).toBe(1.7)
    expect(minutesToHours(3)).toBe(0.1)
    expect(ratioBp(1, 3)).toBe(3333)
    expect(ratioBp(2, 3)).toBe(6667)
    expect(() => ratioBp(1, 0)).toThrow(RangeError)
    expect(formatBp(3333)).toBe('33.3%')
    expect(formatBp(10000)).toBe('100.0%')
    expect(formatBp(5)).toBe('0.1%')
    expect(formatBp(0)).toBe('0.0%')
    expect(formatBp(null)).toBe('—')
  })
})

describe('rollUpByInstitution', () => {
  it('sums minutes, income and bookings per institution and counts its instruments', () => {
    const rows = [
      { institutionId: 'a', externalMinutes: 60, internalMinutes: 0, incomeFen: 100n, completedBookings: 1 },
      { institutionId: 'b', externalMinutes: 30, internalMinutes: 30, incomeFen: 50n, completedBookings: 1 },
      { institutionId: 'a', externalMinutes: 0, internalMinutes: 120, incomeFen: 0n, completedBookings: 0 },
    ]
    const byInst = rollUpByInstitution(rows)
    expect([...byInst.keys()]).toEqual(['a', 'b'])
    expect(byInst.get('a')!.totals).toEqual({
      externalMinutes: 60,
      internalMinutes: 120,
      incomeFen: 100n,
      completedBookings: 1,
    })
    expect(byInst.get('a')!.instruments).toBe(2)
    expect(addTotals(ZERO_TOTALS, rows[1]!)).toEqual({
      externalMinutes: 30,
      internalMinutes: 30,
      incomeFen: 50n,
      completedBookings: 1,
    })
  })
})

describe('parseUtilisationParams', () => {
  it('defaults to this year in Asia/Shanghai and the 1,600 h norm; drops nonsense', () => {
    // 2026-12-31 16:30 UTC is already 2027 in Shanghai.
    const now = new Date('2026-12-31T16:30:00Z')
    expect(parseUtilisationParams(new URLSearchParams(''), now)).toEqual({
      year: 2027,
      normHours: 1600,
      years: [2027, 2026, 2025, 2024, 2023],
    })
    expect(parseUtilisationParams(new URLSearchParams('year=2025&norm=800'), now)).toMatchObject({
      year: 2025,
      normHours: 800,
    })
    expect(parseUtilisationParams(new URLSearchParams('year=1999&norm=900'), now)).toMatchObject({
      year: 2027,
      normHours: 1600,
    })
    expect(parseUtilisationParams(new URLSearchParams('year=abc'), now).year).toBe(2027)
  })
})
