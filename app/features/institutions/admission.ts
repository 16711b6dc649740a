// Institution admission (入库) as a small state machine: who may do what, from which status.
// Pure: no DB, no clock. DOMAIN ("Enterprises and institutions"): institutions are admitted after
// review — a county officer reviews first, a city officer admits or rejects with a reason, and a
// city officer can suspend an admitted institution and reinstate it. Rejection is final.
//
// 万达开 partner regions (万州, 开州) have no Dazhou county officer: their first step goes straight
// to the city officer, who admits or rejects from `pending`.
import { grantsFor, hasPermission, type Membership } from '~/infra/permissions'

export type OrgStatus = 'pending' | 'county_reviewed' | 'verified' | 'rejected' | 'suspended'

export const ADMISSION_ACTIONS = [
  'county_approve',
  'county_reject',
  'city_admit',
  'city_reject',
  'suspend',
  'reinstate',
] as const
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number]

export type ReviewStep = 'county' | 'city' | 'suspend' | 'reinstate'
export type ReviewDecision = 'approved' | 'rejected' | 'suspended' | 'reinstated'

/** Which officer fires a transition: the county of the institution's region, or the city bureau. */
export type Actor = 'county' | 'city' | 'city_suspend'

/**
 * One row of a review table; enterprise review (features/enterprises/review) and voucher
 * applications (features/applications, with their own statuses `S`) share this shape.
 */
export type Transition<S extends string = OrgStatus> = {
  /** From these statuses, for an institution in a Dazhou county or zone. */
  from: readonly S[]
  /** From these statuses, for an institution in a 万达开 partner region (no county step). */
  partnerFrom: readonly S[]
  to: S
  actor: Actor
  step: ReviewStep
  decision: ReviewDecision
  reasonRequired: boolean
}

/** The whole flow in one table (read it top to bottom). */
export const ADMISSION_TRANSITIONS: Record<AdmissionAction, Transition> = {
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
  city_admit: {
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

/** What an officer's memberships let them do in admission, derived from permissions.ts. */
export type OfficerReach = {
  /** Regions where they act as the county reviewer (`review:institution:region`, region scope). */
  countyRegionIds: readonly string[]
  /** `review:institution:any`: the city bureau's second step. */
  city: boolean
  /** `suspend:institution:any`. */
  canSuspend: boolean
}

export function officerReachFor(memberships: readonly Membership[]): OfficerReach {
  return reviewReachFor(memberships, 'institution')
}

/** The same reach for either reviewed organisation, from its `review:` and `suspend:` permissions. */
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

/** Whether the officer may see the institution at all (the queue and the detail page). */
export function canSeeInstitution(reach: OfficerReach, regionId: string): boolean {
  return reach.city || reach.canSuspend || reach.countyRegionIds.includes(regionId)
}

export type AdmissionTarget<S extends string = OrgStatus> = { status: S; regionId: string; isPartnerRegion: boolean }

export type AdmissionRefusal = 'not-allowed' | 'not-in-region' | 'wrong-status' | 'reason-required' | 'reason-too-long'

export type AdmissionCheck<S extends string = OrgStatus> =
  { ok: true; from: S; to: S; step: ReviewStep; decision: ReviewDecision } | { ok: false; reason: AdmissionRefusal }

/** The statuses an action starts from, for this institution. */
export function fromStatuses(action: AdmissionAction, isPartnerRegion: boolean): readonly OrgStatus[] {
  const t = ADMISSION_TRANSITIONS[action]
  return isPartnerRegion ? t.partnerFrom : t.from
}

/**
 * May this officer fire `action` on this institution now, with this reason? Checked in order: the
 * role (city or county work), the region (a county officer acts in their own county only), the
 * status, the reason. `reason` undefined means "not asked yet" (listing the buttons to show).
 */
export function checkAdmission(
  action: AdmissionAction,
  target: AdmissionTarget,
  officer: OfficerReach,
  reason?: string | null,
): AdmissionCheck {
  return checkTransition(ADMISSION_TRANSITIONS[action], target, officer, reason)
}

/** checkAdmission for any row of a review table (institution admission or enterprise review). */
export function checkTransition<S extends string>(
  t: Transition<S>,
  target: AdmissionTarget<S>,
  officer: OfficerReach,
  reason?: string | null,
): AdmissionCheck<S> {
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

/** The actions to offer this officer now (the buttons on the detail page). */
export function availableActions(target: AdmissionTarget, officer: OfficerReach): AdmissionAction[] {
  return ADMISSION_ACTIONS.filter((a) => checkAdmission(a, target, officer).ok)
}

/** Who acts next, for the queue and the applicant's page: nobody once the outcome is final. */
export function nextReviewer(target: Pick<AdmissionTarget, 'status' | 'isPartnerRegion'>): 'county' | 'city' | null {
  if (target.status === 'pending') return target.isPartnerRegion ? 'city' : 'county'
  if (target.status === 'county_reviewed') return 'city'
  return null
}
