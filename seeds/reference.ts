import type { Db } from '../app/infra/db.server'
import { CATEGORIES, REGIONS } from './reference-data'

/** Idempotent upserts of the reference data; safe to run on every start. */
export async function seedReference(db: Db) {
  for (const [i, r] of REGIONS.entries()) {
    const data = {
      gbCode: r.gbCode,
      name: r.name,
      nameEn: r.nameEn,
      level: r.level,
      parentId: r.parentId,
      isPartner: r.isPartner ?? false,
      isLocalZone: r.isLocalZone ?? false,
      isHistoric: r.isHistoric ?? false,
      sortOrder: i,
    }
    await db.region.upsert({ where: { id: r.id }, create: { id: r.id, ...data }, update: data })
  }
  for (const [i, c] of CATEGORIES.entries()) {
    const data = { name: c.name, nameEn: c.nameEn, parentCode: c.parentCode, sortOrder: i }
    await db.instrumentCategory.upsert({ where: { code: c.code }, create: { code: c.code, ...data }, update: data })
  }
}
