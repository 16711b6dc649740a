import { describe, expect, it } from 'vitest'
import { validateUscc } from '~/features/enterprises/uscc'
import { CATEGORIES, REGIONS } from '../reference-data'
import { DEMO_ENTERPRISES } from './enterprises'
import { DEMO_INSTITUTIONS } from './institutions'
import { demoInstruments } from './instruments'

describe('demo instrument generator', () => {
  it('scales: 300 instruments with unique asset numbers, known categories and sane values', () => {
    const all = demoInstruments(300)
    expect(all).toHaveLength(300)
    expect(new Set(all.map((i) => `${i.institutionKey}/${i.assetNo}`)).size).toBe(300)
    const codes = new Set(CATEGORIES.filter((c) => c.parentCode !== null).map((c) => c.code))
    for (const i of all) {
      expect(codes.has(i.categoryCode), `${i.name} ${i.categoryCode}`).toBe(true)
      expect(i.originalValueFen % 10_000n).toBe(0n) // whole hundreds of yuan
      expect(i.services.length).toBeGreaterThanOrEqual(1)
      expect(i.services.length).toBeLessThanOrEqual(3)
      for (const s of i.services) expect(Number.isSafeInteger(s.feeFen) && s.feeFen > 0).toBe(true)
      for (const h of i.openHours)
        expect(h.startMinute < h.endMinute && h.endMinute <= 1440 && h.weekday >= 1 && h.weekday <= 7).toBe(true)
    }
  })

  it('is stable: raising the count never changes earlier instruments', () => {
    expect(demoInstruments(300).slice(0, 72)).toEqual(demoInstruments(72))
  })

  it('is mostly open, mostly large, with a few internal-only and under-maintenance', () => {
    const all = demoInstruments(72)
    const by = (s: string) => all.filter((i) => i.sharingStatus === s).length
    expect(by('open')).toBeGreaterThan(60)
    expect(by('internal_only')).toBeGreaterThan(0)
    expect(by('maintenance')).toBeGreaterThan(0)
    expect(all.filter((i) => i.originalValueFen >= 50_000_000n).length).toBeGreaterThanOrEqual(30)
  })
})

describe('demo organisations', () => {
  it('have valid USCCs registered in their own region', () => {
    const gb = new Map(REGIONS.map((r) => [r.id, r.gbCode]))
    for (const org of [...DEMO_INSTITUTIONS, ...DEMO_ENTERPRISES]) {
      expect(validateUscc(org.uscc), org.name).toMatchObject({ ok: true, regionCode: gb.get(org.regionId) })
    }
  })
})
