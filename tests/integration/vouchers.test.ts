import { describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { getAccountBalances } from '~/features/ledger/ledger.server'
import { fundProgramme } from '~/features/vouchers/fund-programme.server'
import { issueVoucher } from '~/features/vouchers/issue-voucher.server'
import { getDb } from '~/infra/db.server'
import { inTransaction } from '~/infra/tx.server'
import { createEnterprise, createProgramme, createVoucher } from '../support/factories'

const at = new Date('2026-03-31T17:00:00.000Z') // 1 April 01:00 in Dazhou

describe('fundProgramme', () => {
  it('opens the budget account once, funds it from the region, and is idempotent by key', async () => {
    const db = getDb()
    const programme = await createProgramme({ fundFen: 0n })
    expect(programme.budgetAccountId).toBeNull()
    const first = await inTransaction(db, (tx) =>
      fundProgramme(tx, {
        programmeId: programme.id,
        amountFen: 1_000_000n,
        idempotencyKey: 'k1',
        actorUserId: null,
        at,
      }),
    )
    const retry = await inTransaction(db, (tx) =>
      fundProgramme(tx, {
        programmeId: programme.id,
        amountFen: 1_000_000n,
        idempotencyKey: 'k1',
        actorUserId: null,
        at,
      }),
    )
    const more = await inTransaction(db, (tx) =>
      fundProgramme(tx, {
        programmeId: programme.id,
        amountFen: 500_000n,
        idempotencyKey: 'k2',
        actorUserId: null,
        at,
      }),
    )
    expect(first).toMatchObject({ ok: true, value: { created: true } })
    expect(retry).toMatchObject({ ok: true, value: { created: false } })
    expect(more).toMatchObject({ ok: true, value: { created: true } })
    const after = await db.programme.findUniqueOrThrow({ where: { id: programme.id } })
    expect(after.budgetAccountId).not.toBeNull()
    expect(await getAccountBalances(db, after.budgetAccountId!)).toMatchObject({
      creditsPosted: 1_500_000n,
      available: 1_500_000n,
    })
    const account = await db.ledgerAccount.findUniqueOrThrow({ where: { id: after.budgetAccountId! } })
    expect(account).toMatchObject({ kind: 'programme_budget', debitsMustNotExceedCredits: true })
    expect(await db.auditLog.count({ where: { entityId: programme.id, action: 'programme.funded' } })).toBe(2)
  })
})

describe('issueVoucher', () => {
  it('issues with a serial, a funded account, validity dates and an audit row', async () => {
    const db = getDb()
    const programme = await createProgramme({ fundFen: 10_000_000n, serialPrefix: 'DZ', year: 2026 })
    const enterprise = await createEnterprise()
    const outcome = await inTransaction(db, (tx) =>
      issueVoucher(tx, {
        programmeId: programme.id,
        enterpriseId: enterprise.id,
        amountFen: 2_000_000n,
        actorUserId: null,
        at,
      }),
    )
    expect(outcome).toMatchObject({ ok: true, value: { serial: 'DZ2026-000001', created: true } })
    if (!outcome.ok) return
    const voucher = await db.voucher.findUniqueOrThrow({ where: { id: outcome.value.voucherId } })
    expect(voucher).toMatchObject({ enterpriseId: enterprise.id, faceValueFen: 2_000_000n, status: 'active' })
    // DOMAIN: valid 12 months in China time, redeemable 3 months more
    expect(voucher.issuedAt.toISOString()).toBe('2026-03-31T17:00:00.000Z')
    expect(voucher.expiresAt.toISOString()).toBe('2027-03-31T17:00:00.000Z')
    expect(voucher.redeemBy.toISOString()).toBe('2027-06-30T17:00:00.000Z')
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ available: 2_000_000n })
    expect(await getAccountBalances(db, programme.budgetAccountId!)).toMatchObject({ available: 8_000_000n })
    expect(await db.auditLog.findFirst({ where: { entityId: voucher.id } })).toMatchObject({
      action: 'voucher.issued',
      stream: 'region:511700',
    })
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })

  it('is idempotent by application id and by key: a retry returns the first voucher, uses no serial', async () => {
    const db = getDb()
    const programme = await createProgramme({ fundFen: 10_000_000n })
    const enterprise = await createEnterprise()
    const application = await db.voucherApplication.create({
      data: { programmeId: programme.id, enterpriseId: enterprise.id, amountFen: 100_000n, purpose: '检测' },
    })
    const issue = (extra: { applicationId?: string; idempotencyKey?: string }) =>
      inTransaction(db, (tx) =>
        issueVoucher(tx, {
          programmeId: programme.id,
          enterpriseId: enterprise.id,
          amountFen: 100_000n,
          actorUserId: null,
          at,
          ...extra,
        }),
      )
    const a1 = await issue({ applicationId: application.id })
    const a2 = await issue({ applicationId: application.id })
    const k1 = await issue({ idempotencyKey: 'same' })
    const k2 = await issue({ idempotencyKey: 'same' })
    expect(a2).toEqual({ ok: true, value: { ...(a1.ok ? a1.value : {}), created: false } })
    expect(k2).toEqual({ ok: true, value: { ...(k1.ok ? k1.value : {}), created: false } })
    const serials = (
      await db.voucher.findMany({ where: { programmeId: programme.id }, orderBy: { serial: 'asc' } })
    ).map((v) => v.serial)
    expect(serials.map((s) => s.slice(-6))).toEqual(['000001', '000002'])
    expect(await getAccountBalances(db, programme.budgetAccountId!)).toMatchObject({
      available: 10_000_000n - 200_000n,
    })
  })

  it('serials stay gap-free when issues run in parallel and some are refused for lack of budget', async () => {
    const db = getDb()
    // Budget for exactly 12 vouchers of ¥100; 20 parallel issues → 12 vouchers, serials 1..12, budget 0.
    const programme = await createProgramme({ fundFen: 120_000n })
    const enterprise = await createEnterprise()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        inTransaction(db, (tx) =>
          issueVoucher(tx, {
            programmeId: programme.id,
            enterpriseId: enterprise.id,
            amountFen: 10_000n,
            actorUserId: null,
            at,
          }),
        ),
      ),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(12)
    for (const o of outcomes.filter((o) => !o.ok))
      expect(o).toMatchObject({ ok: false, reason: 'insufficient-budget', details: { available: 0n } })
    const numbers = (await db.voucher.findMany({ where: { programmeId: programme.id } }))
      .map((v) => Number(v.serial.slice(-6)))
      .sort((a, b) => a - b)
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    expect((await db.programme.findUniqueOrThrow({ where: { id: programme.id } })).lastSerial).toBe(12)
    expect(await getAccountBalances(db, programme.budgetAccountId!)).toMatchObject({
      available: 0n,
      debitsPosted: 120_000n,
    })
  })

  it('the budget can never go negative: a voucher larger than the budget is refused and nothing is written', async () => {
    const db = getDb()
    const programme = await createProgramme({ fundFen: 50_000n })
    const enterprise = await createEnterprise()
    const before = await db.voucher.count()
    const outcome = await inTransaction(db, (tx) =>
      issueVoucher(tx, {
        programmeId: programme.id,
        enterpriseId: enterprise.id,
        amountFen: 50_001n,
        actorUserId: null,
        at,
      }),
    )
    expect(outcome).toEqual({
      ok: false,
      reason: 'insufficient-budget',
      details: { programmeId: programme.id, amountFen: 50_001n, available: 50_000n },
    })
    expect(await db.voucher.count()).toBe(before)
    expect((await db.programme.findUniqueOrThrow({ where: { id: programme.id } })).lastSerial).toBe(0)
  })

  it('refuses an unfunded programme', async () => {
    const programme = await createProgramme({ fundFen: 0n })
    const enterprise = await createEnterprise()
    const outcome = await inTransaction(getDb(), (tx) =>
      issueVoucher(tx, {
        programmeId: programme.id,
        enterpriseId: enterprise.id,
        amountFen: 1n,
        actorUserId: null,
        at,
      }),
    )
    expect(outcome).toMatchObject({ ok: false, reason: 'programme-not-funded' })
  })

  it('the factory issues through the same path', async () => {
    const v = await createVoucher({ amountFen: 30_000n })
    expect(await getAccountBalances(getDb(), v.accountId)).toMatchObject({ available: 30_000n })
  })
})
