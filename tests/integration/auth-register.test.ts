import { afterAll, describe, expect, it } from 'vitest'
import { controllerGroupKey } from '~/features/enterprises/controller-group'
import { completeUscc } from '~/features/enterprises/uscc'
import { shanghaiDate } from '~/features/programmes/rules'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { SESSION_COOKIE_NAME } from '~/infra/session.server'
import { loader as enterpriseHome } from '~/routes/enterprise+/_index'
import { action as register, loader as registerPage } from '~/routes/register'
import { createInstitution } from '../support/factories'
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
    legalRep: '李四',
    address: '四川省达州市宣汉县东乡街道示例路1号',
    smeRegNo: `2024511722A${String(seq).padStart(7, '0')}`,
    smeRegYear: '2024',
    staffCount: '86',
    sales: '3200.5',
    salesUnit: 'wan',
    assets: '4500',
    assetsUnit: 'wan',
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

  it('stores what the enterprise declares: qualification, size in fen, related parties and controller group', async () => {
    const [lab, centre] = [await createInstitution(), await createInstitution()]
    const group = '  达州\u3000恒信   Group '
    const fields = form({
      smeRegNo: '',
      smeRegYear: '',
      otherStatus: 'specialised',
      staffCount: '１２０',
      sales: '880000.25',
      salesUnit: 'yuan',
      assets: '2.5',
      assetsUnit: 'wan',
      controllerGroup: group,
      'relatedParties[0].institutionId': lab.id,
      'relatedParties[0].relation': 'shareholding',
      'relatedParties[0].note': '持股 10%',
      'relatedParties[1].institutionId': '',
      'relatedParties[1].relation': '',
      'relatedParties[1].note': '',
      'relatedParties[2].institutionId': centre.id,
      'relatedParties[2].relation': 'same_legal_rep',
      'relatedParties[2].note': '',
    })
    const browser = await Browser.open()
    expectRedirect(await submit(browser, register, '/register', fields), '/enterprise?registered=1')

    const db = getDb()
    const enterprise = await db.enterprise.findUniqueOrThrow({
      where: { uscc: fields.uscc },
      include: { relatedParties: { orderBy: { id: 'asc' } } },
    })
    expect(enterprise).toMatchObject({
      legalRep: '李四',
      address: fields.address,
      smeRegNo: null,
      smeRegYear: null,
      otherStatus: 'specialised',
      staffCount: 120,
      salesFen: 88_000_025n,
      assetsFen: 2_500_000n,
      contactName: '张三',
      contactPhone: '13881800000',
      controllerGroup: '达州 恒信 Group',
    })
    expect(enterprise.relatedParties.map((p) => [p.institutionId, p.relation, p.note])).toEqual([
      [lab.id, 'shareholding', '持股 10%'],
      [centre.id, 'same_legal_rep', null],
    ])

    // The key the cap query computes in SQL is the one controllerGroupKey computes.
    const [row] = await db.$queryRaw<{ key: string }[]>`
      SELECT lower(regexp_replace(controller_group, '\\s', '', 'g')) AS key FROM enterprise WHERE id = ${enterprise.id}::uuid`
    expect(row?.key).toBe('达州恒信group')
    expect(controllerGroupKey(enterprise.controllerGroup!)).toBe(row?.key)
    expect(controllerGroupKey(group)).toBe(row?.key)

    // The registration's audit row carries the declaration.
    const audit = await db.auditLog.findFirstOrThrow({
      where: { entityType: 'enterprise', entityId: enterprise.id, action: 'enterprise.registered' },
    })
    expect(audit.after).toMatchObject({
      otherStatus: 'specialised',
      staffCount: 120,
      salesFen: '88000025',
      assetsFen: '2500000',
      legalRep: '李四',
      controllerGroup: '达州 恒信 Group',
      relatedParties: [
        { institutionId: lab.id, relation: 'shareholding', note: '持股 10%' },
        { institutionId: centre.id, relation: 'same_legal_rep', note: null },
      ],
    })

    // The enterprise sees what it declared on its home page.
    const home = await run(enterpriseHome, browser.get('/enterprise'))
    expect(home.status).toBe(200)
    const { profile } = await body<{ profile: Record<string, unknown> }>(home)
    expect(profile).toMatchObject({
      legalRep: '李四',
      otherStatus: 'specialised',
      staffCount: 120,
      salesFen: '88000025',
      assetsFen: '2500000',
      controllerGroup: '达州 恒信 Group',
      relatedParties: [
        { relation: 'shareholding', note: '持股 10%', institution: { name: lab.name } },
        { relation: 'same_legal_rep', note: null, institution: { name: centre.name } },
      ],
    })
  })

  it('refuses bad declarations field by field, in the form’s row, and writes nothing', async () => {
    const lab = await createInstitution()
    const pending = await createInstitution({ status: 'pending' })
    const db = getDb()
    const before = { users: await db.user.count(), enterprises: await db.enterprise.count() }

    const bad = form({
      smeRegNo: '',
      smeRegYear: '2016',
      staffCount: '12.5',
      sales: '三千万',
      'relatedParties[0].institutionId': lab.id,
      'relatedParties[0].relation': 'affiliated',
      'relatedParties[1].institutionId': lab.id,
      'relatedParties[1].relation': 'shareholding',
    })
    const response = await submit(await Browser.open(), register, '/register', bad)
    expect(response.status).toBe(400)
    const errors = await fieldErrors(response)
    expect(errors).toMatchObject({
      smeRegYear: [`auth:errors.smeRegYearRange?min=2017&max=${shanghaiDate(new Date()).slice(0, 4)}`],
      staffCount: ['auth:errors.staffCountNotInteger'],
      sales: ['auth:errors.salesInvalid'],
      'relatedParties[1].institutionId': ['auth:errors.relatedInstitutionTwice'],
    })

    const neither = await submit(await Browser.open(), register, '/register', form({ smeRegNo: '', smeRegYear: '' }))
    expect(neither.status).toBe(400)
    expect((await fieldErrors(neither)).smeRegNo).toEqual(['auth:errors.smeOrStatusRequired'])

    // An institution that is not admitted (or not there at all) is refused in the row that named it.
    for (const id of [pending.id, '00000000-0000-4000-8000-000000000000']) {
      const unknown = await submit(
        await Browser.open(),
        register,
        '/register',
        form({
          'relatedParties[0].institutionId': lab.id,
          'relatedParties[0].relation': 'affiliated',
          'relatedParties[2].institutionId': id,
          'relatedParties[2].relation': 'other',
          'relatedParties[2].note': '共建实验室',
        }),
      )
      expect(unknown.status).toBe(400)
      expect(await fieldErrors(unknown)).toEqual({
        'relatedParties[2].institutionId': ['auth:errors.relatedInstitutionUnknown'],
      })
    }

    expect({ users: await db.user.count(), enterprises: await db.enterprise.count() }).toEqual(before)
    expect(await db.enterpriseRelatedParty.count({ where: { institutionId: lab.id } })).toBe(0)
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
