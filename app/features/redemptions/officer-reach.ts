// What a bureau officer's claims and disputes pages cover (issue 5). Pure: no DB.
//   city officer   — claims the city's bureau pays (issuing region = the city: 谁发券谁兑付) and any
//                    claim or booking at an institution in the city or its counties
//   county officer — claims and bookings of institutions in the county
// Several memberships add up. The queries put this into their WHERE clause.
import type { Membership } from '~/infra/permissions'

export type OfficerReach = { cityIds: string[]; countyIds: string[] }

export function officerReach(memberships: readonly Membership[]): OfficerReach {
  const ids = (role: Membership['role']) => [
    ...new Set(memberships.filter((m) => m.role === role && m.regionId).map((m) => m.regionId!)),
  ]
  return { cityIds: ids('city_officer'), countyIds: ids('county_officer') }
}

export function reachesNothing(reach: OfficerReach): boolean {
  return reach.cityIds.length === 0 && reach.countyIds.length === 0
}

/** Only city officers resolve disputes (the transition table's actor for 'resolve-dispute'). */
export function canResolveDisputes(reach: OfficerReach): boolean {
  return reach.cityIds.length > 0
}
