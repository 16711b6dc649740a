import { appendAudit } from '~/features/audit/audit.server'
import { regionFromUsccCode } from '~/features/users/region-from-uscc'
import { Prisma } from '~/generated/prisma/client'
import { getDb, type Db } from '~/infra/db.server'
import { hashPassword } from '~/infra/password.server'
import { listAdmissionRegions } from './queries.server'
import type { ApplyInput } from './schemas'

export type Applicant =
  /** Signed in: the institution is attached to this account. */
  | { kind: 'user'; userId: string }
  /** A visitor: their account is opened with the application (the contact person is the user). */
  | { kind: 'new-account'; email: string; password: string }

export type ApplyResult =
  | { ok: true; institutionId: string; userId: string; regionId: string }
  | { ok: false; reason: 'taken'; usccTaken: boolean; emailTaken: boolean }
  | { ok: false; reason: 'region-required' | 'region-not-covered' }

/**
 * An institution applies for admission (入库): the institution row (status `pending`), the
 * applicant's institution_staff membership (and, for a visitor, their account) and the first row
 * of the institution's audit chain, in one transaction. Input is parsed by ApplySchema (USCC
 * checksum-valid and normalised, bank account digits only).
 */
export async function applyForInstitution(
  input: ApplyInput,
  applicant: Applicant,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<ApplyResult> {
  const regions = await listAdmissionRegions(db)
  const selectable = regions.map((r) => r.id)
  // DOMAIN: USCC positions 3–8 are the registering region; used when the person picked none.
  const regionId = input.regionId || regionFromUsccCode(input.uscc.slice(2, 8), selectable)
  if (!regionId) return { ok: false, reason: 'region-required' }
  if (!selectable.includes(regionId)) return { ok: false, reason: 'region-not-covered' }

  const email = applicant.kind === 'new-account' ? applicant.email : null
  // Hash before the transaction: 30 ms of CPU should not hold a connection.
  const hash = applicant.kind === 'new-account' ? await hashPassword(applicant.password) : null

  const taken = await whichTaken(db, input.uscc, email)
  if (taken) return taken

  try {
    return await db.$transaction(async (tx) => {
      const userId =
        applicant.kind === 'user'
          ? applicant.userId
          : (
              await tx.user.create({
                data: {
                  email: applicant.email,
                  name: input.contactName,
                  phone: input.contactPhone,
                  createdAt: now,
                  password: { create: { hash: hash!, updatedAt: now } },
                },
                select: { id: true },
              })
            ).id
      const institution = await tx.institution.create({
        data: {
          name: input.name,
          nameEn: input.nameEn || null,
          uscc: input.uscc,
          type: input.type,
          regionId,
          status: 'pending',
          legalRep: input.legalRep,
          cmaNo: input.cmaNo ?? null,
          cnasNo: input.cnasNo ?? null,
          bankName: input.bankName,
          bankAccount: input.bankAccount,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          address: input.address,
          createdAt: now,
        },
        select: { id: true },
      })
      await tx.roleMembership.create({
        data: { userId, role: 'institution_staff', institutionId: institution.id, createdAt: now },
      })
      // DESIGN: the audit row in the same transaction — the first row of the institution's own
      // chain (institution:<id>), where every later review step of it is appended too.
      await appendAudit(tx, {
        actorUserId: userId,
        orgType: 'institution',
        orgId: institution.id,
        action: 'institution.applied',
        entityType: 'institution',
        entityId: institution.id,
        after: {
          name: input.name,
          nameEn: input.nameEn || null,
          uscc: input.uscc,
          type: input.type,
          regionId,
          status: 'pending',
          legalRep: input.legalRep,
          cmaNo: input.cmaNo ?? null,
          cnasNo: input.cnasNo ?? null,
          bankName: input.bankName,
          bankAccount: input.bankAccount,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          address: input.address,
          applicantUserId: userId,
        },
        at: now,
      })
      return { ok: true as const, institutionId: institution.id, userId, regionId }
    })
  } catch (error) {
    // Two applications with the same USCC (or e-mail) at the same moment: the unique index
    // decides, and the loser gets the same field error as if they had come second.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const again = await whichTaken(db, input.uscc, email)
      if (again) return again
    }
    throw error
  }
}

async function whichTaken(db: Db, uscc: string, email: string | null) {
  const [institution, user] = await Promise.all([
    db.institution.findUnique({ where: { uscc }, select: { id: true } }),
    email ? db.user.findUnique({ where: { email }, select: { id: true } }) : null,
  ])
  if (!institution && !user) return null
  return { ok: false as const, reason: 'taken' as const, usccTaken: !!institution, emailTaken: !!user }
}
