import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Db } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import { budgetUsage, capLockKey, capUsage, lockCap } from './queries.server'
import { checkApplication } from './rules'

export type ApplyInput = {
  enterpriseId: string
  applicantId: string
  programmeId: string
  amountFen: bigint
  purpose: string
  plannedUse: string | null
  /** One per form: a double submit or a retried request makes one application. */
  idempotencyKey: string
}

export type Applied = { applicationId: string; created: boolean }

/**
 * A verified enterprise applies for a voucher (DOMAIN "Vouchers"). One transaction:
 *   1. the programme row is locked (FOR SHARE would let two applications read the same budget
 *      room; FOR UPDATE serialises applications to one programme, which are few); under it, a
 *      retry with the same form key returns the first application;
 *   2. the cap is locked per controller group (an advisory lock on the group's key) — programme
 *      first, then cap: the city approval takes them in the same order;
 *   3. the rules (rules.ts checkApplication) on figures read under those locks: window, cap
 *      (issued + under review), remaining budget (ledger available − under review);
 *   4. insert + audit row in the enterprise's stream.
 * Refusals: 'programme-not-found', 'enterprise-not-found' and the ApplyRefusal reasons, with the
 * room left (fen) where the amount was too high.
 */
export async function applyForVoucher(ctx: { db?: Db; now?: Date }, input: ApplyInput): Promise<Outcome<Applied>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inTransaction(db, async (tx) => {
    const programmes = await tx.$queryRaw<
      { id: string; region_id: string; year: number; apply_from: Date; apply_to: Date; cap_fen: bigint }[]
    >`SELECT id::text AS id, region_id, year, apply_from, apply_to, cap_fen
        FROM programme WHERE id = ${input.programmeId}::uuid FOR UPDATE`
    const programme = programmes[0]
    if (!programme) throw new Refusal('programme-not-found', { programmeId: input.programmeId })

    // Under the programme lock, so a concurrent first submit of the same form has committed.
    const prior = await tx.voucherApplication.findFirst({
      where: { enterpriseId: input.enterpriseId, idempotencyKey: input.idempotencyKey },
      select: { id: true },
    })
    if (prior) return { applicationId: prior.id, created: false }

    const enterprise = await tx.enterprise.findUnique({
      where: { id: input.enterpriseId },
      select: {
        id: true,
        status: true,
        smeRegNo: true,
        otherStatus: true,
        regionId: true,
        region: { select: { parentId: true } },
      },
    })
    if (!enterprise) throw new Refusal('enterprise-not-found', { enterpriseId: input.enterpriseId })

    const scope = { enterpriseId: enterprise.id, regionId: programme.region_id, year: programme.year }
    await lockCap(tx, await capLockKey(tx, scope))
    const cap = await capUsage(tx, scope)
    const budget = await budgetUsage(tx, programme.id)

    const check = checkApplication({
      now,
      amountFen: input.amountFen,
      enterprise: {
        status: enterprise.status,
        eligible: !!(enterprise.smeRegNo?.trim() || enterprise.otherStatus?.trim()),
        inProgrammeRegion:
          enterprise.regionId === programme.region_id || enterprise.region.parentId === programme.region_id,
      },
      programme: { applyFrom: programme.apply_from, applyTo: programme.apply_to, funded: budget.funded },
      cap: { capFen: programme.cap_fen, issuedFen: cap.issuedFen, pendingFen: cap.pendingFen },
      budgetAvailableFen: budget.availableFen,
      pendingInProgrammeFen: budget.pendingFen,
    })
    if (!check.ok) {
      throw new Refusal(check.reason, {
        programmeId: programme.id,
        enterpriseId: enterprise.id,
        amountFen: input.amountFen,
        ...check.details,
      })
    }

    const application = await tx.voucherApplication.create({
      data: {
        programmeId: programme.id,
        enterpriseId: enterprise.id,
        applicantId: input.applicantId,
        amountFen: input.amountFen,
        purpose: input.purpose,
        plannedUse: input.plannedUse,
        idempotencyKey: input.idempotencyKey,
        status: 'submitted',
        createdAt: now,
        updatedAt: now,
      },
      select: { id: true },
    })
    await appendAudit(tx, {
      actorUserId: input.applicantId,
      orgType: 'enterprise',
      orgId: enterprise.id,
      action: 'application.submitted',
      entityType: 'voucher_application',
      entityId: application.id,
      after: {
        programmeId: programme.id,
        amountFen: input.amountFen,
        purpose: input.purpose,
        plannedUse: input.plannedUse,
        status: 'submitted',
        capIssuedFen: cap.issuedFen,
        capPendingFen: cap.pendingFen,
      },
      at: now,
    })
    return { applicationId: application.id, created: true }
  })
}
