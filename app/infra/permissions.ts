// Permissions as `action:entity:scope` strings (Epic Stack's shape), granted per role. Pure: no DB,
// no env, safe to import in components (e.g. to hide a link the user could not follow anyway).
//
// Scopes (DOMAIN.md "Who uses it"):
//   own    — the organisation the membership names (an enterprise or an institution)
//   region — the region the membership names: a county officer's county, a city officer's city
//            and its counties
//   any    — everything on the platform
// A broader grant satisfies a narrower request: `read:booking:any` answers `read:booking:own`.

export const ROLES = [
  'enterprise_member',
  'institution_staff',
  'county_officer',
  'city_officer',
  'platform_admin',
] as const
export type Role = (typeof ROLES)[number]

export const SCOPES = ['own', 'region', 'any'] as const
export type Scope = (typeof SCOPES)[number]

export type Action =
  | 'create'
  | 'read'
  | 'update'
  | 'cancel'
  | 'approve'
  | 'deliver'
  | 'confirm'
  | 'review'
  | 'issue'
  | 'revoke'
  | 'audit'
  | 'settle'
  | 'manage'
  | 'suspend'
export type Entity =
  | 'enterprise'
  | 'institution'
  | 'instrument'
  | 'application'
  | 'voucher'
  | 'booking'
  | 'redemption'
  | 'settlement'
  | 'programme'
  | 'statistics'
  | 'audit-log'
  | 'user'
  | 'reference-data'
  | 'queue'
  | 'utilisation'
export type Permission = `${Action}:${Entity}:${Scope}`

/** What a membership row carries (role_membership): the role and the one thing it acts on. */
export type Membership = {
  role: Role
  enterpriseId: string | null
  institutionId: string | null
  regionId: string | null
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // DOMAIN: applies for vouchers, finds instruments, books them, pays its co-payment, confirms the service.
  enterprise_member: [
    'read:enterprise:own',
    'update:enterprise:own',
    'create:application:own',
    'read:application:own',
    'read:voucher:own',
    'read:instrument:any',
    'create:booking:own',
    'read:booking:own',
    'cancel:booking:own',
    'confirm:booking:own',
  ],
  // DOMAIN: lists instruments and fee schedules, sets open hours, approves bookings, records the
  // service, claims redemption.
  institution_staff: [
    'read:institution:own',
    'update:institution:own',
    'read:instrument:any',
    'create:instrument:own',
    'update:instrument:own',
    'read:booking:own',
    'approve:booking:own',
    'cancel:booking:own',
    'deliver:booking:own',
    'create:redemption:own',
    'read:redemption:own',
    'read:settlement:own',
    // Issue 3: utilisation figures of the institution's own instruments.
    'read:utilisation:own',
  ],
  // DOMAIN: first-level review of voucher applications and institution admission in its county.
  county_officer: [
    'read:enterprise:region',
    'review:enterprise:region',
    'read:institution:region',
    'review:institution:region',
    'read:application:region',
    'review:application:region',
    'read:voucher:region',
    'read:booking:region',
    'read:instrument:any',
    'read:statistics:region',
    'read:utilisation:region',
  ],
  // DOMAIN: second-level review, runs programmes and budgets, audits redemptions, settles, reads
  // the statistics. The city bureau sees every county and the partner regions' flows.
  city_officer: [
    'read:enterprise:any',
    'review:enterprise:any',
    'read:institution:any',
    'review:institution:any',
    // Issue 3: a city officer suspends an admitted institution and reinstates it.
    'suspend:institution:any',
    // Issue 4: a city officer suspends a verified enterprise and reinstates it.
    'suspend:enterprise:any',
    'read:application:any',
    'review:application:any',
    'manage:programme:any',
    'read:voucher:any',
    'issue:voucher:any',
    'revoke:voucher:any',
    'read:booking:any',
    'read:instrument:any',
    'read:redemption:any',
    'audit:redemption:any',
    'settle:settlement:any',
    'read:settlement:any',
    'read:statistics:any',
    'read:audit-log:any',
    'read:utilisation:any',
  ],
  // DOMAIN: the operator — users, reference data, system health (queues). No business decisions.
  platform_admin: [
    'read:user:any',
    'manage:user:any',
    'manage:reference-data:any',
    'read:queue:any',
    'manage:queue:any',
    'read:instrument:any',
    'read:audit-log:any',
  ],
}

const SCOPE_RANK: Record<Scope, number> = { own: 0, region: 1, any: 2 }

export function parsePermission(permission: Permission): { action: Action; entity: Entity; scope: Scope } {
  const [action, entity, scope] = permission.split(':') as [Action, Entity, Scope]
  return { action, entity, scope }
}

/** The memberships whose role grants `permission` (or a broader scope of it), with the scope granted. */
export function grantsFor(
  memberships: readonly Membership[],
  permission: Permission,
): { membership: Membership; scope: Scope }[] {
  const wanted = parsePermission(permission)
  const grants: { membership: Membership; scope: Scope }[] = []
  for (const membership of memberships) {
    let best: Scope | undefined
    for (const granted of ROLE_PERMISSIONS[membership.role]) {
      const g = parsePermission(granted)
      if (g.action !== wanted.action || g.entity !== wanted.entity) continue
      if (SCOPE_RANK[g.scope] < SCOPE_RANK[wanted.scope]) continue
      if (best === undefined || SCOPE_RANK[g.scope] > SCOPE_RANK[best]) best = g.scope
    }
    if (best) grants.push({ membership, scope: best })
  }
  return grants
}

export function hasPermission(memberships: readonly Membership[], permission: Permission): boolean {
  return grantsFor(memberships, permission).length > 0
}

/**
 * What a permission lets a user see, ready to put into a query (ownership in the WHERE clause, as
 * indie-stack does): everything, a set of regions, or a set of own organisations.
 */
export type Reach =
  | { kind: 'any' }
  | { kind: 'region'; regionIds: string[] }
  | { kind: 'own'; enterpriseIds: string[]; institutionIds: string[] }
  | { kind: 'none' }

export function reachFor(memberships: readonly Membership[], permission: Permission): Reach {
  const grants = grantsFor(memberships, permission)
  if (grants.length === 0) return { kind: 'none' }
  if (grants.some((g) => g.scope === 'any')) return { kind: 'any' }
  const regionIds = unique(grants.filter((g) => g.scope === 'region').map((g) => g.membership.regionId))
  if (regionIds.length > 0) return { kind: 'region', regionIds }
  return {
    kind: 'own',
    enterpriseIds: unique(grants.map((g) => g.membership.enterpriseId)),
    institutionIds: unique(grants.map((g) => g.membership.institutionId)),
  }
}

/** Whether a permission reaches one record, given the organisation and region it belongs to. */
export function canReach(
  memberships: readonly Membership[],
  permission: Permission,
  target: { enterpriseId?: string | null; institutionId?: string | null; regionId?: string | null },
): boolean {
  return grantsFor(memberships, permission).some(({ membership, scope }) => {
    if (scope === 'any') return true
    if (scope === 'region') return target.regionId != null && membership.regionId === target.regionId
    return (
      (target.enterpriseId != null && membership.enterpriseId === target.enterpriseId) ||
      (target.institutionId != null && membership.institutionId === target.institutionId)
    )
  })
}

// Which workspace a user lands on after login. An officer's review queue comes first, then the
// organisation they act for; the operator's console last (an admin who is also staff works as staff).
const HOME_BY_ROLE: [Role, string][] = [
  ['city_officer', '/bureau'],
  ['county_officer', '/bureau'],
  ['institution_staff', '/institution'],
  ['enterprise_member', '/enterprise'],
  ['platform_admin', '/admin'],
]

export function homePathForMemberships(memberships: readonly Pick<Membership, 'role'>[]): string {
  for (const [role, path] of HOME_BY_ROLE) {
    if (memberships.some((m) => m.role === role)) return path
  }
  return '/'
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))]
}
