import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { expect } from 'vitest'
import { orgReachFor, type OrgReview } from '~/features/org-review/review-flow'
import { reviewOrg } from '~/features/org-review/review-org.server'
import type { RoleName } from '~/generated/prisma/client'
import { createDb } from '~/infra/db.server'
import type { Membership } from '~/infra/permissions'
import { createSession } from '~/infra/session.server'
import { BASE, body, Browser, run, setCookies } from '../integration/auth-support'
import { createUser } from './factories'

// The bureau's review pages (enterprise review, institution admission, voucher applications) as
// their users reach them: signed-in users with one membership each, route modules called directly
// with real Requests against the test file's own database.

export type Officer = { browser: Browser; userId: string; memberships: Membership[] }

/** A signed-in user with one membership: a session row and its cookie, no password round trip. */
export async function signedIn(
  role: RoleName,
  scope: { regionId?: string; institutionId?: string; enterpriseId?: string } = {},
): Promise<Officer> {
  const user = await createUser({ memberships: { create: { role, ...scope } } })
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: user.id, remember: false })
  browser.absorb([session.setCookie])
  return {
    browser,
    userId: user.id,
    memberships: [{ role, regionId: scope.regionId ?? null, enterpriseId: null, institutionId: null }],
  }
}

/** The review officers of the tests: the county officers of 宣汉县 and 通川区, and two at the city. */
export async function reviewOfficers() {
  return {
    xuanhanCounty: await signedIn('county_officer', { regionId: '511722' }),
    tongchuanCounty: await signedIn('county_officer', { regionId: '511702' }),
    city: await signedIn('city_officer', { regionId: '511700' }),
    city2: await signedIn('city_officer', { regionId: '511700' }),
  }
}

/** Runs a loader or an action with route params; a thrown Response (redirect, 403, 404) is returned. */
export async function call(
  fn: (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    return await fn({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** An officer's decision posted to a review page's action (`path` is the queue's, e.g. /bureau/enterprises). */
export function decider(action: unknown, path: string) {
  return async (officer: Officer, id: string, intent: string, reason = '') => {
    const response = await call(action as never, officer.browser.post(`${path}/${id}`, { intent, reason }), { id })
    officer.browser.absorb(setCookies(response))
    return response
  }
}

/** The queue page's rows as an officer sees them (`path` is the queue's, `query` e.g. '?status=all'). */
export function queueReader(loader: unknown, path: string) {
  return async (officer: Officer, query = '') => {
    const response = await run(loader as never, officer.browser.get(`${path}${query}`))
    expect(response.status).toBe(200)
    return body<{ rows: { id: string; region: { id: string } }[] }>(response)
  }
}

/**
 * The same review step by several officers at once, straight through the use case, each in a pool
 * of its own so the transactions really run side by side.
 */
export async function reviewAtOnce<A extends string>(org: OrgReview<A>, orgId: string, action: A, officers: Officer[]) {
  const dbs = officers.map(() => createDb(process.env.DATABASE_URL!, 2))
  try {
    return await Promise.all(
      officers.map((o, i) =>
        reviewOrg(
          org,
          { orgId, action, reviewerId: o.userId, officer: orgReachFor(org, o.memberships) },
          { db: dbs[i]! },
        ),
      ),
    )
  } finally {
    await Promise.all(dbs.map((d) => d.$disconnect()))
  }
}

/**
 * Two decisions raced through the HTTP action: exactly one wins. The loser is refused either during
 * its update (409, the status changed under it) or — when it started after the winner committed —
 * before it (400, wrong status).
 */
export function expectOneWinner(responses: Response[]) {
  const statuses = responses.map((r) => r.status)
  expect(statuses.filter((s) => s === 302)).toHaveLength(1)
  expect(statuses.filter((s) => s === 409 || s === 400)).toHaveLength(1)
}
