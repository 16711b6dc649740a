import type { OfficerReach, OrgStatus } from './review-flow'
import type { OrgQueueFilter, OrgQueueParams } from './schemas'

// Reads shared by enterprise review and institution admission. The two tables have the same
// status, region and review columns; each organisation's own fields stay in its queries.server.ts.
// The officer's reach goes into the WHERE clause (indie-stack's habit), so a county officer can
// never list or open another county's organisation: it is simply not found.

/** A WHERE clause that fits both the enterprise and the institution table. */
export type OrgWhere = {
  id?: { in: string[] }
  regionId?: { in: string[] }
  status?: OrgStatus | { in: OrgStatus[] }
  region?: { isPartner: boolean }
  OR?: OrgWhere[]
}

export function orgReachWhere(reach: OfficerReach): OrgWhere {
  if (reach.city || reach.canSuspend) return {}
  return { regionId: { in: [...reach.countyRegionIds] } }
}

const STATUS_FILTER: Record<Exclude<OrgQueueFilter, 'awaiting'>, OrgStatus[] | null> = {
  pending: ['pending'],
  county_reviewed: ['county_reviewed'],
  verified: ['verified'],
  rejected: ['rejected'],
  suspended: ['suspended'],
  all: null,
}

/**
 * "Awaiting review" means awaiting *this* officer (review-flow.ts's transition table, as a query):
 * a county officer's pending Dazhou organisations; the city's county-reviewed ones and the partner
 * regions' pending ones (no county step there).
 */
function awaitingWhere(reach: OfficerReach): OrgWhere {
  const or: OrgWhere[] = []
  if (reach.countyRegionIds.length > 0) {
    or.push({ status: 'pending', regionId: { in: [...reach.countyRegionIds] }, region: { isPartner: false } })
  }
  if (reach.city) {
    or.push({ status: 'county_reviewed' }, { status: 'pending', region: { isPartner: true } })
  }
  return or.length > 0 ? { OR: or } : { id: { in: [] } }
}

export const ORG_QUEUE_LIMIT = 200

export type OrgQueueQuery = {
  where: OrgWhere
  orderBy: [{ createdAt: 'asc' | 'desc' }, { id: 'asc' | 'desc' }]
  take: number
}

/**
 * One page of the queue: the reach, then "awaiting this officer" or a status, oldest first unless
 * asked; `find` and `count` run it on the organisation's table with its own select.
 */
export async function listOrgQueue<Row>(
  reach: OfficerReach,
  { status, order }: OrgQueueParams,
  find: (query: OrgQueueQuery) => Promise<Row[]>,
  count: (where: OrgWhere) => Promise<number>,
): Promise<{ rows: Row[]; total: number }> {
  const statuses = status === 'awaiting' ? null : STATUS_FILTER[status]
  const where: OrgWhere = {
    ...orgReachWhere(reach),
    ...(status === 'awaiting' ? awaitingWhere(reach) : statuses ? { status: { in: statuses } } : {}),
  }
  const [rows, total] = await Promise.all([
    find({ where, orderBy: [{ createdAt: order }, { id: order }], take: ORG_QUEUE_LIMIT }),
    count(where),
  ])
  return { rows, total }
}

/** The region as the review pages show it: its name in both languages and the partner badge. */
export const ORG_REGION = { select: { id: true, name: true, nameEn: true, isPartner: true } } as const

const REVIEW_ROW = {
  id: true,
  step: true,
  decision: true,
  fromStatus: true,
  toStatus: true,
  reason: true,
  at: true,
  reviewer: { select: { name: true } },
} as const

/** The review history (enterprise_review / institution_review rows) in order, with the reviewer's name. */
export const ORG_REVIEWS = { orderBy: [{ at: 'asc' as const }, { id: 'asc' as const }], select: REVIEW_ROW }

/** What the use case reads before a decision: the status and where the organisation is. */
export const ORG_REVIEW_TARGET = {
  id: true,
  status: true,
  regionId: true,
  region: { select: { isPartner: true } },
} as const
