import type { Db, Tx } from '~/infra/db.server'

/** Regions an enterprise may register in: the city, its counties and zone, the 万达开 partners. */
export async function listRegistrationRegions(db: Db | Tx) {
  return db.region.findMany({
    where: {
      isHistoric: false,
      level: { in: ['city', 'county'] },
      OR: [{ id: '511700' }, { parentId: '511700' }, { isPartner: true }],
    },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true, isPartner: true },
  })
}

export async function findLoginCandidate(db: Db | Tx, email: string) {
  return db.user.findUnique({
    where: { email },
    select: { id: true, isActive: true, password: { select: { hash: true } } },
  })
}

export async function findMembershipRoles(db: Db | Tx, userId: string) {
  return db.roleMembership.findMany({ where: { userId }, select: { role: true }, orderBy: { createdAt: 'asc' } })
}

/** Institutions an enterprise can declare as related parties at registration: the admitted ones. */
export async function listAdmittedInstitutions(db: Db | Tx) {
  return db.institution.findMany({
    where: { status: 'verified' },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true },
  })
}
