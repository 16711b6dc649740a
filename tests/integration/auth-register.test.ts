import { afterAll, describe, expect, it } from 'vitest'
import { completeUscc } from '~/features/enterprises/uscc'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { SESSION_COOKIE_NAME } from '~/infra/session.server'
import { loader as enterpriseHome } from '~/routes/enterprise+/_index'
import { action as register, loader as registerPage } from '~/routes/register'
import { body, Browser, expectRedirect, fieldErrors, findSetCookie, run, submit } from './auth-support'

afterAll(closeRateLimitStore)

let seq = 0
function form(overrides: Record<string, string> = {}) {
  seq++
  return {
    name: '张三',
    email: `owner${seq}.${Date.now()}@example.test`,
    phone: '13881800000',
    password: 'dazhou2026lab',
    confirmPassword: 'dazhou2026lab',
    enterpriseName: `达州示例科技有限公司${seq}`,
    // Registered in 宣汉县 (511722): the region defaults from positions 3–8.
    uscc: completeUscc(`91511722MA6${String(100000 + seq * 7919).slice(-6)}`),
    ...overrides,
  }
}

describe('registering an SME owner and their enterprise', () => {
  it('creates the user, the pending enterprise and the membership, logs in and lands on /enterprise', async () => {
    const browser = await Browser.open()
    const fields = form()
    const response = await submit(browser, register, '/register', fields)
    expectRedirect(response, '/enterprise?registered=1')
    const sessionCookie = findSetCookie(response, SESSION_COOKIE_NAME)
    expect(sessionCookie).toMatch(/HttpOnly/i)
    expect(sessionCookie).toMatch(/SameSite=Lax/i)
    expect(sessionCookie).toMatch(/Path=\//)

    const db = getDb()
    const user = await db.user.findUniqueOrThrow({
      where: { email: fields.email },
      include: { password: true, sessions: true, memberships: { include: { enterprise: true } } },
    })
    expect(user.password?.hash).toMatch(/^\$argon2id\$/)
    expect(user.sessions).toHaveLength(1)
    // Not "remember me": a 12-hour session.
    const hours = (user.sessions[0]!.expiresAt.getTime() - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(11.9)
    expect(hours).toBeLessThanOrEqual(12)
    expect(user.memberships).toHaveLength(1)
    const m = user.memberships[0]!
    expect(m.role).toBe('enterprise_member')
    expect(m.enterprise).toMatchObject({
      uscc: fields.uscc,
      status: 'pending',
      regionId: '511722',
      name: fields.enterpriseName,
    })

    // The audit row is written in the same transaction, first of the enterprise's chain.
    const audit = await db.auditLog.findMany({ where: { entityType: 'enterprise', entityId: m.enterpriseId! } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'enterprise.registered', actorUserId: user.id, seq: 1 })

    // The landing page says the enterprise awaits review.
    const home = await run(enterpriseHome, browser.get('/enterprise?registered=1'))
    expect(home.status).toBe(200)
    const data = await body<{ enterprise: { status: string; name: string }; vouchers: unknown[] }>(home)
    expect(data.enterprise).toMatchObject({ status: 'pending', name: fields.enterpriseName })
    expect(data.vouchers).toEqual([])
  })

  it('keeps the region the person chose over the one in the USCC', async () => {
    const browser = await Browser.open()
    const fields = form({ regionId: '511702' })
    expectRedirect(await submit(browser, register, '/register', fields), '/enterprise?registered=1')
    const enterprise = await getDb().enterprise.findUniqueOrThrow({ where: { uscc: fields.uscc } })
    expect(enterprise.regionId).toBe('511702')
  })

  it('answers a duplicate email and a duplicate USCC with field errors, keeping what was typed but not the password', async () => {
    const first = form()
    expectRedirect(await submit(await Browser.open(), register, '/register', first), '/enterprise?registered=1')

    const again = await submit(
      await Browser.open(),
      register,
      '/register',
      form({ email: first.email.toUpperCase(), uscc: first.uscc }),
    )
    expect(again.status).toBe(400)
    const data = await body<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(
      again,
    )
    expect(data.result.error.email).toEqual(['auth:errors.emailTaken'])
    expect(data.result.error.uscc).toEqual(['auth:errors.usccTaken'])
    expect(data.result.initialValue.enterpriseName).toMatch(/达州示例科技有限公司/)
    expect(data.result.initialValue.password).toBeUndefined()
    expect(data.result.initialValue.confirmPassword).toBeUndefined()
    expect(await getDb().user.count({ where: { email: first.email } })).toBe(1)
  })

  it('says which USCC problem it is: length, character or checksum', async () => {
    const browser = await Browser.open()
    const valid = form().uscc
    const cases: [string, RegExp][] = [
      [valid.slice(0, 17), /^auth:errors\.uscc\.length\?count=17$/],
      [`${valid.slice(0, 9)}O${valid.slice(10)}`, /^auth:errors\.uscc\.character\?position=10&char=O$/],
      [valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1'), /^auth:errors\.uscc\.checksum$/],
    ]
    for (const [uscc, expected] of cases) {
      const response = await submit(browser, register, '/register', form({ uscc }))
      expect(response.status).toBe(400)
      expect((await fieldErrors(response)).uscc?.[0]).toMatch(expected)
    }
  })

  it('asks for a region when the USCC names one the platform does not cover', async () => {
    const response = await submit(
      await Browser.open(),
      register,
      '/register',
      form({ uscc: completeUscc('91350100MA6000001') }),
    )
    expect(response.status).toBe(400)
    expect((await fieldErrors(response)).regionId).toEqual(['auth:errors.regionRequired'])
  })

  it('refuses a form without the CSRF token (403) and creates nothing', async () => {
    const browser = await Browser.open()
    const fields = form()
    const response = await run(register, browser.post('/register', fields, { csrf: false }))
    expect(response.status).toBe(403)
    expect((await body<{ message: string }>(response)).message).toMatch(/刷新页面/)
    expect(await getDb().user.count({ where: { email: fields.email } })).toBe(0)
  })

  it('offers the covered regions and sends a signed-in user away', async () => {
    const browser = await Browser.open()
    const page = await run(registerPage, browser.get('/register'))
    const data = await body<{ regions: { id: string }[] }>(page)
    expect(data.regions.map((r) => r.id)).toEqual(
      expect.arrayContaining(['511700', '511722', '511700-GX', '500101', '500154']),
    )
    expect(data.regions.map((r) => r.id)).not.toContain('511721')

    await submit(browser, register, '/register', form())
    expectRedirect(await run(registerPage, browser.get('/register')), '/enterprise')
  })
})
