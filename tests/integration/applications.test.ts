import { describe, expect, it } from 'vitest'
import { applyForVoucher } from '~/features/applications/apply.server'
import { reviewApplication } from '~/features/applications/review-application.server'
import { verifyAuditChains } from '~/features/audit/verify.server'
import type { OfficerReach } from '~/features/org-review/review-flow'
import { getAccountBalances } from '~/features/ledger/ledger.server'
import { programmeFigures } from '~/features/programmes/figures.server'
import { issueVoucher } from '~/features/vouchers/issue-voucher.server'
import { getDb } from '~/infra/db.server'
import { inTransaction } from '~/infra/tx.server'
import { createEnterprise, createProgramme, createUser } from '../support/factories'

const WAN = 1_000_000n
const now = new Date('2026-06-01T02:00:00.000Z')
let keyCounter = 0
const key = () => `form-${++keyCounter}-${Math.random().toString(36).slice(2)}`

const countyOf = (regionId: string): OfficerReach => ({ countyRegionIds: [regionId], city: false, canSuspend: false })
const CITY: OfficerReach = { countyRegionIds: [], city: true, canSuspend: true }

async function setup(opts: { fundFen?: bigint; capFen?: bigint } = {}) {
  const programme = await createProgramme({ fundFen: opts.fundFen ?? 500n * WAN, capFen: opts.capFen ?? 20n * WAN })
  const applicant = await createUser()
  const countyOfficer = await createUser()
  const cityOfficer = await createUser()
  return { programme, applicant, countyOfficer, cityOfficer }
}

function apply(
  s: Awaited<ReturnType<typeof setup>>,
  enterpriseId: string,
  amountFen: bigint,
  extra: { idempotencyKey?: string; at?: Date } = {},
) {
  return applyForVoucher(
    { now: extra.at ?? now },
    {
      enterpriseId,
      applicantId: s.applicant.id,
      programmeId: s.programme.id,
      amountFen,
      purpose: '新产品成分检测',
      plannedUse: '气相色谱-质谱分析',
      idempotencyKey: extra.idempotencyKey ?? key(),
    },
  )
}

async function applied(s: Awaited<ReturnType<typeof setup>>, enterpriseId: string, amountFen: bigint) {
  const outcome = await apply(s, enterpriseId, amountFen)
  if (!outcome.ok) throw new Error(`apply refused: ${outcome.reason}`)
  return outcome.value.applicationId
}

describe('applying for a voucher', () => {
  it('county approval then city approval issues a voucher from the budget in one transfer, with every step recorded', async () => {
    const s = await setup()
    const enterprise = await createEnterprise({ regionId: '511722' })
    const id = await applied(s, enterprise.id, 8n * WAN)

    const county = await reviewApplication(
      {
        applicationId: id,
        action: 'county_approve',
        reason: '材料齐全',
        reviewerId: s.countyOfficer.id,
        officer: countyOf('511722'),
      },
      { now: new Date(now.getTime() + 3_600_000) },
    )
    expect(county).toMatchObject({ ok: true, value: { from: 'submitted', to: 'county_approved', voucher: null } })
    const city = await reviewApplication(
      { applicationId: id, action: 'city_approve', reviewerId: s.cityOfficer.id, officer: CITY },
      { now: new Date(now.getTime() + 7_200_000) },
    )
    expect(city.ok).toBe(true)
    if (!city.ok) return
    expect(city.value.voucher?.serial).toMatch(new RegExp(`^${s.programme.serialPrefix}2026-000001$`))

    const row = await getDb().voucherApplication.findUniqueOrThrow({ where: { id }, include: { voucher: true } })
    expect(row).toMatchObject({
      status: 'approved',
      countyDecision: 'approved',
      countyReviewerId: s.countyOfficer.id,
      countyReason: '材料齐全',
      cityDecision: 'approved',
      cityReviewerId: s.cityOfficer.id,
      applicantId: s.applicant.id,
    })
    expect(row.countyReviewedAt?.toISOString()).toBe('2026-06-01T03:00:00.000Z')
    expect(row.voucher).toMatchObject({ enterpriseId: enterprise.id, faceValueFen: 8n * WAN, status: 'active' })
    expect(await getAccountBalances(getDb(), row.voucher!.accountId)).toMatchObject({ available: 8n * WAN })
    const transfers = await getDb().ledgerTransfer.findMany({ where: { creditAccountId: row.voucher!.accountId } })
    expect(transfers).toHaveLength(1)
    expect(transfers[0]).toMatchObject({
      debitAccountId: s.programme.budgetAccountId,
      amount: 8n * WAN,
      kind: 'voucher-issue',
    })
    const actions = await getDb().auditLog.findMany({
      where: { entityId: id },
      orderBy: { seq: 'asc' },
      select: { action: true },
    })
    expect(actions.map((a) => a.action)).toEqual([
      'application.submitted',
      'application.county_approve',
      'application.city_approve',
    ])
    expect((await verifyAuditChains(getDb())).ok).toBe(true)
  })

  it('refuses with a reason and writes nothing: outside the window, not verified, not eligible, over the cap, over the budget', async () => {
    const s = await setup({ fundFen: 30n * WAN, capFen: 20n * WAN })
    const ok = await createEnterprise({ regionId: '511702' })
    const before = await getDb().voucherApplication.count()

    expect(await apply(s, ok.id, WAN, { at: new Date('2027-01-02T00:00:00.000Z') })).toMatchObject({
      ok: false,
      reason: 'window-closed',
    })
    const pending = await createEnterprise({ regionId: '511702', status: 'pending' })
    expect(await apply(s, pending.id, WAN)).toMatchObject({ ok: false, reason: 'enterprise-not-verified' })
    const noStatus = await createEnterprise({ regionId: '511702', smeRegNo: null, otherStatus: null })
    expect(await apply(s, noStatus.id, WAN)).toMatchObject({ ok: false, reason: 'enterprise-not-eligible' })
    const wanzhou = await createEnterprise({ regionId: '500101' })
    expect(await apply(s, wanzhou.id, WAN)).toMatchObject({ ok: false, reason: 'region-not-covered' })
    expect(await apply(s, ok.id, 20n * WAN + 1n)).toMatchObject({
      ok: false,
      reason: 'over-cap',
      details: { roomFen: 20n * WAN },
    })
    // 30万 funded: two applications of 15万 fill it (under review counts), a third fen is refused.
    const other = await createEnterprise({ regionId: '511703' })
    await applied(s, ok.id, 15n * WAN)
    await applied(s, other.id, 15n * WAN)
    const third = await createEnterprise({ regionId: '511703' })
    expect(await apply(s, third.id, 1n)).toMatchObject({ ok: false, reason: 'over-budget', details: { roomFen: 0n } })
    expect(await getDb().voucherApplication.count()).toBe(before + 2)
  })

  it('a double submit of one form makes one application', async () => {
    const s = await setup()
    const enterprise = await createEnterprise()
    const k = key()
    const [a, b] = await Promise.all([
      apply(s, enterprise.id, WAN, { idempotencyKey: k }),
      apply(s, enterprise.id, WAN, { idempotencyKey: k }),
    ])
    expect(a.ok && b.ok).toBe(true)
    if (!a.ok || !b.ok) return
    expect(a.value.applicationId).toBe(b.value.applicationId)
    expect([a.value.created, b.value.created].sort()).toEqual([false, true])
    expect(await getDb().voucherApplication.count({ where: { enterpriseId: enterprise.id } })).toBe(1)
  })

  it('concurrent applications of one controller group never pass the shared cap', async () => {
    const s = await setup({ capFen: 20n * WAN })
    const group = `川东控股集团-${Math.random()}`
    const a = await createEnterprise({ controllerGroup: group })
    // The same group written with different spacing and case is the same group.
    const b = await createEnterprise({
      regionId: '511703',
      controllerGroup: ` ${group.toUpperCase().replace('集团', '集 团')} `,
    })
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => apply(s, i % 2 === 0 ? a.id : b.id, 5n * WAN)),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(4)
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.reason === 'over-cap')).toBe(true)
    const sum = await getDb().voucherApplication.aggregate({
      where: { enterpriseId: { in: [a.id, b.id] } },
      _sum: { amountFen: true },
    })
    expect(sum._sum.amountFen).toBe(20n * WAN)
  })

  it('concurrent applications never promise more than the remaining budget', async () => {
    const s = await setup({ fundFen: 10n * WAN, capFen: 20n * WAN })
    const enterprises = await Promise.all(Array.from({ length: 6 }, () => createEnterprise()))
    const outcomes = await Promise.all(enterprises.map((e) => apply(s, e.id, 3n * WAN)))
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3)
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.reason === 'over-budget')).toBe(true)
  })
})

describe('reviewing applications', () => {
  it('two city officers approving at once issue exactly one voucher', async () => {
    const s = await setup()
    const enterprise = await createEnterprise({ regionId: '511722' })
    const id = await applied(s, enterprise.id, 6n * WAN)
    await reviewApplication(
      { applicationId: id, action: 'county_approve', reviewerId: s.countyOfficer.id, officer: countyOf('511722') },
      { now },
    )
    const second = await createUser()
    const results = await Promise.all([
      reviewApplication(
        { applicationId: id, action: 'city_approve', reviewerId: s.cityOfficer.id, officer: CITY },
        { now },
      ),
      reviewApplication({ applicationId: id, action: 'city_approve', reviewerId: second.id, officer: CITY }, { now }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, reason: 'wrong-status' })
    expect(await getDb().voucher.count({ where: { applicationId: id } })).toBe(1)
    expect(await getDb().voucher.count({ where: { enterpriseId: enterprise.id } })).toBe(1)
  })

  it('concurrent approvals cannot over-commit the budget; the programme ledger stays balanced', async () => {
    const s = await setup({ fundFen: 30n * WAN, capFen: 20n * WAN })
    const enterprises = await Promise.all(Array.from({ length: 3 }, () => createEnterprise({ regionId: '511700' })))
    const ids = []
    for (const e of enterprises) ids.push(await applied(s, e.id, 10n * WAN))
    // Meanwhile 15万 of the budget went to a voucher issued outside these applications.
    const outsider = await createEnterprise()
    await inTransaction(getDb(), (tx) =>
      issueVoucher(tx, {
        programmeId: s.programme.id,
        enterpriseId: outsider.id,
        amountFen: 15n * WAN,
        actorUserId: null,
        at: now,
      }),
    )
    // Enterprises registered directly under the city: no county step.
    const results = await Promise.all(
      ids.map((id) =>
        reviewApplication(
          { applicationId: id, action: 'city_approve', reviewerId: s.cityOfficer.id, officer: CITY },
          { now },
        ),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'insufficient-budget')).toBe(true)
    const budget = await getAccountBalances(getDb(), s.programme.budgetAccountId!)
    expect(budget.available).toBe(5n * WAN)
    // The refused ones are still waiting (nothing half-done): status unchanged, no voucher.
    expect(await getDb().voucherApplication.count({ where: { id: { in: ids }, status: 'submitted' } })).toBe(2)
    const figures = await programmeFigures(getDb(), s.programme.id)
    expect(figures?.check.balanced).toBe(true)
    expect(figures?.issuedFen).toBe(25n * WAN)
  })

  it('rejection is final and needs a reason; a county officer of another county sees nothing', async () => {
    const s = await setup()
    const enterprise = await createEnterprise({ regionId: '511724' })
    const id = await applied(s, enterprise.id, 2n * WAN)
    expect(
      await reviewApplication({
        applicationId: id,
        action: 'county_approve',
        reviewerId: s.countyOfficer.id,
        officer: countyOf('511702'),
      }),
    ).toMatchObject({ ok: false, reason: 'not-found' })
    expect(
      await reviewApplication({
        applicationId: id,
        action: 'county_reject',
        reason: ' ',
        reviewerId: s.countyOfficer.id,
        officer: countyOf('511724'),
      }),
    ).toMatchObject({ ok: false, reason: 'reason-required' })
    expect(
      await reviewApplication({
        applicationId: id,
        action: 'county_reject',
        reason: '用途与创新券支持方向不符',
        reviewerId: s.countyOfficer.id,
        officer: countyOf('511724'),
      }),
    ).toMatchObject({ ok: true, value: { to: 'rejected' } })
    expect(
      await reviewApplication({
        applicationId: id,
        action: 'city_approve',
        reviewerId: s.cityOfficer.id,
        officer: CITY,
      }),
    ).toMatchObject({ ok: false, reason: 'wrong-status' })
    const row = await getDb().voucherApplication.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({
      status: 'rejected',
      countyDecision: 'rejected',
      countyReason: '用途与创新券支持方向不符',
      cityDecision: null,
    })
    // A rejected application no longer holds cap or budget room.
    expect(await apply(s, enterprise.id, 20n * WAN)).toMatchObject({ ok: true })
  })

  it('the cap is checked again at approval: a suspended enterprise or a cap filled meanwhile gets no voucher', async () => {
    const s = await setup({ capFen: 10n * WAN })
    const enterprise = await createEnterprise({ regionId: '511700' })
    const id = await applied(s, enterprise.id, 6n * WAN)
    // A voucher issued to the same enterprise by another programme of the same bureau and year.
    const other = await createProgramme({ fundFen: 100n * WAN })
    await inTransaction(getDb(), (tx) =>
      issueVoucher(tx, {
        programmeId: other.id,
        enterpriseId: enterprise.id,
        amountFen: 5n * WAN,
        actorUserId: null,
        at: now,
      }),
    )
    expect(
      await reviewApplication({
        applicationId: id,
        action: 'city_approve',
        reviewerId: s.cityOfficer.id,
        officer: CITY,
      }),
    ).toMatchObject({ ok: false, reason: 'over-cap' })

    const suspended = await createEnterprise({ regionId: '511700' })
    const id2 = await applied(s, suspended.id, WAN)
    await getDb().enterprise.update({ where: { id: suspended.id }, data: { status: 'suspended' } })
    expect(
      await reviewApplication({
        applicationId: id2,
        action: 'city_approve',
        reviewerId: s.cityOfficer.id,
        officer: CITY,
      }),
    ).toMatchObject({ ok: false, reason: 'enterprise-not-verified' })
    expect(
      await reviewApplication({
        applicationId: id2,
        action: 'city_reject',
        reason: '企业已被暂停',
        reviewerId: s.cityOfficer.id,
        officer: CITY,
      }),
    ).toMatchObject({ ok: true })
  })
})
