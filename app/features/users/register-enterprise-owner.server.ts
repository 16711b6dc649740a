import { appendAudit } from '~/features/audit/audit.server'
import { Prisma } from '~/generated/prisma/client'
import { getDb, type Db } from '~/infra/db.server'
import { hashPassword } from '~/infra/password.server'
import { listRegistrationRegions } from './queries.server'
import { regionFromUsccCode } from './region-from-uscc'
import type { RegisterInput } from './schemas'

export type RegisterResult =
  | { ok: true; userId: string; enterpriseId: string }
  | { ok: false; reason: 'already-registered'; emailTaken: boolean; usccTaken: boolean }
  | { ok: false; reason: 'region-required' | 'region-not-covered' }

/**
 * An SME owner signs up: their user account, their enterprise (status `pending`, awaiting the
 * county's review — DOMAIN: "an enterprise is eligible when it is verified") and the
 * enterprise_member membership that ties them, in one transaction. Input is already parsed by
 * RegisterSchema (email lower-cased, USCC normalised and checksum-valid).
 */
export async function registerEnterpriseOwner(
  input: Omit<RegisterInput, 'confirmPassword'>,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<RegisterResult> {
  const regions = await listRegistrationRegions(db)
  const selectable = regions.map((r) => r.id)
  // DOMAIN: USCC positions 3–8 are the registering region; used when the person picked none.
  const regionId = input.regionId || regionFromUsccCode(input.uscc.slice(2, 8), selectable)
  if (!regionId) return { ok: false, reason: 'region-required' }
  if (!selectable.includes(regionId)) return { ok: false, reason: 'region-not-covered' }

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
          contactName: input.name,
          contactPhone: input.phone,
          createdAt: now,
        },
        select: { id: true },
      })
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

async function whichTaken(db: Db, email: string, uscc: string) {
  const [user, enterprise] = await Promise.all([
    db.user.findUnique({ where: { email }, select: { id: true } }),
    db.enterprise.findUnique({ where: { uscc }, select: { id: true } }),
  ])
  if (!user && !enterprise) return null
  return { ok: false as const, reason: 'already-registered' as const, emailTaken: !!user, usccTaken: !!enterprise }
}
