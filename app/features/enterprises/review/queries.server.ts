import { listOrgQueue, ORG_REGION, ORG_REVIEWS, orgReachWhere } from '~/features/org-review/queries.server'
import type { OfficerReach } from '~/features/org-review/review-flow'
import type { OrgQueueParams } from '~/features/org-review/schemas'
import type { Db, Tx } from '~/infra/db.server'

// Reads for enterprise review; the queue's and the reach's WHERE are shared with institution
// admission (features/org-review/queries.server.ts).

export async function listEnterpriseQueue(db: Db | Tx, reach: OfficerReach, params: OrgQueueParams) {
  return listOrgQueue(
    reach,
    params,
    (query) =>
      db.enterprise.findMany({
        ...query,
        select: {
          id: true,
          name: true,
          uscc: true,
          status: true,
          smeRegNo: true,
          createdAt: true,
          region: ORG_REGION,
        },
      }),
    (where) => db.enterprise.count({ where }),
  )
}

export async function getEnterpriseForReview(db: Db | Tx, reach: OfficerReach, id: string) {
  return db.enterprise.findFirst({
    where: { id, ...orgReachWhere(reach) },
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
      region: ORG_REGION,
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
      reviews: ORG_REVIEWS,
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
export async function listControllerGroupPeers(db: Db | Tx, reach: OfficerReach, enterpriseId: string) {
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
    where: { id: { in: peers.map((p) => p.id) }, ...orgReachWhere(reach) },
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
