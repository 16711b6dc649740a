import { afterAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { completeUscc } from '~/features/enterprises/uscc'
import { ENTERPRISE_REVIEW } from '~/features/enterprises/review/review-flow'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { action as reviewAction, loader as detailLoader } from '~/routes/bureau+/enterprises.$id'
import { loader as queueLoader } from '~/routes/bureau+/enterprises._index'
import { loader as enterpriseHome } from '~/routes/enterprise+/_index'
import { action as register } from '~/routes/register'
import { createEnterprise, createInstitution } from '../support/factories'
import {
  call,
  decider,
  expectOneWinner,
  queueReader,
  reviewAtOnce,
  reviewOfficers,
  signedIn,
  type Officer,
} from '../support/review-pages'
import { body, Browser, expectRedirect, run, submit } from './auth-support'

afterAll(closeRateLimitStore)

const decide = decider(reviewAction, '/bureau/enterprises')

const status = async (id: string) => (await getDb().enterprise.findUniqueOrThrow({ where: { id } })).status

let seq = 0
/** An SME owner registers at /register; the USCC is registered in 宣汉县 (511722). */
async function registered() {
  seq++
  const uscc = completeUscc(`91511722MA6${String(200000 + seq * 7919 + (Date.now() % 10_000)).slice(-6)}`)
  const response = await submit(await Browser.open(), register, '/register', {
    name: '张三',
    email: `owner${seq}.${Date.now()}@example.test`,
    phone: '13881800000',
    password: 'dazhou2026lab',
    confirmPassword: 'dazhou2026lab',
    enterpriseName: `达州审核测试科技有限公司${seq}`,
    uscc,
    legalRep: '李四',
    address: '达州市宣汉县东乡街道测试路1号',
    smeRegNo: `2025511722A${String(seq).padStart(7, '0')}`,
    smeRegYear: '2025',
    staffCount: '60',
    sales: '1800',
    salesUnit: 'wan',
    assets: '2500',
    assetsUnit: 'wan',
  })
  expectRedirect(response, '/enterprise?registered=1')
  const enterprise = await getDb().enterprise.findUniqueOrThrow({
    where: { uscc },
    include: { memberships: true },
  })
  return enterprise
}

const { xuanhanCounty, tongchuanCounty, city, city2 } = await reviewOfficers()

describe('enterprise review (企业审核)', () => {
  it('register → county approve → city verify, with history and audit rows', async () => {
    const enterprise = await registered()
    const id = enterprise.id
    expect(enterprise).toMatchObject({ status: 'pending', regionId: '511722' })

    // The city cannot skip the county step for a Dazhou county.
    expect((await decide(city, id, 'city_verify')).status).toBe(400)

    expectRedirect(await decide(xuanhanCounty, id, 'county_approve'), `/bureau/enterprises/${id}?done=county_approve`)
    expect(await status(id)).toBe('county_reviewed')
    expectRedirect(await decide(city, id, 'city_verify', '资料齐全'), `/bureau/enterprises/${id}?done=city_verify`)
    expect(await status(id)).toBe('verified')

    const db = getDb()
    const reviews = await db.enterpriseReview.findMany({ where: { enterpriseId: id }, orderBy: { id: 'asc' } })
    expect(reviews.map((r) => [r.step, r.decision, r.fromStatus, r.toStatus, r.reviewerId, r.reason])).toEqual([
      ['county', 'approved', 'pending', 'county_reviewed', xuanhanCounty.userId, null],
      ['city', 'approved', 'county_reviewed', 'verified', city.userId, '资料齐全'],
    ])
    const audit = await db.auditLog.findMany({ where: { stream: `enterprise:${id}` }, orderBy: { seq: 'asc' } })
    expect(audit.map((a) => [a.seq, a.action, a.actorUserId])).toEqual([
      [1, 'enterprise.registered', enterprise.memberships[0]!.userId],
      [2, 'enterprise.county_approve', xuanhanCounty.userId],
      [3, 'enterprise.city_verify', city.userId],
    ])
    expect(audit[2]!.after).toMatchObject({ status: 'verified', decision: 'approved', reason: '资料齐全' })

    // The detail page: history, and only "suspend" for the city now; nothing for the county.
    const detail = await call(detailLoader as never, city.browser.get(`/bureau/enterprises/${id}`), { id })
    const data = await body<{ actions: string[]; enterprise: { reviews: unknown[]; status: string } }>(detail)
    expect(data.actions).toEqual(['suspend'])
    expect(data.enterprise.reviews).toHaveLength(2)
    const countyView = await call(detailLoader as never, xuanhanCounty.browser.get(`/bureau/enterprises/${id}`), {
      id,
    })
    expect(await body(countyView)).toMatchObject({ actions: [], next: null })
  })

  it('the detail page carries every field, size figures as fen strings and the 科技型中小企业 number', async () => {
    const enterprise = await createEnterprise({
      regionId: '511722',
      status: 'pending',
      smeRegNo: '20265117220A0123',
      smeRegYear: 2026,
      staffCount: 120,
      salesFen: 3_456_780_000n,
      assetsFen: 1_200_000_000n,
      otherStatus: '高新技术企业',
      controllerGroup: '达州某某集团',
    })
    const detail = await call(
      detailLoader as never,
      xuanhanCounty.browser.get(`/bureau/enterprises/${enterprise.id}`),
      {
        id: enterprise.id,
      },
    )
    expect(detail.status).toBe(200)
    expect(await body(detail)).toMatchObject({
      actions: ['county_approve', 'county_reject'],
      next: 'county',
      enterprise: {
        smeRegNo: '20265117220A0123',
        smeRegYear: 2026,
        staffCount: 120,
        salesFen: '3456780000',
        assetsFen: '1200000000',
        otherStatus: '高新技术企业',
        controllerGroup: '达州某某集团',
      },
    })
  })

  it('the detail page shows declared related parties, the controller group with its other enterprises, and the SME-limit warning', async () => {
    const lab = await createInstitution({ name: '达州关联测试检测中心' })
    const enterprise = await createEnterprise({
      regionId: '511722',
      status: 'pending',
      staffCount: 600,
      salesFen: 25_000_000_000n,
      assetsFen: 20_000_000_000n,
      controllerGroup: '达州恒信 Group',
    })
    await getDb().enterpriseRelatedParty.create({
      data: { enterpriseId: enterprise.id, institutionId: lab.id, relation: 'shareholding', note: '持股 30%' },
    })
    // Same group once spaces are removed and case folded; one in another county; one other group.
    const sameCounty = await createEnterprise({ regionId: '511722', controllerGroup: '达州恒信group' })
    const otherCounty = await createEnterprise({ regionId: '511702', controllerGroup: ' 达州\u3000恒信 GROUP' })
    await createEnterprise({ regionId: '511722', controllerGroup: '达州恒新 Group' })

    const view = async (officer: Officer) => {
      const response = await call(detailLoader as never, officer.browser.get(`/bureau/enterprises/${enterprise.id}`), {
        id: enterprise.id,
      })
      expect(response.status).toBe(200)
      return body<{
        enterprise: { controllerGroup: string; relatedParties: unknown[] }
        groupPeers: { visible: { id: string; name: string }[]; hiddenCount: number }
        aboveSmeLimits: string[]
      }>(response)
    }

    const county = await view(xuanhanCounty)
    expect(county.enterprise.controllerGroup).toBe('达州恒信 Group')
    expect(county.enterprise.relatedParties).toMatchObject([
      { relation: 'shareholding', note: '持股 30%', institution: { id: lab.id, name: '达州关联测试检测中心' } },
    ])
    // Figures at the limit (assets = 2亿元) are fine; above it, a warning, never a refusal.
    expect(county.aboveSmeLimits).toEqual(['staffCount', 'salesFen'])
    // A county officer sees the peers in their county and only a count of the others.
    expect(county.groupPeers).toEqual({
      visible: [expect.objectContaining({ id: sameCounty.id })],
      hiddenCount: 1,
    })

    const cityView = await view(city)
    expect(cityView.groupPeers.visible.map((p) => p.id).sort()).toEqual([sameCounty.id, otherCounty.id].sort())
    expect(cityView.groupPeers.hiddenCount).toBe(0)

    // No group declared: no peers, even with other enterprises whose group is empty.
    const loner = await createEnterprise({ regionId: '511722', controllerGroup: null, staffCount: 10 })
    const lonerView = await call(detailLoader as never, city.browser.get(`/bureau/enterprises/${loner.id}`), {
      id: loner.id,
    })
    expect(await body(lonerView)).toMatchObject({
      groupPeers: { visible: [], hiddenCount: 0 },
      aboveSmeLimits: [],
      enterprise: { relatedParties: [] },
    })
  })

  it('a rejection needs a reason and is final, at either step', async () => {
    const { id } = await registered()
    const noReason = await decide(xuanhanCounty, id, 'county_reject', '   ')
    expect(noReason.status).toBe(400)
    expect(await body(noReason)).toMatchObject({ errors: { reason: 'enterprises:errors.reasonRequired' } })
    expect(await status(id)).toBe('pending')

    expectRedirect(await decide(xuanhanCounty, id, 'county_reject', '不属于科技型中小企业'), /done=county_reject/)
    expect(await status(id)).toBe('rejected')
    for (const [officer, intent] of [
      [xuanhanCounty, 'county_approve'],
      [city, 'city_verify'],
      [city, 'reinstate'],
      [city, 'suspend'],
    ] as const) {
      const response = await decide(officer, id, intent, '再看看')
      expect(response.status).toBe(400)
      expect(await body(response)).toMatchObject({ errors: { form: 'enterprises:errors.wrongStatus' } })
    }
    expect(await status(id)).toBe('rejected')
    const review = await getDb().enterpriseReview.findFirstOrThrow({ where: { enterpriseId: id } })
    expect(review).toMatchObject({ step: 'county', decision: 'rejected', reason: '不属于科技型中小企业' })

    // The enterprise's own workspace tells it why.
    const owner = await signedIn('enterprise_member', { enterpriseId: id })
    const home = await call(enterpriseHome as never, owner.browser.get('/enterprise'))
    expect(home.status).toBe(200)
    expect(await body(home)).toMatchObject({
      enterprise: { status: 'rejected', reviews: [{ reason: '不属于科技型中小企业' }] },
    })

    const second = await registered()
    await decide(xuanhanCounty, second.id, 'county_approve')
    expectRedirect(await decide(city, second.id, 'city_reject', '从业人数超过 500 人'), /done=city_reject/)
    expect((await decide(city, second.id, 'city_verify')).status).toBe(400)
    expect(await status(second.id)).toBe('rejected')
  })

  it('the city suspends a verified enterprise with a reason and reinstates it; a county cannot', async () => {
    const enterprise = await createEnterprise({ regionId: '511702', status: 'verified' })
    const id = enterprise.id
    expect((await decide(city, id, 'suspend')).status).toBe(400) // a reason is required
    expect((await decide(tongchuanCounty, id, 'suspend', '违规使用创新券')).status).toBe(403)
    expectRedirect(await decide(city, id, 'suspend', '违规使用创新券，待核查'), /done=suspend/)
    expect(await status(id)).toBe('suspended')
    const detail = await call(detailLoader as never, city.browser.get(`/bureau/enterprises/${id}`), { id })
    expect(await body(detail)).toMatchObject({ actions: ['reinstate'] })
    expectRedirect(await decide(city, id, 'reinstate'), /done=reinstate/)
    expect(await status(id)).toBe('verified')

    const steps = await getDb().enterpriseReview.findMany({
      where: { enterpriseId: id },
      orderBy: { id: 'asc' },
      select: { step: true, toStatus: true, reason: true, reviewerId: true },
    })
    expect(steps).toEqual([
      { step: 'suspend', toStatus: 'suspended', reason: '违规使用创新券，待核查', reviewerId: city.userId },
      { step: 'reinstate', toStatus: 'verified', reason: null, reviewerId: city.userId },
    ])
    const audit = await getDb().auditLog.findMany({ where: { stream: `enterprise:${id}` }, orderBy: { seq: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['enterprise.suspend', 'enterprise.reinstate'])
  })

  it('a county officer of another region neither sees nor decides (404), and the queue is scoped', async () => {
    const { id } = await registered() // 宣汉县
    const detail = await call(detailLoader as never, tongchuanCounty.browser.get(`/bureau/enterprises/${id}`), { id })
    expect(detail.status).toBe(404)
    expect((await decide(tongchuanCounty, id, 'county_approve')).status).toBe(404)
    expect(await status(id)).toBe('pending')

    const queue = queueReader(queueLoader, '/bureau/enterprises')
    const tongchuan = await queue(tongchuanCounty, '?status=all')
    expect(tongchuan.rows.every((r) => r.region.id === '511702')).toBe(true)
    expect(tongchuan.rows.some((r) => r.id === id)).toBe(false)
    expect((await queue(xuanhanCounty)).rows.some((r) => r.id === id)).toBe(true)
    // By default, what awaits this officer: the county step first, then the city's.
    expect((await queue(city)).rows.some((r) => r.id === id)).toBe(false)
    expect((await queue(city, '?status=pending')).rows.some((r) => r.id === id)).toBe(true)
    await decide(xuanhanCounty, id, 'county_approve')
    expect((await queue(xuanhanCounty)).rows.some((r) => r.id === id)).toBe(false)
    expect((await queue(city)).rows.some((r) => r.id === id)).toBe(true)

    // Enterprise members have no queue at all.
    const member = await signedIn('enterprise_member', { enterpriseId: id })
    expect((await run(queueLoader, member.browser.get('/bureau/enterprises'))).status).toBe(403)
  })

  it('a partner-region enterprise (万州) goes straight to the city officer', async () => {
    const enterprise = await createEnterprise({ regionId: '500101', status: 'pending' })
    const id = enterprise.id
    const detail = await call(detailLoader as never, city.browser.get(`/bureau/enterprises/${id}`), { id })
    expect(await body(detail)).toMatchObject({ actions: ['city_verify', 'city_reject'], next: 'city' })
    const queue = await body<{ rows: { id: string }[] }>(
      await run(queueLoader, city.browser.get('/bureau/enterprises')),
    )
    expect(queue.rows.some((r) => r.id === id)).toBe(true)
    expectRedirect(await decide(city, id, 'city_verify'), /done=city_verify/)
    expect(await status(id)).toBe('verified')
  })

  it('two city officers verifying at once: exactly one succeeds', async () => {
    const enterprise = await createEnterprise({ regionId: '511722', status: 'county_reviewed' })
    const outcomes = await reviewAtOnce(ENTERPRISE_REVIEW, enterprise.id, 'city_verify', [city, city2])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    expect(outcomes.filter((o) => !o.ok)).toEqual([expect.objectContaining({ ok: false, reason: 'status-changed' })])
    const db = getDb()
    expect(await db.enterpriseReview.count({ where: { enterpriseId: enterprise.id } })).toBe(1)
    expect(await db.auditLog.count({ where: { stream: `enterprise:${enterprise.id}` } })).toBe(1)
    expect(await status(enterprise.id)).toBe('verified')

    // And through the HTTP actions: a verify and a reject racing on a fresh county-reviewed one.
    const other = await createEnterprise({ regionId: '511722', status: 'county_reviewed' })
    const results = await Promise.all([
      decide(city, other.id, 'city_verify'),
      decide(city2, other.id, 'city_reject', '资料不全'),
    ])
    expectOneWinner(results)
    expect(await getDb().enterpriseReview.count({ where: { enterpriseId: other.id } })).toBe(1)
  })

  it('every audit chain verifies', async () => {
    const verification = await verifyAuditChains(getDb())
    expect(verification.ok).toBe(true)
    expect(verification.checkedRows).toBeGreaterThan(0)
  })
})
