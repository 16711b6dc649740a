import { describe, expect, it } from 'vitest'
import { ENTERPRISE_REVIEW } from '~/features/enterprises/review/review-flow'
import { INSTITUTION_REVIEW } from '~/features/institutions/admission'
import type { Membership } from '~/infra/permissions'
import { availableOrgActions, canSeeOrg, checkOrgAction, orgReachFor, type OfficerReach } from './review-flow'

// The shared machinery; each organisation's own table is tested beside it
// (institutions/admission.test.ts, enterprises/review/review-flow.test.ts).

const county: OfficerReach = { countyRegionIds: ['511702'], city: false, canSuspend: false }
const city: OfficerReach = { countyRegionIds: [], city: true, canSuspend: true }

describe('organisation review', () => {
  it('the two organisations differ only in the name of the city’s approval', () => {
    const target = { status: 'county_reviewed' as const, regionId: '511702', isPartnerRegion: false }
    expect(availableOrgActions(ENTERPRISE_REVIEW, target, city)).toEqual(['city_verify', 'city_reject'])
    expect(availableOrgActions(INSTITUTION_REVIEW, target, city)).toEqual(['city_admit', 'city_reject'])
    expect(checkOrgAction(ENTERPRISE_REVIEW, 'city_verify', target, city, null)).toEqual(
      checkOrgAction(INSTITUTION_REVIEW, 'city_admit', target, city, null),
    )
  })

  it('a county officer sees their county only; the city officer sees every region', () => {
    expect(canSeeOrg(county, '511702')).toBe(true)
    expect(canSeeOrg(county, '511722')).toBe(false)
    expect(canSeeOrg(city, '511722')).toBe(true)
    expect(canSeeOrg(city, '500101')).toBe(true)
  })

  it('the reach comes from the permissions of the organisation’s kind', () => {
    const m = (role: Membership['role'], regionId: string | null): Membership => ({
      role,
      regionId,
      enterpriseId: null,
      institutionId: null,
    })
    for (const org of [ENTERPRISE_REVIEW, INSTITUTION_REVIEW]) {
      expect(orgReachFor(org, [m('county_officer', '511702')])).toEqual(county)
      expect(orgReachFor(org, [m('city_officer', '511700')])).toEqual(city)
    }
  })
})
