import { describe, expect, it } from 'vitest'
import type { Membership } from '~/infra/permissions'
import {
  availableOrgActions,
  checkOrgAction,
  nextReviewer,
  orgReachFor,
  type OfficerReach,
  type OrgStatus,
} from '~/features/org-review/review-flow'
import { ADMISSION_ACTIONS, INSTITUTION_REVIEW, type AdmissionAction } from './admission'

const TONGCHUAN = '511702'
const XUANHAN = '511722'
const WANZHOU = '500101'

const county: OfficerReach = { countyRegionIds: [TONGCHUAN], city: false, canSuspend: false }
const city: OfficerReach = { countyRegionIds: [], city: true, canSuspend: true }
const nobody: OfficerReach = { countyRegionIds: [], city: false, canSuspend: false }

const dazhou = (status: OrgStatus) => ({ status, regionId: TONGCHUAN, isPartnerRegion: false })
const partner = (status: OrgStatus) => ({ status, regionId: WANZHOU, isPartnerRegion: true })

describe('admission transitions: who may do what from which status', () => {
  // [action, officer, target, expected]: the table the detail page's buttons follow.
  const table: [AdmissionAction, string, OfficerReach, ReturnType<typeof dazhou>, string][] = [
    ['county_approve', 'county', county, dazhou('pending'), 'county_reviewed'],
    ['county_reject', 'county', county, dazhou('pending'), 'rejected'],
    ['county_approve', 'county', county, dazhou('county_reviewed'), 'wrong-status'],
    [
      'county_approve',
      'county of another region',
      county,
      { ...dazhou('pending'), regionId: XUANHAN },
      'not-in-region',
    ],
    ['county_approve', 'city', city, dazhou('pending'), 'not-allowed'],
    ['city_admit', 'city', city, dazhou('pending'), 'wrong-status'],
    ['city_admit', 'city', city, dazhou('county_reviewed'), 'verified'],
    ['city_reject', 'city', city, dazhou('county_reviewed'), 'rejected'],
    ['city_admit', 'county', county, dazhou('county_reviewed'), 'not-allowed'],
    ['city_admit', 'city', city, dazhou('rejected'), 'wrong-status'],
    ['city_admit', 'city', city, dazhou('verified'), 'wrong-status'],
    ['county_approve', 'county', county, dazhou('rejected'), 'wrong-status'],
    ['suspend', 'city', city, dazhou('verified'), 'suspended'],
    ['suspend', 'city', city, dazhou('county_reviewed'), 'wrong-status'],
    ['suspend', 'county', county, dazhou('verified'), 'not-allowed'],
    ['reinstate', 'city', city, dazhou('suspended'), 'verified'],
    ['reinstate', 'city', city, dazhou('verified'), 'wrong-status'],
    ['reinstate', 'city', city, dazhou('rejected'), 'wrong-status'],
    // 万达开 partners: no Dazhou county step; the city acts on `pending` directly.
    ['city_admit', 'city', city, partner('pending'), 'verified'],
    ['city_reject', 'city', city, partner('pending'), 'rejected'],
    [
      'county_approve',
      'county (partner)',
      { ...county, countyRegionIds: [WANZHOU] },
      partner('pending'),
      'wrong-status',
    ],
    ['city_admit', 'nobody', nobody, dazhou('county_reviewed'), 'not-allowed'],
  ]

  it.each(table)('%s by %s', (action, _who, officer, target, expected) => {
    const result = checkOrgAction(INSTITUTION_REVIEW, action, target, officer, 'a reason')
    expect(result.ok ? result.to : result.reason).toBe(expected)
  })

  it('requires a reason to reject or suspend, not to approve or reinstate', () => {
    expect(checkOrgAction(INSTITUTION_REVIEW, 'county_reject', dazhou('pending'), county, '  ')).toEqual({
      ok: false,
      reason: 'reason-required',
    })
    expect(checkOrgAction(INSTITUTION_REVIEW, 'city_reject', dazhou('county_reviewed'), city, null)).toMatchObject({
      reason: 'reason-required',
    })
    expect(checkOrgAction(INSTITUTION_REVIEW, 'suspend', dazhou('verified'), city, '')).toMatchObject({
      reason: 'reason-required',
    })
    expect(checkOrgAction(INSTITUTION_REVIEW, 'county_approve', dazhou('pending'), county, null)).toMatchObject({
      ok: true,
    })
    expect(checkOrgAction(INSTITUTION_REVIEW, 'reinstate', dazhou('suspended'), city, '')).toMatchObject({
      ok: true,
      decision: 'reinstated',
    })
    expect(
      checkOrgAction(INSTITUTION_REVIEW, 'city_reject', dazhou('county_reviewed'), city, '字'.repeat(501)),
    ).toMatchObject({
      reason: 'reason-too-long',
    })
  })

  it('rejection is final: nothing can be done to a rejected institution', () => {
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('rejected'), city)).toEqual([])
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('rejected'), county)).toEqual([])
    for (const action of ADMISSION_ACTIONS) {
      expect(
        checkOrgAction(INSTITUTION_REVIEW, action, dazhou('rejected'), { ...city, countyRegionIds: [TONGCHUAN] }).ok,
      ).toBe(false)
    }
  })

  it('offers only the buttons the officer may press now', () => {
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('pending'), county)).toEqual([
      'county_approve',
      'county_reject',
    ])
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('pending'), city)).toEqual([])
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('county_reviewed'), city)).toEqual([
      'city_admit',
      'city_reject',
    ])
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('county_reviewed'), county)).toEqual([])
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('verified'), city)).toEqual(['suspend'])
    expect(availableOrgActions(INSTITUTION_REVIEW, dazhou('suspended'), city)).toEqual(['reinstate'])
    expect(availableOrgActions(INSTITUTION_REVIEW, partner('pending'), city)).toEqual(['city_admit', 'city_reject'])
  })

  it('names who acts next', () => {
    expect(nextReviewer(dazhou('pending'))).toBe('county')
    expect(nextReviewer(partner('pending'))).toBe('city')
    expect(nextReviewer(dazhou('county_reviewed'))).toBe('city')
    expect(nextReviewer(dazhou('verified'))).toBeNull()
    expect(nextReviewer(dazhou('rejected'))).toBeNull()
  })
})

describe('orgReachFor (institutions)', () => {
  const m = (role: Membership['role'], regionId: string | null = null): Membership => ({
    role,
    regionId,
    enterpriseId: null,
    institutionId: null,
  })

  it('gives a county officer their county, and the city officer the city step and suspension', () => {
    expect(orgReachFor(INSTITUTION_REVIEW, [m('county_officer', TONGCHUAN)])).toEqual({
      countyRegionIds: [TONGCHUAN],
      city: false,
      canSuspend: false,
    })
    expect(orgReachFor(INSTITUTION_REVIEW, [m('city_officer', '511700')])).toEqual({
      countyRegionIds: [],
      city: true,
      canSuspend: true,
    })
  })

  it('gives staff, enterprises and the platform admin nothing', () => {
    for (const role of ['institution_staff', 'enterprise_member', 'platform_admin'] as const) {
      expect(orgReachFor(INSTITUTION_REVIEW, [m(role)])).toEqual(nobody)
    }
  })
})
