import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { validateUscc } from '~/features/enterprises/uscc'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { verifyPassword } from '~/infra/password.server'
import { seedDemo, type SeedSummary } from '../../seeds/demo/seed-demo'
import { DEMO_PASSWORD, DEMO_USERS } from '../../seeds/demo/users'

// The demo seed (npm run db:seed) on this file's fresh database: the first run through the
// function with a fixed clock, the second through the real entry point, and nothing may change.

const run = promisify(execFile)
const NOW = new Date('2026-11-20T10:00:00+08:00')

/** Natural keys and states that must be identical after a second run (ids and hashes aside). */
async function fingerprint() {
  const db = getDb()
  const [enterprises, institutions, instruments, items, vouchers, bookings, accounts, applications] = await Promise.all(
    [
      db.enterprise.findMany({ select: { uscc: true, status: true }, orderBy: { uscc: 'asc' } }),
      db.institution.findMany({ select: { uscc: true, status: true }, orderBy: { uscc: 'asc' } }),
      db.instrument.findMany({
        select: { assetNo: true, sharingStatus: true, originalValueFen: true },
        orderBy: { assetNo: 'asc' },
      }),
      db.serviceItem.findMany({
        select: { instrument: { select: { assetNo: true } }, name: true, feeFen: true },
        orderBy: [{ instrument: { assetNo: 'asc' } }, { name: 'asc' }],
      }),
      db.voucher.findMany({ select: { serial: true, faceValueFen: true, status: true }, orderBy: { serial: 'asc' } }),
      db.booking.findMany({
        select: { idempotencyKey: true, status: true, feeFen: true, voucherShareFen: true },
        orderBy: { idempotencyKey: 'asc' },
      }),
      db.ledgerAccount.findMany({
        select: { code: true, debitsPending: true, debitsPosted: true, creditsPending: true, creditsPosted: true },
        orderBy: { code: 'asc' },
      }),
      db.voucherApplication.findMany({ select: { purpose: true, status: true }, orderBy: { purpose: 'asc' } }),
    ],
  )
  return { enterprises, institutions, instruments, items, vouchers, bookings, accounts, applications }
}

let first: SeedSummary
let second: SeedSummary
let firstPrint: Awaited<ReturnType<typeof fingerprint>>
let cliOutput: string

beforeAll(async () => {
  first = (await seedDemo(getDb(), { now: NOW })).summary
  firstPrint = await fingerprint()
  const { stdout } = await run('npx', ['tsx', 'seeds/index.ts'], {
    env: { ...process.env, DATABASE_URL: getEnv().DATABASE_URL },
    timeout: 120_000,
  })
  cliOutput = stdout
  second = (await seedDemo(getDb(), { now: NOW })).summary
}, 180_000)

describe('demo seed', () => {
  it('is idempotent: a second and third run leave the same rows', async () => {
    expect(second).toEqual(first)
    expect(await fingerprint()).toEqual(firstPrint)
    expect(cliOutput).toMatch(/instruments\s+\d+/)
  })

  it('meets the minimums', () => {
    expect(first.institutions).toBeGreaterThanOrEqual(6)
    expect(first.instruments).toBeGreaterThanOrEqual(300) // issue 3: ≥ 300 instruments
    expect(first.enterprises).toBe(12)
    expect(first.programmes).toBe(1)
    expect(first.vouchers).toBeGreaterThanOrEqual(8)
    expect(first.bookings).toBeGreaterThanOrEqual(8)
    expect(first.serviceItems).toBeGreaterThanOrEqual(first.instruments!)
  })

  it('has realistic organisations: valid USCCs with their region code, admitted institutions, SME numbers', async () => {
    const db = getDb()
    const enterprises = await db.enterprise.findMany({ include: { region: true } })
    const institutions = await db.institution.findMany({ include: { region: true } })
    for (const org of [...enterprises, ...institutions]) {
      const result = validateUscc(org.uscc)
      expect(result, `${org.name} ${org.uscc}`).toMatchObject({ ok: true, regionCode: org.region.gbCode })
    }
    for (const e of enterprises) expect(e.uscc.startsWith('91'), e.name).toBe(true)
    for (const i of institutions) expect(i.uscc.startsWith('12'), i.name).toBe(true)
    expect(institutions.filter((i) => i.status === 'verified').length).toBeGreaterThanOrEqual(6)
    expect(institutions.some((i) => i.region.isPartner && i.status === 'verified')).toBe(true)
    expect(enterprises.map((e) => e.status).sort()).toEqual(expect.arrayContaining(['pending', 'rejected', 'verified']))
    for (const e of enterprises.filter((x) => x.status === 'verified'))
      expect(e.smeRegNo, e.name).toMatch(/^2026\d{6}A\d{7}$/)
    const large = await db.instrument.count({ where: { originalValueFen: { gte: 50_000_000n } } })
    expect(large).toBeGreaterThanOrEqual(20)
    const withoutItems = await db.instrument.count({ where: { serviceItems: { none: {} } } })
    expect(withoutItems).toBe(0)
  })

  it('has every demo login with its role and the demo password', async () => {
    const db = getDb()
    for (const demo of DEMO_USERS) {
      const user = await db.user.findUniqueOrThrow({
        where: { email: demo.email },
        include: { password: true, memberships: { include: { enterprise: true, institution: true } } },
      })
      expect(
        user.memberships.map((m) => m.role),
        demo.email,
      ).toEqual([demo.role])
      expect(await verifyPassword(user.password!.hash, DEMO_PASSWORD), demo.email).toBe(true)
    }
    const qiye = await db.user.findUniqueOrThrow({
      where: { email: 'qiye@demo.dazhou.cn' },
      include: { memberships: { include: { enterprise: { include: { vouchers: true } } } } },
    })
    expect(qiye.memberships[0]!.enterprise!.status).toBe('verified')
    expect(qiye.memberships[0]!.enterprise!.vouchers.length).toBeGreaterThan(0)
    const jigou = await db.roleMembership.findFirstOrThrow({
      where: { user: { email: 'jigou@demo.dazhou.cn' } },
      include: { institution: true },
    })
    expect(jigou.institution!.name).toBe('四川文理学院')
    const quxian = await db.roleMembership.findFirstOrThrow({ where: { user: { email: 'quxian@demo.dazhou.cn' } } })
    expect(quxian.regionId).toBe('511702')
    const shiju = await db.roleMembership.findFirstOrThrow({ where: { user: { email: 'shiju@demo.dazhou.cn' } } })
    expect(shiju.regionId).toBe('511700')
  })

  it('resets a changed demo password on the next run', async () => {
    const db = getDb()
    const user = await db.user.findUniqueOrThrow({ where: { email: 'admin@demo.dazhou.cn' } })
    await db.password.update({
      where: { userId: user.id },
      data: { hash: '$argon2id$v=19$m=19456,t=3,p=1$c29tZXNhbHQ$not-the-demo-password' },
    })
    await seedDemo(db, { now: NOW })
    const reset = await db.password.findUniqueOrThrow({ where: { userId: user.id } })
    expect(await verifyPassword(reset.hash, DEMO_PASSWORD)).toBe(true)
  })

  it('keeps the ledger balanced: accounts equal their transfers, debits equal credits, no voucher overdrawn', async () => {
    const db = getDb()
    type Sums = {
      debits_pending: bigint
      credits_pending: bigint
      debits_posted: bigint
      credits_posted: bigint
      pending: bigint
      posted: bigint
    }
    const [totals] = await db.$queryRaw<Sums[]>`
      SELECT (SELECT coalesce(sum(debits_pending), 0) FROM ledger_account)::bigint AS debits_pending,
             (SELECT coalesce(sum(credits_pending), 0) FROM ledger_account)::bigint AS credits_pending,
             (SELECT coalesce(sum(debits_posted), 0) FROM ledger_account)::bigint AS debits_posted,
             (SELECT coalesce(sum(credits_posted), 0) FROM ledger_account)::bigint AS credits_posted,
             (SELECT coalesce(sum(amount), 0) FROM ledger_transfer WHERE type = 'pending' AND status = 'pending')::bigint AS pending,
             (SELECT coalesce(sum(amount), 0) FROM ledger_transfer WHERE type IN ('single', 'post_pending') AND status = 'posted')::bigint AS posted`
    expect(totals!.debits_pending).toBe(totals!.credits_pending)
    expect(totals!.debits_posted).toBe(totals!.credits_posted)
    expect(totals!.debits_pending).toBe(totals!.pending)
    expect(totals!.debits_posted).toBe(totals!.posted)
    expect(totals!.posted).toBeGreaterThan(0n)
    expect(totals!.pending).toBeGreaterThan(0n)

    // Per account: each balance is the sum of its transfers.
    const drift = await db.$queryRaw<{ code: string }[]>`
      SELECT a.code FROM ledger_account a
       WHERE a.debits_pending <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t WHERE t.debit_account_id = a.id AND t.type = 'pending' AND t.status = 'pending')
          OR a.credits_pending <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t WHERE t.credit_account_id = a.id AND t.type = 'pending' AND t.status = 'pending')
          OR a.debits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t WHERE t.debit_account_id = a.id AND t.type IN ('single', 'post_pending') AND t.status = 'posted')
          OR a.credits_posted <> (SELECT coalesce(sum(amount), 0) FROM ledger_transfer t WHERE t.credit_account_id = a.id AND t.type IN ('single', 'post_pending') AND t.status = 'posted')`
    expect(drift).toEqual([])

    const overdrawn = await db.$queryRaw<{ code: string }[]>`
      SELECT code FROM ledger_account WHERE kind IN ('voucher', 'programme_budget') AND debits_pending + debits_posted > credits_posted`
    expect(overdrawn).toEqual([])

    // The programme budget funded the vouchers' face values.
    const programme = await db.programme.findFirstOrThrow({ include: { vouchers: true } })
    const budget = await db.ledgerAccount.findUniqueOrThrow({ where: { id: programme.budgetAccountId! } })
    expect(budget.creditsPosted).toBe(programme.totalBudgetFen)
    expect(budget.debitsPosted).toBe(programme.vouchers.reduce((sum, v) => sum + v.faceValueFen, 0n))
  })

  it('holds each live voucher share, and holds nothing for bookings that ended without service', async () => {
    const db = getDb()
    const bookings = await db.booking.findMany()
    const states = new Set(bookings.map((b) => b.status))
    for (const s of [
      'requested',
      'approved',
      'delivered',
      'disputed',
      'confirmed',
      'expired',
      'cancelled',
      'rejected',
    ] as const)
      expect(states, s).toContain(s)
    for (const b of bookings) {
      const hold =
        b.holdTransferId === null
          ? null
          : await db.ledgerTransfer.findUniqueOrThrow({ where: { id: b.holdTransferId } })
      if (b.voucherShareFen === 0n) {
        expect(hold, b.idempotencyKey).toBeNull()
        continue
      }
      expect(hold?.amount, b.idempotencyKey).toBe(b.voucherShareFen)
      const ended = b.status === 'cancelled' || b.status === 'rejected' || b.status === 'expired'
      expect(hold?.status, `${b.idempotencyKey} ${b.status}`).toBe(ended ? 'voided' : 'pending')
    }
  })

  it('leaves every audit chain intact', async () => {
    const verification = await verifyAuditChains(getDb())
    expect(verification).toMatchObject({ ok: true })
    expect(verification.checkedRows).toBeGreaterThan(0)
  })
})
