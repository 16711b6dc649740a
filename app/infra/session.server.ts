import { createCookie, type Cookie } from '@remix-run/node'
import { randomBytes } from 'node:crypto'
import { getDb, type Db, type Tx } from './db.server'
import { getEnv } from './env.server'

// Sessions live in the `session` table; the browser holds only a signed cookie naming the row.
// Revoking a session (logout, a stolen device, a disabled user) is a DELETE, effective at once.

export const SESSION_COOKIE_NAME = '__session'
/** "Remember me": 30 days. */
export const REMEMBER_MS = 30 * 24 * 60 * 60 * 1000
/** Otherwise a working day: 12 hours, and the cookie dies with the browser. */
export const SHORT_MS = 12 * 60 * 60 * 1000

let cookie: Cookie | undefined

export function getSessionCookie(): Cookie {
  if (cookie) return cookie
  const env = getEnv()
  cookie = createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    path: '/',
    secrets: [env.SESSION_SECRET],
  })
  return cookie
}

/** The session id the request's (correctly signed) cookie names, or null. */
export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await getSessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

export type CreatedSession = { id: string; expiresAt: Date; setCookie: string }

/**
 * Starts a session for a user who just proved who they are (login, registration). Always a NEW id
 * (session fixation): the row the request's cookie named, if any, is deleted, as are this user's
 * expired rows.
 */
export async function createSession(
  request: Request,
  { userId, remember, ip }: { userId: string; remember: boolean; ip?: string | null },
  { db = getDb(), now = new Date() }: { db?: Db | Tx; now?: Date } = {},
): Promise<CreatedSession> {
  const previous = await readSessionId(request)
  const id = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + (remember ? REMEMBER_MS : SHORT_MS))
  const userAgent = request.headers.get('User-Agent')?.slice(0, 500) ?? null
  await db.session.deleteMany({
    where: { OR: [...(previous ? [{ id: previous }] : []), { userId, expiresAt: { lte: now } }] },
  })
  await db.session.create({ data: { id, userId, expiresAt, ip: ip ?? null, userAgent } })
  const setCookie = await getSessionCookie().serialize(id, remember ? { expires: expiresAt } : {})
  return { id, expiresAt, setCookie }
}

/** Ends the request's session: deletes its row and returns the Set-Cookie that clears the cookie. */
export async function destroySession(request: Request, { db = getDb() }: { db?: Db | Tx } = {}): Promise<string> {
  const id = await readSessionId(request)
  if (id) await db.session.deleteMany({ where: { id } })
  return getSessionCookie().serialize('', { expires: new Date(0), maxAge: 0 })
}
