import type { OrgStatus, Prisma } from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import type { ReviewerReach } from './review-flow'
import type { EnterpriseQueueFilter } from './schemas'

// Reads for enterprise review. The officer's reach goes into the WHERE clause, so a county officer
// can never list or open another county's enterprise: it is simply not found.

export function enterpriseReachWhere(reach: ReviewerReach): Prisma.EnterpriseWhereInput {
  if (reach.city || reach.canSuspend) return {}
  return { regionId: { in: [...reach.countyRegionIds] } }
}

const STATUS_FILTER: Record<Exclude<EnterpriseQueueFilter, 'awaiting'>, OrgStatus[] | null> = {
  pending: ['pending'],
  county_reviewed: ['county_reviewed'],
  verified: ['verified'],
  rejected: ['rejected'],
  suspended: ['suspended'],
  all: null,
}

/**
 * "Awaiting review" means awaiting *this* officer (review-flow.ts's table, as a query): a county
 * officer's pending Dazhou enterprises; the city's county-reviewed ones and the partner regions'
 * pending ones (no county step there).
 */
function awaitingWhere(reach: ReviewerReach): Prisma.EnterpriseWhereInput {
  const or: Prisma.EnterpriseWhereInput[] = []
  if (reach.countyRegionIds.length > 0) {
    or.push({ status: 'pending', regionId: { in: [...reach.countyRegionIds] }, region: { isPartner: false } })
  }
  if (reach.city) {
    or.push({ status: 'county_reviewed' }, { status: 'pending', region: { isPartner: true } })
  }
  return or.length > 0 ? { OR: or } : { id: { in: [] } }
}

export const ENTERPRISE_QUEUE_LIMIT = 200

export async function listEnterpriseQueue(
  db: Db | Tx,
  reach: ReviewerReach,
  { status, order }: { status: EnterpriseQueueFilter; order: 'asc' | 'desc' },
) {
  const statuses = status === 'awaiting' ? null : STATUS_FILTER[status]
  const where: Prisma.EnterpriseWhereInput = {
    ...enterpriseReachWhere(reach),
    ...(status === 'awaiting' ? awaitingWhere(reach) : statuses ? { status: { in: statuses } } : {}),
  }
  const [rows, total] = await Promise.all([
    db.enterprise.findMany({
      where,
      orderBy: [{ createdAt: order }, { id: order }],
      take: ENTERPRISE_QUEUE_LIMIT,
      select: {
        id: true,
        name: true,
        uscc: true,
        status: true,
        smeRegNo: true,
        createdAt: true,
        region: { select: { id: true, name: true, nameEn: true, isPartner: true } },
      },
    }),
    db.enterprise.count({ where }),
  ])
  return { rows, total }
}

export async function getEnterpriseForReview(db: Db | Tx, reach: ReviewerReach, id: string) {
  return db.enterprise.findFirst({
    where: { id, ...enterpriseReachWhere(reach) },
    select: {
      id: true,
      name: true,
      uscc: true,
      status: true,
      smeRegNo: true,
      smeRegYear: true,
      otherStatus: true,
      legalRep: true,
      staffCount: true,
      salesFen: true,
      assetsFen: true,
      contactName: true,
      contactPhone: true,
      address: true,
      bankAccount: true,
      controllerGroup: true,
      createdAt: true,
      region: { select: { id: true, name: true, nameEn: true, isPartner: true } },
      relatedParties: {
        orderBy: { id: 'asc' },
        select: {
          id: true,
          relation: true,
          note: true,
          declaredAt: true,
          institution: { select: { id: true, name: true, nameEn: true } },
        },
      },
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
        where: { role: 'enterprise_member' },
        orderBy: { createdAt: 'asc' },
        take: 1,
        select: { user: { select: { name: true, email: true, phone: true } } },
      },
    },
  })
}

/**
 * The other enterprises that declared the same controller group (DOMAIN: "caps apply per
 * controller group"): matched in SQL with the cap query's own key expression (index
 * enterprise_controller_group_key_idx; controller-group.ts mirrors it). Those outside the
 * officer's reach are only counted, never named.
 */
export async function listControllerGroupPeers(db: Db | Tx, reach: ReviewerReach, enterpriseId: string) {
  const peers = await db.$queryRaw<{ id: string }[]>`
    WITH me AS (
      SELECT lower(regexp_replace(controller_group, '\\s', '', 'g')) AS key FROM enterprise WHERE id = ${enterpriseId}::uuid
    )
    SELECT e.id FROM enterprise e, me
     WHERE me.key IS NOT NULL AND me.key <> ''
       AND e.controller_group IS NOT NULL
       AND lower(regexp_replace(e.controller_group, '\\s', '', 'g')) = me.key
       AND e.id <> ${enterpriseId}::uuid`
  if (peers.length === 0) return { visible: [], hiddenCount: 0 }
  const visible = await db.enterprise.findMany({
    where: { id: { in: peers.map((p) => p.id) }, ...enterpriseReachWhere(reach) },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      name: true,
      status: true,
      controllerGroup: true,
      region: { select: { name: true, nameEn: true } },
    },
  })
  return { visible, hiddenCount: peers.length - visible.length }
}
