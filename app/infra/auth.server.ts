import { json, redirect } from '@remix-run/node'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getDb } from './db.server'
import {
  grantsFor,
  hasPermission,
  homePathForMemberships,
  type Membership,
  type Permission,
  type Role,
} from './permissions'
import { readSessionId } from './session.server'

/** A membership as the UI needs it: the role, what it acts on, and that organisation's names. */
export type UserMembership = Membership & {
  orgName: string | null
  orgNameEn: string | null
}

/** The signed-in user, loaded from the session row on each request. */
export type SessionUser = {
  id: string
  email: string
  name: string
  phone: string | null
  locale: string
  sessionId: string
  memberships: UserMembership[]
}

// Loaders of one request (root + leaf) share one lookup.
const cache = new WeakMap<Request, Promise<SessionUser | null>>()

/** The user whose live session the request's cookie names, or null (no cookie, expired, revoked, disabled). */
export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  let pending = cache.get(request)
  if (!pending) {
    pending = loadUser(request)
    cache.set(request, pending)
  }
  return pending
}

async function loadUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  const session = await getDb().session.findFirst({
    where: { id: sessionId, expiresAt: { gt: new Date() }, user: { isActive: true } },
    select: {
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          phone: true,
          locale: true,
          memberships: {
            orderBy: { createdAt: 'asc' },
            select: {
              role: true,
              enterpriseId: true,
              institutionId: true,
              regionId: true,
              enterprise: { select: { name: true } },
              institution: { select: { name: true, nameEn: true } },
              region: { select: { name: true, nameEn: true } },
            },
          },
        },
      },
    },
  })
  if (!session) return null
  const { user } = session
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    locale: user.locale,
    sessionId,
    memberships: user.memberships.map((m) => ({
      role: m.role,
      enterpriseId: m.enterpriseId,
      institutionId: m.institutionId,
      regionId: m.regionId,
      orgName: m.enterprise?.name ?? m.institution?.name ?? m.region?.name ?? null,
      orgNameEn: m.enterprise?.name ?? m.institution?.nameEn ?? m.institution?.name ?? m.region?.nameEn ?? null,
    })),
  }
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request)
  if (user) return user
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
}

/**
 * The signed-in user if one of their memberships grants `permission`; else a 403 whose message
 * (in the user's language) names what is missing. The caller narrows further with
 * `reachFor`/`canReach` and puts the scope into its query.
 */
export async function requireUserWithPermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request)
  if (hasPermission(user.memberships, permission)) return user
  const t = getFixedT(await getLocale(request))
  throw json({ message: t('errors.forbiddenText'), permission }, { status: 403 })
}

/**
 * For pages that act for one organisation or region (the role home pages): the user, and their
 * membership of one of `roles` that grants `permission`. 403 when there is none — e.g. a city
 * officer's `read:enterprise:any` satisfies the permission but names no enterprise to show.
 */
export async function requireMembership(
  request: Request,
  permission: Permission,
  roles: readonly Role[],
): Promise<{ user: SessionUser; membership: UserMembership }> {
  const user = await requireUserWithPermission(request, permission)
  const granted = new Set(grantsFor(user.memberships, permission).map((g) => g.membership))
  const membership = user.memberships.find((m) => roles.includes(m.role) && granted.has(m))
  if (membership) return { user, membership }
  const t = getFixedT(await getLocale(request))
  throw json({ message: t('errors.forbiddenText'), permission }, { status: 403 })
}

/** Redirects a signed-in user away from pages meant for visitors (login, register). */
export async function requireAnonymous(request: Request): Promise<void> {
  const user = await getOptionalUser(request)
  if (user) throw redirect(homePathFor(user))
}

/** The workspace a user lands on: /enterprise, /institution, /bureau (county or city officer), /admin. */
export function homePathFor(user: Pick<SessionUser, 'memberships'>): string {
  return homePathForMemberships(user.memberships)
}

/** Only same-site paths: `/x` yes; `//evil.example`, `/\evil`, `https://…` no. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  // Percent-encodes on the way (a Location header must be ASCII; `/instruments?q=色谱` arrives as
  // typed) and proves the target stays on this site.
  const base = 'http://same-site.invalid'
  const url = new URL(to, base)
  if (url.origin !== base) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
