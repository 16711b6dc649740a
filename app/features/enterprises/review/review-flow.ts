// Enterprise verification as a small state machine: who may do what, from which status. Pure: no
// DB, no clock. DOMAIN ("Enterprises and institutions"; issue 4 "Enterprises"): an enterprise
// registers in `pending`; the county officer of its region approves (county_reviewed) or rejects
// with a reason; the city officer verifies or rejects with a reason. Rejection is final. The city
// can suspend a verified enterprise (with a reason) and reinstate it.
//
// 万达开 partner regions (万州, 开州) have no Dazhou county officer: their first step goes straight
// to the city officer, who verifies or rejects from `pending`. The same shape as institution
// admission (features/institutions/admission.ts), with the enterprise permissions.
import type { OrgStatus, ReviewDecision, ReviewStep } from '~/features/institutions/admission'
import { grantsFor, hasPermission, type Membership } from '~/infra/permissions'

export type { OrgStatus, ReviewDecision, ReviewStep }

export const ENTERPRISE_ACTIONS = [
  'county_approve',
  'county_reject',
  'city_verify',
  'city_reject',
  'suspend',
  'reinstate',
] as const
export type EnterpriseAction = (typeof ENTERPRISE_ACTIONS)[number]

/** Which officer fires a transition: the county of the enterprise's region, or the city bureau. */
export type Actor = 'county' | 'city' | 'city_suspend'

type Transition = {
  /** From these statuses, for an enterprise in a Dazhou county or zone. */
  from: readonly OrgStatus[]
  /** From these statuses, for an enterprise in a 万达开 partner region (no county step). */
  partnerFrom: readonly OrgStatus[]
  to: OrgStatus
  actor: Actor
  step: ReviewStep
  decision: ReviewDecision
  reasonRequired: boolean
}

/** The whole flow in one table (read it top to bottom). */
export const ENTERPRISE_TRANSITIONS: Record<EnterpriseAction, Transition> = {
  county_approve: {
    from: ['pending'],
    partnerFrom: [],
    to: 'county_reviewed',
    actor: 'county',
    step: 'county',
    decision: 'approved',
    reasonRequired: false,
  },
  county_reject: {
    from: ['pending'],
    partnerFrom: [],
    to: 'rejected',
    actor: 'county',
    step: 'county',
    decision: 'rejected',
    reasonRequired: true,
  },
  city_verify: {
    from: ['county_reviewed'],
    partnerFrom: ['pending'],
    to: 'verified',
    actor: 'city',
    step: 'city',
    decision: 'approved',
    reasonRequired: false,
  },
  city_reject: {
    from: ['county_reviewed'],
    partnerFrom: ['pending'],
    to: 'rejected',
    actor: 'city',
    step: 'city',
    decision: 'rejected',
    reasonRequired: true,
  },
  suspend: {
    from: ['verified'],
    partnerFrom: ['verified'],
    to: 'suspended',
    actor: 'city_suspend',
    step: 'suspend',
    decision: 'suspended',
    reasonRequired: true,
  },
  reinstate: {
    from: ['suspended'],
    partnerFrom: ['suspended'],
    to: 'verified',
    actor: 'city_suspend',
    step: 'reinstate',
    decision: 'reinstated',
    reasonRequired: false,
  },
}

export const REASON_MAX = 500

/** What an officer's memberships let them do in enterprise review, derived from permissions.ts. */
export type ReviewerReach = {
  /** Regions where they act as the county reviewer (`review:enterprise:region`, region scope). */
  countyRegionIds: readonly string[]
  /** `review:enterprise:any`: the city bureau's second step. */
  city: boolean
  /** `suspend:enterprise:any`. */
  canSuspend: boolean
}

export function reviewerReachFor(memberships: readonly Membership[]): ReviewerReach {
  const grants = grantsFor(memberships, 'review:enterprise:region')
  return {
    countyRegionIds: grants
      .filter((g) => g.scope === 'region' && g.membership.regionId !== null)
      .map((g) => g.membership.regionId!),
    city: grants.some((g) => g.scope === 'any'),
    canSuspend: hasPermission(memberships, 'suspend:enterprise:any'),
  }
}

/** Whether the officer may see the enterprise at all (the queue and the detail page). */
export function canSeeEnterprise(reach: ReviewerReach, regionId: string): boolean {
  return reach.city || reach.canSuspend || reach.countyRegionIds.includes(regionId)
}

export type ReviewTarget = { status: OrgStatus; regionId: string; isPartnerRegion: boolean }

export type ReviewRefusal = 'not-allowed' | 'not-in-region' | 'wrong-status' | 'reason-required' | 'reason-too-long'

export type ReviewCheck =
  | { ok: true; from: OrgStatus; to: OrgStatus; step: ReviewStep; decision: ReviewDecision }
  | { ok: false; reason: ReviewRefusal }

/** The statuses an action starts from, for this enterprise. */
export function fromStatuses(action: EnterpriseAction, isPartnerRegion: boolean): readonly OrgStatus[] {
  const t = ENTERPRISE_TRANSITIONS[action]
  return isPartnerRegion ? t.partnerFrom : t.from
}

/**
 * May this officer fire `action` on this enterprise now, with this reason? Checked in order: the
 * role (city or county work), the region (a county officer acts in their own county only), the
 * status, the reason. `reason` undefined means "not asked yet" (listing the buttons to show).
 */
export function checkReview(
  action: EnterpriseAction,
  target: ReviewTarget,
  officer: ReviewerReach,
  reason?: string | null,
): ReviewCheck {
  const t = ENTERPRISE_TRANSITIONS[action]
  if (t.actor === 'county') {
    if (officer.countyRegionIds.length === 0) return { ok: false, reason: 'not-allowed' }
    if (!officer.countyRegionIds.includes(target.regionId)) return { ok: false, reason: 'not-in-region' }
  } else if (t.actor === 'city') {
    if (!officer.city) return { ok: false, reason: 'not-allowed' }
  } else if (!officer.canSuspend) {
    return { ok: false, reason: 'not-allowed' }
  }
  if (!fromStatuses(action, target.isPartnerRegion).includes(target.status))
    return { ok: false, reason: 'wrong-status' }
  if (reason !== undefined) {
    const trimmed = (reason ?? '').trim()
    if (t.reasonRequired && trimmed.length === 0) return { ok: false, reason: 'reason-required' }
    if ([...trimmed].length > REASON_MAX) return { ok: false, reason: 'reason-too-long' }
  }
  return { ok: true, from: target.status, to: t.to, step: t.step, decision: t.decision }
}

/** The actions to offer this officer now (the buttons on the detail page). */
export function availableActions(target: ReviewTarget, officer: ReviewerReach): EnterpriseAction[] {
  return ENTERPRISE_ACTIONS.filter((a) => checkReview(a, target, officer).ok)
}

/** Who acts next: nobody once the outcome is final (or the enterprise is verified/suspended). */
export function nextReviewer(target: Pick<ReviewTarget, 'status' | 'isPartnerRegion'>): 'county' | 'city' | null {
  if (target.status === 'pending') return target.isPartnerRegion ? 'city' : 'county'
  if (target.status === 'county_reviewed') return 'city'
  return null
}
