import { appendAudit } from '~/features/audit/audit.server'
import { Prisma } from '~/generated/prisma/client'
import { getDb, type Db } from '~/infra/db.server'
import { hashPassword } from '~/infra/password.server'
import { listRegistrationRegions } from './queries.server'
import { regionFromUsccCode } from './region-from-uscc'
import type { Registration } from './schemas'

export type RegisterResult =
  | { ok: true; userId: string; enterpriseId: string }
  | { ok: false; reason: 'already-registered'; emailTaken: boolean; usccTaken: boolean }
  | { ok: false; reason: 'region-required' | 'region-not-covered' }
  /** A declared related party names an institution that is not admitted (or does not exist). */
  | { ok: false; reason: 'unknown-institution'; institutionId: string }

/**
 * An SME owner signs up: their user account, their enterprise (status `pending`, awaiting the
 * county's review — DOMAIN: "an enterprise is eligible when it is verified") with what it declares
 * (qualification, size, legal representative, controller group), its declared related parties
 * and the enterprise_member membership that ties them, in one transaction. Input is already parsed
 * by registerSchema + toRegistration (email lower-cased, USCC normalised and checksum-valid, money
 * in fen, related parties de-duplicated).
 */
export async function registerEnterpriseOwner(
  input: Registration,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<RegisterResult> {
  const regions = await listRegistrationRegions(db)
  const selectable = regions.map((r) => r.id)
  // DOMAIN: USCC positions 3–8 are the registering region; used when the person picked none.
  const regionId = input.regionId || regionFromUsccCode(input.uscc.slice(2, 8), selectable)
  if (!regionId) return { ok: false, reason: 'region-required' }
  if (!selectable.includes(regionId)) return { ok: false, reason: 'region-not-covered' }

  // DOMAIN "Related parties": declared against admitted institutions (the ones the form lists).
  // The foreign key guards existence; a pending or unknown id is refused with its row.
  const unknown = await firstUnknownInstitution(
    db,
    input.relatedParties.map((p) => p.institutionId),
  )
  if (unknown !== null) return { ok: false, reason: 'unknown-institution', institutionId: unknown }

  // Hash before the transaction: 30 ms of CPU should not hold a connection and row locks.
  const hash = await hashPassword(input.password)

  const taken = await whichTaken(db, input.email, input.uscc)
  if (taken) return taken

  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          phone: input.phone,
          createdAt: now,
          password: { create: { hash, updatedAt: now } },
        },
        select: { id: true },
      })
      const enterprise = await tx.enterprise.create({
        data: {
          name: input.enterpriseName,
          uscc: input.uscc,
          regionId,
          status: 'pending',
          legalRep: input.legalRep,
          smeRegNo: input.smeRegNo ?? null,
          smeRegYear: input.smeRegYear ?? null,
          otherStatus: input.otherStatus ?? null,
          staffCount: input.staffCount,
          salesFen: input.salesFen,
          assetsFen: input.assetsFen,
          contactName: input.name,
          contactPhone: input.phone,
          address: input.address,
          controllerGroup: input.controllerGroup,
          createdAt: now,
        },
        select: { id: true },
      })
      if (input.relatedParties.length > 0) {
        await tx.enterpriseRelatedParty.createMany({
          data: input.relatedParties.map((p) => ({
            enterpriseId: enterprise.id,
            institutionId: p.institutionId,
            relation: p.relation,
            note: p.note,
            declaredAt: now,
          })),
        })
      }
      await tx.roleMembership.create({
        data: { userId: user.id, role: 'enterprise_member', enterpriseId: enterprise.id, createdAt: now },
      })
      // DESIGN: every state change writes its audit row in the same transaction, chained within
      // the enterprise's own stream (the first row of that chain).
      await appendAudit(tx, {
        actorUserId: user.id,
        orgType: 'enterprise',
        orgId: enterprise.id,
        action: 'enterprise.registered',
        entityType: 'enterprise',
        entityId: enterprise.id,
        after: {
          name: input.enterpriseName,
          uscc: input.uscc,
          regionId,
          status: 'pending',
          ownerUserId: user.id,
          ownerEmail: input.email,
          legalRep: input.legalRep,
          smeRegNo: input.smeRegNo ?? null,
          smeRegYear: input.smeRegYear ?? null,
          otherStatus: input.otherStatus ?? null,
          staffCount: input.staffCount,
          salesFen: input.salesFen,
          assetsFen: input.assetsFen,
          address: input.address,
          controllerGroup: input.controllerGroup,
          relatedParties: input.relatedParties,
        },
        at: now,
      })
      return { ok: true as const, userId: user.id, enterpriseId: enterprise.id }
    })
  } catch (error) {
    // Two people registering the same email or USCC at the same moment: the unique index decides,
    // and the loser gets the same field error as if they had come second.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const again = await whichTaken(db, input.email, input.uscc)
      if (again) return again
    }
    throw error
  }
}

async function firstUnknownInstitution(db: Db, ids: string[]): Promise<string | null> {
  if (ids.length === 0) return null
  const admitted = await db.institution.findMany({
    where: { id: { in: ids }, status: 'verified' },
    select: { id: true },
  })
  const known = new Set(admitted.map((i) => i.id))
  return ids.find((id) => !known.has(id)) ?? null
}

async function whichTaken(db: Db, email: string, uscc: string) {
  const [user, enterprise] = await Promise.all([
    db.user.findUnique({ where: { email }, select: { id: true } }),
    db.enterprise.findUnique({ where: { uscc }, select: { id: true } }),
  ])
  if (!user && !enterprise) return null
  return { ok: false as const, reason: 'already-registered' as const, emailTaken: !!user, usccTaken: !!enterprise }
}
