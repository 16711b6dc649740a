import type { Db, Tx } from '~/infra/db.server'

// Reads of what an enterprise declared about itself. The caller passes an enterprise id it has
// already checked (the enterprise member's own membership). Money leaves as fen strings (JSON has
// no bigint); the page formats it.

/** The enterprise's declaration as its own workspace shows it. */
export async function getEnterpriseProfile(db: Db | Tx, enterpriseId: string) {
  const enterprise = await db.enterprise.findUnique({
    where: { id: enterpriseId },
    select: {
      legalRep: true,
      smeRegNo: true,
      smeRegYear: true,
      otherStatus: true,
      staffCount: true,
      salesFen: true,
      assetsFen: true,
      address: true,
      controllerGroup: true,
      relatedParties: {
        orderBy: { id: 'asc' },
        select: { id: true, relation: true, note: true, institution: { select: { name: true, nameEn: true } } },
      },
    },
  })
  if (!enterprise) return null
  return {
    ...enterprise,
    salesFen: enterprise.salesFen?.toString() ?? null,
    assetsFen: enterprise.assetsFen?.toString() ?? null,
    relatedParties: enterprise.relatedParties.map((p) => ({ ...p, id: p.id.toString() })),
  }
}

export type EnterpriseProfile = NonNullable<Awaited<ReturnType<typeof getEnterpriseProfile>>>
