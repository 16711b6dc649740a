// Enterprise verification (企业认定): the organisation review (features/org-review/review-flow.ts)
// with the enterprise permissions and the city's approval named "verify". DOMAIN ("Enterprises and
// institutions"; issue 4 "Enterprises"): an enterprise registers in `pending`; the county officer
// of its region approves (county_reviewed) or rejects with a reason; the city officer verifies or
// rejects with a reason. Rejection is final. The city can suspend a verified enterprise (with a
// reason) and reinstate it. Pure: no DB, no clock.
import { ADMISSION_TRANSITIONS } from '~/features/institutions/admission'
import type { OrgReview, Transition } from '~/features/org-review/review-flow'

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

/**
 * Enterprise review for the shared rules, use case and pages (features/org-review): permissions
 * `review:enterprise:region|any` and `suspend:enterprise:any`, audit stream enterprise:<id>.
 */
export const ENTERPRISE_REVIEW: OrgReview<EnterpriseAction> = {
  kind: 'enterprise',
  ns: 'enterprises',
  path: '/bureau/enterprises',
  opened: 'registered',
  actions: ENTERPRISE_ACTIONS,
  transitions: ENTERPRISE_TRANSITIONS,
}
