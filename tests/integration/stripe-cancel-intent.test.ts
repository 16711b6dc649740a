import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Job, Queue } from 'bullmq'
import { pino } from 'pino'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { fireBookingTransition, type BookingActor } from '~/features/bookings/fire.server'
import { cancelCopayIntent } from '~/features/payments/cancel-intent.server'
import { confirmCopaymentForDemo } from '~/features/payments/confirm-demo.server'
import { startCopayment } from '~/features/payments/start-copayment.server'
import { getDb } from '~/infra/db.server'
import { QUEUE_NAMES, outboxJobId } from '~/infra/job-contract'
import { createQueues } from '~/infra/queue.server'
import { createRedis, quitRedis } from '~/infra/redis.server'
import { createSession } from '~/infra/session.server'
import { Stripe } from '~/infra/stripe.server'
import { loader as payLoader } from '~/routes/enterprise+/bookings.$id_.pay'
import type { ProcessorContext } from '../../jobs/processor-map'
import { processors } from '../../jobs/processors/index'
import { relayOnce } from '../../jobs/relay'
import { startWorker } from '../../jobs/worker'
import { BASE, Browser } from './auth-support'
import { approvedBooking as approvedStripeBooking, SECRET_KEY, startStripeHarness } from './stripe-support'

// A booking that ends before its co-payment was paid (expired unpaid at pay_by — after no attempt
// or only a declined one, ADR 013 — or cancelled while approved) has its PaymentIntent canceled at
// Stripe, so the enterprise cannot pay for a booking that no longer exists: the engine's
// cancel-copay-intent effect writes an outbox row, the 'payment.cancel-intent' job cancels through
// the real SDK at the local Stripe server, whose signed payment_intent.canceled webhook reaches
// handleStripeWebhook. Real PostgreSQL, Redis and BullMQ; reruns and replays are harmless; a
// payment that wins the race is refunded instead.

const START = Date.parse('2026-06-01T01:00:00.000Z')
let clockMs = START
const now = () => new Date(clockMs)
const advance = (seconds: number) => (clockMs += seconds * 1000)

const h = await startStripeHarness({ clock: () => clockMs })
const db = getDb()
const connection = createRedis({ name: 'stripe-cancel-intent-test' })
const queues = createQueues({ connection })
afterAll(async () => {
  await h.close()
  for (const name of QUEUE_NAMES) await queues.get(name).obliterate({ force: true })
  await queues.close()
  await quitRedis(connection)
})
beforeEach(() => {
  clockMs = START
})
const { stripe, local } = h
const ctx = () => ({ db, now: now(), stripe })
const jobCtx: ProcessorContext = { db, now, logger: pino({ level: 'silent' }), jobId: 'test' }
const SYSTEM: BookingActor = { kind: 'system', userId: null }

/** The shared booking (stripe-support.ts) with a 10% late-cancellation fee; approved, pay_by = 2 June 01:00. */
const approvedBooking = () => approvedStripeBooking(db, now(), { cancelFeeBp: 1_000 })

type World = Awaited<ReturnType<typeof approvedBooking>>

/** The enterprise opened the payment page: one PaymentIntent, requires_payment_method. */
async function started(w: World) {
  const outcome = await startCopayment(ctx(), { bookingId: w.bookingId, enterpriseId: w.enterprise.id })
  if (!outcome.ok) throw new Error(`startCopayment: ${outcome.reason}`)
  await local.idle()
  return outcome.value.intentId
}

async function expireUnpaid(w: World) {
  advance(25 * 3600)
  const expired = await fireBookingTransition(
    { db, now: now() },
    { bookingId: w.bookingId, name: 'expire-unpaid', actor: SYSTEM },
  )
  expect(expired).toMatchObject({ ok: true, value: { changed: true, to: 'expired' } })
}

const paymentOf = (bookingId: string) => db.payment.findUniqueOrThrow({ where: { bookingId } })
const cancelJobs = (bookingId: string) =>
  db.outbox.findMany({ where: { name: 'payment.cancel-intent', payload: { equals: { bookingId } } } })
const canceledAudits = (bookingId: string) =>
  db.auditLog.count({ where: { entityId: bookingId, action: 'payment.canceled' } })
const eventsOfType = (intentId: string, type: string) => local.eventsFor(intentId).filter((e) => e.type === type)
const runJob = (bookingId: string) => processors['payment.cancel-intent']({ bookingId }, jobCtx)

async function finished(queue: Queue, id: string, timeout = 20_000): Promise<Job> {
  await expect
    .poll(async () => (await queue.getJobState(id)) as string, { timeout, interval: 50 })
    .toMatch(/^(completed|failed)$/)
  const job = await queue.getJob(id)
  if (!job) throw new Error(`job ${id} finished but is gone`)
  return job
}

async function payPage(w: World) {
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: w.member.id, remember: false })
  browser.absorb([session.setCookie])
  const path = `/enterprise/bookings/${w.bookingId}/pay`
  const response = await payLoader({ request: browser.get(path), params: { id: w.bookingId }, context: {} })
  expect(response.status).toBe(200)
  return (await response.json()) as {
    state: string
    mode: string
    failureReason: string | null
    booking: { status: string }
    payment: unknown
  }
}

describe('a booking that expires unpaid', () => {
  it('has its PaymentIntent canceled by the job through BullMQ: payment canceled, audited once, the webhook and reruns harmless', async () => {
    const w = await approvedBooking()
    const intentId = await started(w)
    await expireUnpaid(w)

    // The engine wrote one outbox row (ids only) with the expiry, and said so in the booking's history.
    const rows = await cancelJobs(w.bookingId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ queue: 'notifications', payload: { bookingId: w.bookingId } })
    const event = await db.bookingEvent.findFirstOrThrow({
      where: { bookingId: w.bookingId, transition: 'expire-unpaid' },
    })
    expect(event.detail).toMatchObject({
      paymentIntent: { intentId, status: 'requires_payment_method', cancel: 'enqueued' },
    })
    expect(local.paymentIntent(intentId)?.status).toBe('requires_payment_method')

    // Through Redis: the relay publishes the row, a worker runs the job. Only this row goes out.
    await db.outbox.updateMany({ where: { sentAt: null, id: { not: rows[0]!.id } }, data: { sentAt: new Date() } })
    expect(await relayOnce({ db, queues })).toBe(1)
    const worker = await startWorker({
      db,
      relay: false,
      schedules: false,
      clock: now,
      logger: pino({ level: 'silent' }),
    })
    try {
      const job = await finished(queues.get('notifications'), outboxJobId(rows[0]!))
      expect(await job.getState()).toBe('completed')
      expect(job.returnvalue).toMatchObject({ canceled: true, intentId, status: 'canceled', calledStripe: true })
    } finally {
      await worker.stop()
    }
    await local.idle()

    // Stripe's side: canceled as abandoned, one payment_intent.canceled event, delivered and signed.
    expect(local.paymentIntent(intentId)).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' })
    const canceled = eventsOfType(intentId, 'payment_intent.canceled')
    expect(canceled).toHaveLength(1)
    expect(canceled[0]!.request.idempotency_key).toBe(`booking:${w.bookingId}:copay:v1:cancel`)
    // Ours: the payment row canceled and one audit record — whichever of the job and the webhook
    // came second found the payment canceled and wrote nothing.
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'canceled', intentId })
    expect(await canceledAudits(w.bookingId)).toBe(1)
    const stored = await db.stripeEvent.findUniqueOrThrow({ where: { id: canceled[0]!.id } })
    expect(stored.outcome).toMatch(/^(payment-canceled|unchanged:final)$/)

    // The webhook delivered again: stored once, nothing done again.
    const replay = await local.send(canceled[0]!.id)
    expect(replay).toMatchObject({ status: 200, ok: true })
    expect(JSON.parse(h.received.at(-1)!.body)).toMatchObject({ ok: true, value: { duplicate: true } })

    // The job again (at least once), twice at once: no second cancellation, no second record.
    const reruns = await Promise.all([runJob(w.bookingId), runJob(w.bookingId)])
    for (const r of reruns) expect(r).toMatchObject({ canceled: true, recorded: false, calledStripe: false })
    await local.idle()
    expect(eventsOfType(intentId, 'payment_intent.canceled')).toHaveLength(1)
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'canceled' })
    expect(await canceledAudits(w.bookingId)).toBe(1)

    // The enterprise cannot pay it any more: Stripe refuses, and so does the page.
    const confirm = await stripe.paymentIntents
      .confirm(intentId, { payment_method: 'pm_card_visa' })
      .catch((e: unknown) => e)
    expect(confirm).toMatchObject({ code: 'payment_intent_unexpected_state' })
    const page = await payPage(w)
    expect(page).toMatchObject({ state: 'closed', mode: 'none', booking: { status: 'expired' } })
  })

  it('without a PaymentIntent (the page was never opened) enqueues nothing', async () => {
    const w = await approvedBooking()
    await expireUnpaid(w)
    expect(await cancelJobs(w.bookingId)).toHaveLength(0)
    // A job that arrives anyway answers without calling Stripe.
    expect(await runJob(w.bookingId)).toEqual({ canceled: false, reason: 'no-payment' })
  })
})

describe('the other ways a booking ends unpaid', () => {
  it('cancelled by the enterprise while approved: the PaymentIntent is canceled, nothing was charged or refunded', async () => {
    const w = await approvedBooking()
    const intentId = await started(w)
    const cancelled = await fireBookingTransition(
      { db, now: now() },
      { bookingId: w.bookingId, name: 'cancel', actor: w.memberActor, reason: '计划调整' },
    )
    expect(cancelled).toMatchObject({ ok: true, value: { changed: true, to: 'cancelled' } })
    expect(await cancelJobs(w.bookingId)).toHaveLength(1)
    expect(
      await db.outbox.count({ where: { name: 'payment.refund', payload: { equals: { bookingId: w.bookingId } } } }),
    ).toBe(0)

    expect(await runJob(w.bookingId)).toMatchObject({ canceled: true, intentId, calledStripe: true })
    await local.idle()
    expect(local.paymentIntent(intentId)?.status).toBe('canceled')
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'canceled', refundedFen: 0n })
    expect(await canceledAudits(w.bookingId)).toBe(1)
    expect(await db.paymentRefund.count({ where: { payment: { bookingId: w.bookingId } } })).toBe(0)
    expect(await payPage(w)).toMatchObject({ state: 'closed', booking: { status: 'cancelled' } })
  })

  it('a declined attempt never paid again: the booking stays until pay_by, then expires and the PaymentIntent is canceled; the page says the payment failed', async () => {
    const w = await approvedBooking()
    const declined = await confirmCopaymentForDemo(ctx(), {
      bookingId: w.bookingId,
      enterpriseId: w.enterprise.id,
      method: 'card_declined',
    })
    expect(declined).toMatchObject({ ok: true, value: { declined: true } })
    await local.idle()
    const intentId = declined.ok ? declined.value.intentId : ''
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'failed' })
    // DOMAIN (ADR 013): the decline alone ends nothing — the booking waits, the PaymentIntent stays payable.
    expect((await db.booking.findUniqueOrThrow({ where: { id: w.bookingId } })).status).toBe('approved')
    expect(await cancelJobs(w.bookingId)).toHaveLength(0)
    expect(local.paymentIntent(intentId)?.status).toBe('requires_payment_method')
    expect(await payPage(w)).toMatchObject({ state: 'retry', mode: 'simulated', booking: { status: 'approved' } })

    // pay_by passes with no other attempt: the timer ends the booking and enqueues the cancellation.
    await expireUnpaid(w)
    expect(await cancelJobs(w.bookingId)).toHaveLength(1)
    expect(await runJob(w.bookingId)).toMatchObject({ canceled: true, intentId })
    await local.idle()
    expect(local.paymentIntent(intentId)?.status).toBe('canceled')
    const payment = await paymentOf(w.bookingId)
    expect(payment.status).toBe('canceled')
    expect(payment.lastError).toMatch(/card_declined/) // why the last attempt failed stays on record
    expect(await payPage(w)).toMatchObject({
      state: 'failed',
      mode: 'none',
      failureReason: '发卡行拒绝了这笔付款',
      booking: { status: 'expired' },
    })
  })
})

describe('a payment that wins the race against the cancellation', () => {
  it('Stripe refuses the cancel, the job completes without error, and the late payment is refunded in full', async () => {
    const w = await approvedBooking()
    const intentId = await started(w)
    await expireUnpaid(w)
    // The enterprise's browser confirmed with Stripe.js just as the timer fired; its webhook is
    // still on the way when the job runs, so our record still says requires_payment_method.
    local.pauseDeliveries()
    await stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' })
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'requires_payment_method' })

    const result = await runJob(w.bookingId)
    expect(result).toEqual({ canceled: false, reason: 'payment-succeeded' })
    expect(local.paymentIntent(intentId)).toMatchObject({ status: 'succeeded', canceled_at: null })
    expect(eventsOfType(intentId, 'payment_intent.canceled')).toHaveLength(0)
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'requires_payment_method' })
    expect(await canceledAudits(w.bookingId)).toBe(0)

    // The succeeded webhook arrives: the existing late-payment path enqueues the full refund.
    await local.resumeDeliveries()
    const succeeded = eventsOfType(intentId, 'payment_intent.succeeded')[0]!
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: succeeded.id } })).toMatchObject({
      outcome: 'late-payment:refund-enqueued:expired',
    })
    const refundJob = await db.outbox.findFirstOrThrow({
      where: { name: 'payment.refund', payload: { path: ['bookingId'], equals: w.bookingId } },
    })
    const refunded = await processors['payment.refund'](
      refundJob.payload as { bookingId: string; refundKey: string },
      jobCtx,
    )
    expect(refunded).toMatchObject({ amountFen: '20000', status: 'succeeded' })
    await local.idle()
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'succeeded', refundedFen: 20_000n })

    // The cancel job again, now that we know: no call to Stripe, nothing changes.
    expect(await runJob(w.bookingId)).toEqual({ canceled: false, reason: 'payment-succeeded' })
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'succeeded', refundedFen: 20_000n })
    expect((await db.booking.findUniqueOrThrow({ where: { id: w.bookingId } })).status).toBe('expired')
  })
})

describe('when Stripe cannot be reached', () => {
  it('the cancellation throws (BullMQ retries) and records nothing; the retry cancels', async () => {
    const w = await approvedBooking()
    const intentId = await started(w)
    await expireUnpaid(w)
    // A port nothing listens on: a real connection error, not a fake.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const unreachable = new Stripe(SECRET_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })

    await expect(
      cancelCopayIntent({ db, now: now(), stripe: unreachable }, { bookingId: w.bookingId }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError)
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'requires_payment_method' })
    expect(local.paymentIntent(intentId)?.status).toBe('requires_payment_method')

    expect(await cancelCopayIntent(ctx(), { bookingId: w.bookingId })).toMatchObject({
      ok: true,
      value: { intentId, status: 'canceled', calledStripe: true },
    })
    await local.idle()
    expect(await paymentOf(w.bookingId)).toMatchObject({ status: 'canceled' })
  })
})
