import { describe, expect, it } from 'vitest'
import type { Membership } from '~/infra/permissions'
import {
  ADMISSION_ACTIONS,
  availableActions,
  checkAdmission,
  nextReviewer,
  officerReachFor,
  type AdmissionAction,
  type OfficerReach,
  type OrgStatus,
} from './admission'

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
    const result = checkAdmission(action, target, officer, 'a reason')
    expect(result.ok ? result.to : result.reason).toBe(expected)
  })

  it('requires a reason to reject or suspend, not to approve or reinstate', () => {
    expect(checkAdmission('county_reject', dazhou('pending'), county, '  ')).toEqual({
      ok: false,
      reason: 'reason-required',
    })
    expect(checkAdmission('city_reject', dazhou('county_reviewed'), city, null)).toMatchObject({
      reason: 'reason-required',
    })
    expect(checkAdmission('suspend', dazhou('verified'), city, '')).toMatchObject({ reason: 'reason-required' })
    expect(checkAdmission('county_approve', dazhou('pending'), county, null)).toMatchObject({ ok: true })
    expect(checkAdmission('reinstate', dazhou('suspended'), city, '')).toMatchObject({
      ok: true,
      decision: 'reinstated',
    })
    expect(checkAdmission('city_reject', dazhou('county_reviewed'), city, '字'.repeat(501))).toMatchObject({
      reason: 'reason-too-long',
    })
  })

  it('rejection is final: nothing can be done to a rejected institution', () => {
    expect(availableActions(dazhou('rejected'), city)).toEqual([])
    expect(availableActions(dazhou('rejected'), county)).toEqual([])
    for (const action of ADMISSION_ACTIONS) {
      expect(checkAdmission(action, dazhou('rejected'), { ...city, countyRegionIds: [TONGCHUAN] }).ok).toBe(false)
    }
  })

  it('offers only the buttons the officer may press now', () => {
    expect(availableActions(dazhou('pending'), county)).toEqual(['county_approve', 'county_reject'])
    expect(availableActions(dazhou('pending'), city)).toEqual([])
    expect(availableActions(dazhou('county_reviewed'), city)).toEqual(['city_admit', 'city_reject'])
    expect(availableActions(dazhou('county_reviewed'), county)).toEqual([])
    expect(availableActions(dazhou('verified'), city)).toEqual(['suspend'])
    expect(availableActions(dazhou('suspended'), city)).toEqual(['reinstate'])
    expect(availableActions(partner('pending'), city)).toEqual(['city_admit', 'city_reject'])
  })

  it('names who acts next', () => {
    expect(nextReviewer(dazhou('pending'))).toBe('county')
    expect(nextReviewer(partner('pending'))).toBe('city')
    expect(nextReviewer(dazhou('county_reviewed'))).toBe('city')
    expect(nextReviewer(dazhou('verified'))).toBeNull()
    expect(nextReviewer(dazhou('rejected'))).toBeNull()
  })
})

describe('officerReachFor', () => {
  const m = (role: Membership['role'], regionId: string | null = null): Membership => ({
    role,
    regionId,
    enterpriseId: null,
    institutionId: null,
  })

  it('gives a county officer their county, and the city officer the city step and suspension', () => {
    expect(officerReachFor([m('county_officer', TONGCHUAN)])).toEqual({
      countyRegionIds: [TONGCHUAN],
      city: false,
      canSuspend: false,
    })
    expect(officerReachFor([m('city_officer', '511700')])).toEqual({
      countyRegionIds: [],
      city: true,
      canSuspend: true,
    })
  })

  it('gives staff, enterprises and the platform admin nothing', () => {
    for (const role of ['institution_staff', 'enterprise_member', 'platform_admin'] as const) {
      expect(officerReachFor([m(role)])).toEqual(nobody)
    }
  })
})
