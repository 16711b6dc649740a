// Enterprise verification as a small state machine: who may do what, from which status. Pure: no
// DB, no clock. DOMAIN ("Enterprises and institutions"; issue 4 "Enterprises"): an enterprise
// registers in `pending`; the county officer of its region approves (county_reviewed) or rejects
// with a reason; the city officer verifies or rejects with a reason. Rejection is final. The city
// can suspend a verified enterprise (with a reason) and reinstate it.
//
// 万达开 partner regions (万州, 开州) have no Dazhou county officer: their first step goes straight
// to the city officer, who verifies or rejects from `pending`. The same shape as institution
// admission (features/institutions/admission.ts), with the enterprise permissions.
import {
  ADMISSION_TRANSITIONS,
  checkTransition,
  nextReviewer as nextOrgReviewer,
  REASON_MAX,
  reviewReachFor,
  type AdmissionCheck,
  type AdmissionRefusal,
  type AdmissionTarget,
  type OfficerReach,
  type OrgStatus,
  type ReviewDecision,
  type ReviewStep,
  type Transition,
} from '~/features/institutions/admission'
import type { Membership } from '~/infra/permissions'

export type { OrgStatus, ReviewDecision, ReviewStep }
export { REASON_MAX }

export const ENTERPRISE_ACTIONS = [
  'county_approve',
  'county_reject',
  'city_verify',
  'city_reject',
  'suspend',
  'reinstate',
] as const
export type EnterpriseAction = (typeof ENTERPRISE_ACTIONS)[number]

/** The whole flow: institution admission's table, with the city's approval named "verify". */
export const ENTERPRISE_TRANSITIONS: Record<EnterpriseAction, Transition> = {
  county_approve: ADMISSION_TRANSITIONS.county_approve,
  county_reject: ADMISSION_TRANSITIONS.county_reject,
  city_verify: ADMISSION_TRANSITIONS.city_admit,
  city_reject: ADMISSION_TRANSITIONS.city_reject,
  suspend: ADMISSION_TRANSITIONS.suspend,
  reinstate: ADMISSION_TRANSITIONS.reinstate,
}

/** What an officer may do in enterprise review (`review:enterprise:region|any`, `suspend:enterprise:any`). */
export type ReviewerReach = OfficerReach

export function reviewerReachFor(memberships: readonly Membership[]): ReviewerReach {
  return reviewReachFor(memberships, 'enterprise')
}

/** Whether the officer may see the enterprise at all (the queue and the detail page). */
export function canSeeEnterprise(reach: ReviewerReach, regionId: string): boolean {
  return reach.city || reach.canSuspend || reach.countyRegionIds.includes(regionId)
}

export type ReviewTarget = AdmissionTarget
export type ReviewRefusal = AdmissionRefusal
export type ReviewCheck = AdmissionCheck

/** The statuses an action starts from, for this enterprise. */
export function fromStatuses(action: EnterpriseAction, isPartnerRegion: boolean): readonly OrgStatus[] {
  const t = ENTERPRISE_TRANSITIONS[action]
  return isPartnerRegion ? t.partnerFrom : t.from
}

/** May this officer fire `action` on this enterprise now, with this reason? (see checkTransition) */
export function checkReview(
  action: EnterpriseAction,
  target: ReviewTarget,
  officer: ReviewerReach,
  reason?: string | null,
): ReviewCheck {
  return checkTransition(ENTERPRISE_TRANSITIONS[action], target, officer, reason)
}

/** The actions to offer this officer now (the buttons on the detail page). */
export function availableActions(target: ReviewTarget, officer: ReviewerReach): EnterpriseAction[] {
  return ENTERPRISE_ACTIONS.filter((a) => checkReview(a, target, officer).ok)
}

/** Who acts next: the county, then the city (partner regions: the city), nobody once final. */
export const nextReviewer = nextOrgReviewer
