import { afterAll, describe, expect, it } from 'vitest'
import { translateError } from '~/components/field-error'
import { getFixedT } from '~/i18n/i18n'
import { getOptionalUser } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import {
  checkLoginLimit,
  clearAccountFailures,
  closeRateLimitStore,
  LOGIN_LIMITS,
  recordLoginFailure,
} from '~/infra/rate-limit.server'
import { SESSION_COOKIE_NAME } from '~/infra/session.server'
import { action as login, loader as loginPage } from '~/routes/login'
import { action as logout } from '~/routes/logout'
import { action as setLocale } from '~/routes/set-locale'
import { body, Browser, createLogin, expectRedirect, findSetCookie, formErrors, run, submit } from './auth-support'

afterAll(closeRateLimitStore)

const zh = getFixedT('zh-CN')
const en = getFixedT('en')
let ipSeq = 0
/** Each test its own client address, so per-IP counters of one test never limit another. */
const freshIp = () => ({ clientIp: `198.51.100.${++ipSeq}` })

describe('login', () => {
  it('logs in, sets a session cookie and lands on the role’s workspace (or redirectTo)', async () => {
    const { email, password, user } = await createLogin('platform_admin')
    const browser = await Browser.open()
    const response = await submit(browser, login, '/login', { email: email.toUpperCase(), password }, freshIp())
    expectRedirect(response, '/admin')
    expect(findSetCookie(response, SESSION_COOKIE_NAME)).toMatch(/HttpOnly/i)
    const me = await getOptionalUser(browser.get('/'))
    expect(me).toMatchObject({ id: user.id, memberships: [{ role: 'platform_admin' }] })

    const other = await Browser.open()
    const back = await submit(other, login, '/login', { email, password, redirectTo: '/admin?tab=users' }, freshIp())
    expectRedirect(back, '/admin?tab=users')
    // Never off-site.
    const offsite = await submit(
      await Browser.open(),
      login,
      '/login',
      { email, password, redirectTo: '//evil.example/' },
      freshIp(),
    )
    expectRedirect(offsite, '/admin')
  })

  it('gives one generic message for a wrong password and an unknown email (no enumeration)', async () => {
    const { email } = await createLogin('enterprise_member', { enterpriseId: await enterpriseId() })
    const ctx = freshIp()
    const wrong = await submit(await Browser.open(), login, '/login', { email, password: 'not-the-password1' }, ctx)
    const unknown = await submit(
      await Browser.open(),
      login,
      '/login',
      { email: `nobody${Date.now()}@example.test`, password: 'whatever12345' },
      ctx,
    )
    expect(wrong.status).toBe(400)
    expect(unknown.status).toBe(400)
    const [a, b] = [await formErrors(wrong), await formErrors(unknown)]
    expect(a).toEqual(['auth:login.errors.invalid'])
    expect(b).toEqual(a)
    expect(translateError(zh, a[0]!)).toBe('邮箱或密码不正确，请检查后重试。')
  })

  it('never echoes the password back into the page', async () => {
    const { email } = await createLogin('platform_admin')
    const response = await submit(
      await Browser.open(),
      login,
      '/login',
      { email, password: 'wrong-password-1' },
      freshIp(),
    )
    const data = await body<{ result: { initialValue: Record<string, unknown> } }>(response)
    expect(data.result.initialValue.email).toBe(email)
    expect(data.result.initialValue.password).toBeUndefined()
  })

  it(`blocks an account after ${LOGIN_LIMITS.account.max} failures for 15 minutes, saying when to retry`, async () => {
    const { email, password } = await createLogin('platform_admin')
    const browser = await Browser.open()
    for (let i = 1; i < LOGIN_LIMITS.account.max; i++) {
      // Different addresses: this is the per-account limit, not the per-IP one.
      const r = await submit(browser, login, '/login', { email, password: `wrong-${i}-password` }, freshIp())
      expect(await formErrors(r)).toEqual(['auth:login.errors.invalid'])
    }
    const last = await submit(browser, login, '/login', { email, password: 'wrong-last-password' }, freshIp())
    expect(last.status).toBe(429)
    const [message] = await formErrors(last)
    expect(message).toBe('auth:login.errors.rateLimited?minutes=15')
    expect(translateError(zh, message!)).toBe('登录尝试过多，请在 15 分钟后重试。')
    expect(translateError(en, message!)).toBe('Too many login attempts. Please try again in 15 minutes.')

    // Even the right password is refused now, and no session is created.
    const right = await submit(browser, login, '/login', { email, password }, freshIp())
    expect(right.status).toBe(429)
    expect(findSetCookie(right, SESSION_COOKIE_NAME)).toBeUndefined()
  })

  it(`blocks an address after ${LOGIN_LIMITS.ip.max} failures across accounts`, async () => {
    const ctx = freshIp()
    const browser = await Browser.open()
    let last: Response | undefined
    for (let i = 0; i < LOGIN_LIMITS.ip.max; i++) {
      last = await submit(
        browser,
        login,
        '/login',
        { email: `spray${i}.${Date.now()}@example.test`, password: 'password-spray-1' },
        ctx,
      )
    }
    expect(last!.status).toBe(429)
    const [message] = await formErrors(last!)
    expect(message).toBe('auth:login.errors.rateLimitedIp?minutes=15')
    expect(translateError(zh, message!)).toBe('此网络的登录尝试过多，请在 15 分钟后重试。')

    // A real account from the same address is refused too; from another address it works.
    const { email, password } = await createLogin('platform_admin')
    expect((await submit(browser, login, '/login', { email, password }, ctx)).status).toBe(429)
    expectRedirect(await submit(browser, login, '/login', { email, password }, freshIp()), '/admin')
  })

  it('clears the account’s failures after a successful login', async () => {
    const { email, password } = await createLogin('platform_admin')
    const browser = await Browser.open()
    for (let i = 1; i < LOGIN_LIMITS.account.max; i++) {
      await submit(browser, login, '/login', { email, password: `wrong-${i}-password` }, freshIp())
    }
    expectRedirect(await submit(browser, login, '/login', { email, password }, freshIp()), '/admin')
    // The counter starts again: one more failure is an ordinary failure, not a block.
    const next = await submit(await Browser.open(), login, '/login', { email, password: 'wrong-again-1' }, freshIp())
    expect(await formErrors(next)).toEqual(['auth:login.errors.invalid'])
  })

  it('rotates the session id at every login and deletes the old row', async () => {
    const { email, password, user } = await createLogin('platform_admin')
    const browser = await Browser.open()
    await submit(browser, login, '/login', { email, password }, freshIp())
    const firstId = (await getOptionalUser(browser.get('/')))!.sessionId
    const cookieBefore = browser.cookies.get(SESSION_COOKIE_NAME)

    await submit(browser, login, '/login', { email, password, remember: 'on' }, freshIp())
    const second = (await getOptionalUser(browser.get('/')))!
    expect(second.sessionId).not.toBe(firstId)
    expect(browser.cookies.get(SESSION_COOKIE_NAME)).not.toBe(cookieBefore)
    const rows = await getDb().session.findMany({ where: { userId: user.id } })
    expect(rows.map((r) => r.id)).toEqual([second.sessionId])
    // "Remember me": 30 days, in the row and in the cookie.
    const days = (rows[0]!.expiresAt.getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThanOrEqual(30)
  })

  it('upgrades a hash made with weaker parameters at the next successful login', async () => {
    const { email, password, user } = await createLogin('platform_admin')
    const { hash } = await import('@node-rs/argon2')
    const weak = await hash(password, { memoryCost: 4096, timeCost: 1, parallelism: 1 })
    await getDb().password.update({ where: { userId: user.id }, data: { hash: weak } })
    expectRedirect(await submit(await Browser.open(), login, '/login', { email, password }, freshIp()), '/admin')
    const stored = (await getDb().password.findUniqueOrThrow({ where: { userId: user.id } })).hash
    expect(stored).not.toBe(weak)
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=3,p=1\$/)
  })

  it('sends a signed-in user from /login to their workspace', async () => {
    const { email, password } = await createLogin('platform_admin')
    const browser = await Browser.open()
    await submit(browser, login, '/login', { email, password }, freshIp())
    expectRedirect(await run(loginPage, browser.get('/login')), '/admin')
  })

  it('refuses a login form without a valid CSRF token', async () => {
    const { email, password } = await createLogin('platform_admin')
    const browser = await Browser.open()
    const missing = await run(login, browser.post('/login', { email, password }, { csrf: false }), freshIp())
    expect(missing.status).toBe(403)
    const forged = browser.post('/login', { email, password })
    const tampered = new Request(forged.url, {
      method: 'POST',
      headers: forged.headers,
      body: new URLSearchParams({ email, password, csrf: 'x'.repeat(43) }),
    })
    expect((await run(login, tampered, freshIp())).status).toBe(403)
    // Without the cookie at all (a cross-site form post from a fresh browser).
    const noCookie = new Request('http://localhost/login', {
      method: 'POST',
      body: new URLSearchParams({ email, password, csrf: browser.csrfToken }),
    })
    const r = await run(login, noCookie, freshIp())
    expect(r.status).toBe(403)
    expect(await body(r)).toMatchObject({ reason: 'csrf-missing-cookie' })
  })
})

describe('logout', () => {
  it('deletes the session row and clears the cookie', async () => {
    const { email, password, user } = await createLogin('platform_admin')
    const browser = await Browser.open()
    await submit(browser, login, '/login', { email, password }, freshIp())
    const { sessionId } = (await getOptionalUser(browser.get('/')))!
    const stale = browser.get('/') // the cookie as it was before logout

    const response = await submit(browser, logout, '/logout', {})
    expectRedirect(response, '/')
    expect(findSetCookie(response, SESSION_COOKIE_NAME)).toMatch(/Expires=Thu, 01 Jan 1970/i)
    expect(await getDb().session.findUnique({ where: { id: sessionId } })).toBeNull()
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(0)
    // A copy of the old cookie no longer works.
    expect(await getOptionalUser(stale)).toBeNull()
  })

  it('refuses a logout without the CSRF token and keeps the session', async () => {
    const { email, password } = await createLogin('platform_admin')
    const browser = await Browser.open()
    await submit(browser, login, '/login', { email, password }, freshIp())
    const response = await run(logout, browser.post('/logout', {}, { csrf: false }))
    expect(response.status).toBe(403)
    expect(await getOptionalUser(browser.get('/'))).not.toBeNull()
  })
})

describe('set-locale', () => {
  it('sets the lng cookie, remembers it on the account and returns to the page', async () => {
    const { email, password, user } = await createLogin('platform_admin')
    const browser = await Browser.open()
    await submit(browser, login, '/login', { email, password }, freshIp())
    const response = await submit(browser, setLocale, '/set-locale', { lng: 'en', redirectTo: '/instruments?q=色谱' })
    expectRedirect(response, '/instruments?q=%E8%89%B2%E8%B0%B1')
    expect(findSetCookie(response, 'lng')).toBeDefined()
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe('en')
    // Off-site targets fall back to the home page.
    expectRedirect(
      await submit(browser, setLocale, '/set-locale', { lng: 'zh-CN', redirectTo: 'https://evil.example' }),
      '/',
    )
  })

  it('needs the CSRF token', async () => {
    const browser = await Browser.open()
    expect((await run(setLocale, browser.post('/set-locale', { lng: 'en' }, { csrf: false }))).status).toBe(403)
  })
})

async function enterpriseId(): Promise<string> {
  const { createEnterprise } = await import('../support/factories')
  return (await createEnterprise()).id
}

describe('login rate limiter when Redis is unreachable', () => {
  it('fails open: the attempt is allowed and nothing throws', async () => {
    await closeRateLimitStore()
    // Point the (cached, parsed-once) environment at a port nothing listens on.
    const cachedEnv = getEnv()
    const saved = cachedEnv.REDIS_URL
    Object.assign(cachedEnv, { REDIS_URL: 'redis://127.0.0.1:1' })
    try {
      await expect(checkLoginLimit({ email: 'x@example.cn', ip: '10.9.8.7' })).resolves.toEqual({ limited: false })
      await expect(recordLoginFailure({ email: 'x@example.cn', ip: '10.9.8.7' })).resolves.toEqual({ limited: false })
      await expect(clearAccountFailures('x@example.cn')).resolves.toBeUndefined()
    } finally {
      await closeRateLimitStore()
      Object.assign(cachedEnv, { REDIS_URL: saved })
    }
  })
})
