import type { OrgStatus, Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import type { OfficerReach } from './admission'
import type { QueueFilter } from './schemas'

// Reads for admission. The officer's reach goes into the WHERE clause (indie-stack's habit), so a
// county officer can never list or open another county's institution: it is simply not found.

/** Regions an institution may apply in: Dazhou's counties and 达州高新区, and the 万达开 partners. */
export async function listAdmissionRegions(db: Db | Tx) {
  return db.region.findMany({
    where: { isHistoric: false, level: 'county', OR: [{ parentId: '511700' }, { isPartner: true }] },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true, isPartner: true },
  })
}

export function reachWhere(reach: OfficerReach): Prisma.InstitutionWhereInput {
  if (reach.city || reach.canSuspend) return {}
  return { regionId: { in: [...reach.countyRegionIds] } }
}

const STATUS_FILTER: Record<Exclude<QueueFilter, 'awaiting'>, OrgStatus[] | null> = {
  pending: ['pending'],
  county_reviewed: ['county_reviewed'],
  verified: ['verified'],
  rejected: ['rejected'],
  suspended: ['suspended'],
  all: null,
}

/**
 * "Awaiting review" means awaiting *this* officer (admission.ts's transition table, as a query): a
 * county officer's pending Dazhou institutions; the city's county-reviewed ones and the partner
 * regions' pending ones (no county step there).
 */
function awaitingWhere(reach: OfficerReach): Prisma.InstitutionWhereInput {
  const or: Prisma.InstitutionWhereInput[] = []
  if (reach.countyRegionIds.length > 0) {
    or.push({ status: 'pending', regionId: { in: [...reach.countyRegionIds] }, region: { isPartner: false } })
  }
  if (reach.city) {
    or.push({ status: 'county_reviewed' }, { status: 'pending', region: { isPartner: true } })
  }
  return or.length > 0 ? { OR: or } : { id: { in: [] } }
}

export const QUEUE_LIMIT = 200

export async function listAdmissionQueue(
  db: Db | Tx,
  reach: OfficerReach,
  { status, order }: { status: QueueFilter; order: 'asc' | 'desc' },
) {
  const statuses = status === 'awaiting' ? null : STATUS_FILTER[status]
  const where: Prisma.InstitutionWhereInput = {
    ...reachWhere(reach),
    ...(status === 'awaiting' ? awaitingWhere(reach) : statuses ? { status: { in: statuses } } : {}),
  }
  const [rows, total] = await Promise.all([
    db.institution.findMany({
      where,
      orderBy: [{ createdAt: order }, { id: order }],
      take: QUEUE_LIMIT,
      select: {
        id: true,
        name: true,
        nameEn: true,
        uscc: true,
        type: true,
        status: true,
        createdAt: true,
        region: { select: { id: true, name: true, nameEn: true, isPartner: true } },
      },
    }),
    db.institution.count({ where }),
  ])
  return { rows, total }
}

export async function getInstitutionForReview(db: Db | Tx, reach: OfficerReach, id: string) {
  return db.institution.findFirst({
    where: { id, ...reachWhere(reach) },
    select: {
      id: true,
      name: true,
      nameEn: true,
      uscc: true,
      type: true,
      status: true,
      legalRep: true,
      cmaNo: true,
      cnasNo: true,
      bankName: true,
      bankAccount: true,
      contactName: true,
      contactPhone: true,
      address: true,
      createdAt: true,
      region: { select: { id: true, name: true, nameEn: true, isPartner: true } },
      reviews: {
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          step: true,
          decision: true,
          fromStatus: true,
          toStatus: true,
          reason: true,
          at: true,
          reviewer: { select: { name: true } },
        },
      },
      memberships: {
        where: { role: 'institution_staff' },
        orderBy: { createdAt: 'asc' },
        take: 1,
        select: { user: { select: { name: true, email: true } } },
      },
    },
  })
}

/** The applicant's own view after applying: only an institution they are staff of. */
export async function getOwnApplication(db: Db | Tx, userId: string, institutionId: string) {
  return db.institution.findFirst({
    where: { id: institutionId, memberships: { some: { userId, role: 'institution_staff' } } },
    select: {
      id: true,
      name: true,
      nameEn: true,
      status: true,
      createdAt: true,
      region: { select: { name: true, nameEn: true, isPartner: true } },
      // The latest decision, so a rejection or suspension shows its reason to the applicant.
      reviews: {
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { step: true, decision: true, reason: true, at: true },
      },
    },
  })
}
