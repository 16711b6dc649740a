import { describe, expect, it } from 'vitest'
import { getDb } from '~/infra/db.server'
import { seedReference } from '../../seeds/reference'

describe('reference data', () => {
  it('has Dazhou, its seven counties, the high-tech zone and the 万达开 partners', async () => {
    const db = getDb()
    const counties = await db.region.findMany({ where: { parentId: '511700', isHistoric: false, isLocalZone: false } })
    expect(counties.map((c) => c.id).sort()).toEqual([
      '511702',
      '511703',
      '511722',
      '511723',
      '511724',
      '511725',
      '511781',
    ])
    const partners = await db.region.findMany({ where: { isPartner: true, isHistoric: false } })
    expect(partners.map((p) => p.name).sort()).toEqual(['万州区', '开州区'].sort())
    const zone = await db.region.findUniqueOrThrow({ where: { id: '511700-GX' } })
    expect(zone).toMatchObject({ gbCode: '511700', isLocalZone: true })
  })

  it('has the 15 top-level instrument categories and is idempotent', async () => {
    const db = getDb()
    const before = await db.instrumentCategory.count()
    await seedReference(db)
    expect(await db.instrumentCategory.count()).toBe(before)
    expect(await db.instrumentCategory.count({ where: { parentCode: null } })).toBe(15)
    const chroma = await db.instrumentCategory.findUniqueOrThrow({ where: { code: '0105' } })
    expect(chroma).toMatchObject({ name: '色谱仪', parentCode: '01' })
  })
})
