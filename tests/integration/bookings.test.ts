import { describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { expireBooking, findOverdueRequestedBookingIds } from '~/features/bookings/expire-booking.server'
import { requestBooking, type RequestBookingInput } from '~/features/bookings/request-booking.server'
import { getAccountBalances, getTransfer } from '~/features/ledger/ledger.server'
import { revokeVoucher } from '~/features/vouchers/revoke-voucher.server'
import { getDb } from '~/infra/db.server'
import { createEnterprise, createInstrument, createUser, createVoucher, openAroundTheClock } from '../support/factories'

const now = new Date('2026-06-01T01:00:00.000Z')
const hour = (h: number) => new Date(Date.UTC(2026, 5, 10, h))
let keys = 0
const key = () => `req-${Date.now()}-${++keys}`

/** An enterprise with a ¥500 voucher (programme share 50%) and an open instrument at ¥200/hour. */
async function setup(opts: { voucherFen?: bigint } = {}) {
  const enterprise = await createEnterprise()
  const user = await createUser()
  const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: opts.voucherFen ?? 50_000n })
  const { instrument, serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } })
  await openAroundTheClock(instrument.id)
  const base: RequestBookingInput = {
    enterpriseId: enterprise.id,
    actorUserId: user.id,
    serviceItemId: serviceItem.id,
    voucherId: voucher.id,
    startsAt: hour(9),
    endsAt: hour(11),
    quantity: 2,
    idempotencyKey: key(),
    purpose: '材料成分检测',
  }
  return { enterprise, user, voucher, instrument, serviceItem, base }
}

describe('requestBooking', () => {
  it('happy path: snapshot, quote, hold, outbox, audit in one transaction', async () => {
    const db = getDb()
    const { voucher, instrument, base } = await setup()
    const outcome = await requestBooking({ db, now }, base)
    expect(outcome).toMatchObject({ ok: true, value: { created: true } })
    if (!outcome.ok) return
    const booking = await db.booking.findUniqueOrThrow({ where: { id: outcome.value.bookingId } })
    expect(booking).toMatchObject({
      status: 'requested',
      instrumentId: instrument.id,
      quantity: 2,
      unit: 'hour',
      unitFeeFen: 20_000,
      feeFen: 40_000n,
      shareBp: 5000,
      voucherShareFen: 20_000n,
      copayFen: 20_000n,
      purpose: '材料成分检测',
    })
    // DOMAIN: decide within 3 days
    expect(booking.decideBy?.toISOString()).toBe('2026-06-04T01:00:00.000Z')
    const during = await db.$queryRaw<
      { ok: boolean }[]
    >`SELECT during = tstzrange(${hour(9)}::timestamptz, ${hour(11)}::timestamptz) AS ok FROM booking WHERE id = ${booking.id}::uuid`
    expect(during[0]?.ok).toBe(true)

    const hold = await getTransfer(db, booking.holdTransferId!)
    expect(hold).toMatchObject({
      type: 'pending',
      status: 'pending',
      amount: 20_000n,
      debitAccountId: voucher.accountId,
      refType: 'booking',
      refId: booking.id,
    })
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({
      debitsPending: 20_000n,
      available: 30_000n,
    })

    const outbox = await db.outbox.findMany({
      where: { payload: { equals: { bookingId: booking.id } } },
      orderBy: { id: 'asc' },
    })
    expect(outbox.map((o) => [o.name, o.queue])).toEqual([
      ['booking.requested', 'notifications'],
      ['booking.expire-if-undecided', 'timers'],
    ])
    expect(outbox[1]!.availableAt.toISOString()).toBe('2026-06-04T01:00:00.000Z')
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: booking.id } })
    expect(audit).toMatchObject({
      action: 'booking.requested',
      stream: `enterprise:${base.enterpriseId}`,
      actorUserId: base.actorUserId,
    })
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })

  it('a retry with the same key returns the first booking and holds nothing twice', async () => {
    const db = getDb()
    const { voucher, base } = await setup()
    const first = await requestBooking({ db, now }, base)
    const retries = await Promise.all([
      requestBooking({ db, now }, base),
      requestBooking({ db, now }, { ...base, startsAt: hour(13), endsAt: hour(15) }),
    ])
    expect(first.ok && first.value.created).toBe(true)
    for (const r of retries)
      expect(r).toEqual({ ok: true, value: { bookingId: first.ok ? first.value.bookingId : '', created: false } })
    expect(await db.booking.count({ where: { enterpriseId: base.enterpriseId } })).toBe(1)
    expect(await db.ledgerTransfer.count({ where: { debitAccountId: voucher.accountId, type: 'pending' } })).toBe(1)
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ debitsPending: 20_000n })
  })

  it('concurrent retries of one request create one booking', async () => {
    const db = getDb()
    const { voucher, base } = await setup()
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => requestBooking({ db, now }, base)))
    const ids = new Set(outcomes.map((o) => (o.ok ? o.value.bookingId : o.reason)))
    expect(ids.size).toBe(1)
    expect(outcomes.filter((o) => o.ok && o.value.created)).toHaveLength(1)
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ debitsPending: 20_000n })
  })

  it('an overlapping slot is slot-taken (never a 500); a touching slot is fine', async () => {
    const db = getDb()
    const { base, serviceItem } = await setup()
    expect((await requestBooking({ db, now }, base)).ok).toBe(true)
    const rival = await createEnterprise()
    const clash = await requestBooking(
      { db, now },
      { ...base, enterpriseId: rival.id, voucherId: null, startsAt: hour(10), endsAt: hour(12), idempotencyKey: key() },
    )
    expect(clash).toMatchObject({ ok: false, reason: 'slot-taken', details: { serviceItemId: serviceItem.id } })
    const touching = await requestBooking(
      { db, now },
      {
        ...base,
        enterpriseId: rival.id,
        voucherId: null,
        startsAt: hour(11),
        endsAt: hour(12),
        quantity: 1,
        idempotencyKey: key(),
      },
    )
    expect(touching).toMatchObject({ ok: true, value: { created: true } })
    // No voucher: the enterprise pays it all, nothing is held.
    const b = await db.booking.findUniqueOrThrow({ where: { id: touching.ok ? touching.value.bookingId : '' } })
    expect(b).toMatchObject({ voucherShareFen: 0n, copayFen: 20_000n, shareBp: 0, holdTransferId: null })
  })

  it('caps the share at the voucher balance; refuses an empty voucher', async () => {
    const db = getDb()
    const { voucher, base } = await setup({ voucherFen: 15_000n })
    const first = await requestBooking({ db, now }, base) // share 20,000 wanted, 15,000 available
    expect(first.ok).toBe(true)
    const b = await db.booking.findUniqueOrThrow({ where: { id: first.ok ? first.value.bookingId : '' } })
    expect(b).toMatchObject({ voucherShareFen: 15_000n, copayFen: 25_000n })
    const second = await requestBooking(
      { db, now },
      { ...base, startsAt: hour(12), endsAt: hour(14), idempotencyKey: key() },
    )
    expect(second).toMatchObject({
      ok: false,
      reason: 'insufficient-voucher-balance',
      details: { voucherId: voucher.id, available: 0n },
    })
  })

  it('refuses vouchers that are not usable', async () => {
    const db = getDb()
    const { voucher, base, user } = await setup()
    const stranger = await createEnterprise()
    expect(
      await requestBooking({ db, now }, { ...base, enterpriseId: stranger.id, idempotencyKey: key() }),
    ).toMatchObject({
      ok: false,
      reason: 'voucher-not-usable',
      details: { problem: 'wrong-enterprise' },
    })
    const later = new Date(voucher.expiresAt.getTime() + 1000)
    expect(
      await requestBooking(
        { db, now: later },
        {
          ...base,
          startsAt: new Date(later.getTime() + 3_600_000),
          endsAt: new Date(later.getTime() + 7_200_000),
          idempotencyKey: key(),
        },
      ),
    ).toMatchObject({
      ok: false,
      reason: 'voucher-not-usable',
      details: { problem: 'expired' },
    })
    // Through the use case: the table's CHECK wants a revoked voucher's who, when and why.
    expect(
      await revokeVoucher({ db, now }, { voucherId: voucher.id, reason: '测试：撤销后不可预约', actorUserId: user.id }),
    ).toMatchObject({ ok: true })
    expect(await requestBooking({ db, now }, { ...base, idempotencyKey: key() })).toMatchObject({
      ok: false,
      reason: 'voucher-not-usable',
      details: { problem: 'revoked' },
    })
  })

  it('refuses an instrument not open, a quantity below the minimum, a bad time range', async () => {
    const db = getDb()
    const { base, instrument, serviceItem, voucher } = await setup()
    await db.serviceItem.update({ where: { id: serviceItem.id }, data: { minQuantity: 3 } })
    expect(await requestBooking({ db, now }, { ...base, idempotencyKey: key() })).toMatchObject({
      ok: false,
      reason: 'quantity-below-minimum',
      details: { quantity: 2, minQuantity: 3 },
    })
    expect(
      await requestBooking({ db, now }, { ...base, startsAt: hour(11), endsAt: hour(9), idempotencyKey: key() }),
    ).toMatchObject({ ok: false, reason: 'invalid-time-range' })
    expect(await requestBooking({ db, now }, { ...base, endsAt: null, idempotencyKey: key() })).toMatchObject({
      ok: false,
      reason: 'invalid-time-range',
    })
    await db.instrument.update({ where: { id: instrument.id }, data: { sharingStatus: 'maintenance' } })
    expect(await requestBooking({ db, now }, { ...base, quantity: 3, idempotencyKey: key() })).toMatchObject({
      ok: false,
      reason: 'instrument-not-bookable',
      details: { sharingStatus: 'maintenance' },
    })
    expect(await db.booking.count({ where: { instrumentId: instrument.id } })).toBe(0)
    expect(await db.ledgerTransfer.count({ where: { debitAccountId: voucher.accountId } })).toBe(0)
  })
})

describe('expireBooking', () => {
  it('does nothing before the deadline; after it expires, voids the hold and frees the slot — once', async () => {
    const db = getDb()
    const { voucher, base } = await setup()
    const requested = await requestBooking({ db, now }, base)
    const bookingId = requested.ok ? requested.value.bookingId : ''
    expect(await expireBooking({ db, now: new Date('2026-06-04T00:59:59.999Z') }, { bookingId })).toEqual({
      ok: true,
      value: { changed: false },
    })
    expect(
      await findOverdueRequestedBookingIds({ db, now: new Date('2026-06-04T00:59:59.999Z'), limit: 10 }),
    ).not.toContain(bookingId)

    const late = new Date('2026-06-04T01:00:00.000Z')
    expect(await findOverdueRequestedBookingIds({ db, now: late, limit: 100 })).toContain(bookingId)
    expect(await expireBooking({ db, now: late }, { bookingId })).toEqual({ ok: true, value: { changed: true } })
    expect(await expireBooking({ db, now: late }, { bookingId })).toEqual({ ok: true, value: { changed: false } })
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking.status).toBe('expired')
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('voided')
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ debitsPending: 0n, available: 50_000n })
    expect(await findOverdueRequestedBookingIds({ db, now: late, limit: 100 })).not.toContain(bookingId)
    expect(await db.auditLog.count({ where: { entityId: bookingId, action: 'booking.expired' } })).toBe(1)

    // The expired booking no longer holds the slot.
    const again = await requestBooking(
      { db, now: late },
      { ...base, startsAt: hour(9), endsAt: hour(11), idempotencyKey: key() },
    )
    expect(again).toMatchObject({ ok: true, value: { created: true } })
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })

  it('concurrent timers: exactly one expires and one void is written', async () => {
    const db = getDb()
    const { voucher, base } = await setup()
    const requested = await requestBooking({ db, now }, base)
    const bookingId = requested.ok ? requested.value.bookingId : ''
    const late = new Date('2026-06-05T00:00:00.000Z')
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => expireBooking({ db, now: late }, { bookingId })))
    expect(outcomes.filter((o) => o.ok && o.value.changed)).toHaveLength(1)
    expect(outcomes.every((o) => o.ok)).toBe(true)
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(await db.ledgerTransfer.count({ where: { pendingId: booking.holdTransferId!, type: 'void_pending' } })).toBe(
      1,
    )
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ available: 50_000n })
  })

  it('does not touch a booking that was decided, and reports a missing one', async () => {
    const db = getDb()
    const { base } = await setup()
    const requested = await requestBooking({ db, now }, base)
    const bookingId = requested.ok ? requested.value.bookingId : ''
    await db.booking.update({ where: { id: bookingId }, data: { status: 'approved' } })
    expect(await expireBooking({ db, now: new Date('2027-01-01T00:00:00.000Z') }, { bookingId })).toEqual({
      ok: true,
      value: { changed: false },
    })
    expect(await expireBooking({ db, now }, { bookingId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      reason: 'booking-not-found',
    })
  })
})
