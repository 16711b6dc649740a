import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { expect } from 'vitest'
import type { RoleName as Role } from '~/generated/prisma/client'
import { createCsrfToken } from '~/infra/csrf.server'
import { getDb } from '~/infra/db.server'
import { hashPassword } from '~/infra/password.server'

// Helpers for the auth-* integration tests: route modules are called directly with real Requests,
// against the test file's own database and Redis prefix.

export const BASE = 'http://localhost'

/** "name=value" from a Set-Cookie header (what a browser would send back). */
export function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0]!
}

export function setCookies(response: Response): string[] {
  return response.headers.getSetCookie()
}

export function findSetCookie(response: Response, name: string): string | undefined {
  return setCookies(response).find((c) => c.startsWith(`${name}=`))
}

/** A browser: keeps the cookies responses set, and a CSRF token like the root loader gives it. */
export class Browser {
  cookies = new Map<string, string>()
  csrfToken = ''

  static async open(): Promise<Browser> {
    const b = new Browser()
    const { token, setCookie } = await createCsrfToken()
    b.csrfToken = token
    b.absorb([setCookie])
    return b
  }

  absorb(setCookieHeaders: string[]) {
    for (const header of setCookieHeaders) {
      const [pair] = header.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      const expired = /expires=Thu, 01 Jan 1970/i.test(header) || /max-age=0/i.test(header)
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  get(path: string): Request {
    return new Request(`${BASE}${path}`, { headers: { Cookie: this.cookieHeader(), 'User-Agent': 'vitest' } })
  }

  post(path: string, fields: Record<string, string>, { csrf = true }: { csrf?: boolean } = {}): Request {
    const body = new URLSearchParams(fields)
    if (csrf) body.set('csrf', this.csrfToken)
    return new Request(`${BASE}${path}`, {
      method: 'POST',
      body,
      headers: {
        Cookie: this.cookieHeader(),
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': 'vitest',
      },
    })
  }
}

type Action = (args: ActionFunctionArgs) => Promise<Response>
type Loader = (args: LoaderFunctionArgs) => Promise<Response>

/** Runs an action or loader; a thrown Response (redirect, 403) is returned like a returned one. */
export async function run(fn: Action | Loader, request: Request, context: AppLoadContext = {}): Promise<Response> {
  try {
    return await fn({ request, params: {}, context })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** A POST through a browser, which keeps the cookies the response sets. */
export async function submit(
  browser: Browser,
  fn: Action,
  path: string,
  fields: Record<string, string>,
  context: AppLoadContext = {},
) {
  const response = await run(fn, browser.post(path, fields), context)
  browser.absorb(setCookies(response))
  return response
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T
}

/** The form-level errors of a Conform reply (`result.error['']`). */
export async function formErrors(response: Response): Promise<string[]> {
  const data = await body<{ result: { error?: Record<string, string[] | null> } }>(response)
  return data.result.error?.[''] ?? []
}

export async function fieldErrors(response: Response): Promise<Record<string, string[] | null>> {
  const data = await body<{ result: { error?: Record<string, string[] | null> } }>(response)
  return data.result.error ?? {}
}

let n = 0
/** A user with a password and one membership (role-scoped as the DB CHECK requires). */
export async function createLogin(
  role: Role,
  scope: { enterpriseId?: string; institutionId?: string; regionId?: string } = {},
  password = 'correct-horse-42',
) {
  const db = getDb()
  const email = `auth${++n}.${Date.now()}@example.test`
  const user = await db.user.create({
    data: {
      email,
      name: `用户${n}`,
      password: { create: { hash: await hashPassword(password) } },
      memberships: { create: { role, ...scope } },
    },
  })
  return { user, email, password }
}

export function expectRedirect(response: Response, to: string | RegExp) {
  expect(response.status).toBe(302)
  const location = response.headers.get('Location') ?? ''
  if (typeof to === 'string') expect(location).toBe(to)
  else expect(location).toMatch(to)
}
