import { pino } from 'pino'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import { getAccountBalances, getTransfer } from '~/features/ledger/ledger.server'
import { confirmCopaymentForDemo, type DemoMethod } from '~/features/payments/confirm-demo.server'
import { refundCopayment } from '~/features/payments/refund.server'
import { startCopayment } from '~/features/payments/start-copayment.server'
import { getDb } from '~/infra/db.server'
import { createSession } from '~/infra/session.server'
import { loader as bookingLoader } from '~/routes/enterprise+/bookings.$id'
import { action as payAction, loader as payLoader } from '~/routes/enterprise+/bookings.$id_.pay'
import { processors } from '../../jobs/processors/index'
import type { ProcessorContext } from '../../jobs/processor-map'
import { createEnterprise, createUser } from '../support/factories'
import { BASE, Browser } from './auth-support'
import { approvedBooking as approvedStripeBooking, startStripeHarness } from './stripe-support'

// The co-payment end to end against the real database, the booking engine, the real Stripe SDK and
// the local Stripe server, whose webhooks go to handleStripeWebhook: one PaymentIntent per
// booking, a payment moving the booking to paid, replays processed once, events out of order, forged
// and stale signatures, a declined card keeping the booking (and its hold) until pay_by and a retry
// on the same PaymentIntent paying it (ADR 013), and the refund job on cancellation refunding once
// however often it runs.

// One clock for the app, the engine and the local Stripe server (which signs webhooks with it).
const START = Date.parse('2026-06-01T01:00:00.000Z')
let clockMs = START
const now = () => new Date(clockMs)
const advance = (seconds: number) => (clockMs += seconds * 1000)

const h = await startStripeHarness({ clock: () => clockMs })
afterAll(() => h.close())
// Set, to show the local mode never hands it (or a client secret) to the browser (ADR 012).
const PUBLISHABLE_KEY = 'pk_test_local_mode_never_sent'
process.env.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
beforeEach(() => {
  clockMs = START
})
const { stripe, local } = h
const db = getDb()
const ctx = () => ({ db, now: now(), stripe })
const jobCtx: ProcessorContext = { db, now, logger: pino({ level: 'silent' }), jobId: 'test' }

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 5, day, hour))

const approvedBooking = (opts: { cancelFeeBp?: number } = {}) => approvedStripeBooking(db, now(), opts)

const bookingOf = (id: string) => db.booking.findUniqueOrThrow({ where: { id } })
const paymentOf = (bookingId: string) => db.payment.findUniqueOrThrow({ where: { bookingId } })
const eventsOfType = (intentId: string, type: string) => local.eventsFor(intentId).filter((e) => e.type === type)

async function pay(w: Awaited<ReturnType<typeof approvedBooking>>, method: DemoMethod = 'card') {
  const confirmed = await confirmCopaymentForDemo(ctx(), {
    bookingId: w.bookingId,
    enterpriseId: w.enterprise.id,
    method,
  })
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.reason}`)
  await local.idle()
  return confirmed.value
}

describe('starting the co-payment', () => {
  it('creates one PaymentIntent per booking: the co-payment in fen, CNY, card / Alipay / WeChat Pay', async () => {
    const w = await approvedBooking()
    const [a, b, c] = await Promise.all([
      startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id }),
      startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id }),
      startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id }),
    ])
    if (!a.ok || !b.ok || !c.ok) throw new Error('startCopayment refused')
    expect(new Set([a.value.intentId, b.value.intentId, c.value.intentId]).size).toBe(1)
    expect([a, b, c].filter((o) => o.ok && o.value.created)).toHaveLength(1)
    const again = await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id })
    expect(again).toMatchObject({ ok: true, value: { intentId: a.value.intentId, created: false } })

    const intent = local.paymentIntent(a.value.intentId)!
    expect(intent).toMatchObject({
      amount: 20_000,
      currency: 'cny',
      payment_method_types: ['card', 'alipay', 'wechat_pay'],
      metadata: { booking_id: w.bookingId, enterprise_id: w.enterprise.id },
    })
    // The idempotency key is the booking's: the same create call again is the same PaymentIntent.
    const direct = await stripe.paymentIntents.create(
      {
        amount: 20_000,
        currency: 'cny',
        allowed_payment_method_types: ['card', 'alipay', 'wechat_pay'],
        description: intent.description!,
        metadata: { booking_id: w.bookingId, enterprise_id: w.enterprise.id },
      },
      { idempotencyKey: `booking:${w.bookingId}:copay:v1` },
    )
    expect(direct.id).toBe(a.value.intentId)
    expect(eventsOfType(direct.id, 'payment_intent.created')).toHaveLength(1)

    expect(await paymentOf(w.bookingId)).toMatchObject({
      intentId: a.value.intentId,
      amountFen: 20_000n,
      currency: 'cny',
      status: 'requires_payment_method',
      refundedFen: 0n,
    })
    expect(await db.auditLog.count({ where: { entityId: w.bookingId, action: 'payment.started' } })).toBe(1)
  })

  it('refuses another enterprise’s booking and a booking not approved', async () => {
    const w = await approvedBooking()
    const other = await createEnterprise()
    expect(await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: other.id })).toMatchObject({
      ok: false,
      reason: 'booking-not-found',
    })
    await fireBookingTransition(
      { db, now: now() },
      { bookingId: w.bookingId, name: 'cancel', actor: w.memberActor, reason: '计划变更' },
    )
    expect(await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id })).toMatchObject({
      ok: false,
      reason: 'not-payable',
    })
    expect(await db.payment.count({ where: { bookingId: w.bookingId } })).toBe(0)
  })
})

describe('the webhook moves the payment and the booking', () => {
  it('a successful payment: payment succeeded, booking paid, events stored and processed', async () => {
    const w = await approvedBooking()
    const confirmed = await pay(w, 'card')
    expect(confirmed).toMatchObject({ status: 'succeeded', declined: false })
    const payment = await paymentOf(w.bookingId)
    expect(payment).toMatchObject({ status: 'succeeded', lastError: null })
    expect(payment.lastEventCreated).toBe(BigInt(Math.floor(clockMs / 1000)))
    expect((await bookingOf(w.bookingId)).status).toBe('paid')

    const succeeded = eventsOfType(payment.intentId!, 'payment_intent.succeeded')[0]!
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: succeeded.id } })).toMatchObject({
      type: 'payment_intent.succeeded',
      outcome: 'booking-paid',
    })
    const pays = await db.bookingEvent.findMany({ where: { bookingId: w.bookingId, transition: 'pay' } })
    expect(pays).toHaveLength(1)
    expect(pays[0]).toMatchObject({ fromStatus: 'approved', toStatus: 'paid', actorKind: 'system' })
    expect(await db.auditLog.count({ where: { entityId: w.bookingId, action: 'payment.succeeded' } })).toBe(1)
    // The voucher share stays held until the redemption.
    const booking = await bookingOf(w.bookingId)
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('pending')
  })

  it('a replayed event (three times, and three at once) is stored and processed once', async () => {
    const w = await approvedBooking()
    await pay(w, 'card')
    const payment = await paymentOf(w.bookingId)
    const succeeded = eventsOfType(payment.intentId!, 'payment_intent.succeeded')[0]!
    for (let i = 0; i < 3; i++) expect((await local.send(succeeded.id)).status).toBe(200)
    const together = await Promise.all([local.send(succeeded.id), local.send(succeeded.id), local.send(succeeded.id)])
    expect(together.map((d) => d.status)).toEqual([200, 200, 200])

    const answers = h.received.filter((r) => r.eventId === succeeded.id)
    expect(answers).toHaveLength(7)
    expect(answers.filter((r) => JSON.parse(r.body).value.duplicate === false)).toHaveLength(1)
    expect(await db.stripeEvent.count({ where: { id: succeeded.id } })).toBe(1)
    expect(await db.bookingEvent.count({ where: { bookingId: w.bookingId, transition: 'pay' } })).toBe(1)
    expect(await db.auditLog.count({ where: { entityId: w.bookingId, action: 'payment.succeeded' } })).toBe(1)
    expect(
      await db.outbox.count({
        where: {
          name: 'booking.notify',
          payload: { path: ['event'], equals: 'pay' },
          AND: { payload: { path: ['bookingId'], equals: w.bookingId } },
        },
      }),
    ).toBe(1)
  })

  it('events out of order: a success, then an older failure — the booking stays paid and keeps its hold', async () => {
    const w = await approvedBooking()
    const started = await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id })
    if (!started.ok) throw new Error(started.reason)
    const intentId = started.value.intentId
    await local.idle()
    local.pauseDeliveries()
    // A declined card, then 30 s later a good one: Stripe may deliver the two events either way round.
    await expect(stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_chargeDeclined' })).rejects.toThrow(
      /declined/,
    )
    advance(30)
    await stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' })
    local.discardHeld()
    await local.resumeDeliveries()
    const failed = eventsOfType(intentId, 'payment_intent.payment_failed')[0]!
    const succeeded = eventsOfType(intentId, 'payment_intent.succeeded')[0]!
    expect(failed.created).toBeLessThan(succeeded.created)

    expect((await local.send(succeeded.id)).status).toBe(200)
    expect((await local.send(failed.id)).status).toBe(200)
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      outcome: 'unchanged:final',
    })
    expect(await paymentOf(w.bookingId)).toMatchObject({
      status: 'succeeded',
      lastEventCreated: BigInt(succeeded.created),
      lastError: null,
    })
    const booking = await bookingOf(w.bookingId)
    expect(booking.status).toBe('paid')
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('pending')
    expect(await db.bookingEvent.count({ where: { bookingId: w.bookingId, transition: 'fail-payment' } })).toBe(0)
  })

  it('a forged signature or a stale timestamp is refused (400) and nothing is stored or changed', async () => {
    const w = await approvedBooking()
    const started = await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id })
    if (!started.ok) throw new Error(started.reason)
    await local.idle()
    local.pauseDeliveries()
    await stripe.paymentIntents.confirm(started.value.intentId, { payment_method: 'pm_card_visa' })
    local.discardHeld()
    await local.resumeDeliveries()
    const succeeded = eventsOfType(started.value.intentId, 'payment_intent.succeeded')[0]!

    expect((await local.send(succeeded.id, { signature: 'bad-signature' })).status).toBe(400)
    expect((await local.send(succeeded.id, { signature: 'stale-timestamp' })).status).toBe(400)
    expect(await db.stripeEvent.count({ where: { id: succeeded.id } })).toBe(0)
    expect((await paymentOf(w.bookingId)).status).toBe('requires_payment_method')
    expect((await bookingOf(w.bookingId)).status).toBe('approved')
    const refusals = h.received.filter((r) => r.eventId === succeeded.id).map((r) => JSON.parse(r.body).reason)
    expect(refusals).toEqual(['bad-signature', 'bad-signature'])

    // The genuine delivery still counts.
    expect((await local.send(succeeded.id)).status).toBe(200)
    expect((await bookingOf(w.bookingId)).status).toBe('paid')
  })

  it('a declined card: payment failed, the booking stays approved with its hold and its PaymentIntent, the enterprise told why and by when', async () => {
    const w = await approvedBooking()
    const before = await getAccountBalances(db, w.voucher.accountId)
    expect(before).toMatchObject({ debitsPending: 20_000n, available: 30_000n })
    const confirmed = await pay(w, 'card_declined')
    expect(confirmed).toMatchObject({
      declined: true,
      status: 'requires_payment_method',
      lastError: 'card_declined: generic_decline: Your card was declined.',
    })

    const payment = await paymentOf(w.bookingId)
    expect(payment.status).toBe('failed')
    expect(payment.lastError).toBe('card_declined: generic_decline: Your card was declined.')
    // DOMAIN (ADR 013): the booking waits for payment until pay_by; the hold and the PaymentIntent stay.
    const booking = await bookingOf(w.bookingId)
    expect(booking.status).toBe('approved')
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('pending')
    expect(await getAccountBalances(db, w.voucher.accountId)).toMatchObject(before)
    expect(local.paymentIntent(payment.intentId!)).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'card_declined' },
    })
    const failed = eventsOfType(payment.intentId!, 'payment_intent.payment_failed')[0]!
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      outcome: 'payment-failed:retry-until-pay-by',
    })
    const events = await db.bookingEvent.findMany({ where: { bookingId: w.bookingId, transition: 'fail-payment' } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ fromStatus: 'approved', toStatus: 'approved', reason: payment.lastError })
    expect(
      await db.outbox.count({
        where: { name: 'payment.cancel-intent', payload: { equals: { bookingId: w.bookingId } } },
      }),
    ).toBe(0)

    // The mail: why, and by when to pay again (the booking's pay_by, Beijing time).
    const notify = await db.outbox.findFirstOrThrow({
      where: {
        name: 'booking.notify',
        payload: { path: ['event'], equals: 'fail-payment' },
        AND: { payload: { path: ['bookingId'], equals: w.bookingId } },
      },
    })
    await processors['booking.notify'](notify.payload as { bookingId: string; event: string; eventId: string }, jobCtx)
    const mail = await db.mailMessage.findFirstOrThrow({
      where: { bookingId: w.bookingId, template: 'booking.fail-payment' },
    })
    expect(mail).toMatchObject({
      toUserId: w.member.id,
      subject: expect.stringContaining('自付费用支付未成功，请重新支付'),
    })
    expect(mail.textBody).toContain(
      '支付未成功：发卡行拒绝了这笔付款。请在 2026-06-02 09:00（北京时间） 前重新支付，逾期预约将自动失效。',
    )
  })

  it('a decline, then Alipay on the same booking a minute later: paid, the hold kept, one PaymentIntent and one payment row', async () => {
    const w = await approvedBooking()
    const declined = await pay(w, 'card_declined')
    expect(declined).toMatchObject({ declined: true })
    expect((await bookingOf(w.bookingId)).status).toBe('approved')
    advance(60)
    const retried = await pay(w, 'alipay')
    expect(retried).toMatchObject({ declined: false, status: 'succeeded', intentId: declined.intentId })

    // Stripe's side: one PaymentIntent, a failed attempt and then a successful one, events in that order.
    const intentId = declined.intentId
    expect(local.eventsFor(intentId).map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
    ])
    const failed = eventsOfType(intentId, 'payment_intent.payment_failed')[0]!
    const succeeded = eventsOfType(intentId, 'payment_intent.succeeded')[0]!
    expect(succeeded.created).toBe(failed.created + 60)
    // Both signed deliveries processed: the success after the failure applies.
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: succeeded.id } })).toMatchObject({
      outcome: 'booking-paid',
    })
    expect(await db.payment.findMany({ where: { bookingId: w.bookingId } })).toEqual([
      expect.objectContaining({
        intentId,
        status: 'succeeded',
        lastError: null,
        lastEventCreated: BigInt(succeeded.created),
        amountFen: 20_000n,
      }),
    ])
    const booking = await bookingOf(w.bookingId)
    expect(booking.status).toBe('paid')
    expect((await getTransfer(db, booking.holdTransferId!))?.status).toBe('pending')
    expect(await getAccountBalances(db, w.voucher.accountId)).toMatchObject({
      debitsPending: 20_000n,
      available: 30_000n,
    })
    const history = await db.bookingEvent.findMany({ where: { bookingId: w.bookingId }, orderBy: { id: 'asc' } })
    expect(history.map((e) => `${e.transition}:${e.fromStatus}→${e.toStatus}`)).toEqual([
      'approve:requested→approved',
      'fail-payment:approved→approved',
      'pay:approved→paid',
    ])
    // The first attempt's decline delivered again, late: stored once, changes nothing.
    expect((await local.send(failed.id)).status).toBe(200)
    expect(JSON.parse(h.received.at(-1)!.body)).toMatchObject({ ok: true, value: { duplicate: true } })
    expect((await paymentOf(w.bookingId)).status).toBe('succeeded')
    // pay_by passes: nothing to expire, nothing to cancel.
    advance(25 * 3600)
    expect(
      await fireBookingTransition(
        { db, now: now() },
        { bookingId: w.bookingId, name: 'expire-unpaid', actor: { kind: 'system', userId: null } },
      ),
    ).toMatchObject({ ok: true, value: { changed: false, to: 'paid' } })
  })

  it('a retry in the same second as the decline still pays (a tie goes to the success)', async () => {
    const w = await approvedBooking()
    const declined = await pay(w, 'card_declined')
    const retried = await pay(w, 'card')
    expect(retried).toMatchObject({ status: 'succeeded', intentId: declined.intentId })
    const failed = eventsOfType(declined.intentId, 'payment_intent.payment_failed')[0]!
    const succeeded = eventsOfType(declined.intentId, 'payment_intent.succeeded')[0]!
    expect(succeeded.created).toBe(failed.created)
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'succeeded', lastError: null })
    expect((await bookingOf(w.bookingId)).status).toBe('paid')
  })

  it('Alipay and WeChat Pay pay the booking too', async () => {
    for (const method of ['alipay', 'wechat_pay'] as const) {
      const w = await approvedBooking()
      const confirmed = await confirmCopaymentForDemo(ctx(), {
        bookingId: w.bookingId,
        enterpriseId: w.enterprise.id,
        method,
      })
      expect(confirmed).toMatchObject({ ok: true, value: { status: 'succeeded' } })
      await local.idle()
      expect((await bookingOf(w.bookingId)).status).toBe('paid')
    }
  })
})

describe('refunds', () => {
  it('a late cancellation of a paid booking refunds the co-payment less the fee, through the job, once', async () => {
    // 10% cancellation fee within 24 h of the slot.
    const w = await approvedBooking({ cancelFeeBp: 1_000 })
    await pay(w, 'card')
    clockMs = at(9, 12).getTime()
    const cancelled = await fireBookingTransition(
      { db, now: now() },
      { bookingId: w.bookingId, name: 'cancel', actor: w.memberActor, reason: '样品未能按时送达' },
    )
    expect(cancelled).toMatchObject({ ok: true, value: { changed: true, to: 'cancelled' } })
    const booking = await bookingOf(w.bookingId)
    expect(booking.cancellationFeeFen).toBe(4_000n)

    const job = await db.outbox.findFirstOrThrow({
      where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: w.bookingId } },
    })
    const payload = job.payload as { bookingId: string; refundKey: string }
    const runs = [
      await processors['payment.refund'](payload, jobCtx),
      ...(await Promise.all([
        processors['payment.refund'](payload, jobCtx),
        processors['payment.refund'](payload, jobCtx),
      ])),
    ]
    await local.idle()
    expect(runs.map((r) => (r as { amountFen: string }).amountFen)).toEqual(['16000', '16000', '16000'])
    expect(runs.filter((r) => (r as { created: boolean }).created)).toHaveLength(1)

    const payment = await paymentOf(w.bookingId)
    const atStripe = await stripe.refunds.list({ payment_intent: payment.intentId! })
    expect(atStripe.data).toHaveLength(1)
    expect(atStripe.data[0]).toMatchObject({
      amount: 16_000,
      status: 'succeeded',
      metadata: { refund_key: payload.refundKey },
    })
    const rows = await db.paymentRefund.findMany({ where: { paymentId: payment.id } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      refundId: atStripe.data[0]!.id,
      amountFen: 16_000n,
      status: 'succeeded',
      idempotencyKey: payload.refundKey,
    })
    expect(payment.refundedFen).toBe(16_000n)
    expect(payment.status).toBe('succeeded')
    const refunded = local
      .events()
      .find(
        (e) =>
          e.type === 'charge.refunded' &&
          (e.data.object as { payment_intent: string }).payment_intent === payment.intentId,
      )!
    // Whichever came first — the job recording Stripe's answer or the charge.refunded webhook —
    // set refunded_fen; the other found it done.
    const stored = await db.stripeEvent.findUniqueOrThrow({ where: { id: refunded.id } })
    expect(stored.outcome).toMatch(/^(refunded:16000|unchanged:refunded)$/)

    // Later reruns (the job again, a direct call under the same key) change nothing.
    await processors['payment.refund'](payload, jobCtx)
    expect(
      await refundCopayment(ctx(), {
        bookingId: w.bookingId,
        amountFen: 16_000n,
        reason: 'again',
        refundKey: payload.refundKey,
      }),
    ).toMatchObject({ ok: true, value: { created: false, refundId: atStripe.data[0]!.id } })
    expect((await stripe.refunds.list({ payment_intent: payment.intentId! })).data).toHaveLength(1)
    // Nothing more can go back than was paid.
    expect(
      await refundCopayment(ctx(), {
        bookingId: w.bookingId,
        amountFen: 4_001n,
        reason: 'too much',
        refundKey: 'extra',
      }),
    ).toMatchObject({ ok: false, reason: 'refund-exceeds-payment' })
    expect(
      await db.auditLog.count({ where: { entityId: w.bookingId, action: { startsWith: 'payment.refund' } } }),
    ).toBeGreaterThanOrEqual(2)
  })

  it('a payment that arrives after the booking expired unpaid is refunded in full', async () => {
    const w = await approvedBooking()
    const started = await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id })
    if (!started.ok) throw new Error(started.reason)
    advance(25 * 3600)
    const expired = await fireBookingTransition(
      { db, now: now() },
      { bookingId: w.bookingId, name: 'expire-unpaid', actor: { kind: 'system', userId: null } },
    )
    expect(expired).toMatchObject({ ok: true, value: { changed: true, to: 'expired' } })
    // The enterprise's browser had confirmed with Stripe.js just as the timer fired.
    await stripe.paymentIntents.confirm(started.value.intentId, { payment_method: 'pm_card_visa' })
    await local.idle()
    const succeeded = eventsOfType(started.value.intentId, 'payment_intent.succeeded')[0]!
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: succeeded.id } })).toMatchObject({
      outcome: 'late-payment:refund-enqueued:expired',
    })
    expect((await bookingOf(w.bookingId)).status).toBe('expired')
    const job = await db.outbox.findFirstOrThrow({
      where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: w.bookingId } },
    })
    expect(job.payload).toEqual({ bookingId: w.bookingId, refundKey: `booking:${w.bookingId}:late-payment` })
    const result = await processors['payment.refund'](job.payload as { bookingId: string; refundKey: string }, jobCtx)
    expect(result).toMatchObject({ amountFen: '20000', status: 'succeeded' })
    await local.idle()
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'succeeded', refundedFen: 20_000n })
  })

  it('nothing to refund: the job answers without calling Stripe', async () => {
    const w = await approvedBooking()
    await pay(w, 'card')
    const result = await processors['payment.refund'](
      { bookingId: w.bookingId, refundKey: `booking:${w.bookingId}:x` },
      jobCtx,
    )
    expect(result).toEqual({ refunded: false, reason: 'nothing-to-refund' })
    expect(await db.paymentRefund.count({ where: { payment: { bookingId: w.bookingId } } })).toBe(0)
  })
})

describe('the payment page', () => {
  async function signedIn(userId: string) {
    const browser = await Browser.open()
    const session = await createSession(new Request(BASE), { userId, remember: false })
    browser.absorb([session.setCookie])
    return browser
  }

  async function call(fn: typeof payLoader | typeof payAction, request: Request, id: string): Promise<Response> {
    try {
      return await fn({ request, params: { id }, context: {} })
    } catch (thrown) {
      if (thrown instanceof Response) return thrown
      throw thrown
    }
  }

  it('shows the co-payment and the three methods, takes a simulated payment, then shows it paid', async () => {
    const w = await approvedBooking()
    const browser = await signedIn(w.member.id)
    const path = `/enterprise/bookings/${w.bookingId}/pay`
    const page = await call(payLoader, browser.get(path), w.bookingId)
    expect(page.status).toBe(200)
    const data = await page.json()
    expect(data).toMatchObject({
      state: 'pay',
      localMode: true,
      mode: 'simulated',
      stripe: null,
      startError: null,
      booking: { copayFen: '20000' },
    })
    expect((await paymentOf(w.bookingId)).status).toBe('requires_payment_method')
    // The simulated payment needs neither: no publishable key, no client secret in the page.
    const body = JSON.stringify(data)
    expect(body).not.toContain(PUBLISHABLE_KEY)
    expect(body).not.toContain((await paymentOf(w.bookingId)).clientSecret!)

    const wrong = await call(payAction, browser.post(path, { method: 'paypal' }), w.bookingId)
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toEqual({ error: 'payments:errors.method' })

    const paid = await call(payAction, browser.post(path, { method: 'alipay' }), w.bookingId)
    expect(paid.status).toBe(302)
    expect(paid.headers.get('Location')).toBe(`${path}?submitted=1`)
    await local.idle()
    const after = await (await call(payLoader, browser.get(`${path}?submitted=1`), w.bookingId)).json()
    expect(after).toMatchObject({ state: 'paid', booking: { status: 'paid' }, payment: { status: 'succeeded' } })

    const again = await call(payAction, browser.post(path, { method: 'card' }), w.bookingId)
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({ error: 'payments:errors.not-payable' })
  })

  it('after a decline shows why and the payment form again (simulated), and another method pays', async () => {
    const w = await approvedBooking()
    const browser = await signedIn(w.member.id)
    const path = `/enterprise/bookings/${w.bookingId}/pay`
    expect((await call(payLoader, browser.get(path), w.bookingId)).status).toBe(200)

    // The decline is known at once: the answer says why (in the reader's words), no redirect.
    const declined = await call(payAction, browser.post(path, { method: 'card_declined' }), w.bookingId)
    expect(declined.status).toBe(200)
    expect(await declined.json()).toEqual({ declined: '发卡行拒绝了这笔付款' })
    await local.idle()

    // Loaded again once the webhook recorded it: the error and the form, the booking still approved.
    const retry = await (await call(payLoader, browser.get(path), w.bookingId)).json()
    expect(retry).toMatchObject({
      state: 'retry',
      mode: 'simulated',
      stripe: null,
      failureReason: '发卡行拒绝了这笔付款',
      booking: { status: 'approved', payBy: '2026-06-02T01:00:00.000Z' },
      payment: { status: 'failed', lastError: 'card_declined: generic_decline: Your card was declined.' },
    })
    expect(JSON.stringify(retry)).not.toContain((await paymentOf(w.bookingId)).clientSecret!)
    // The booking's own page says so too, and links to pay again.
    const bookingPage = await bookingLoader({
      request: browser.get(`/enterprise/bookings/${w.bookingId}`),
      params: { id: w.bookingId },
      context: {},
    })
    expect(await bookingPage.json()).toMatchObject({ canPay: true, lastAttemptFailed: '发卡行拒绝了这笔付款' })

    // Another method: submitted, the webhook not in yet — processing, although the record says failed.
    local.pauseDeliveries()
    const paid = await call(payAction, browser.post(path, { method: 'wechat_pay' }), w.bookingId)
    expect(paid.status).toBe(302)
    expect(paid.headers.get('Location')).toBe(`${path}?submitted=1`)
    const waiting = await (await call(payLoader, browser.get(`${path}?submitted=1`), w.bookingId)).json()
    expect(waiting).toMatchObject({ state: 'processing', mode: 'none', payment: { status: 'failed' } })
    await local.resumeDeliveries()
    await local.idle()
    const after = await (await call(payLoader, browser.get(`${path}?submitted=1`), w.bookingId)).json()
    expect(after).toMatchObject({
      state: 'paid',
      failureReason: null,
      booking: { status: 'paid' },
      payment: { status: 'succeeded', lastError: null },
    })
    expect(await db.payment.count({ where: { bookingId: w.bookingId } })).toBe(1)
  })

  it('another enterprise’s booking is not found, and a form without the CSRF token is refused', async () => {
    const w = await approvedBooking()
    const other = await createEnterprise()
    const stranger = await createUser({
      memberships: { create: { role: 'enterprise_member', enterpriseId: other.id } },
    })
    const browser = await signedIn(stranger.id)
    const path = `/enterprise/bookings/${w.bookingId}/pay`
    expect((await call(payLoader, browser.get(path), w.bookingId)).status).toBe(404)
    expect((await call(payAction, browser.post(path, { method: 'card' }), w.bookingId)).status).toBe(404)
    const owner = await signedIn(w.member.id)
    expect((await call(payAction, owner.post(path, { method: 'card' }, { csrf: false }), w.bookingId)).status).toBe(403)
    expect(await db.payment.count({ where: { bookingId: w.bookingId } })).toBe(0)
  })
})
