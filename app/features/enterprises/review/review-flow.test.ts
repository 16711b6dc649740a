import { describe, expect, it } from 'vitest'
import {
  availableActions,
  checkReview,
  ENTERPRISE_ACTIONS,
  ENTERPRISE_TRANSITIONS,
  nextReviewer,
  reviewerReachFor,
  type OrgStatus,
  type ReviewerReach,
} from './review-flow'

const county = (regionId = '511722'): ReviewerReach => ({ countyRegionIds: [regionId], city: false, canSuspend: false })
const city: ReviewerReach = { countyRegionIds: [], city: true, canSuspend: true }
const dazhou = (status: OrgStatus) => ({ status, regionId: '511722', isPartnerRegion: false })
const wanzhou = (status: OrgStatus) => ({ status, regionId: '500101', isPartnerRegion: true })

describe('enterprise review transitions', () => {
  it('reads top to bottom: pending → county_reviewed → verified ⇄ suspended; rejected from either review', () => {
    expect(
      Object.fromEntries(
        ENTERPRISE_ACTIONS.map((a) => [a, [ENTERPRISE_TRANSITIONS[a].from, ENTERPRISE_TRANSITIONS[a].to]]),
      ),
    ).toEqual({
      county_approve: [['pending'], 'county_reviewed'],
      county_reject: [['pending'], 'rejected'],
      city_verify: [['county_reviewed'], 'verified'],
      city_reject: [['county_reviewed'], 'rejected'],
      suspend: [['verified'], 'suspended'],
      reinstate: [['suspended'], 'verified'],
    })
  })

  it('nothing leaves rejected: the rejection is final', () => {
    for (const a of ENTERPRISE_ACTIONS) {
      expect(ENTERPRISE_TRANSITIONS[a].from).not.toContain('rejected')
      expect(ENTERPRISE_TRANSITIONS[a].partnerFrom).not.toContain('rejected')
    }
    expect(availableActions(dazhou('rejected'), city)).toEqual([])
    expect(availableActions(dazhou('rejected'), county())).toEqual([])
    expect(nextReviewer(dazhou('rejected'))).toBeNull()
  })

  it('the county officer of the region does the first step, and only there', () => {
    expect(availableActions(dazhou('pending'), county())).toEqual(['county_approve', 'county_reject'])
    expect(checkReview('county_approve', dazhou('pending'), county('511702'))).toEqual({
      ok: false,
      reason: 'not-in-region',
    })
    expect(checkReview('city_verify', dazhou('county_reviewed'), county())).toEqual({
      ok: false,
      reason: 'not-allowed',
    })
    expect(checkReview('suspend', dazhou('verified'), county())).toEqual({ ok: false, reason: 'not-allowed' })
  })

  it('the city cannot skip the county step in Dazhou, but decides partner-region enterprises directly', () => {
    expect(availableActions(dazhou('pending'), city)).toEqual([])
    expect(availableActions(dazhou('county_reviewed'), city)).toEqual(['city_verify', 'city_reject'])
    expect(availableActions(wanzhou('pending'), city)).toEqual(['city_verify', 'city_reject'])
    expect(nextReviewer(wanzhou('pending'))).toBe('city')
    expect(nextReviewer(dazhou('pending'))).toBe('county')
    expect(nextReviewer(dazhou('county_reviewed'))).toBe('city')
  })

  it('suspend needs a reason; reinstate does not', () => {
    expect(availableActions(dazhou('verified'), city)).toEqual(['suspend'])
    expect(availableActions(dazhou('suspended'), city)).toEqual(['reinstate'])
    expect(checkReview('suspend', dazhou('verified'), city, '  ')).toEqual({ ok: false, reason: 'reason-required' })
    expect(checkReview('suspend', dazhou('verified'), city, '违规使用创新券')).toMatchObject({
      ok: true,
      to: 'suspended',
      step: 'suspend',
      decision: 'suspended',
    })
    expect(checkReview('reinstate', dazhou('suspended'), city, null)).toMatchObject({ ok: true, to: 'verified' })
  })

  it('rejections need a reason of at most 500 characters', () => {
    expect(checkReview('county_reject', dazhou('pending'), county(), '')).toEqual({
      ok: false,
      reason: 'reason-required',
    })
    expect(checkReview('city_reject', dazhou('county_reviewed'), city, '材料'.repeat(251))).toEqual({
      ok: false,
      reason: 'reason-too-long',
    })
    expect(checkReview('county_approve', dazhou('pending'), county(), null)).toMatchObject({ ok: true })
  })

  it('reach comes from the enterprise permissions of the memberships', () => {
    const m = (role: 'county_officer' | 'city_officer' | 'enterprise_member', regionId: string | null) => ({
      role,
      regionId,
      enterpriseId: null,
      institutionId: null,
    })
    expect(reviewerReachFor([m('county_officer', '511722')])).toEqual({
      countyRegionIds: ['511722'],
      city: false,
      canSuspend: false,
    })
    expect(reviewerReachFor([m('city_officer', '511700')])).toMatchObject({ city: true, canSuspend: true })
    expect(reviewerReachFor([m('enterprise_member', null)])).toEqual({
      countyRegionIds: [],
      city: false,
      canSuspend: false,
    })
  })
})
