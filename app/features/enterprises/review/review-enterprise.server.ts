import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Db } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import {
  canSeeEnterprise,
  checkReview,
  type EnterpriseAction,
  type OrgStatus,
  type ReviewDecision,
  type ReviewerReach,
  type ReviewStep,
} from './review-flow'

export type EnterpriseReviewCommand = {
  enterpriseId: string
  action: EnterpriseAction
  reason?: string | null
  reviewerId: string
  officer: ReviewerReach
}

export type EnterpriseReviewDone = {
  enterpriseId: string
  from: OrgStatus
  to: OrgStatus
  step: ReviewStep
  decision: ReviewDecision
  reviewId: bigint
}

/**
 * One enterprise review step (county approve/reject, city verify/reject, suspend, reinstate): the
 * rules in review-flow.ts, then — in one transaction — a conditional status update, the history
 * row and the audit row (stream enterprise:<id>, the chain its registration opened). Refusals (as
 * values): 'not-found' (missing, or outside a county officer's region), the ReviewRefusal reasons,
 * and 'status-changed' when another officer acted first.
 *
 * Two officers at once: both read the same status, both try `UPDATE … WHERE status = <expected>`;
 * the second waits on the row lock, re-reads the row once the first commits, matches nothing and is
 * refused — exactly one succeeds.
 */
export async function reviewEnterprise(
  command: EnterpriseReviewCommand,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<Outcome<EnterpriseReviewDone>> {
  return inTransaction(db, async (tx) => {
    const enterprise = await tx.enterprise.findUnique({
      where: { id: command.enterpriseId },
      select: { id: true, status: true, regionId: true, region: { select: { isPartner: true } } },
    })
    if (!enterprise || !canSeeEnterprise(command.officer, enterprise.regionId)) {
      throw new Refusal('not-found', { enterpriseId: command.enterpriseId })
    }
    const reason = command.reason?.trim() || null
    const check = checkReview(
      command.action,
      { status: enterprise.status, regionId: enterprise.regionId, isPartnerRegion: enterprise.region.isPartner },
      command.officer,
      reason,
    )
    if (!check.ok) {
      throw new Refusal(check.reason, {
        enterpriseId: enterprise.id,
        action: command.action,
        status: enterprise.status,
      })
    }

    const updated = await tx.enterprise.updateMany({
      where: { id: enterprise.id, status: check.from },
      data: { status: check.to },
    })
    if (updated.count !== 1) {
      throw new Refusal('status-changed', { enterpriseId: enterprise.id, expected: check.from, action: command.action })
    }

    const review = await tx.enterpriseReview.create({
      data: {
        enterpriseId: enterprise.id,
        step: check.step,
        decision: check.decision,
        fromStatus: check.from,
        toStatus: check.to,
        reason,
        reviewerId: command.reviewerId,
        at: now,
      },
      select: { id: true },
    })
    await appendAudit(tx, {
      actorUserId: command.reviewerId,
      orgType: 'enterprise',
      orgId: enterprise.id,
      action: `enterprise.${command.action}`,
      entityType: 'enterprise',
      entityId: enterprise.id,
      before: { status: check.from },
      after: { status: check.to, step: check.step, decision: check.decision, reason, reviewId: review.id },
      at: now,
    })
    return {
      enterpriseId: enterprise.id,
      from: check.from,
      to: check.to,
      step: check.step,
      decision: check.decision,
      reviewId: review.id,
    }
  })
}
