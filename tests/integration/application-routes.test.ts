import { afterAll, describe, expect, it } from 'vitest'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { action as reviewAction, loader as detailLoader } from '~/routes/bureau+/applications+/$id'
import { loader as queueLoader } from '~/routes/bureau+/applications+/_index'
import { loader as mineLoader } from '~/routes/enterprise+/applications+/_index'
import { action as applyAction, loader as applyLoader } from '~/routes/enterprise+/applications+/new'
import { createEnterprise, createProgramme } from '../support/factories'
import { call, signedIn } from '../support/review-pages'
import { body, expectRedirect, setCookies } from './auth-support'

afterAll(closeRateLimitStore)

const WAN = 1_000_000n
const DAY = 86_400_000

/** A programme open right now (the routes use the real clock). */
async function openProgramme(capFen = 20n * WAN) {
  const now = Date.now()
  return createProgramme({
    year: new Date(now).getUTCFullYear(),
    applyFrom: new Date(now - DAY),
    applyTo: new Date(now + 30 * DAY),
    capFen,
    fundFen: 200n * WAN,
  })
}

type ApplyData = { programmes: { id: string; roomFen: string; capFen: string }[]; formKey: string }
type ErrorsData = { errors: Record<string, string[] | string | undefined> }

describe('applying and reviewing through the pages', () => {
  it('an enterprise applies; the county then the city approve; the voucher shows on its applications page', async () => {
    const programme = await openProgramme()
    const enterprise = await createEnterprise({ regionId: '511723' })
    const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })

    const page = await body<ApplyData>(
      await call(applyLoader as never, member.browser.get('/enterprise/applications/new')),
    )
    const offered = page.programmes.find((p) => p.id === programme.id)
    expect(offered).toMatchObject({ roomFen: String(20n * WAN), capFen: String(20n * WAN) })

    // Bad input: a clear message on the field, nothing written.
    const bad = await call(
      applyAction as never,
      member.browser.post('/enterprise/applications/new', {
        programmeId: programme.id,
        amount: '五万',
        purpose: '',
        idempotencyKey: page.formKey,
      }),
    )
    expect(bad.status).toBe(400)
    const badErrors = (await body<ErrorsData>(bad)).errors
    expect(badErrors.amount).toEqual(['applications:errors.amountInvalid'])
    expect(badErrors.purpose).toEqual(['applications:errors.purposeRequired'])
    const overCap = await call(
      applyAction as never,
      member.browser.post('/enterprise/applications/new', {
        programmeId: programme.id,
        amount: '200,000.01',
        purpose: '锂电池隔膜材料热稳定性研究',
        idempotencyKey: page.formKey,
      }),
    )
    expect(overCap.status).toBe(400)
    expect((await body<ErrorsData>(overCap)).errors.amount).toEqual([
      `applications:errors.over-cap?room=${encodeURIComponent('¥200,000.00')}`,
    ])
    expect(await getDb().voucherApplication.count({ where: { enterpriseId: enterprise.id } })).toBe(0)

    const ok = await call(
      applyAction as never,
      member.browser.post('/enterprise/applications/new', {
        programmeId: programme.id,
        amount: '80000',
        purpose: '锂电池隔膜材料热稳定性研究',
        plannedUse: '热重分析、差示扫描量热',
        idempotencyKey: page.formKey,
      }),
    )
    expectRedirect(ok, '/enterprise/applications?done=submitted')
    const application = await getDb().voucherApplication.findFirstOrThrow({ where: { enterpriseId: enterprise.id } })
    expect(application).toMatchObject({ amountFen: 8_000_000n, status: 'submitted', applicantId: member.userId })

    // The 开江县 officer has it waiting; the 通川区 officer does not even see it.
    const kaijiang = await signedIn('county_officer', { regionId: '511723' })
    const tongchuan = await signedIn('county_officer', { regionId: '511702' })
    const queue = await body<{ rows: { id: string }[] }>(
      await call(queueLoader as never, kaijiang.browser.get('/bureau/applications')),
    )
    expect(queue.rows.map((r) => r.id)).toContain(application.id)
    const otherQueue = await body<{ rows: { id: string }[] }>(
      await call(queueLoader as never, tongchuan.browser.get('/bureau/applications?status=all')),
    )
    expect(otherQueue.rows.map((r) => r.id)).not.toContain(application.id)
    const hidden = await call(detailLoader as never, tongchuan.browser.get(`/bureau/applications/${application.id}`), {
      id: application.id,
    })
    expect(hidden.status).toBe(404)

    const detail = await body<{ actions: string[] }>(
      await call(detailLoader as never, kaijiang.browser.get(`/bureau/applications/${application.id}`), {
        id: application.id,
      }),
    )
    expect(detail.actions).toEqual(['county_approve', 'county_reject'])
    const noReason = await call(
      reviewAction as never,
      kaijiang.browser.post(`/bureau/applications/${application.id}`, { intent: 'county_reject', reason: '' }),
      { id: application.id },
    )
    expect(noReason.status).toBe(400)
    expect((await body<ErrorsData>(noReason)).errors.reason).toEqual(['applications:errors.reasonRequired'])
    expectRedirect(
      await call(
        reviewAction as never,
        kaijiang.browser.post(`/bureau/applications/${application.id}`, {
          intent: 'county_approve',
          reason: '同意推荐',
        }),
        { id: application.id },
      ),
      `/bureau/applications/${application.id}?done=county_approve`,
    )
    // A county officer cannot take the city's step.
    const forbidden = await call(
      reviewAction as never,
      kaijiang.browser.post(`/bureau/applications/${application.id}`, { intent: 'city_approve' }),
      { id: application.id },
    )
    expect(forbidden.status).toBe(403)

    const city = await signedIn('city_officer', { regionId: '511700' })
    const cityQueue = await body<{ rows: { id: string }[] }>(
      await call(queueLoader as never, city.browser.get('/bureau/applications')),
    )
    expect(cityQueue.rows.map((r) => r.id)).toContain(application.id)
    const approved = await call(
      reviewAction as never,
      city.browser.post(`/bureau/applications/${application.id}`, { intent: 'city_approve' }),
      { id: application.id },
    )
    city.browser.absorb(setCookies(approved))
    expectRedirect(approved, `/bureau/applications/${application.id}?done=city_approve`)
    // Pressing it again (a second tab) is a clear conflict, not a second voucher.
    const again = await call(
      reviewAction as never,
      city.browser.post(`/bureau/applications/${application.id}`, { intent: 'city_approve' }),
      { id: application.id },
    )
    expect(again.status).toBe(409)

    const mine = await body<{
      applications: { id: string; status: string; voucher: { serial: string } | null; county: { reason: string } }[]
    }>(await call(mineLoader as never, member.browser.get('/enterprise/applications')))
    const shown = mine.applications.find((a) => a.id === application.id)
    expect(shown).toMatchObject({ status: 'approved', county: { reason: '同意推荐' } })
    expect(shown?.voucher?.serial).toMatch(new RegExp(`^${programme.serialPrefix}\\d{4}-000001$`))
  })

  it('an enterprise member cannot reach the review pages', async () => {
    const enterprise = await createEnterprise()
    const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
    const response = await call(queueLoader as never, member.browser.get('/bureau/applications'))
    expect(response.status).toBe(403)
  })
})
