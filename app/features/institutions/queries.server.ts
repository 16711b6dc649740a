import { listOrgQueue, ORG_REGION, ORG_REVIEWS, orgReachWhere } from '~/features/org-review/queries.server'
import type { OfficerReach } from '~/features/org-review/review-flow'
import type { OrgQueueParams } from '~/features/org-review/schemas'
import type { Db, Tx } from '~/infra/db.server'

// Reads for admission; the queue's and the reach's WHERE are shared with enterprise review
// (features/org-review/queries.server.ts).

/** Regions an institution may apply in: Dazhou's counties and 达州高新区, and the 万达开 partners. */
export async function listAdmissionRegions(db: Db | Tx) {
  return db.region.findMany({
    where: { isHistoric: false, level: 'county', OR: [{ parentId: '511700' }, { isPartner: true }] },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true, isPartner: true },
  })
}

export async function listAdmissionQueue(db: Db | Tx, reach: OfficerReach, params: OrgQueueParams) {
  return listOrgQueue(
    reach,
    params,
    (query) =>
      db.institution.findMany({
        ...query,
        select: {
          id: true,
          name: true,
          nameEn: true,
          uscc: true,
          type: true,
          status: true,
          createdAt: true,
          region: ORG_REGION,
        },
      }),
    (where) => db.institution.count({ where }),
  )
}

export async function getInstitutionForReview(db: Db | Tx, reach: OfficerReach, id: string) {
  return db.institution.findFirst({
    where: { id, ...orgReachWhere(reach) },
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
      region: ORG_REGION,
      reviews: ORG_REVIEWS,
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
