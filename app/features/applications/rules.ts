// Voucher applications (创新券申请): the checks at submission and the two review steps. Pure: no DB,
// no clock — callers pass `now` and the figures they read under their locks.
//
// DOMAIN "Vouchers": a verified enterprise applies (amount, purpose) → the county officer reviews →
// the city officer reviews → the voucher is issued. Every step keeps reviewer, time and reason;
// rejection is final for that application. The per-enterprise annual cap applies per controller
// group where one is declared. The checks at submission: within the window, within the cap
// (counting vouchers already issued this year to the enterprise or its group, and applications
// still under review — otherwise two applications submitted together could each pass and then
// both be approved), within the programme's remaining budget.
import { checkTransition, type OfficerReach, type Transition } from '~/features/org-review/review-flow'

export type ApplicationStatus = 'submitted' | 'county_approved' | 'approved' | 'rejected'

export const PURPOSE_MAX = 500
export const PLANNED_USE_MAX = 1000
// The same limit as every other review reason (org-review/review-flow.ts).
export { REASON_MAX } from '~/features/org-review/review-flow'

// ---------------------------------------------------------------------------------------------
// Submission

export type CapUsage = {
  /** The programme's per-enterprise (per controller group) annual cap. */
  capFen: bigint
  /** Face value of vouchers issued this year by the same bureau to the enterprise or its group. */
  issuedFen: bigint
  /** Amounts of the group's applications still under review this year. */
  pendingFen: bigint
}

/** What is left under the cap; never negative (a cap lowered after issue leaves zero, not a debt). */
export function capRoom({ capFen, issuedFen, pendingFen }: CapUsage): bigint {
  const room = capFen - issuedFen - pendingFen
  return room > 0n ? room : 0n
}

/** The budget an application may still ask for: unissued money minus what is under review. */
export function budgetRoom(budgetAvailableFen: bigint, pendingInProgrammeFen: bigint): bigint {
  const room = budgetAvailableFen - pendingInProgrammeFen
  return room > 0n ? room : 0n
}

export type ApplyFacts = {
  now: Date
  amountFen: bigint
  enterprise: { status: string; eligible: boolean; inProgrammeRegion: boolean }
  programme: { applyFrom: Date; applyTo: Date; funded: boolean }
  cap: CapUsage
  budgetAvailableFen: bigint
  pendingInProgrammeFen: bigint
}

export type ApplyRefusal =
  | 'invalid-amount'
  | 'enterprise-not-verified'
  | 'enterprise-not-eligible'
  | 'region-not-covered'
  | 'window-not-open'
  | 'window-closed'
  | 'programme-not-funded'
  | 'over-cap'
  | 'over-budget'

export type ApplyCheck =
  { ok: true } | { ok: false; reason: ApplyRefusal; details?: { roomFen?: bigint; opensAt?: Date; closedAt?: Date } }

/** Checked in the order a person would want to hear it: who you are, when, then how much. */
export function checkApplication(f: ApplyFacts): ApplyCheck {
  if (f.amountFen <= 0n) return { ok: false, reason: 'invalid-amount' }
  if (f.enterprise.status !== 'verified') return { ok: false, reason: 'enterprise-not-verified' }
  // DOMAIN: eligible = verified AND a 科技型中小企业 number or another listed status.
  if (!f.enterprise.eligible) return { ok: false, reason: 'enterprise-not-eligible' }
  if (!f.enterprise.inProgrammeRegion) return { ok: false, reason: 'region-not-covered' }
  if (f.now.getTime() < f.programme.applyFrom.getTime())
    return { ok: false, reason: 'window-not-open', details: { opensAt: f.programme.applyFrom } }
  if (f.now.getTime() > f.programme.applyTo.getTime())
    return { ok: false, reason: 'window-closed', details: { closedAt: f.programme.applyTo } }
  if (!f.programme.funded) return { ok: false, reason: 'programme-not-funded' }
  const cap = capRoom(f.cap)
  if (f.amountFen > cap) return { ok: false, reason: 'over-cap', details: { roomFen: cap } }
  const budget = budgetRoom(f.budgetAvailableFen, f.pendingInProgrammeFen)
  if (f.amountFen > budget) return { ok: false, reason: 'over-budget', details: { roomFen: budget } }
  return { ok: true }
}

/** At city approval the cap is checked again against what has been issued by then. */
export function capAllowsIssue(capFen: bigint, issuedFen: bigint, amountFen: bigint): boolean {
  return issuedFen + amountFen <= capFen
}

// ---------------------------------------------------------------------------------------------
// Review: the same table shape as institution admission and enterprise review (one checkTransition).
// `isPartnerRegion` there means "no county step": here, an enterprise registered directly under the
// city (not in a county or the high-tech zone) goes straight to the city officer.

export const APPLICATION_ACTIONS = ['county_approve', 'county_reject', 'city_approve', 'city_reject'] as const
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number]

export const APPLICATION_TRANSITIONS: Record<ApplicationAction, Transition<ApplicationStatus>> = {
  county_approve: {
    from: ['submitted'],
    partnerFrom: [],
    to: 'county_approved',
    actor: 'county',
    step: 'county',
    decision: 'approved',
    reasonRequired: false,
  },
  county_reject: {
    from: ['submitted'],
    partnerFrom: [],
    to: 'rejected',
    actor: 'county',
    step: 'county',
    decision: 'rejected',
    reasonRequired: true,
  },
  // Effect: the voucher is issued in the same transaction (review-application.server.ts).
  city_approve: {
    from: ['county_approved'],
    partnerFrom: ['submitted'],
    to: 'approved',
    actor: 'city',
    step: 'city',
    decision: 'approved',
    reasonRequired: false,
  },
  city_reject: {
    from: ['county_approved'],
    partnerFrom: ['submitted'],
    to: 'rejected',
    actor: 'city',
    step: 'city',
    decision: 'rejected',
    reasonRequired: true,
  },
}

export type ApplicationTarget = { status: ApplicationStatus; regionId: string; countyStep: boolean }

export type ApplicationReviewCheck =
  | {
      ok: true
      from: ApplicationStatus
      to: ApplicationStatus
      step: 'county' | 'city'
      decision: 'approved' | 'rejected'
    }
  | { ok: false; reason: 'not-allowed' | 'not-in-region' | 'wrong-status' | 'reason-required' | 'reason-too-long' }

/** Does the enterprise's region have a county officer (a Dazhou county or the high-tech zone)? */
export function hasCountyStep(region: { level: string; isPartner: boolean }): boolean {
  return region.level === 'county' && !region.isPartner
}

export function checkApplicationReview(
  action: ApplicationAction,
  target: ApplicationTarget,
  officer: OfficerReach,
  reason?: string | null,
): ApplicationReviewCheck {
  const check = checkTransition(
    APPLICATION_TRANSITIONS[action],
    { status: target.status, regionId: target.regionId, isPartnerRegion: !target.countyStep },
    officer,
    reason,
  )
  if (!check.ok) return check
  return {
    ok: true,
    from: check.from,
    to: check.to,
    step: check.step as 'county' | 'city',
    decision: check.decision as 'approved' | 'rejected',
  }
}

export function availableApplicationActions(target: ApplicationTarget, officer: OfficerReach): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((a) => checkApplicationReview(a, target, officer).ok)
}

/** Who acts next (the queue, the applicant's page); null once decided. */
export function nextApplicationReviewer(
  target: Pick<ApplicationTarget, 'status' | 'countyStep'>,
): 'county' | 'city' | null {
  if (target.status === 'submitted') return target.countyStep ? 'county' : 'city'
  if (target.status === 'county_approved') return 'city'
  return null
}

/** May this officer see the application (queue, detail)? County officers: their county only. */
export function canSeeApplication(officer: OfficerReach, regionId: string): boolean {
  return officer.city || officer.countyRegionIds.includes(regionId)
}
