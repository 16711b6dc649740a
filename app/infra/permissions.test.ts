import { describe, expect, it } from 'vitest'
import {
  canReach,
  grantsFor,
  hasPermission,
  homePathForMemberships,
  parsePermission,
  reachFor,
  ROLE_PERMISSIONS,
  ROLES,
  SCOPES,
  type Membership,
  type Permission,
  type Role,
} from './permissions'

const ENT = '00000000-0000-4000-8000-00000000000e'
const INST = '00000000-0000-4000-8000-00000000000a'

const m = {
  enterprise: { role: 'enterprise_member', enterpriseId: ENT, institutionId: null, regionId: null },
  institution: { role: 'institution_staff', enterpriseId: null, institutionId: INST, regionId: null },
  county: { role: 'county_officer', enterpriseId: null, institutionId: null, regionId: '511722' },
  city: { role: 'city_officer', enterpriseId: null, institutionId: null, regionId: '511700' },
  admin: { role: 'platform_admin', enterpriseId: null, institutionId: null, regionId: null },
} satisfies Record<string, Membership>

describe('the role → permission table', () => {
  it('gives every role a well-formed, duplicate-free list', () => {
    for (const role of ROLES) {
      const list = ROLE_PERMISSIONS[role]
      expect(list.length).toBeGreaterThan(0)
      expect(new Set(list).size).toBe(list.length)
      for (const p of list) {
        expect(p).toMatch(/^[a-z]+:[a-z-]+:(own|region|any)$/)
        expect(SCOPES).toContain(parsePermission(p).scope)
      }
    }
  })

  // The table, read as a matrix: which role may do what. A change here is a policy change.
  const matrix: [Permission, Role[]][] = [
    ['read:voucher:own', ['enterprise_member', 'county_officer', 'city_officer']],
    ['create:application:own', ['enterprise_member']],
    ['create:booking:own', ['enterprise_member']],
    ['approve:booking:own', ['institution_staff']],
    ['deliver:booking:own', ['institution_staff']],
    ['create:redemption:own', ['institution_staff']],
    ['review:application:region', ['county_officer', 'city_officer']],
    ['review:application:any', ['city_officer']],
    ['issue:voucher:any', ['city_officer']],
    ['audit:redemption:any', ['city_officer']],
    ['read:statistics:region', ['county_officer', 'city_officer']],
    ['read:statistics:any', ['city_officer']],
    ['manage:user:any', ['platform_admin']],
    ['read:queue:any', ['platform_admin']],
    [
      'read:instrument:any',
      ['enterprise_member', 'institution_staff', 'county_officer', 'city_officer', 'platform_admin'],
    ],
  ]
  it.each(matrix)('%s is granted to exactly %j', (permission, roles) => {
    const granted = ROLES.filter((role) =>
      hasPermission([{ role, enterpriseId: null, institutionId: null, regionId: null }], permission),
    )
    expect(granted.sort()).toEqual([...roles].sort())
  })

  it('never lets an enterprise or an institution act on the bureau’s side', () => {
    for (const role of ['enterprise_member', 'institution_staff'] as const) {
      for (const p of ROLE_PERMISSIONS[role]) {
        expect(['review', 'issue', 'revoke', 'audit', 'settle', 'manage']).not.toContain(parsePermission(p).action)
      }
    }
  })

  it('keeps the operator out of business decisions', () => {
    for (const p of ROLE_PERMISSIONS.platform_admin) {
      expect(['review', 'issue', 'approve', 'audit', 'settle']).not.toContain(parsePermission(p).action)
    }
  })
})

describe('hasPermission', () => {
  it('is false without memberships', () => {
    expect(hasPermission([], 'read:instrument:any')).toBe(false)
  })

  it('lets a broader scope answer a narrower request, never the reverse', () => {
    expect(hasPermission([m.city], 'read:booking:own')).toBe(true)
    expect(hasPermission([m.city], 'read:booking:region')).toBe(true)
    expect(hasPermission([m.county], 'read:booking:region')).toBe(true)
    expect(hasPermission([m.county], 'read:booking:any')).toBe(false)
    expect(hasPermission([m.enterprise], 'read:booking:region')).toBe(false)
  })

  it('combines several memberships', () => {
    expect(hasPermission([m.enterprise, m.admin], 'manage:user:any')).toBe(true)
    expect(hasPermission([m.enterprise, m.admin], 'create:booking:own')).toBe(true)
    expect(grantsFor([m.enterprise, m.admin], 'create:booking:own')).toEqual([
      { membership: m.enterprise, scope: 'own' },
    ])
  })
})

describe('reachFor and canReach', () => {
  it('scopes a county officer to their county', () => {
    expect(reachFor([m.county], 'read:statistics:region')).toEqual({ kind: 'region', regionIds: ['511722'] })
    expect(canReach([m.county], 'review:application:region', { regionId: '511722' })).toBe(true)
    expect(canReach([m.county], 'review:application:region', { regionId: '511702' })).toBe(false)
  })

  it('gives the city officer everything', () => {
    expect(reachFor([m.city], 'read:statistics:region')).toEqual({ kind: 'any' })
    expect(canReach([m.city], 'review:application:region', { regionId: '511702' })).toBe(true)
  })

  it('limits own scope to the member’s organisation', () => {
    expect(reachFor([m.enterprise], 'read:booking:own')).toEqual({
      kind: 'own',
      enterpriseIds: [ENT],
      institutionIds: [],
    })
    expect(reachFor([m.institution], 'read:booking:own')).toEqual({
      kind: 'own',
      enterpriseIds: [],
      institutionIds: [INST],
    })
    expect(canReach([m.enterprise], 'read:voucher:own', { enterpriseId: ENT })).toBe(true)
    expect(canReach([m.enterprise], 'read:voucher:own', { enterpriseId: INST })).toBe(false)
    expect(reachFor([m.enterprise], 'read:statistics:region')).toEqual({ kind: 'none' })
  })
})

describe('homePathForMemberships', () => {
  it('sends each role to its workspace', () => {
    expect(homePathForMemberships([m.enterprise])).toBe('/enterprise')
    expect(homePathForMemberships([m.institution])).toBe('/institution')
    expect(homePathForMemberships([m.county])).toBe('/bureau')
    expect(homePathForMemberships([m.city])).toBe('/bureau')
    expect(homePathForMemberships([m.admin])).toBe('/admin')
    expect(homePathForMemberships([])).toBe('/')
  })

  it('prefers the working role over the operator console', () => {
    expect(homePathForMemberships([m.admin, m.institution])).toBe('/institution')
  })
})
