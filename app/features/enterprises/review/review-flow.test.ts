import { describe, expect, it } from 'vitest'
import {
  availableOrgActions,
  checkOrgAction,
  nextReviewer,
  orgReachFor,
  type OfficerReach,
  type OrgStatus,
} from '~/features/org-review/review-flow'
import { ENTERPRISE_ACTIONS, ENTERPRISE_REVIEW, ENTERPRISE_TRANSITIONS } from './review-flow'

const county = (regionId = '511722'): OfficerReach => ({ countyRegionIds: [regionId], city: false, canSuspend: false })
const city: OfficerReach = { countyRegionIds: [], city: true, canSuspend: true }
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
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('rejected'), city)).toEqual([])
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('rejected'), county())).toEqual([])
    expect(nextReviewer(dazhou('rejected'))).toBeNull()
  })

  it('the county officer of the region does the first step, and only there', () => {
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('pending'), county())).toEqual([
      'county_approve',
      'county_reject',
    ])
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'county_approve', dazhou('pending'), county('511702'))).toEqual({
      ok: false,
      reason: 'not-in-region',
    })
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'city_verify', dazhou('county_reviewed'), county())).toEqual({
      ok: false,
      reason: 'not-allowed',
    })
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'suspend', dazhou('verified'), county())).toEqual({
      ok: false,
      reason: 'not-allowed',
    })
  })

  it('the city cannot skip the county step in Dazhou, but decides partner-region enterprises directly', () => {
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('pending'), city)).toEqual([])
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('county_reviewed'), city)).toEqual([
      'city_verify',
      'city_reject',
    ])
    expect(availableOrgActions(ENTERPRISE_REVIEW, wanzhou('pending'), city)).toEqual(['city_verify', 'city_reject'])
    expect(nextReviewer(wanzhou('pending'))).toBe('city')
    expect(nextReviewer(dazhou('pending'))).toBe('county')
    expect(nextReviewer(dazhou('county_reviewed'))).toBe('city')
  })

  it('suspend needs a reason; reinstate does not', () => {
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('verified'), city)).toEqual(['suspend'])
    expect(availableOrgActions(ENTERPRISE_REVIEW, dazhou('suspended'), city)).toEqual(['reinstate'])
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'suspend', dazhou('verified'), city, '  ')).toEqual({
      ok: false,
      reason: 'reason-required',
    })
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'suspend', dazhou('verified'), city, '违规使用创新券')).toMatchObject({
      ok: true,
      to: 'suspended',
      step: 'suspend',
      decision: 'suspended',
    })
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'reinstate', dazhou('suspended'), city, null)).toMatchObject({
      ok: true,
      to: 'verified',
    })
  })

  it('rejections need a reason of at most 500 characters', () => {
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'county_reject', dazhou('pending'), county(), '')).toEqual({
      ok: false,
      reason: 'reason-required',
    })
    expect(
      checkOrgAction(ENTERPRISE_REVIEW, 'city_reject', dazhou('county_reviewed'), city, '材料'.repeat(251)),
    ).toEqual({
      ok: false,
      reason: 'reason-too-long',
    })
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'county_approve', dazhou('pending'), county(), null)).toMatchObject({
      ok: true,
    })
  })

  it('reach comes from the enterprise permissions of the memberships', () => {
    const m = (role: 'county_officer' | 'city_officer' | 'enterprise_member', regionId: string | null) => ({
      role,
      regionId,
      enterpriseId: null,
      institutionId: null,
    })
    expect(orgReachFor(ENTERPRISE_REVIEW, [m('county_officer', '511722')])).toEqual({
      countyRegionIds: ['511722'],
      city: false,
      canSuspend: false,
    })
    expect(orgReachFor(ENTERPRISE_REVIEW, [m('city_officer', '511700')])).toMatchObject({
      city: true,
      canSuspend: true,
    })
    expect(orgReachFor(ENTERPRISE_REVIEW, [m('enterprise_member', null)])).toEqual({
      countyRegionIds: [],
      city: false,
      canSuspend: false,
    })
  })
})
