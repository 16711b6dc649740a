import type { Db } from '~/infra/db.server'

export async function listProgrammes(db: Db) {
  return db.programme.findMany({
    orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
    select: {
      id: true,
      year: true,
      name: true,
      serialPrefix: true,
      totalBudgetFen: true,
      applyFrom: true,
      applyTo: true,
      lastSerial: true,
      region: { select: { name: true, nameEn: true } },
    },
  })
}

export async function getProgramme(db: Db, id: string) {
  return db.programme.findUnique({ where: { id }, include: { region: { select: { name: true, nameEn: true } } } })
}

/** Top-level instrument categories, the checkboxes of "allowed service categories". */
export async function topLevelCategories(db: Db) {
  return db.instrumentCategory.findMany({
    where: { parentCode: null },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: { code: true, name: true, nameEn: true },
  })
}
