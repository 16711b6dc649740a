import { describe, expect, it } from 'vitest'
import { canResolveDisputes, officerReach, reachesNothing } from './officer-reach'

const m = (role: 'city_officer' | 'county_officer' | 'institution_staff', regionId: string | null) => ({
  role,
  regionId,
  enterpriseId: null,
  institutionId: role === 'institution_staff' ? 'x' : null,
})

describe('officerReach', () => {
  it('collects the cities and counties of officer memberships only', () => {
    expect(
      officerReach([m('city_officer', '511700'), m('county_officer', '511723'), m('institution_staff', null)]),
    ).toEqual({
      cityIds: ['511700'],
      countyIds: ['511723'],
    })
    expect(officerReach([m('county_officer', '511723'), m('county_officer', '511723')])).toEqual({
      cityIds: [],
      countyIds: ['511723'],
    })
  })

  it('says when it covers nothing and who may resolve disputes', () => {
    expect(reachesNothing(officerReach([m('institution_staff', null)]))).toBe(true)
    expect(canResolveDisputes(officerReach([m('county_officer', '511723')]))).toBe(false)
    expect(canResolveDisputes(officerReach([m('city_officer', '511700')]))).toBe(true)
  })
})
