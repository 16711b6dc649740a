import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { createTransfer, getAccountBalances, openAccount } from '~/features/ledger/ledger.server'
import { createDb, type Db } from '~/infra/db.server'
import { inTransaction } from '~/infra/tx.server'
import { createEnterprise, createInstrument, createUser, createVoucher, openAroundTheClock } from '../support/factories'

// Real contention: 64 transactions at once through a 20-connection pool (createDb sets maxWait/timeout).
const PARALLEL = 64
let db: Db

beforeAll(() => {
  db = createDb(process.env.DATABASE_URL!, 20)
})
afterAll(async () => {
  await db.$disconnect()
})

const now = new Date('2026-06-01T01:00:00.000Z')
const slot = (i: number, minutes = 60) => {
  const startsAt = new Date(Date.UTC(2026, 6, 1, 0, 0) + i * 60 * 60_000)
  return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) }
}

describe(`${PARALLEL} parallel holds on one voucher with room for N = 10`, () => {
  it('createTransfer pending holds: exactly 10 succeed and the available balance ends at 0', async () => {
    const voucher = await createVoucher({ amountFen: 100_000n }, db)
    const holdAccount = await db.$transaction((tx) =>
      openAccount(tx, { kind: 'booking_hold', code: `hold:concurrency:${voucher.id}` }),
    )
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        inTransaction(db, (tx) =>
          createTransfer(tx, {
            idempotencyKey: `c-hold-${voucher.id}-${i}`,
            debitAccountId: voucher.accountId,
            creditAccountId: holdAccount,
            amount: 10_000n,
            kind: 'booking-hold',
            pending: true,
          }),
        ),
      ),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(10)
    const refusals = outcomes.filter((o) => !o.ok)
    expect(refusals).toHaveLength(PARALLEL - 10)
    for (const r of refusals)
      expect(r).toMatchObject({
        ok: false,
        reason: 'insufficient-funds',
        details: { accountId: voucher.accountId, amount: 10_000n },
      })
    expect(await getAccountBalances(db, voucher.accountId)).toEqual({
      debitsPending: 100_000n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 100_000n,
      available: 0n,
    })
    expect(await getAccountBalances(db, holdAccount)).toMatchObject({ creditsPending: 100_000n })
    expect(await db.ledgerTransfer.count({ where: { debitAccountId: voucher.accountId, type: 'pending' } })).toBe(10)
  })

  it('requestBooking on 64 non-overlapping slots: exactly 10 hold the voucher, the rest are refused, balance 0', async () => {
    const enterprise = await createEnterprise({}, db)
    const user = await createUser({}, db)
    // share 50% of ¥200 = ¥100 per booking = 1/10 of the voucher
    const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: 100_000n }, db)
    const { instrument, serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } }, db)
    await openAroundTheClock(instrument.id, db)
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        requestBooking(
          { db, now },
          {
            enterpriseId: enterprise.id,
            actorUserId: user.id,
            serviceItemId: serviceItem.id,
            voucherId: voucher.id,
            ...slot(i),
            quantity: 1,
            idempotencyKey: `c-book-${i}`,
          },
        ),
      ),
    )
    expect(outcomes.filter((o) => o.ok && o.value.created)).toHaveLength(10)
    const refusals = outcomes.filter((o) => !o.ok)
    expect(refusals).toHaveLength(PARALLEL - 10)
    for (const r of refusals) expect(r).toMatchObject({ ok: false, reason: 'insufficient-voucher-balance' })
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ debitsPending: 100_000n, available: 0n })
    const bookings = await db.booking.findMany({ where: { instrumentId: instrument.id } })
    expect(bookings).toHaveLength(10)
    expect(bookings.every((b) => b.voucherShareFen === 10_000n && b.holdTransferId !== null)).toBe(true)
    expect(await db.outbox.count({ where: { name: 'booking.requested' } })).toBeGreaterThanOrEqual(10)
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })
})

describe(`${PARALLEL} parallel overlapping bookings of one instrument`, () => {
  it('leave exactly one active booking; every other request is slot-taken', async () => {
    // Open around the clock on a 15-minute grid, bookable 90 days ahead (the slots are 63 days out).
    const { instrument, serviceItem } = await createInstrument(
      { slotMinutes: 15, maxAdvanceDays: 90, serviceItem: { feeFen: 10_000, unit: 'hour' } },
      db,
    )
    await openAroundTheClock(instrument.id, db)
    // 8 enterprises with a voucher each, 8 requests each: holds must roll back with the losers.
    const parties = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const enterprise = await createEnterprise({}, db)
        const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: 1_000_000n }, db)
        return { enterprise, voucher }
      }),
    )
    const base = Date.UTC(2026, 7, 3, 1, 0)
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => {
        const p = parties[i % parties.length]!
        // Every slot contains 01:45–03:00, so every pair overlaps; starts differ (on the grid).
        const startsAt = new Date(base + (i % 4) * 15 * 60_000)
        const endsAt = new Date(startsAt.getTime() + 2 * 60 * 60_000)
        return requestBooking(
          { db, now },
          {
            enterpriseId: p.enterprise.id,
            actorUserId: null,
            serviceItemId: serviceItem.id,
            voucherId: p.voucher.id,
            startsAt,
            endsAt,
            quantity: 2,
            idempotencyKey: `c-overlap-${i}`,
          },
        )
      }),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
    for (const o of outcomes.filter((o) => !o.ok)) expect(o).toMatchObject({ ok: false, reason: 'slot-taken' })

    const overlapping = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM booking a JOIN booking b
        ON a.instrument_id = b.instrument_id AND a.id < b.id AND a.during && b.during
       WHERE a.instrument_id = ${instrument.id}::uuid
         AND a.status IN ('requested','approved','paid','in_service') AND b.status IN ('requested','approved','paid','in_service')`
    expect(overlapping[0]!.n).toBe(0n)
    expect(await db.booking.count({ where: { instrumentId: instrument.id, status: 'requested' } })).toBe(1)
    // Only the winner's hold exists: the losers' transactions rolled back before or with theirs.
    const held = await Promise.all(parties.map((p) => getAccountBalances(db, p.voucher.accountId)))
    expect(held.reduce((sum, b) => sum + b.debitsPending, 0n)).toBe(10_000n)
  })
})
