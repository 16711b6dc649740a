import { createCookie, json, type Cookie } from '@remix-run/node'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { CSRF_FIELD_NAME } from '~/components/authenticity-token-input'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getEnv } from './env.server'

// CSRF protection by a signed double-submit cookie: the root loader gives each browser a random
// token, both in an HttpOnly cookie signed with SESSION_SECRET and in every form's hidden field
// (<AuthenticityTokenInput/>). A mutating action accepts the form only when the two agree. Another
// site can make the browser send the cookie but can neither read the token nor forge the signature
// (which also defeats cookie injection from a sibling subdomain). Works for anonymous forms (login,
// register) too, which a token tied to the login session could not protect.

export const CSRF_COOKIE_NAME = 'csrf'

let cookie: Cookie | undefined

function getCsrfCookie(): Cookie {
  if (cookie) return cookie
  const env = getEnv()
  cookie = createCookie(CSRF_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    path: '/',
    secrets: [env.SESSION_SECRET],
    // Long-lived: a form left open overnight must still submit in the morning.
    maxAge: 60 * 60 * 24 * 365,
  })
  return cookie
}

async function readCookieToken(request: Request): Promise<string | null> {
  const value: unknown = await getCsrfCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length >= 32 ? value : null
}

/** The browser's token, and a Set-Cookie header to send when it had none yet. */
export async function getCsrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await readCookieToken(request)
  if (existing) return { token: existing, setCookie: null }
  return createCsrfToken()
}

/** A fresh token and its cookie (the root loader for new browsers; tests). */
export async function createCsrfToken(): Promise<{ token: string; setCookie: string }> {
  const token = randomBytes(32).toString('base64url')
  return { token, setCookie: await getCsrfCookie().serialize(token) }
}

/** Throws a 403 (with a message in the user's language) unless the form's token matches the cookie. */
export async function validateCsrf(request: Request, formData: FormData): Promise<void> {
  const fromCookie = await readCookieToken(request)
  const fromForm = formData.get(CSRF_FIELD_NAME)
  if (fromCookie && typeof fromForm === 'string' && safeEqual(fromCookie, fromForm)) return
  const t = getFixedT(await getLocale(request))
  throw json(
    { message: t('errors.csrf'), reason: fromCookie ? 'csrf-mismatch' : 'csrf-missing-cookie' },
    { status: 403 },
  )
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
