import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { programmeFigures } from '~/features/programmes/figures.server'
import { fundProgrammeFromForm } from '~/features/programmes/programmes.server'
import { issueVoucher } from '~/features/vouchers/issue-voucher.server'
import type { RoleName } from '~/generated/prisma/client'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'
import { action as detailAction, loader as detailLoader } from '~/routes/bureau+/programmes.$id'
import { loader as listLoader } from '~/routes/bureau+/programmes._index'
import { action as newAction, loader as newLoader } from '~/routes/bureau+/programmes.new'
import {
  createEnterprise,
  createInstrument,
  createProgramme,
  createUser,
  openAroundTheClock,
} from '../support/factories'
import { BASE, body, Browser, expectRedirect, setCookies } from './auth-support'

afterAll(closeRateLimitStore)

type Fn = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response>

async function signedIn(role: RoleName, scope: { regionId?: string; enterpriseId?: string } = {}) {
  const user = await createUser({ memberships: { create: { role, ...scope } } })
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: user.id, remember: false })
  browser.absorb([session.setCookie])
  return { browser, userId: user.id }
}

async function call(fn: Fn, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return await fn({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

let seq = 0
function programmeForm(overrides: Record<string, string> = {}): Record<string, string> {
  seq++
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
  return {
    name: `2027年度达州市科技创新券计划（第${seq}批-${Date.now() % 100000}）`,
    year: '2027',
    serialPrefix: `P${letters[seq % 26]}${letters[Math.floor(Date.now() / 7) % 26]}${letters[(Date.now() >> 3) % 26]}`,
    totalBudget: '2000',
    budgetUnit: 'wan',
    applyFrom: '2027-01-01',
    applyTo: '2027-12-31',
    cap: '20',
    capUnit: 'wan',
    sharePercent: '60',
    validityMonths: '12',
    redemptionGraceMonths: '3',
    acceptPartnerRegions: 'on',
    ...overrides,
  }
}

function post(browser: Browser, path: string, fields: Record<string, string>, multi: [string, string][] = []) {
  const request = browser.post(path, fields)
  if (multi.length === 0) return request
  const params = new URLSearchParams(fields)
  params.set('csrf', browser.csrfToken)
  for (const [k, v] of multi) params.append(k, v)
  return new Request(request.url, { method: 'POST', body: params, headers: request.headers })
}

async function createViaForm(
  officer: Awaited<ReturnType<typeof signedIn>>,
  fields: Record<string, string>,
  multi: [string, string][] = [],
) {
  const response = await call(newAction as Fn, post(officer.browser, '/bureau/programmes/new', fields, multi))
  officer.browser.absorb(setCookies(response))
  return response
}

const idFrom = (response: Response) =>
  /\/bureau\/programmes\/([0-9a-f-]{36})/.exec(response.headers.get('Location') ?? '')![1]!

describe('programmes: create and edit', () => {
  it('a city officer creates a programme from the form; amounts in fen, share in basis points, dates in Shanghai', async () => {
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const db = getDb()
    const tops = await db.instrumentCategory.findMany({
      where: { parentCode: null },
      take: 2,
      orderBy: { code: 'asc' },
    })
    const fields = programmeForm({ totalBudget: '1,500.5', cap: '150000', capUnit: 'yuan' })
    const response = await createViaForm(
      officer,
      fields,
      tops.map((c) => ['allowedCategories', c.code]),
    )
    expectRedirect(response, /\/bureau\/programmes\/[0-9a-f-]{36}\?done=created$/)
    const programme = await db.programme.findUniqueOrThrow({ where: { id: idFrom(response) } })
    expect(programme).toMatchObject({
      regionId: '511700',
      year: 2027,
      serialPrefix: fields.serialPrefix,
      totalBudgetFen: 1_500_500_000n,
      capFen: 15_000_000n,
      shareBp: 6000,
      allowedCategories: tops.map((c) => c.code).sort(),
      validityMonths: 12,
      redemptionGraceMonths: 3,
      acceptPartnerRegions: true,
      budgetAccountId: null,
    })
    expect(programme.applyFrom.toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(programme.applyTo.toISOString()).toBe('2027-12-31T15:59:59.999Z')
    const audit = await db.auditLog.findMany({ where: { entityId: programme.id, action: 'programme.created' } })
    expect(audit).toHaveLength(1)
    expect(audit[0]!.stream).toBe('region:511700')

    const list = await call(listLoader as Fn, officer.browser.get('/bureau/programmes'))
    expect(list.status).toBe(200)
    const listed = await body<{ programmes: { id: string }[] }>(list)
    expect(listed.programmes.map((p) => p.id)).toContain(programme.id)
  })

  it('refuses an invalid form with what to fix, keeping the input', async () => {
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const fields = programmeForm({ sharePercent: '85', serialPrefix: 'D1' })
    const response = await createViaForm(officer, fields)
    expect(response.status).toBe(400)
    const data = await body<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(
      response,
    )
    expect(data.result.error.sharePercent).toEqual(['programmes:errors.shareRange?min=30&max=80'])
    expect(data.result.error.serialPrefix).toEqual(['programmes:errors.prefixInvalid'])
    expect(data.result.initialValue.name).toBe(fields.name)
  })

  it('refuses a serial prefix already used that year', async () => {
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const first = programmeForm()
    expectRedirect(await createViaForm(officer, first), /done=created/)
    const second = await createViaForm(officer, programmeForm({ serialPrefix: first.serialPrefix! }))
    expect(second.status).toBe(400)
    const data = await body<{ result: { error: Record<string, string[]> } }>(second)
    expect(data.result.error.serialPrefix).toEqual(['programmes:errors.prefixTaken'])
  })

  it('edits freely until a voucher exists; then the prefix and year are locked', async () => {
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const db = getDb()
    const fields = programmeForm()
    const id = idFrom(await createViaForm(officer, fields))
    const path = `/bureau/programmes/${id}`

    const renamed = {
      ...fields,
      intent: 'save',
      serialPrefix: 'QQZ',
      sharePercent: '70',
      name: `${fields.name}（修订）`,
    }
    expectRedirect(await call(detailAction as Fn, post(officer.browser, path, renamed), { id }), `${path}?done=saved`)
    expect(await db.programme.findUniqueOrThrow({ where: { id } })).toMatchObject({
      serialPrefix: 'QQZ',
      shareBp: 7000,
    })

    const funded = await fundProgrammeFromForm(
      { db },
      {
        programmeId: id,
        amountFen: 100_000_000n,
        reason: '首批',
        idempotencyKey: `k-${id}`,
        actorUserId: officer.userId,
      },
    )
    expect(funded.ok).toBe(true)
    const enterprise = await createEnterprise()
    await db.$transaction((tx) =>
      issueVoucher(tx, {
        programmeId: id,
        enterpriseId: enterprise.id,
        amountFen: 1_000_000n,
        actorUserId: null,
        at: new Date(),
      }),
    )

    const locked = await call(detailAction as Fn, post(officer.browser, path, { ...renamed, serialPrefix: 'QQY' }), {
      id,
    })
    expect(locked.status).toBe(409)
    const data = await body<{ result: { error: Record<string, string[]> } }>(locked)
    expect(data.result.error.serialPrefix).toEqual(['programmes:errors.identityLocked'])
    const yearChange = await call(
      detailAction as Fn,
      post(officer.browser, path, { ...renamed, year: '2028', applyFrom: '2028-01-01', applyTo: '2028-12-31' }),
      { id },
    )
    expect(yearChange.status).toBe(409)
    // Other fields still change.
    expectRedirect(
      await call(detailAction as Fn, post(officer.browser, path, { ...renamed, validityMonths: '18' }), { id }),
      `${path}?done=saved`,
    )
    expect(await db.programme.findUniqueOrThrow({ where: { id } })).toMatchObject({
      serialPrefix: 'QQZ',
      year: 2027,
      validityMonths: 18,
    })
    // The budget cannot drop below what is funded (¥1,000,000 = 100万元).
    const below = await call(
      detailAction as Fn,
      post(officer.browser, path, { ...renamed, totalBudget: '99', cap: '20' }),
      { id },
    )
    expect(below.status).toBe(400)
    const belowData = await body<{ result: { error: Record<string, string[]> } }>(below)
    expect(belowData.result.error.totalBudget?.[0]).toMatch(/^programmes:errors\.budgetBelowFunded\?funded=/)
    expect(await db.auditLog.count({ where: { entityId: id, action: 'programme.updated' } })).toBe(2)
  })
})

describe('programmes: funding', () => {
  it('a double submit of the funding form funds once; over-funding is refused', async () => {
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const db = getDb()
    const id = idFrom(await createViaForm(officer, programmeForm({ totalBudget: '100' })))
    const path = `/bureau/programmes/${id}`
    const page = await body<{ fundKey: string; headroomFen: string }>(
      await call(detailLoader as Fn, officer.browser.get(path), { id }),
    )
    expect(page.headroomFen).toBe('100000000')
    const fund = {
      intent: 'fund',
      amount: '60',
      unit: 'wan',
      reason: '2027年第一批专项资金',
      idempotencyKey: page.fundKey,
    }

    const [a, b] = await Promise.all([
      call(detailAction as Fn, post(officer.browser, path, fund), { id }),
      call(detailAction as Fn, post(officer.browser, path, fund), { id }),
    ])
    const locations = [a, b].map((r) => r.headers.get('Location'))
    expect(locations.sort()).toEqual([`${path}?done=funded`, `${path}?done=fundedAgain`])
    const again = await call(detailAction as Fn, post(officer.browser, path, fund), { id })
    expectRedirect(again, `${path}?done=fundedAgain`)

    const programme = await db.programme.findUniqueOrThrow({ where: { id } })
    const transfers = await db.$queryRaw<{ amount: bigint }[]>`
      SELECT amount FROM ledger_transfer WHERE credit_account_id = ${programme.budgetAccountId} AND kind = 'programme-funding'`
    expect(transfers).toEqual([{ amount: 60_000_000n }])
    expect(await db.auditLog.count({ where: { entityId: id, action: 'programme.funded' } })).toBe(1)
    const reasons = await db.auditLog.findMany({ where: { entityId: id, action: 'programme.funding-reason' } })
    expect(reasons).toHaveLength(1)
    expect(reasons[0]!.after).toMatchObject({ reason: '2027年第一批专项资金' })

    // 40万元 left: 40.01万元 is refused and says how much is left; 40万元 is accepted.
    const next = await body<{ fundKey: string; headroomFen: string }>(
      await call(detailLoader as Fn, officer.browser.get(path), { id }),
    )
    expect(next.fundKey).not.toBe(page.fundKey)
    expect(next.headroomFen).toBe('40000000')
    const over = await call(
      detailAction as Fn,
      post(officer.browser, path, { ...fund, amount: '40.01', idempotencyKey: next.fundKey }),
      { id },
    )
    expect(over.status).toBe(400)
    const overData = await body<{ result: { error: Record<string, string[]> } }>(over)
    expect(overData.result.error.amount).toEqual(['programmes:errors.overBudget?headroom=40%E4%B8%87%E5%85%83'])
    expectRedirect(
      await call(
        detailAction as Fn,
        post(officer.browser, path, { ...fund, amount: '400000', unit: 'yuan', idempotencyKey: next.fundKey }),
        { id },
      ),
      `${path}?done=funded`,
    )
    const figures = await programmeFigures(db, id)
    expect(figures).toMatchObject({ budgetFen: 100_000_000n, fundedFen: 100_000_000n, availableFen: 100_000_000n })
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })
})

describe('programmes: figures', () => {
  it('equal the ledger after two vouchers and one booking hold, and the ledger balances', async () => {
    const db = getDb()
    const programme = await createProgramme({ fundFen: 50_000_000n, totalBudgetFen: 80_000_000n })
    const enterprise = await createEnterprise()
    const at = new Date('2026-02-01T02:00:00.000Z')
    const v1 = await db.$transaction((tx) =>
      issueVoucher(tx, {
        programmeId: programme.id,
        enterpriseId: enterprise.id,
        amountFen: 5_000_000n,
        actorUserId: null,
        at,
      }),
    )
    const other = await createEnterprise()
    await db.$transaction((tx) =>
      issueVoucher(tx, {
        programmeId: programme.id,
        enterpriseId: other.id,
        amountFen: 3_000_000n,
        actorUserId: null,
        at,
      }),
    )
    const { instrument, serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } })
    await openAroundTheClock(instrument.id)
    const user = await createUser()
    const booking = await requestBooking(
      { db, now: new Date('2026-06-01T01:00:00.000Z') },
      {
        enterpriseId: enterprise.id,
        actorUserId: user.id,
        serviceItemId: serviceItem.id,
        voucherId: v1.voucherId,
        startsAt: new Date(Date.UTC(2026, 5, 10, 9)),
        endsAt: new Date(Date.UTC(2026, 5, 10, 11)),
        quantity: 2,
        idempotencyKey: `fig-${programme.id}`,
      },
    )
    expect(booking.ok).toBe(true)

    const figures = (await programmeFigures(db, programme.id))!
    // The same numbers straight from the ledger tables.
    const budget = await db.ledgerAccount.findUniqueOrThrow({ where: { id: programme.budgetAccountId! } })
    const hold = await db.ledgerAccount.findUniqueOrThrow({ where: { code: `booking_hold:voucher:${v1.voucherId}` } })
    const held = hold.creditsPending
    expect(figures).toMatchObject({
      budgetFen: 80_000_000n,
      fundedFen: 50_000_000n,
      availableFen: budget.creditsPosted - budget.debitsPosted - budget.debitsPending,
      issuedFen: 8_000_000n,
      voucherCount: 2,
      heldFen: held,
      redeemedFen: 0n,
      lapsedFen: 0n,
    })
    expect(figures.availableFen).toBe(42_000_000n)
    expect(held).toBeGreaterThan(0n)
    expect(figures.check.balanced).toBe(true)
    expect(figures.check.accountCount).toBe(4) // budget, two vouchers, one hold account
    expect(figures.check.debitsFen).toBe(figures.check.creditsFen)

    // The page shows the same figures.
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const page = await call(detailLoader as Fn, officer.browser.get(`/bureau/programmes/${programme.id}`), {
      id: programme.id,
    })
    const data = await body<{ figures: Record<string, string> }>(page)
    expect(data.figures).toMatchObject({ issuedFen: '8000000', heldFen: held.toString(), fundedFen: '50000000' })
  })
})

describe('programmes: access', () => {
  it('is for city officers only: a county officer and an enterprise member get 403', async () => {
    const programme = await createProgramme({ fundFen: 0n })
    const county = await signedIn('county_officer', { regionId: '511702' })
    const enterprise = await createEnterprise()
    const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
    for (const who of [county, member]) {
      expect((await call(listLoader as Fn, who.browser.get('/bureau/programmes'))).status).toBe(403)
      expect((await call(newLoader as Fn, who.browser.get('/bureau/programmes/new'))).status).toBe(403)
      expect((await call(newAction as Fn, post(who.browser, '/bureau/programmes/new', programmeForm()))).status).toBe(
        403,
      )
      const path = `/bureau/programmes/${programme.id}`
      expect((await call(detailLoader as Fn, who.browser.get(path), { id: programme.id })).status).toBe(403)
      const fund = { intent: 'fund', amount: '1', unit: 'wan', reason: '越权', idempotencyKey: 'abcdefgh-1234' }
      expect((await call(detailAction as Fn, post(who.browser, path, fund), { id: programme.id })).status).toBe(403)
    }
    expect(await getDb().programme.findUniqueOrThrow({ where: { id: programme.id } })).toMatchObject({
      budgetAccountId: null,
    })
  })
})
