import { appendAudit } from '~/features/audit/audit.server'
import type { OfficerReach } from '~/features/org-review/review-flow'
import { issueVoucher } from '~/features/vouchers/issue-voucher.server'
import { getDb, type Db } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import { capLockKey, capUsage, lockCap } from './queries.server'
import {
  canSeeApplication,
  capAllowsIssue,
  checkApplicationReview,
  hasCountyStep,
  type ApplicationAction,
  type ApplicationStatus,
} from './rules'

export type ReviewApplicationCommand = {
  applicationId: string
  action: ApplicationAction
  reason?: string | null
  reviewerId: string
  officer: OfficerReach
}

export type ApplicationReviewed = {
  applicationId: string
  from: ApplicationStatus
  to: ApplicationStatus
  voucher: { voucherId: string; serial: string } | null
}

/**
 * One review step on a voucher application. One transaction:
 *   - the application row is locked first (FOR UPDATE): two officers deciding at once queue here,
 *     and the second sees the new status and is refused ('wrong-status') — never a second voucher;
 *   - the rules (rules.ts) decide whether this officer may fire this action now;
 *   - city approval: the programme row and the group's cap lock are taken in the same order as at
 *     submission, the cap is checked again against what is issued by now, and issueVoucher moves the
 *     amount from the programme budget to the new voucher's account in one ledger transfer — the
 *     budget account's no-overdraft CHECK refuses an over-commitment ('insufficient-budget');
 *   - the decision columns (reviewer, time, decision, reason) and an audit row in the enterprise's stream.
 * Refusals: 'not-found' (missing, or outside a county officer's counties), the review refusals,
 * 'over-cap', 'insufficient-budget', 'programme-not-funded'.
 */
export async function reviewApplication(
  command: ReviewApplicationCommand,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<Outcome<ApplicationReviewed>> {
  return inTransaction(db, async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM voucher_application WHERE id = ${command.applicationId}::uuid FOR UPDATE`
    if (!locked[0]) throw new Refusal('not-found', { applicationId: command.applicationId })
    const application = await tx.voucherApplication.findUniqueOrThrow({
      where: { id: command.applicationId },
      select: {
        id: true,
        status: true,
        amountFen: true,
        programmeId: true,
        enterpriseId: true,
        programme: { select: { regionId: true, year: true, capFen: true } },
        enterprise: {
          select: { regionId: true, status: true, region: { select: { level: true, isPartner: true } } },
        },
      },
    })
    if (!canSeeApplication(command.officer, application.enterprise.regionId))
      throw new Refusal('not-found', { applicationId: command.applicationId })

    const reason = command.reason?.trim() || null
    const check = checkApplicationReview(
      command.action,
      {
        status: application.status,
        regionId: application.enterprise.regionId,
        countyStep: hasCountyStep(application.enterprise.region),
      },
      command.officer,
      reason,
    )
    if (!check.ok)
      throw new Refusal(check.reason, {
        applicationId: application.id,
        action: command.action,
        status: application.status,
      })

    // An enterprise suspended (or rejected) since it applied gets no recommendation and no voucher;
    // a rejection is still possible.
    if (check.decision === 'approved' && application.enterprise.status !== 'verified')
      throw new Refusal('enterprise-not-verified', {
        applicationId: application.id,
        enterpriseStatus: application.enterprise.status,
      })

    let voucher: { voucherId: string; serial: string } | null = null
    if (check.to === 'approved') {
      // Same lock order as applyForVoucher: programme row, then the group's cap.
      await tx.$queryRaw`SELECT id FROM programme WHERE id = ${application.programmeId}::uuid FOR UPDATE`
      const scope = {
        enterpriseId: application.enterpriseId,
        regionId: application.programme.regionId,
        year: application.programme.year,
      }
      await lockCap(tx, await capLockKey(tx, scope))
      const usage = await capUsage(tx, scope, application.id)
      if (!capAllowsIssue(application.programme.capFen, usage.issuedFen, application.amountFen)) {
        throw new Refusal('over-cap', {
          applicationId: application.id,
          capFen: application.programme.capFen,
          issuedFen: usage.issuedFen,
          amountFen: application.amountFen,
        })
      }
      const issued = await issueVoucher(tx, {
        programmeId: application.programmeId,
        enterpriseId: application.enterpriseId,
        amountFen: application.amountFen,
        applicationId: application.id,
        actorUserId: command.reviewerId,
        at: now,
      })
      voucher = { voucherId: issued.voucherId, serial: issued.serial }
    }

    const step =
      check.step === 'county'
        ? {
            countyReviewerId: command.reviewerId,
            countyReviewedAt: now,
            countyDecision: check.decision,
            countyReason: reason,
          }
        : { cityReviewerId: command.reviewerId, cityReviewedAt: now, cityDecision: check.decision, cityReason: reason }
    const updated = await tx.voucherApplication.updateMany({
      where: { id: application.id, status: check.from },
      data: { status: check.to, updatedAt: now, ...step },
    })
    if (updated.count !== 1) throw new Error(`application ${application.id} changed under its row lock`)

    await appendAudit(tx, {
      actorUserId: command.reviewerId,
      orgType: 'enterprise',
      orgId: application.enterpriseId,
      action: `application.${command.action}`,
      entityType: 'voucher_application',
      entityId: application.id,
      before: { status: check.from },
      after: {
        status: check.to,
        step: check.step,
        decision: check.decision,
        reason,
        voucherId: voucher?.voucherId ?? null,
        serial: voucher?.serial ?? null,
      },
      at: now,
    })
    return { applicationId: application.id, from: check.from, to: check.to, voucher }
  })
}
