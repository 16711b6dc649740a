// Institution admission (入库): the organisation review (features/org-review/review-flow.ts) with
// the city's approval named "admit". DOMAIN ("Enterprises and institutions"): institutions are
// admitted after review — a county officer reviews first, a city officer admits or rejects with a
// reason, and a city officer can suspend an admitted institution and reinstate it. Rejection is
// final. Pure: no DB, no clock.
import type { OrgReview, Transition } from '~/features/org-review/review-flow'

export const ADMISSION_ACTIONS = [
  'county_approve',
  'county_reject',
  'city_admit',
  'city_reject',
  'suspend',
  'reinstate',
] as const
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number]

/** The whole flow in one table (read it top to bottom); enterprise review reuses its rows. */
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

/**
 * Institution admission for the shared rules, use case and pages (features/org-review): permissions
 * `review:institution:region|any` and `suspend:institution:any`, audit stream institution:<id>.
 */
export const INSTITUTION_REVIEW: OrgReview<AdmissionAction> = {
  kind: 'institution',
  ns: 'institutions',
  path: '/bureau/institutions',
  opened: 'applied',
  actions: ADMISSION_ACTIONS,
  transitions: ADMISSION_TRANSITIONS,
}
