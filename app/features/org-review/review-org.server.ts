import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Db, type Tx } from '~/infra/db.server'
import { inTransaction, Refusal, type Outcome } from '~/infra/tx.server'
import { ORG_REVIEW_TARGET } from './queries.server'
import {
  canSeeOrg,
  checkOrgAction,
  type OfficerReach,
  type OrgReview,
  type OrgStatus,
  type ReviewDecision,
  type ReviewStep,
} from './review-flow'

export type OrgReviewCommand<A extends string> = {
  orgId: string
  action: A
  reason?: string | null
  reviewerId: string
  officer: OfficerReach
}

export type OrgReviewDone = {
  orgId: string
  from: OrgStatus
  to: OrgStatus
  step: ReviewStep
  decision: ReviewDecision
  reviewId: bigint
}

type ReviewRow = {
  step: ReviewStep
  decision: ReviewDecision
  fromStatus: OrgStatus
  toStatus: OrgStatus
  reason: string | null
  reviewerId: string
  at: Date
}

/** The organisation's table and its history table: what differs between the two in the database. */
type OrgTables = {
  find(
    tx: Tx,
    id: string,
  ): Promise<{ id: string; status: OrgStatus; regionId: string; region: { isPartner: boolean } } | null>
  /** `UPDATE … SET status = to WHERE id = … AND status = from`: the number of rows changed. */
  setStatus(tx: Tx, id: string, from: OrgStatus, to: OrgStatus): Promise<number>
  addReview(tx: Tx, orgId: string, row: ReviewRow): Promise<bigint>
}

const TABLES: Record<OrgReview['kind'], OrgTables> = {
  enterprise: {
    find: (tx, id) => tx.enterprise.findUnique({ where: { id }, select: ORG_REVIEW_TARGET }),
    setStatus: async (tx, id, from, to) =>
      (await tx.enterprise.updateMany({ where: { id, status: from }, data: { status: to } })).count,
    addReview: async (tx, enterpriseId, row) =>
      (await tx.enterpriseReview.create({ data: { enterpriseId, ...row }, select: { id: true } })).id,
  },
  institution: {
    find: (tx, id) => tx.institution.findUnique({ where: { id }, select: ORG_REVIEW_TARGET }),
    setStatus: async (tx, id, from, to) =>
      (await tx.institution.updateMany({ where: { id, status: from }, data: { status: to } })).count,
    addReview: async (tx, institutionId, row) =>
      (await tx.institutionReview.create({ data: { institutionId, ...row }, select: { id: true } })).id,
  },
}

/**
 * One review step on an enterprise or an institution (county approve/reject, city verify or
 * admit/reject, suspend, reinstate): the rules in review-flow.ts, then — in one transaction — a
 * conditional status update, the history row and the audit row. Refusals (as values): 'not-found'
 * (missing, or outside a county officer's region), the ReviewRefusal reasons, and 'status-changed'
 * when another officer acted first. Details name the organisation as `enterpriseId` or
 * `institutionId`.
 *
 * Two officers at once: both read the same status, both try `UPDATE … WHERE status = <expected>`;
 * the second waits on the row lock, re-reads the row once the first commits, matches nothing and is
 * refused — exactly one succeeds, without SERIALIZABLE retries.
 */
export async function reviewOrg<A extends string>(
  org: OrgReview<A>,
  command: OrgReviewCommand<A>,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<Outcome<OrgReviewDone>> {
  const tables = TABLES[org.kind]
  const idKey = `${org.kind}Id`
  return inTransaction(db, async (tx) => {
    const found = await tables.find(tx, command.orgId)
    if (!found || !canSeeOrg(command.officer, found.regionId)) {
      throw new Refusal('not-found', { [idKey]: command.orgId })
    }
    const reason = command.reason?.trim() || null
    const check = checkOrgAction(
      org,
      command.action,
      { status: found.status, regionId: found.regionId, isPartnerRegion: found.region.isPartner },
      command.officer,
      reason,
    )
    if (!check.ok) {
      throw new Refusal(check.reason, { [idKey]: found.id, action: command.action, status: found.status })
    }

    const updated = await tables.setStatus(tx, found.id, check.from, check.to)
    if (updated !== 1) {
      throw new Refusal('status-changed', { [idKey]: found.id, expected: check.from, action: command.action })
    }

    const reviewId = await tables.addReview(tx, found.id, {
      step: check.step,
      decision: check.decision,
      fromStatus: check.from,
      toStatus: check.to,
      reason,
      reviewerId: command.reviewerId,
      at: now,
    })
    // One chain per organisation (enterprise:<id> / institution:<id>), the same stream its
    // registration or application opened: the whole history reads in order from one chain, and two
    // counties' reviews never contend for one region-wide chain head.
    await appendAudit(tx, {
      actorUserId: command.reviewerId,
      orgType: org.kind,
      orgId: found.id,
      action: `${org.kind}.${command.action}`,
      entityType: org.kind,
      entityId: found.id,
      before: { status: check.from },
      after: { status: check.to, step: check.step, decision: check.decision, reason, reviewId },
      at: now,
    })
    return { orgId: found.id, from: check.from, to: check.to, step: check.step, decision: check.decision, reviewId }
  })
}
