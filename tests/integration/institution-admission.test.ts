import { afterAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { completeUscc } from '~/features/enterprises/uscc'
import { INSTITUTION_REVIEW } from '~/features/institutions/admission'
import { parseCatalogueQuery } from '~/features/instruments/catalogue'
import { searchInstruments } from '~/features/instruments/queries.server'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { action as applyAction, loader as applyLoader } from '~/routes/institutions+/apply'
import { action as reviewAction, loader as detailLoader } from '~/routes/bureau+/institutions.$id'
import { loader as queueLoader } from '~/routes/bureau+/institutions._index'
import { createEnterprise, createInstitution, createInstrument } from '../support/factories'
import {
  call,
  decider,
  expectOneWinner,
  queueReader,
  reviewAtOnce,
  reviewOfficers,
  signedIn,
} from '../support/review-pages'
import { BASE, body, Browser, expectRedirect, fieldErrors, run, submit } from './auth-support'

afterAll(closeRateLimitStore)

const decide = decider(reviewAction, '/bureau/institutions')

let seq = 0
/** The application form as a visitor fills it in; the USCC is registered in 宣汉县 (511722) unless told. */
function applicationForm(overrides: Record<string, string> = {}, regionCode = '511722') {
  seq++
  return {
    name: `达州测试检验检测中心${seq}`,
    nameEn: `Dazhou Test Centre ${seq}`,
    uscc: completeUscc(`12${regionCode}MB${String(1_000_000 + seq * 7919 + (Date.now() % 100_000)).slice(-7)}`),
    type: 'testing_centre',
    legalRep: '李四',
    cmaNo: '2215 1205 0123',
    cnasNo: 'cnas l12345',
    bankName: '中国银行达州宣汉支行',
    bankAccount: '5105 0161 2345 6789',
    contactName: '王五',
    contactPhone: '0818-2123456',
    address: '四川省达州市宣汉县东乡街道 1 号',
    email: `lab${seq}.${Date.now()}@example.test`,
    password: 'dazhou2026lab',
    confirmPassword: 'dazhou2026lab',
    ...overrides,
  }
}

async function apply(fields: Record<string, string>) {
  const browser = await Browser.open()
  const response = await submit(browser, applyAction, '/institutions/apply', fields)
  return { browser, response }
}

async function appliedInstitution(fields = applicationForm()) {
  const { browser, response } = await apply(fields)
  expectRedirect(response, /^\/institutions\/apply\?submitted=[0-9a-f-]{36}$/)
  const id = new URL(response.headers.get('Location')!, BASE).searchParams.get('submitted')!
  return { id, browser, fields }
}

async function inCatalogue(instrumentName: string) {
  const results = await searchInstruments(getDb(), parseCatalogueQuery(new URLSearchParams({ q: instrumentName })))
  return results.items.some((i) => i.name === instrumentName)
}

const { xuanhanCounty, tongchuanCounty, city, city2 } = await reviewOfficers()

describe('institution admission (入库)', () => {
  it('apply → county approve → city admit → its instrument appears in the catalogue', async () => {
    const { id, browser, fields } = await appliedInstitution()
    const db = getDb()
    const institution = await db.institution.findUniqueOrThrow({
      where: { id },
      include: { memberships: { include: { user: true } } },
    })
    // Region from USCC positions 3–8; accreditation and bank normalised.
    expect(institution).toMatchObject({
      status: 'pending',
      regionId: '511722',
      uscc: fields.uscc,
      cmaNo: '221512050123',
      cnasNo: 'CNAS L12345',
      bankAccount: '5105016123456789',
      type: 'testing_centre',
    })
    expect(institution.memberships).toHaveLength(1)
    expect(institution.memberships[0]).toMatchObject({ role: 'institution_staff' })
    expect(institution.memberships[0]!.user).toMatchObject({ email: fields.email, name: '王五' })

    // The applicant (signed in by the application) sees that it awaits review.
    const page = await run(applyLoader, browser.get(`/institutions/apply?submitted=${id}`))
    expect(await body(page)).toMatchObject({ mode: 'submitted', application: { id, status: 'pending' } })

    const { instrument } = await createInstrument({ institutionId: id, name: '原子吸收光谱仪-入库测试' })
    expect(await inCatalogue(instrument.name)).toBe(false)

    // The city cannot skip the county step for a Dazhou county.
    expect((await decide(city, id, 'city_admit')).status).toBe(400)

    expectRedirect(await decide(xuanhanCounty, id, 'county_approve'), `/bureau/institutions/${id}?done=county_approve`)
    expect((await db.institution.findUniqueOrThrow({ where: { id } })).status).toBe('county_reviewed')
    expect(await inCatalogue(instrument.name)).toBe(false)

    expectRedirect(await decide(city, id, 'city_admit', '资料齐全'), `/bureau/institutions/${id}?done=city_admit`)
    expect((await db.institution.findUniqueOrThrow({ where: { id } })).status).toBe('verified')
    expect(await inCatalogue(instrument.name)).toBe(true)

    // History rows and audit rows: reviewer, time, decision, reason.
    const reviews = await db.institutionReview.findMany({ where: { institutionId: id }, orderBy: { id: 'asc' } })
    expect(reviews.map((r) => [r.step, r.decision, r.fromStatus, r.toStatus, r.reviewerId, r.reason])).toEqual([
      ['county', 'approved', 'pending', 'county_reviewed', xuanhanCounty.userId, null],
      ['city', 'approved', 'county_reviewed', 'verified', city.userId, '资料齐全'],
    ])
    const audit = await db.auditLog.findMany({ where: { stream: `institution:${id}` }, orderBy: { seq: 'asc' } })
    expect(audit.map((a) => [a.seq, a.action, a.actorUserId])).toEqual([
      [1, 'institution.applied', institution.memberships[0]!.userId],
      [2, 'institution.county_approve', xuanhanCounty.userId],
      [3, 'institution.city_admit', city.userId],
    ])
    expect(audit[2]!.after).toMatchObject({ status: 'verified', decision: 'approved', reason: '资料齐全' })

    // The detail page shows the history and offers the city officer only "suspend" now.
    const detail = await call(detailLoader as never, city.browser.get(`/bureau/institutions/${id}`), { id })
    const data = await body<{ actions: string[]; institution: { reviews: unknown[] } }>(detail)
    expect(data.actions).toEqual(['suspend'])
    expect(data.institution.reviews).toHaveLength(2)
  })

  it('a rejection needs a reason and is final', async () => {
    const { id, browser: applicant } = await appliedInstitution()
    const noReason = await decide(xuanhanCounty, id, 'county_reject', '   ')
    expect(noReason.status).toBe(400)
    expect(await body(noReason)).toMatchObject({ errors: { reason: 'institutions:errors.reasonRequired' } })

    expectRedirect(
      await decide(xuanhanCounty, id, 'county_reject', '结算账户不是机构本身的对公账户'),
      /done=county_reject/,
    )
    const db = getDb()
    expect((await db.institution.findUniqueOrThrow({ where: { id } })).status).toBe('rejected')
    for (const [officer, intent] of [
      [xuanhanCounty, 'county_approve'],
      [city, 'city_admit'],
      [city, 'reinstate'],
      [city, 'suspend'],
    ] as const) {
      const response = await decide(officer, id, intent, '再看看')
      expect(response.status).toBe(400)
      expect(await body(response)).toMatchObject({ errors: { form: 'institutions:errors.wrongStatus' } })
    }
    expect((await db.institution.findUniqueOrThrow({ where: { id } })).status).toBe('rejected')
    // The applicant reads the reason on their application page.
    const page = await run(applyLoader, applicant.get(`/institutions/apply?submitted=${id}`))
    expect(await body(page)).toMatchObject({
      application: { status: 'rejected', lastReason: '结算账户不是机构本身的对公账户' },
    })
    const review = await db.institutionReview.findFirstOrThrow({ where: { institutionId: id } })
    expect(review).toMatchObject({ step: 'county', decision: 'rejected', reason: '结算账户不是机构本身的对公账户' })

    // City-level rejection after a county approval is final too.
    const second = await appliedInstitution()
    await decide(xuanhanCounty, second.id, 'county_approve')
    expectRedirect(await decide(city, second.id, 'city_reject', '资质证书已过期'), /done=city_reject/)
    expect((await decide(city, second.id, 'city_admit')).status).toBe(400)
    expect((await db.institution.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('rejected')
  })

  it('suspend hides the institution’s instruments from the catalogue; reinstate brings them back', async () => {
    const institution = await createInstitution({ regionId: '511702', status: 'verified' })
    const { instrument } = await createInstrument({ institutionId: institution.id, name: '扫描电子显微镜-暂停测试' })
    expect(await inCatalogue(instrument.name)).toBe(true)

    expect((await decide(city, institution.id, 'suspend')).status).toBe(400) // a reason is required
    // A county officer cannot suspend, even in their own county.
    expect((await decide(tongchuanCounty, institution.id, 'suspend', '违规收费')).status).toBe(403)

    expectRedirect(await decide(city, institution.id, 'suspend', '违规收费，待核查'), /done=suspend/)
    expect(await inCatalogue(instrument.name)).toBe(false)
    expectRedirect(await decide(city, institution.id, 'reinstate', '核查完毕'), /done=reinstate/)
    expect(await inCatalogue(instrument.name)).toBe(true)

    const steps = await getDb().institutionReview.findMany({
      where: { institutionId: institution.id },
      orderBy: { id: 'asc' },
      select: { step: true, toStatus: true },
    })
    expect(steps).toEqual([
      { step: 'suspend', toStatus: 'suspended' },
      { step: 'reinstate', toStatus: 'verified' },
    ])
  })

  it('a county officer of another region neither sees nor decides (404), and the queue is scoped', async () => {
    const { id } = await appliedInstitution() // 宣汉县
    const detail = await call(detailLoader as never, tongchuanCounty.browser.get(`/bureau/institutions/${id}`), { id })
    expect(detail.status).toBe(404)
    expect((await decide(tongchuanCounty, id, 'county_approve')).status).toBe(404)
    expect((await getDb().institution.findUniqueOrThrow({ where: { id } })).status).toBe('pending')

    const queue = queueReader(queueLoader, '/bureau/institutions')
    const tongchuan = await queue(tongchuanCounty, '?status=all')
    expect(tongchuan.rows.every((r) => r.region.id === '511702')).toBe(true)
    expect(tongchuan.rows.some((r) => r.id === id)).toBe(false)
    expect((await queue(xuanhanCounty)).rows.some((r) => r.id === id)).toBe(true)
    // "Awaiting review" is what awaits this officer: the county step first, then the city's.
    expect((await queue(city)).rows.some((r) => r.id === id)).toBe(false)
    expect((await queue(city, '?status=pending')).rows.some((r) => r.id === id)).toBe(true)
    await decide(xuanhanCounty, id, 'county_approve')
    expect((await queue(xuanhanCounty)).rows.some((r) => r.id === id)).toBe(false)
    expect((await queue(city)).rows.some((r) => r.id === id)).toBe(true)
    expect((await queue(city, '?status=verified')).rows.some((r) => r.id === id)).toBe(false)

    // Institution staff and enterprises have no queue at all.
    const staff = await signedIn('institution_staff', { institutionId: id })
    expect((await run(queueLoader, staff.browser.get('/bureau/institutions'))).status).toBe(403)
  })

  it('a partner-region institution (万州) goes straight to the city officer', async () => {
    const { id } = await appliedInstitution(applicationForm({ bankName: '重庆三峡银行万州分行' }, '500101'))
    const db = getDb()
    expect((await db.institution.findUniqueOrThrow({ where: { id } })).regionId).toBe('500101')
    const detail = await call(detailLoader as never, city.browser.get(`/bureau/institutions/${id}`), { id })
    expect(await body(detail)).toMatchObject({ actions: ['city_admit', 'city_reject'], next: 'city' })
    expectRedirect(await decide(city, id, 'city_admit'), /done=city_admit/)
    expect((await db.institution.findUniqueOrThrow({ where: { id } })).status).toBe('verified')
  })

  it('two city officers admitting at once: exactly one succeeds', async () => {
    const institution = await createInstitution({ regionId: '511722', status: 'county_reviewed' })
    const outcomes = await reviewAtOnce(INSTITUTION_REVIEW, institution.id, 'city_admit', [city, city2])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ ok: false, reason: 'status-changed' })])
    const db = getDb()
    expect(await db.institutionReview.count({ where: { institutionId: institution.id } })).toBe(1)
    expect(await db.auditLog.count({ where: { stream: `institution:${institution.id}` } })).toBe(1)

    // And through the HTTP actions: a suspend and a second suspend racing.
    const results = await Promise.all([
      decide(city, institution.id, 'suspend', '甲'),
      decide(city2, institution.id, 'suspend', '乙'),
    ])
    expectOneWinner(results)
  })

  it('a duplicate USCC is a field error; nothing is created', async () => {
    const first = await appliedInstitution()
    const again = applicationForm({ uscc: first.fields.uscc })
    const { response } = await apply(again)
    expect(response.status).toBe(400)
    expect((await fieldErrors(response)).uscc).toEqual(['institutions:errors.usccTaken'])
    const db = getDb()
    expect(await db.user.count({ where: { email: again.email } })).toBe(0)
    expect(await db.institution.count({ where: { uscc: first.fields.uscc } })).toBe(1)
  })

  it('field errors say what to fix and keep what was typed (except passwords)', async () => {
    const fields = applicationForm({
      bankAccount: '6217 abc',
      cmaNo: '12345',
      cnasNo: 'X1',
      uscc: '12511722MB0000000A',
    })
    const { response } = await apply(fields)
    expect(response.status).toBe(400)
    const data = await body<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(
      response,
    )
    expect(data.result.error.bankAccount).toEqual(['institutions:errors.bankAccountDigits'])
    expect(data.result.error.cmaNo).toEqual(['institutions:errors.cmaFormat'])
    expect(data.result.error.cnasNo).toEqual(['institutions:errors.cnasFormat'])
    expect(data.result.error.uscc).toEqual(['auth:errors.uscc.checksum'])
    expect(data.result.initialValue).toMatchObject({ name: fields.name, bankAccount: '6217 abc' })
    expect(data.result.initialValue.password).toBeUndefined()

    const short = await apply(applicationForm({ bankAccount: '1234' }))
    expect((await fieldErrors(short.response)).bankAccount).toEqual([
      'institutions:errors.bankAccountLength?min=8&max=30&count=4',
    ])
  })

  it('a signed-in user applies under their own account', async () => {
    const enterprise = await createEnterprise()
    const person = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
    const { email: _e, password: _p, confirmPassword: _c, ...fields } = applicationForm()
    const response = await submit(person.browser, applyAction, '/institutions/apply', fields)
    expectRedirect(response, /^\/institutions\/apply\?submitted=/)
    const id = new URL(response.headers.get('Location')!, BASE).searchParams.get('submitted')!
    const membership = await getDb().roleMembership.findFirstOrThrow({ where: { institutionId: id } })
    expect(membership).toMatchObject({ userId: person.userId, role: 'institution_staff' })
  })

  it('every audit chain verifies', async () => {
    const verification = await verifyAuditChains(getDb())
    expect(verification.ok).toBe(true)
    expect(verification.checkedRows).toBeGreaterThan(0)
  })
})
