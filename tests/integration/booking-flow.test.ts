import { randomUUID } from 'node:crypto'
import type { Job, Queue } from 'bullmq'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { fireBookingTransition, fireInTx, type BookingActor, type FireInput } from '~/features/bookings/fire.server'
import { requestBooking, type RequestBookingInput } from '~/features/bookings/request-booking.server'
import { accountCode } from '~/features/ledger/accounts'
import { getAccountBalances, getTransfer } from '~/features/ledger/ledger.server'
import { revokeVoucher } from '~/features/vouchers/revoke-voucher.server'
import { getDb } from '~/infra/db.server'
import { QUEUE_NAMES, outboxJobId } from '~/infra/job-contract'
import { addJob, createQueues } from '~/infra/queue.server'
import { createRedis, quitRedis } from '~/infra/redis.server'
import { startWorker, type RunningWorker } from '../../jobs/worker'
import { createEnterprise, createInstrument, createUser, createVoucher } from '../support/factories'

// The booking engine (app/features/bookings/fire.server.ts) on the real database: the path from
// request to redemption claim, the refusals, and the timers under two workers.

const db = getDb()
const now = new Date('2026-06-01T01:00:00.000Z') // Monday 09:00 in Dazhou
/** 2026-06-10 (a Wednesday) at `h`:`m` Dazhou time. */
const local = (h: number, m = 0) => new Date(Date.UTC(2026, 5, 10, h - 8, m))
const later = (ms: number) => new Date(now.getTime() + ms)
const HOUR = 3600_000
const DAY = 24 * HOUR

let serial = 0
const nextNo = (prefix: string) => `${prefix}${Date.now().toString(36)}-${++serial}`

/**
 * An enterprise with a ¥500 voucher (share 50%), its member, an institution's staff, and an
 * instrument at ¥200/hour open Monday–Friday 09:00–17:00; a 2-hour request on Wednesday 09:00
 * (fee ¥400: ¥200 held on the voucher, ¥200 co-payment).
 */
async function setup(opts: { cancelFeeBp?: number; voucherFen?: bigint } = {}) {
  const enterprise = await createEnterprise()
  const member = await createUser()
  const staff = await createUser()
  const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: opts.voucherFen ?? 50_000n })
  const { instrument, serviceItem, institutionId } = await createInstrument({
    serviceItem: { feeFen: 20_000, unit: 'hour' },
    cancelFeeBp: opts.cancelFeeBp ?? 0,
    cancelFreeHours: 24,
  })
  await db.openHours.createMany({
    data: [1, 2, 3, 4, 5].map((weekday) => ({
      instrumentId: instrument.id,
      weekday,
      startMinute: 9 * 60,
      endMinute: 17 * 60,
    })),
  })
  const asMember: BookingActor = { kind: 'enterprise_member', userId: member.id, enterpriseId: enterprise.id }
  const asStaff: BookingActor = { kind: 'institution_staff', userId: staff.id, institutionId }
  const base: RequestBookingInput = {
    enterpriseId: enterprise.id,
    actorUserId: member.id,
    serviceItemId: serviceItem.id,
    voucherId: voucher.id,
    startsAt: local(9),
    endsAt: local(11),
    quantity: 2,
    idempotencyKey: randomUUID(),
  }
  const request = async (overrides: Partial<RequestBookingInput> = {}, at = now) => {
    const outcome = await requestBooking({ db, now: at }, { ...base, idempotencyKey: randomUUID(), ...overrides })
    if (!outcome.ok) throw new Error(`request refused: ${outcome.reason}`)
    return outcome.value.bookingId
  }
  return { enterprise, member, staff, voucher, instrument, serviceItem, institutionId, asMember, asStaff, request }
}

async function fire(input: FireInput, at = now) {
  return fireBookingTransition({ db, now: at }, input)
}

async function fireOk(input: FireInput, at = now) {
  const outcome = await fire(input, at)
  if (!outcome.ok) throw new Error(`${input.name} refused: ${outcome.reason} ${JSON.stringify(outcome.details ?? {})}`)
  return outcome.value
}

const SYSTEM: BookingActor = { kind: 'system', userId: null }

/** What the Stripe webhook does on payment_intent.succeeded: the payment row, then 'pay'. */
async function pay(bookingId: string, at = now) {
  const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
  const intentId = `pi_test_${randomUUID().replaceAll('-', '')}`
  await db.payment.create({ data: { bookingId, intentId, amountFen: booking.copayFen, status: 'succeeded' } })
  return fireOk({ bookingId, name: 'pay', actor: SYSTEM, payment: { intentId } }, at)
}

function delivery(overrides: Partial<NonNullable<FireInput['delivery']>> = {}): NonNullable<FireInput['delivery']> {
  return {
    actualStartsAt: local(9),
    actualEndsAt: local(11),
    finalFeeFen: 40_000n,
    reportNo: nextNo('DZBG2026-'),
    invoiceNo: nextNo('5117'),
    ...overrides,
  }
}

const afterService = local(12)

describe('the path from request to redemption claim', () => {
  it('approve → pay → start → deliver at a lower fee (part of the hold released) → confirm → claim with evidence', async () => {
    const s = await setup()
    const bookingId = await s.request()

    const approvedAt = later(HOUR)
    expect(await fireOk({ bookingId, name: 'approve', actor: s.asStaff }, approvedAt)).toMatchObject({
      changed: true,
      from: 'requested',
      to: 'approved',
    })
    let booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({ status: 'approved', decidedAt: approvedAt, decidedById: s.staff.id })
    // DOMAIN: an unpaid approval expires after 24 h — the timer is an outbox row due then.
    expect(booking.payBy?.toISOString()).toBe(new Date(approvedAt.getTime() + DAY).toISOString())
    const timer = await db.outbox.findFirstOrThrow({
      where: { name: 'booking.expire-if-unpaid', payload: { equals: { bookingId } } },
    })
    expect(timer.availableAt.toISOString()).toBe(booking.payBy!.toISOString())

    // The co-payment is ¥200: service cannot start before it is paid.
    expect(await fire({ bookingId, name: 'start-service', actor: s.asStaff })).toMatchObject({
      ok: false,
      reason: 'copay-unpaid',
    })
    expect(await pay(bookingId, later(2 * HOUR))).toMatchObject({ changed: true, to: 'paid' })
    expect(await fireOk({ bookingId, name: 'start-service', actor: s.asStaff }, local(9))).toMatchObject({
      to: 'in_service',
    })

    // Delivered at ¥300: voucher share min(¥200 held, 50% × ¥300) = ¥150, co-payment ¥150.
    const evidence = delivery({ finalFeeFen: 30_000n, reportNo: ' DZBG2026-X1 ', invoiceNo: '51170001X1' })
    const holdBefore = booking.holdTransferId!
    expect(
      await fireOk({ bookingId, name: 'deliver', actor: s.asStaff, delivery: evidence }, afterService),
    ).toMatchObject({ to: 'delivered' })
    booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({
      status: 'delivered',
      finalFeeFen: 30_000n,
      finalVoucherShareFen: 15_000n,
      finalCopayFen: 15_000n,
      reportNo: 'DZBG2026-X1',
      invoiceNo: '51170001X1',
      actualStartsAt: local(9),
      actualEndsAt: local(11),
      deliveredAt: afterService,
      deliveredById: s.staff.id,
    })
    expect(booking.confirmBy?.toISOString()).toBe(new Date(afterService.getTime() + 7 * DAY).toISOString())
    // The old hold is voided, a new one of ¥150 holds: the voucher has ¥350 free again.
    expect((await getTransfer(db, holdBefore))?.status).toBe('voided')
    expect(booking.holdTransferId).not.toBe(holdBefore)
    expect(await getTransfer(db, booking.holdTransferId!)).toMatchObject({
      type: 'pending',
      status: 'pending',
      amount: 15_000n,
      refType: 'booking',
      refId: bookingId,
    })
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({
      debitsPending: 15_000n,
      debitsPosted: 0n,
      available: 35_000n,
    })
    const holdAccount = await db.ledgerAccount.findUniqueOrThrow({
      where: { code: accountCode.bookingHold(s.voucher.id) },
    })
    expect(await getAccountBalances(db, holdAccount.id)).toMatchObject({ creditsPending: 15_000n, creditsPosted: 0n })
    // ¥200 was paid, ¥150 is owed: ¥50 goes back through Stripe.
    expect(
      await db.outbox.findMany({
        where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: bookingId } },
      }),
    ).toHaveLength(1)
    expect(
      await db.outbox.count({
        where: { name: 'booking.auto-confirm', availableAt: booking.confirmBy!, payload: { equals: { bookingId } } },
      }),
    ).toBe(1)

    const confirmedAt = new Date('2026-06-30T17:00:00.000Z') // 1 July 01:00 in Dazhou
    expect(await fireOk({ bookingId, name: 'confirm', actor: s.asMember }, confirmedAt)).toMatchObject({
      changed: true,
      from: 'delivered',
      to: 'claimed',
    })
    booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({ status: 'claimed', confirmedAt })
    const claim = await db.redemptionClaim.findUniqueOrThrow({ where: { bookingId } })
    const payment = await db.payment.findUniqueOrThrow({ where: { bookingId } })
    expect(claim).toMatchObject({
      institutionId: s.institutionId,
      voucherId: s.voucher.id,
      issuingRegionId: '511700', // 谁发券谁兑付: the city bureau issued the voucher
      amountFen: 15_000n,
      status: 'submitted',
      claimedAt: confirmedAt,
    })
    expect(claim.period.toISOString().slice(0, 10)).toBe('2026-07-01')
    expect(claim.evidence).toEqual({
      bookingId,
      feeSnapshot: {
        unit: 'hour',
        unitFeeFen: 20_000,
        quantity: 2,
        feeFen: '40000',
        shareBp: 5000,
        voucherShareFen: '20000',
        copayFen: '20000',
      },
      final: { feeFen: '30000', voucherShareFen: '15000', copayFen: '15000' },
      usage: {
        bookedStartsAt: local(9).toISOString(),
        bookedEndsAt: local(11).toISOString(),
        actualStartsAt: local(9).toISOString(),
        actualEndsAt: local(11).toISOString(),
        actualQuantity: null,
      },
      report: { no: 'DZBG2026-X1', file: null },
      invoice: { no: '51170001X1', file: null },
      payment: {
        paymentId: payment.id,
        intentId: payment.intentId,
        amountFen: '20000',
        refundedFen: '0',
        status: 'succeeded',
      },
      deliveredAt: afterService.toISOString(),
      confirmedAt: confirmedAt.toISOString(),
      confirmedBy: 'confirm',
    })

    // The history, the notifications, the audit streams.
    const events = await db.bookingEvent.findMany({ where: { bookingId }, orderBy: { id: 'asc' } })
    expect(events.map((e) => [e.transition, e.fromStatus, e.toStatus, e.actorKind])).toEqual([
      ['approve', 'requested', 'approved', 'institution_staff'],
      ['pay', 'approved', 'paid', 'system'],
      ['start-service', 'paid', 'in_service', 'institution_staff'],
      ['deliver', 'in_service', 'delivered', 'institution_staff'],
      ['confirm', 'delivered', 'confirmed', 'enterprise_member'],
      ['claim', 'confirmed', 'claimed', 'system'],
    ])
    const notes = await db.outbox.findMany({
      where: { name: 'booking.notify', payload: { path: ['bookingId'], equals: bookingId } },
      orderBy: { id: 'asc' },
    })
    expect(notes.map((n) => n.payload)).toEqual(
      events.map((e) => ({ bookingId, event: e.transition, eventId: e.id.toString() })),
    )
    const audits = await db.auditLog.findMany({ where: { entityId: bookingId }, orderBy: { id: 'asc' } })
    expect(audits.map((a) => [a.action, a.stream])).toEqual([
      ['booking.requested', `enterprise:${s.enterprise.id}`],
      ['booking.approved', `institution:${s.institutionId}`],
      ['booking.paid', `enterprise:${s.enterprise.id}`],
      ['booking.service-started', `institution:${s.institutionId}`],
      ['booking.delivered', `institution:${s.institutionId}`],
      ['booking.confirmed', `enterprise:${s.enterprise.id}`],
      ['booking.claimed', `enterprise:${s.enterprise.id}`],
    ])
    expect((await verifyAuditChains(db)).ok).toBe(true)

    // A second confirmation (a double click) changes nothing.
    expect(await fireOk({ bookingId, name: 'confirm', actor: s.asMember }, confirmedAt)).toMatchObject({
      changed: false,
      to: 'claimed',
    })
    expect(await db.redemptionClaim.count({ where: { bookingId } })).toBe(1)
  })

  it('reject needs a reason and voids the hold; a second reject changes nothing', async () => {
    const s = await setup()
    const bookingId = await s.request()
    expect(await fire({ bookingId, name: 'reject', actor: s.asStaff, reason: '  ' })).toMatchObject({
      ok: false,
      reason: 'reason-required',
    })
    expect(
      await fireOk({ bookingId, name: 'reject', actor: s.asStaff, reason: ' 该时段仪器校内使用 ' }, later(HOUR)),
    ).toMatchObject({ changed: true, to: 'rejected' })
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({ status: 'rejected', rejectReason: '该时段仪器校内使用', decidedById: s.staff.id })
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('voided')
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({ debitsPending: 0n, available: 50_000n })
    expect(await fireOk({ bookingId, name: 'reject', actor: s.asStaff, reason: '再次' })).toMatchObject({
      changed: false,
    })
    // …and nobody can approve it any more.
    expect(await fire({ bookingId, name: 'approve', actor: s.asStaff })).toMatchObject({
      ok: false,
      reason: 'wrong-status',
    })
  })

  it('refuses the wrong actor, another institution, another enterprise', async () => {
    const s = await setup()
    const other = await setup()
    const bookingId = await s.request()
    expect(await fire({ bookingId, name: 'approve', actor: s.asMember })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
    })
    expect(await fire({ bookingId, name: 'approve', actor: other.asStaff })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
      details: { problem: 'other-institution' },
    })
    expect(await fire({ bookingId, name: 'cancel', actor: other.asMember, reason: '不是我的预约' })).toMatchObject({
      ok: false,
      reason: 'not-allowed',
      details: { problem: 'other-enterprise' },
    })
    expect(await fire({ bookingId: randomUUID(), name: 'approve', actor: s.asStaff })).toMatchObject({
      ok: false,
      reason: 'booking-not-found',
    })
    expect(await db.bookingEvent.count({ where: { bookingId } })).toBe(0)
  })
})

describe('another time proposed', () => {
  it('accepting moves the slot and approves; the old time is free again', async () => {
    const s = await setup()
    const bookingId = await s.request()
    // Not free: outside open hours, off the grid, of another length.
    for (const [startsAt, endsAt, reason] of [
      [local(16), local(18), 'slot-not-free'],
      [local(13, 10), local(15, 10), 'slot-not-free'],
      [local(13), local(14), 'duration-changed'],
    ] as const) {
      expect(
        await fire({ bookingId, name: 'propose-time', actor: s.asStaff, proposal: { startsAt, endsAt } }),
      ).toMatchObject({ ok: false, reason })
    }
    expect(await fire({ bookingId, name: 'accept-proposal', actor: s.asMember })).toMatchObject({
      ok: false,
      reason: 'no-proposal',
    })
    expect(
      await fireOk(
        {
          bookingId,
          name: 'propose-time',
          actor: s.asStaff,
          proposal: { startsAt: local(13), endsAt: local(15), note: '上午已安排校内实验' },
        },
        later(HOUR),
      ),
    ).toMatchObject({ changed: true, from: 'requested', to: 'requested' })
    expect(await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).toMatchObject({
      proposedStartsAt: local(13),
      proposedEndsAt: local(15),
      proposalNote: '上午已安排校内实验',
    })

    expect(await fireOk({ bookingId, name: 'accept-proposal', actor: s.asMember }, later(2 * HOUR))).toMatchObject({
      changed: true,
      to: 'approved',
    })
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({
      status: 'approved',
      startsAt: local(13),
      endsAt: local(15),
      proposedStartsAt: null,
      proposedEndsAt: null,
      decidedById: s.staff.id, // the proposer decided
    })
    const during = await db.$queryRaw<{ ok: boolean }[]>`
      SELECT during = tstzrange(${local(13)}::timestamptz, ${local(15)}::timestamptz) AS ok FROM booking WHERE id = ${bookingId}::uuid`
    expect(during[0]?.ok).toBe(true)
    // The old slot can be booked by someone else now.
    const rival = await createEnterprise()
    expect(
      await requestBooking(
        { db, now },
        { ...(await baseFor(s)), enterpriseId: rival.id, voucherId: null, idempotencyKey: randomUUID() },
      ),
    ).toMatchObject({ ok: true })
  })

  it('a proposed time taken meanwhile is refused on acceptance (slot-taken); declining clears it', async () => {
    const s = await setup()
    const bookingId = await s.request()
    await fireOk({
      bookingId,
      name: 'propose-time',
      actor: s.asStaff,
      proposal: { startsAt: local(13), endsAt: local(15) },
    })
    // Another enterprise books that time before the enterprise answers (a proposal holds nothing).
    const rival = await createEnterprise()
    expect(
      await requestBooking(
        { db, now },
        {
          ...(await baseFor(s)),
          enterpriseId: rival.id,
          voucherId: null,
          startsAt: local(14),
          endsAt: local(16),
          idempotencyKey: randomUUID(),
        },
      ),
    ).toMatchObject({ ok: true })
    expect(await fire({ bookingId, name: 'accept-proposal', actor: s.asMember })).toMatchObject({
      ok: false,
      reason: 'slot-taken',
    })
    // Proposing a taken time is refused up front.
    expect(
      await fire({
        bookingId,
        name: 'propose-time',
        actor: s.asStaff,
        proposal: { startsAt: local(14), endsAt: local(16) },
      }),
    ).toMatchObject({ ok: false, reason: 'slot-not-free' })
    expect(await fireOk({ bookingId, name: 'decline-proposal', actor: s.asMember })).toMatchObject({
      changed: true,
      to: 'requested',
    })
    expect(await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).toMatchObject({
      status: 'requested',
      startsAt: local(9),
      proposedStartsAt: null,
    })
  })
})

async function baseFor(s: Awaited<ReturnType<typeof setup>>): Promise<RequestBookingInput> {
  return {
    enterpriseId: s.enterprise.id,
    actorUserId: null,
    serviceItemId: s.serviceItem.id,
    voucherId: null,
    startsAt: local(9),
    endsAt: local(11),
    quantity: 2,
    idempotencyKey: randomUUID(),
  }
}

describe('cancellation', () => {
  it('late by the enterprise: 30% of the fee kept from the paid co-payment, the rest refunded, the hold voided', async () => {
    const s = await setup({ cancelFeeBp: 3000 })
    const bookingId = await s.request()
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    await pay(bookingId)
    expect(await fire({ bookingId, name: 'cancel', actor: s.asMember })).toMatchObject({
      ok: false,
      reason: 'reason-required',
    })
    const lateAt = local(7) // 2 hours before the slot: inside the 24 free hours' end
    expect(
      await fireOk({ bookingId, name: 'cancel', actor: s.asMember, reason: '项目计划调整' }, lateAt),
    ).toMatchObject({ changed: true, from: 'paid', to: 'cancelled' })
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({
      status: 'cancelled',
      cancelledBySide: 'enterprise',
      cancelledById: s.member.id,
      cancelReason: '项目计划调整',
      cancelledAt: lateAt,
      cancellationFeeFen: 12_000n, // 30% × ¥400 = ¥120, within the ¥200 paid
    })
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('voided')
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({ available: 50_000n })
    const refund = await db.outbox.findFirstOrThrow({
      where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: bookingId } },
    })
    expect(refund.payload).toEqual({ bookingId, refundKey: `booking:${bookingId}:cancel` })
    const event = await db.bookingEvent.findFirstOrThrow({ where: { bookingId, transition: 'cancel' } })
    expect(event.detail).toMatchObject({
      cancellation: { side: 'enterprise', feeFen: '12000', dueFen: '12000', refundFen: '8000', basis: 'charged' },
      refund: { refundFen: '8000' },
    })
    // The slot is free again.
    expect(await requestBooking({ db, now }, { ...(await baseFor(s)), idempotencyKey: randomUUID() })).toMatchObject({
      ok: true,
    })
  })

  it('the institution cancelling costs nothing; an unpaid approval cancelled late costs nothing either', async () => {
    const s = await setup({ cancelFeeBp: 5000 })
    const paidId = await s.request()
    await fireOk({ bookingId: paidId, name: 'approve', actor: s.asStaff })
    await pay(paidId)
    await fireOk({ bookingId: paidId, name: 'cancel', actor: s.asStaff, reason: '仪器故障' }, local(8))
    expect(await db.booking.findUniqueOrThrow({ where: { id: paidId } })).toMatchObject({
      cancelledBySide: 'institution',
      cancellationFeeFen: 0n,
    })
    const event = await db.bookingEvent.findFirstOrThrow({ where: { bookingId: paidId, transition: 'cancel' } })
    expect(event.detail).toMatchObject({ refund: { refundFen: '20000' } })

    const unpaidId = await s.request({ startsAt: local(13), endsAt: local(15) })
    await fireOk({ bookingId: unpaidId, name: 'approve', actor: s.asStaff })
    await fireOk({ bookingId: unpaidId, name: 'cancel', actor: s.asMember, reason: '不做了' }, local(12))
    expect(await db.booking.findUniqueOrThrow({ where: { id: unpaidId } })).toMatchObject({
      status: 'cancelled',
      cancellationFeeFen: 0n, // vouchers never pay cancellation fees, and nothing was paid
    })
    expect(
      await db.outbox.count({ where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: unpaidId } } }),
    ).toBe(0)
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({ debitsPending: 0n })
  })

  it('no cancellation once service started', async () => {
    const s = await setup()
    const bookingId = await s.request()
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    await pay(bookingId)
    await fireOk({ bookingId, name: 'start-service', actor: s.asStaff })
    expect(await fire({ bookingId, name: 'cancel', actor: s.asMember, reason: '来不及了' })).toMatchObject({
      ok: false,
      reason: 'wrong-status',
    })
  })
})

describe('delivery', () => {
  async function inService(s: Awaited<ReturnType<typeof setup>>, hour = 9) {
    const bookingId = await s.request({ startsAt: local(hour), endsAt: local(hour + 2) })
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    await pay(bookingId)
    await fireOk({ bookingId, name: 'start-service', actor: s.asStaff })
    return bookingId
  }

  it('refuses a fee above the snapshot and a report or invoice number already used', async () => {
    const s = await setup()
    const first = await inService(s, 9)
    const second = await inService(s, 13)
    expect(
      await fire(
        { bookingId: first, name: 'deliver', actor: s.asStaff, delivery: delivery({ finalFeeFen: 40_001n }) },
        afterService,
      ),
    ).toMatchObject({ ok: false, reason: 'fee-above-snapshot' })
    expect(await fire({ bookingId: first, name: 'deliver', actor: s.asStaff }, afterService)).toMatchObject({
      ok: false,
      reason: 'delivery-required',
    })
    const used = delivery({ actualStartsAt: null, actualEndsAt: null })
    await fireOk({ bookingId: first, name: 'deliver', actor: s.asStaff, delivery: used }, afterService)
    const at = local(16)
    expect(
      await fire(
        { bookingId: second, name: 'deliver', actor: s.asStaff, delivery: delivery({ reportNo: ` ${used.reportNo}` }) },
        at,
      ),
    ).toMatchObject({ ok: false, reason: 'report-no-taken' })
    expect(
      await fire(
        { bookingId: second, name: 'deliver', actor: s.asStaff, delivery: delivery({ invoiceNo: used.invoiceNo }) },
        at,
      ),
    ).toMatchObject({ ok: false, reason: 'invoice-no-taken' })
    expect((await db.booking.findUniqueOrThrow({ where: { id: second } })).status).toBe('in_service')
    // The full fee: the hold stays as it is, nothing to refund.
    const b = await db.booking.findUniqueOrThrow({ where: { id: first } })
    expect(b).toMatchObject({ finalVoucherShareFen: 20_000n, finalCopayFen: 20_000n })
    expect(await db.ledgerTransfer.count({ where: { refId: first, type: 'void_pending' } })).toBe(0)
    expect(
      await db.outbox.count({ where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: first } } }),
    ).toBe(0)
  })

  it('two deliveries racing for one report number: the unique index decides, the loser is refused', async () => {
    const s = await setup()
    const a = await inService(s, 9)
    const b = await inService(s, 13)
    const reportNo = nextNo('DZBG2026-R')
    const input = (bookingId: string): FireInput => ({
      bookingId,
      name: 'deliver',
      actor: s.asStaff,
      delivery: delivery({ reportNo, actualStartsAt: null, actualEndsAt: null }),
    })
    // A has written its number but not committed: B's look finds nothing and B's write waits on
    // the unique index until A commits — the case only the database can decide.
    let written!: () => void
    const isWritten = new Promise<void>((resolve) => (written = resolve))
    let commit!: () => void
    const mayCommit = new Promise<void>((resolve) => (commit = resolve))
    const first = db.$transaction(async (tx) => {
      const fired = await fireInTx(tx, local(18), input(a))
      written()
      await mayCommit
      return fired
    })
    await isWritten
    const second = fire(input(b), local(18))
    await expect
      .poll(
        async () =>
          (
            await db.$queryRaw<{ n: number }[]>`
              SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock'`
          )[0]!.n,
        { timeout: 10_000, interval: 20 },
      )
      .toBeGreaterThan(0)
    commit()
    expect(await first).toMatchObject({ changed: true, to: 'delivered' })
    expect(await second).toMatchObject({ ok: false, reason: 'report-no-taken', details: { reportNo } })
    expect((await db.booking.findUniqueOrThrow({ where: { id: b } })).status).toBe('in_service')
  })

  it('a revoked voucher: the delivery charges the enterprise the whole fee and no claim is made', async () => {
    const s = await setup()
    const bookingId = await inService(s)
    const officer = await createUser()
    await revokeVoucher({ db, now }, { voucherId: s.voucher.id, reason: '骗取创新券', actorUserId: officer.id })
    await fireOk({ bookingId, name: 'deliver', actor: s.asStaff, delivery: delivery() }, afterService)
    expect(await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).toMatchObject({
      finalVoucherShareFen: 0n,
      finalCopayFen: 40_000n,
    })
    expect(await fireOk({ bookingId, name: 'confirm', actor: s.asMember }, local(20))).toMatchObject({
      to: 'confirmed',
    })
    expect(await db.redemptionClaim.count({ where: { bookingId } })).toBe(0)
  })

  it('a dispute needs a reason; the bureau resolves it into a claim', async () => {
    const s = await setup()
    const bookingId = await inService(s)
    await fireOk({ bookingId, name: 'deliver', actor: s.asStaff, delivery: delivery() }, afterService)
    expect(await fire({ bookingId, name: 'dispute', actor: s.asMember })).toMatchObject({
      ok: false,
      reason: 'reason-required',
    })
    await fireOk({ bookingId, name: 'dispute', actor: s.asMember, reason: '报告数据与样品不符' }, local(14))
    expect(await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).toMatchObject({
      status: 'disputed',
      disputeReason: '报告数据与样品不符',
    })
    // The auto-confirm timer arriving now changes nothing.
    expect(
      await fireOk({ bookingId, name: 'auto-confirm', actor: SYSTEM }, new Date(local(14).getTime() + 30 * DAY)),
    ).toMatchObject({ changed: false, to: 'disputed' })
    const officer = await createUser()
    expect(
      await fireOk(
        { bookingId, name: 'resolve-dispute', actor: { kind: 'city_officer', userId: officer.id, regionId: '511700' } },
        local(16),
      ),
    ).toMatchObject({ changed: true, to: 'claimed' })
    expect(await db.redemptionClaim.findUniqueOrThrow({ where: { bookingId } })).toMatchObject({ amountFen: 20_000n })
    const audit = await db.auditLog.findFirstOrThrow({
      where: { entityId: bookingId, action: 'booking.dispute-resolved' },
    })
    expect(audit.stream).toBe('region:511700')
  })
})

describe('webhook and timer replays', () => {
  it('pay needs a payment of this intent; replays and late payments change nothing', async () => {
    const s = await setup()
    const bookingId = await s.request()
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    expect(await fireOk({ bookingId, name: 'pay', actor: SYSTEM, payment: { intentId: 'pi_unknown' } })).toMatchObject({
      changed: false,
      to: 'approved',
    })
    const paid = await pay(bookingId)
    const intentId = (await db.payment.findUniqueOrThrow({ where: { bookingId } })).intentId!
    expect(paid).toMatchObject({ changed: true, to: 'paid' })
    for (let i = 0; i < 3; i++)
      expect(await fireOk({ bookingId, name: 'pay', actor: SYSTEM, payment: { intentId } })).toMatchObject({
        changed: false,
        to: 'paid',
      })
    // The unpaid timer after the payment, and a failure event arriving late, change nothing.
    const late = later(3 * DAY)
    expect(await fireOk({ bookingId, name: 'expire-unpaid', actor: SYSTEM }, late)).toMatchObject({ changed: false })
    expect(await fireOk({ bookingId, name: 'fail-payment', actor: SYSTEM, payment: { intentId } }, late)).toMatchObject(
      {
        changed: false,
        to: 'paid',
      },
    )
    expect(await db.bookingEvent.count({ where: { bookingId, transition: 'pay' } })).toBe(1)
  })

  // DOMAIN (ADR 013): a declined attempt keeps the booking approved until pay_by; the enterprise
  // may pay again on the same PaymentIntent. Only the pay-by timer ends an unpaid booking.
  const DECLINED = 'card_declined: generic_decline: Your card was declined.'
  const outboxOf = (bookingId: string, name: string) =>
    db.outbox.findMany({ where: { name, payload: { path: ['bookingId'], equals: bookingId } }, orderBy: { id: 'asc' } })

  it('a failed payment keeps the booking approved and its hold; a retry that succeeds pays it', async () => {
    const s = await setup()
    const bookingId = await s.request()
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    const payBy = (await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).payBy!
    const intentId = `pi_fail_${randomUUID().slice(0, 8)}`
    await db.payment.create({
      data: { bookingId, intentId, amountFen: 20_000n, status: 'failed', lastError: DECLINED },
    })
    const failed = await fireOk(
      { bookingId, name: 'fail-payment', actor: SYSTEM, payment: { intentId, lastError: DECLINED } },
      later(HOUR),
    )
    expect(failed).toMatchObject({ changed: true, from: 'approved', to: 'approved' })
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({ status: 'approved', payBy })
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('pending')
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({
      debitsPending: 20_000n,
      available: 30_000n,
    })
    // The history says why and until when; the enterprise is told; the PaymentIntent stays open.
    const event = await db.bookingEvent.findFirstOrThrow({ where: { bookingId, transition: 'fail-payment' } })
    expect(event).toMatchObject({ fromStatus: 'approved', toStatus: 'approved', actorKind: 'system', reason: DECLINED })
    expect(event.detail).toMatchObject({ paymentFailure: { error: DECLINED, retryUntil: payBy.toISOString() } })
    expect((await outboxOf(bookingId, 'booking.notify')).map((r) => r.payload)).toContainEqual({
      bookingId,
      event: 'fail-payment',
      eventId: failed.eventId!.toString(),
    })
    expect(await outboxOf(bookingId, 'payment.cancel-intent')).toHaveLength(0)
    expect(await db.auditLog.count({ where: { entityId: bookingId, action: 'booking.payment-failed' } })).toBe(1)

    // A second decline is recorded too (each attempt is news); the booking still waits.
    expect(
      await fireOk(
        { bookingId, name: 'fail-payment', actor: SYSTEM, payment: { intentId, lastError: DECLINED } },
        later(2 * HOUR),
      ),
    ).toMatchObject({ changed: true, to: 'approved' })
    expect(await db.bookingEvent.count({ where: { bookingId, transition: 'fail-payment' } })).toBe(2)

    // The retry succeeds (the webhook's record first, then 'pay'): paid, the hold still held.
    await db.payment.update({ where: { bookingId }, data: { status: 'succeeded', lastError: null } })
    expect(
      await fireOk({ bookingId, name: 'pay', actor: SYSTEM, payment: { intentId } }, later(3 * HOUR)),
    ).toMatchObject({
      changed: true,
      to: 'paid',
    })
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('pending')
    // pay_by passes: the timer changes nothing.
    expect(await fireOk({ bookingId, name: 'expire-unpaid', actor: SYSTEM }, payBy)).toMatchObject({
      changed: false,
      to: 'paid',
    })
    expect(await outboxOf(bookingId, 'payment.cancel-intent')).toHaveLength(0)
  })

  it('a failed payment never retried: expire-unpaid at pay_by frees the hold and cancels the PaymentIntent', async () => {
    const s = await setup()
    const bookingId = await s.request()
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    const payBy = (await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).payBy!
    const intentId = `pi_fail_${randomUUID().slice(0, 8)}`
    await db.payment.create({
      data: { bookingId, intentId, amountFen: 20_000n, status: 'failed', lastError: DECLINED },
    })
    await fireOk(
      { bookingId, name: 'fail-payment', actor: SYSTEM, payment: { intentId, lastError: DECLINED } },
      later(HOUR),
    )
    expect(
      await fireOk({ bookingId, name: 'expire-unpaid', actor: SYSTEM }, new Date(payBy.getTime() - 1)),
    ).toMatchObject({ changed: false, to: 'approved' })
    expect(await fireOk({ bookingId, name: 'expire-unpaid', actor: SYSTEM }, payBy)).toMatchObject({
      changed: true,
      to: 'expired',
    })
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({ debitsPending: 0n, available: 50_000n })
    expect(await outboxOf(bookingId, 'payment.cancel-intent')).toHaveLength(1)
    const expired = await db.bookingEvent.findFirstOrThrow({ where: { bookingId, transition: 'expire-unpaid' } })
    expect(expired.detail).toMatchObject({ paymentIntent: { intentId, status: 'failed', cancel: 'enqueued' } })
    // A decline reported after the booking ended changes nothing.
    expect(
      await fireOk(
        { bookingId, name: 'fail-payment', actor: SYSTEM, payment: { intentId, lastError: DECLINED } },
        later(2 * DAY),
      ),
    ).toMatchObject({ changed: false, to: 'expired' })
  })

  it('expire-unpaid: nothing before pay_by, expires once after it', async () => {
    const s = await setup()
    const bookingId = await s.request()
    await fireOk({ bookingId, name: 'approve', actor: s.asStaff })
    const payBy = (await db.booking.findUniqueOrThrow({ where: { id: bookingId } })).payBy!
    expect(
      await fireOk({ bookingId, name: 'expire-unpaid', actor: SYSTEM }, new Date(payBy.getTime() - 1)),
    ).toMatchObject({ changed: false, to: 'approved' })
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => fire({ bookingId, name: 'expire-unpaid', actor: SYSTEM }, payBy)),
    )
    expect(outcomes.filter((o) => o.ok && o.value.changed)).toHaveLength(1)
    expect(await db.ledgerTransfer.count({ where: { refId: bookingId, type: 'void_pending' } })).toBe(1)
    expect(await getAccountBalances(db, s.voucher.accountId)).toMatchObject({ available: 50_000n })
  })
})

// --- timers through the outbox, two workers -------------------------------------------------------

const connection = createRedis({ name: 'booking-flow-test' })
const queues = createQueues({ connection })
const running = new Set<RunningWorker>()

afterAll(async () => {
  await Promise.all([...running].map((w) => w.stop()))
  for (const name of QUEUE_NAMES) await queues.get(name).obliterate({ force: true })
  await queues.close()
  await quitRedis(connection)
})

async function finished(queue: Queue, id: string, timeout = 20_000): Promise<Job> {
  await expect
    .poll(async () => (await queue.getJobState(id)) as string, { timeout, interval: 50 })
    .toMatch(/^(completed|failed)$/)
  const job = await queue.getJob(id)
  if (!job) throw new Error(`job ${id} finished but is gone`)
  return job
}

describe('timers with two workers', () => {
  it('expire-if-unpaid and auto-confirm each move their booking once; a replayed timer changes nothing', async () => {
    // Real time here: the workers read the wall clock. Sample bookings (no slot) made days ago.
    const s = await setup()
    const t0 = new Date(Date.now() - 10 * DAY)
    const at = (h: number) => new Date(t0.getTime() + h * HOUR)
    const sample = { startsAt: null, endsAt: null }

    const unpaid = await s.request(sample, at(0))
    await fireOk({ bookingId: unpaid, name: 'approve', actor: s.asStaff }, at(1)) // pay_by = t0 + 25 h

    const delivered = await s.request(sample, at(0))
    await fireOk({ bookingId: delivered, name: 'approve', actor: s.asStaff }, at(1))
    await pay(delivered, at(2))
    await fireOk({ bookingId: delivered, name: 'start-service', actor: s.asStaff }, at(3))
    await fireOk(
      {
        bookingId: delivered,
        name: 'deliver',
        actor: s.asStaff,
        delivery: delivery({ actualStartsAt: at(3), actualEndsAt: at(5), actualQuantity: 2 }),
      },
      at(6),
    ) // confirm_by = t0 + 7 d 6 h: passed

    const unpaidTimer = await db.outbox.findFirstOrThrow({
      where: { name: 'booking.expire-if-unpaid', payload: { equals: { bookingId: unpaid } } },
    })
    const confirmTimer = await db.outbox.findFirstOrThrow({
      where: { name: 'booking.auto-confirm', payload: { equals: { bookingId: delivered } } },
    })
    // Only these two timers go out: the rows earlier tests left (notifications, refunds of test
    // payments Stripe never saw) are not this test's business.
    await db.outbox.updateMany({
      where: { sentAt: null, id: { notIn: [unpaidTimer.id, confirmTimer.id] } },
      data: { sentAt: new Date() },
    })
    const startWorkers = async () => {
      for (let i = 0; i < 2; i++) {
        const w = await startWorker({ db, relay: { pollMs: 200 } })
        running.add(w)
      }
    }
    await startWorkers()
    try {
      const timers = queues.get('timers')
      expect((await finished(timers, outboxJobId(unpaidTimer))).returnvalue).toHaveProperty('changed')
      expect((await finished(timers, outboxJobId(confirmTimer))).returnvalue).toHaveProperty('changed')

      expect((await db.booking.findUniqueOrThrow({ where: { id: unpaid } })).status).toBe('expired')
      expect(await db.bookingEvent.count({ where: { bookingId: unpaid, toStatus: 'expired' } })).toBe(1)
      expect(await db.ledgerTransfer.count({ where: { refId: unpaid, type: 'void_pending' } })).toBe(1)
      expect(await db.auditLog.count({ where: { entityId: unpaid, action: 'booking.expired-unpaid' } })).toBe(1)

      expect((await db.booking.findUniqueOrThrow({ where: { id: delivered } })).status).toBe('claimed')
      expect(await db.bookingEvent.count({ where: { bookingId: delivered, transition: 'auto-confirm' } })).toBe(1)
      expect(await db.redemptionClaim.findUniqueOrThrow({ where: { bookingId: delivered } })).toMatchObject({
        amountFen: 20_000n,
        evidence: expect.objectContaining({ confirmedBy: 'auto-confirm' }),
      })

      // Both timers delivered again (at least once): nothing changes.
      // (Counted for these two bookings: the workers' sweep moves other tests' overdue bookings meanwhile.)
      const mine = [unpaid, delivered]
      const events = await db.bookingEvent.count({ where: { bookingId: { in: mine } } })
      const transfers = await db.ledgerTransfer.count({ where: { refId: { in: mine } } })
      const again = [
        await addJob('booking.expire-if-unpaid', { bookingId: unpaid }, { queues }),
        await addJob('booking.auto-confirm', { bookingId: delivered }, { queues }),
      ]
      for (const job of again) expect((await finished(timers, job.id!)).returnvalue).toEqual({ changed: false })
      expect(await db.bookingEvent.count({ where: { bookingId: { in: mine } } })).toBe(events)
      expect(await db.ledgerTransfer.count({ where: { refId: { in: mine } } })).toBe(transfers)
      expect(await db.redemptionClaim.count({ where: { bookingId: delivered } })).toBe(1)
    } finally {
      await Promise.all([...running].map((w) => w.stop()))
      running.clear()
    }
  })
})
