// Organisation review — enterprise verification (企业认定) and institution admission (入库) — as one
// small state machine: who may do what, from which status. Pure: no DB, no clock. DOMAIN
// ("Enterprises and institutions"): an organisation registers in `pending`; the county officer of
// its region approves (county_reviewed) or rejects with a reason; the city officer approves
// (enterprises: verify; institutions: admit) or rejects with a reason. Rejection is final. The city
// can suspend a verified organisation (with a reason) and reinstate it.
//
// 万达开 partner regions (万州, 开州) have no Dazhou county officer: their first step goes straight
// to the city officer, who decides from `pending`.
//
// Each organisation's table and action names: features/institutions/admission.ts and
// features/enterprises/review/review-flow.ts (an OrgReview each). Voucher applications
// (features/applications/rules.ts) use the same Transition shape and checkTransition with their
// own statuses.
import { grantsFor, hasPermission, type Membership } from '~/infra/permissions'

export type OrgStatus = 'pending' | 'county_reviewed' | 'verified' | 'rejected' | 'suspended'

export type ReviewStep = 'county' | 'city' | 'suspend' | 'reinstate'
export type ReviewDecision = 'approved' | 'rejected' | 'suspended' | 'reinstated'

/** Which officer fires a transition: the county of the organisation's region, or the city bureau. */
export type Actor = 'county' | 'city' | 'city_suspend'

/** One row of a review table; voucher applications (features/applications) use it with their own statuses `S`. */
export type Transition<S extends string = OrgStatus> = {
  /** From these statuses, for an organisation in a Dazhou county or zone. */
  from: readonly S[]
  /** From these statuses, for an organisation in a 万达开 partner region (no county step). */
  partnerFrom: readonly S[]
  to: S
  actor: Actor
  step: ReviewStep
  decision: ReviewDecision
  reasonRequired: boolean
}

export const REASON_MAX = 500

/** What an officer's memberships let them do in one kind of review, derived from permissions.ts. */
export type OfficerReach = {
  /** Regions where they act as the county reviewer (`review:<entity>:region`, region scope). */
  countyRegionIds: readonly string[]
  /** `review:<entity>:any`: the city bureau's second step. */
  city: boolean
  /** `suspend:<entity>:any`. */
  canSuspend: boolean
}

/** The reach for any reviewed thing, from its `review:` and `suspend:` permissions. */
export function reviewReachFor(
  memberships: readonly Membership[],
  entity: 'institution' | 'enterprise' | 'application',
): OfficerReach {
  const grants = grantsFor(memberships, `review:${entity}:region`)
  return {
    countyRegionIds: grants
      .filter((g) => g.scope === 'region' && g.membership.regionId !== null)
      .map((g) => g.membership.regionId!),
    city: grants.some((g) => g.scope === 'any'),
    canSuspend: hasPermission(memberships, `suspend:${entity}:any`),
  }
}

/** Whether the officer may see the organisation at all (the queue and the detail page). */
export function canSeeOrg(reach: OfficerReach, regionId: string): boolean {
  return reach.city || reach.canSuspend || reach.countyRegionIds.includes(regionId)
}

export type ReviewTarget<S extends string = OrgStatus> = { status: S; regionId: string; isPartnerRegion: boolean }

export type ReviewRefusal = 'not-allowed' | 'not-in-region' | 'wrong-status' | 'reason-required' | 'reason-too-long'

export type ReviewCheck<S extends string = OrgStatus> =
  { ok: true; from: S; to: S; step: ReviewStep; decision: ReviewDecision } | { ok: false; reason: ReviewRefusal }

/**
 * May this officer fire transition `t` on this target now, with this reason? Checked in order: the
 * role (city or county work), the region (a county officer acts in their own county only), the
 * status, the reason. `reason` undefined means "not asked yet" (listing the buttons to show).
 */
export function checkTransition<S extends string>(
  t: Transition<S>,
  target: ReviewTarget<S>,
  officer: OfficerReach,
  reason?: string | null,
): ReviewCheck<S> {
  if (t.actor === 'county') {
    if (officer.countyRegionIds.length === 0) return { ok: false, reason: 'not-allowed' }
    if (!officer.countyRegionIds.includes(target.regionId)) return { ok: false, reason: 'not-in-region' }
  } else if (t.actor === 'city') {
    if (!officer.city) return { ok: false, reason: 'not-allowed' }
  } else if (!officer.canSuspend) {
    return { ok: false, reason: 'not-allowed' }
  }
  if (!(target.isPartnerRegion ? t.partnerFrom : t.from).includes(target.status))
    return { ok: false, reason: 'wrong-status' }
  if (reason !== undefined) {
    const trimmed = (reason ?? '').trim()
    if (t.reasonRequired && trimmed.length === 0) return { ok: false, reason: 'reason-required' }
    if ([...trimmed].length > REASON_MAX) return { ok: false, reason: 'reason-too-long' }
  }
  return { ok: true, from: target.status, to: t.to, step: t.step, decision: t.decision }
}

/** Who acts next, for the queue and the applicant's page: nobody once the outcome is final. */
export function nextReviewer(target: Pick<ReviewTarget, 'status' | 'isPartnerRegion'>): 'county' | 'city' | null {
  if (target.status === 'pending') return target.isPartnerRegion ? 'city' : 'county'
  if (target.status === 'county_reviewed') return 'city'
  return null
}

/**
 * What differs between the two reviewed organisations, for the shared use case
 * (review-org.server.ts), reads (queries.server.ts) and pages: the permission entity and audit
 * stream, the texts namespace, the bureau's path, the action names and the first history step.
 */
export type OrgReview<A extends string = string> = {
  kind: 'enterprise' | 'institution'
  /** i18n namespace of the pages and of the error keys the action returns. */
  ns: 'enterprises' | 'institutions'
  /** The bureau's queue; the detail page is `${path}/<id>`. */
  path: '/bureau/enterprises' | '/bureau/institutions'
  /** The step that opened the organisation's audit chain, the first row of its history. */
  opened: 'registered' | 'applied'
  actions: readonly [A, ...A[]]
  transitions: Record<A, Transition>
}

/** What this officer may do in this kind of review (`review:<kind>:region|any`, `suspend:<kind>:any`). */
export function orgReachFor(org: OrgReview, memberships: readonly Membership[]): OfficerReach {
  return reviewReachFor(memberships, org.kind)
}

/** May this officer fire `action` on this organisation now, with this reason? (see checkTransition) */
export function checkOrgAction<A extends string>(
  org: OrgReview<A>,
  action: A,
  target: ReviewTarget,
  officer: OfficerReach,
  reason?: string | null,
): ReviewCheck {
  return checkTransition(org.transitions[action], target, officer, reason)
}

/** The actions to offer this officer now (the buttons on the detail page). */
export function availableOrgActions<A extends string>(
  org: OrgReview<A>,
  target: ReviewTarget,
  officer: OfficerReach,
): A[] {
  return org.actions.filter((a) => checkOrgAction(org, a, target, officer).ok)
}
