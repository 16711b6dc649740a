import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Db } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import {
  canSeeInstitution,
  checkAdmission,
  type AdmissionAction,
  type OfficerReach,
  type OrgStatus,
  type ReviewDecision,
  type ReviewStep,
} from './admission'

export type ReviewCommand = {
  institutionId: string
  action: AdmissionAction
  reason?: string | null
  reviewerId: string
  officer: OfficerReach
}

export type ReviewDone = {
  institutionId: string
  from: OrgStatus
  to: OrgStatus
  step: ReviewStep
  decision: ReviewDecision
  reviewId: bigint
}

/**
 * One admission step (county approve/reject, city admit/reject, suspend, reinstate): the rules in
 * admission.ts, then — in one transaction — a conditional status update, the history row and the
 * audit row. Refusals (as values): 'not-found' (missing, or outside a county officer's region),
 * the AdmissionRefusal reasons, and 'status-changed' when another officer acted first.
 *
 * Two officers at once: both read the same status, both try `UPDATE … WHERE status = <expected>`;
 * the second waits on the row lock, re-reads the row once the first commits, matches nothing and is
 * refused — exactly one succeeds, without SERIALIZABLE retries.
 */
export async function reviewInstitution(
  command: ReviewCommand,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<Outcome<ReviewDone>> {
  return inTransaction(db, async (tx) => {
    const institution = await tx.institution.findUnique({
      where: { id: command.institutionId },
      select: { id: true, status: true, regionId: true, region: { select: { isPartner: true } } },
    })
    if (!institution || !canSeeInstitution(command.officer, institution.regionId)) {
      throw new Refusal('not-found', { institutionId: command.institutionId })
    }
    const reason = command.reason?.trim() || null
    const check = checkAdmission(
      command.action,
      { status: institution.status, regionId: institution.regionId, isPartnerRegion: institution.region.isPartner },
      command.officer,
      reason,
    )
    if (!check.ok) {
      throw new Refusal(check.reason, {
        institutionId: institution.id,
        action: command.action,
        status: institution.status,
      })
    }

    const updated = await tx.institution.updateMany({
      where: { id: institution.id, status: check.from },
      data: { status: check.to },
    })
    if (updated.count !== 1) {
      throw new Refusal('status-changed', {
        institutionId: institution.id,
        expected: check.from,
        action: command.action,
      })
    }

    const review = await tx.institutionReview.create({
      data: {
        institutionId: institution.id,
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
    // One chain per institution (institution:<id>), the same stream its application opened: the
    // whole admission history reads in order from one chain, and two counties' reviews never
    // contend for one region-wide chain head.
    await appendAudit(tx, {
      actorUserId: command.reviewerId,
      orgType: 'institution',
      orgId: institution.id,
      action: `institution.${command.action}`,
      entityType: 'institution',
      entityId: institution.id,
      before: { status: check.from },
      after: { status: check.to, step: check.step, decision: check.decision, reason, reviewId: review.id },
      at: now,
    })
    return {
      institutionId: institution.id,
      from: check.from,
      to: check.to,
      step: check.step,
      decision: check.decision,
      reviewId: review.id,
    }
  })
}
