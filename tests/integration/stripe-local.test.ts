import { afterAll, describe, expect, it } from 'vitest'
import { getDb } from '~/infra/db.server'
import { Stripe, stripeSettings } from '~/infra/stripe.server'
import { SECRET_KEY, startStripeHarness, WEBHOOK_SECRET } from './stripe-support'

// The local Stripe server (ADR 011) against the real Stripe SDK: the wire protocol (form-encoded
// bodies, Stripe's object and error shapes the SDK turns into its error classes), idempotency
// keys, state transitions, events, and webhooks signed the way Stripe signs them — delivered to
// the app's real webhook route, with retries, replays, forged and stale signatures.

const h = await startStripeHarness({ deliverTo: 'route' })
afterAll(() => h.close())
const { stripe, local } = h
const db = getDb()

const create = (params: Partial<Stripe.PaymentIntentCreateParams> = {}, key?: string) =>
  stripe.paymentIntents.create(
    { amount: 20_000, currency: 'cny', allowed_payment_method_types: ['card', 'alipay', 'wechat_pay'], ...params },
    key ? { idempotencyKey: key } : undefined,
  )

async function rejects<E extends Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p
  } catch (error) {
    return error as E
  }
  throw new Error('expected a rejection')
}

describe('the local Stripe server speaks Stripe to the SDK', () => {
  it('the app reads its address from the environment', () => {
    expect(stripeSettings()).toEqual({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiBase: local.url })
  })

  it('creates a PaymentIntent in Stripe’s shape (amount in fen, CNY, the three method types)', async () => {
    const pi = await create({ metadata: { booking_id: 'b-1' }, description: '自付部分' })
    expect(pi).toMatchObject({
      object: 'payment_intent',
      amount: 20_000,
      currency: 'cny',
      status: 'requires_payment_method',
      allowed_payment_method_types: ['card', 'alipay', 'wechat_pay'],
      payment_method_types: ['card', 'alipay', 'wechat_pay'],
      metadata: { booking_id: 'b-1' },
      description: '自付部分',
      livemode: false,
      latest_charge: null,
      last_payment_error: null,
      capture_method: 'automatic',
    })
    expect(pi.id).toMatch(/^pi_[A-Za-z0-9]{24}$/)
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`))
    expect(pi.created).toBeGreaterThan(1_700_000_000)
    expect(pi.lastResponse.requestId).toMatch(/^req_/)
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ id: pi.id, status: pi.status })
  })

  it('accepts the parameter name of earlier API versions too (payment_method_types[0]=card)', async () => {
    const response = await fetch(`${local.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=500&currency=cny&payment_method_types[0]=card&payment_method_types[1]=alipay&metadata[booking_id]=x',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      payment_method_types: ['card', 'alipay'],
      metadata: { booking_id: 'x' },
    })
  })

  it('replays the first answer for a repeated Idempotency-Key and refuses the key with other parameters', async () => {
    const key = `test-${Date.now()}-idem`
    const first = await create({ metadata: { booking_id: 'same' } }, key)
    const again = await create({ metadata: { booking_id: 'same' } }, key)
    expect(again.id).toBe(first.id)
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect(local.eventsFor(first.id).filter((e) => e.type === 'payment_intent.created')).toHaveLength(1)

    const other = await rejects<Stripe.errors.StripeIdempotencyError>(create({ amount: 1_000 }, key))
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(other.statusCode).toBe(400)
    expect(other.message).toMatch(/same parameters/)

    const elsewhere = await rejects<Stripe.errors.StripeIdempotencyError>(
      stripe.refunds.create({ payment_intent: first.id }, { idempotencyKey: key }),
    )
    expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(elsewhere.message).toMatch(/same endpoint/)
  })

  it('answers errors in Stripe’s shape, which the SDK turns into its error classes', async () => {
    const missing = await rejects<Stripe.errors.StripeInvalidRequestError>(stripe.paymentIntents.retrieve('pi_missing'))
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'intent' })

    const zero = await rejects<Stripe.errors.StripeInvalidRequestError>(create({ amount: 0 }))
    expect(zero).toMatchObject({
      statusCode: 400,
      code: 'amount_too_small',
      param: 'amount',
      rawType: 'invalid_request_error',
    })

    const usd = await rejects<Stripe.errors.StripeInvalidRequestError>(create({ currency: 'usd' }))
    expect(usd).toMatchObject({ statusCode: 400, param: 'currency' })

    const unknown = await rejects<Stripe.errors.StripeInvalidRequestError>(
      create({ shipping_rate: 'x' } as unknown as Stripe.PaymentIntentCreateParams),
    )
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'shipping_rate' })

    const live = new Stripe('sk_live_0000000000000000', { ...addr(), maxNetworkRetries: 0 })
    const auth = await rejects<Stripe.errors.StripeAuthenticationError>(live.events.list())
    expect(auth).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    expect(auth.message).not.toContain('0000000000000000')

    const noKey = await fetch(`${local.url}/v1/events`)
    expect(noKey.status).toBe(401)
    expect(await noKey.json()).toMatchObject({ error: { type: 'invalid_request_error' } })

    const route = await fetch(`${local.url}/v1/customers`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } })
    expect(route.status).toBe(404)
  })

  it('confirms with Stripe’s test payment methods: a decline is a 402 card error, then a good card succeeds', async () => {
    const pi = await create()
    const declined = await rejects<Stripe.errors.StripeCardError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }),
    )
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' })
    expect(declined.payment_intent).toMatchObject({ id: pi.id, status: 'requires_payment_method' })
    const afterDecline = await stripe.paymentIntents.retrieve(pi.id)
    expect(afterDecline.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined' })
    expect(afterDecline.latest_charge).toMatch(/^ch_/)

    const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 20_000, last_payment_error: null })
    const charge = await stripe.charges.retrieve(paid.latest_charge as string)
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, amount: 20_000 })
    expect(local.eventsFor(pi.id).map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
    ])

    const twice = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }),
    )
    expect(twice).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' })
    const cancel = await rejects<Stripe.errors.StripeInvalidRequestError>(stripe.paymentIntents.cancel(pi.id))
    expect(cancel).toMatchObject({ code: 'payment_intent_unexpected_state' })
  })

  it('takes another attempt after declines, as Stripe does: a second decline, then Alipay on the same PaymentIntent', async () => {
    // Stripe leaves a declined PaymentIntent in requires_payment_method with last_payment_error, so
    // the payer can try again (ADR 013): another card, Alipay, WeChat Pay.
    const pi = await create()
    await rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }))
    const second = await rejects<Stripe.errors.StripeCardError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }),
    )
    expect(second).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' })
    const afterDeclines = await stripe.paymentIntents.retrieve(pi.id)
    expect(afterDeclines).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    })
    const failedCharge = afterDeclines.latest_charge as string

    const paid = await stripe.paymentIntents.confirm(pi.id, {
      payment_method_data: { type: 'alipay' },
      return_url: 'http://localhost/back',
    })
    expect(paid).toMatchObject({ id: pi.id, status: 'succeeded', amount_received: 20_000, last_payment_error: null })
    expect(paid.latest_charge).not.toBe(failedCharge)
    expect(await stripe.charges.retrieve(failedCharge)).toMatchObject({ status: 'failed', paid: false })
    expect(await stripe.charges.retrieve(paid.latest_charge as string)).toMatchObject({
      status: 'succeeded',
      paid: true,
      payment_method_details: { type: 'alipay' },
    })
    expect(local.eventsFor(pi.id).map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.payment_failed',
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
    ])
  })

  it('completes Alipay and WeChat Pay test payments, and refuses a type the PaymentIntent does not allow', async () => {
    const alipay = await create()
    expect(
      await stripe.paymentIntents.confirm(alipay.id, {
        payment_method_data: { type: 'alipay' },
        return_url: 'http://localhost/back',
      }),
    ).toMatchObject({ status: 'succeeded' })
    const wechat = await create()
    const paid = await stripe.paymentIntents.confirm(wechat.id, {
      payment_method_data: { type: 'wechat_pay' },
      payment_method_options: { wechat_pay: { client: 'web' } },
      return_url: 'http://localhost/back',
    })
    expect(paid.status).toBe('succeeded')
    expect((await stripe.charges.retrieve(paid.latest_charge as string)).payment_method_details?.type).toBe(
      'wechat_pay',
    )

    const cardOnly = await create({ allowed_payment_method_types: ['card'] })
    const refused = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.paymentIntents.confirm(cardOnly.id, { payment_method_data: { type: 'alipay' } }),
    )
    expect(refused).toMatchObject({ statusCode: 400, param: 'payment_method' })
    expect((await stripe.paymentIntents.retrieve(cardOnly.id)).status).toBe('requires_payment_method')
  })

  it('refunds up to what was charged, partly or wholly', async () => {
    const pi = await create()
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
    const part = await stripe.refunds.create({ payment_intent: pi.id, amount: 5_000, metadata: { refund_key: 'k1' } })
    expect(part).toMatchObject({ object: 'refund', amount: 5_000, status: 'succeeded', payment_intent: pi.id })
    expect(await stripe.refunds.retrieve(part.id)).toMatchObject({ id: part.id, metadata: { refund_key: 'k1' } })

    const tooMuch = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.refunds.create({ payment_intent: pi.id, amount: 15_001 }),
    )
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large' })
    const rest = await stripe.refunds.create({ payment_intent: pi.id })
    expect(rest.amount).toBe(15_000)
    const charge = await stripe.charges.retrieve(part.charge as string)
    expect(charge).toMatchObject({ amount_refunded: 20_000, refunded: true })
    const again = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.refunds.create({ payment_intent: pi.id }),
    )
    expect(again).toMatchObject({ code: 'charge_already_refunded' })

    const list = await stripe.refunds.list({ payment_intent: pi.id })
    expect(list.data.map((r) => r.id)).toEqual([rest.id, part.id])
    const unpaid = await create()
    const notPaid = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.refunds.create({ payment_intent: unpaid.id }),
    )
    expect(notPaid).toMatchObject({ code: 'charge_not_refundable' })
  })

  it('lists and retrieves events, newest first, by type, page by page', async () => {
    const pi = await create()
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
    const page1 = await stripe.events.list({ limit: 2 })
    expect(page1).toMatchObject({ object: 'list', has_more: true })
    expect(page1.data.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.succeeded'])
    const page2 = await stripe.events.list({ limit: 1, starting_after: page1.data[1]!.id })
    expect(page2.data[0]!.type).toBe('payment_intent.created')
    const onlyIntents = await stripe.events.list({ type: 'payment_intent.*', limit: 100 })
    expect(onlyIntents.data.every((e) => e.type.startsWith('payment_intent.'))).toBe(true)
    const event = await stripe.events.retrieve(page1.data[0]!.id)
    expect(event).toMatchObject({ object: 'event', type: 'payment_intent.succeeded', livemode: false })
    expect((event.data.object as Stripe.PaymentIntent).id).toBe(pi.id)
    expect(event.api_version).toBe(Stripe.API_VERSION)
  })
})

describe('cancelling a PaymentIntent (POST /v1/payment_intents/:id/cancel)', () => {
  /** POST over plain HTTP, to see the wire: status, headers, body. */
  async function cancelRaw(id: string, body: string, key?: string) {
    const response = await fetch(`${local.url}/v1/payment_intents/${id}/cancel`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${SECRET_KEY}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(key ? { 'Idempotency-Key': key } : {}),
      },
      body,
    })
    return { status: response.status, headers: response.headers, json: (await response.json()) as ErrorBody }
  }
  type ErrorBody = { error: { type: string; code?: string; param?: string; message: string } & Record<string, unknown> }
  const canceledEvents = (id: string) => local.eventsFor(id).filter((e) => e.type === 'payment_intent.canceled')

  it('cancels an unpaid PaymentIntent: canceled, canceled_at, the reason, and a signed payment_intent.canceled webhook', async () => {
    await local.idle()
    const pi = await create()
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' })
    expect(canceled).toMatchObject({
      id: pi.id,
      object: 'payment_intent',
      status: 'canceled',
      cancellation_reason: 'abandoned',
    })
    expect(canceled.canceled_at).toBeGreaterThanOrEqual(pi.created)
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({
      status: 'canceled',
      canceled_at: canceled.canceled_at,
      cancellation_reason: 'abandoned',
    })
    const events = canceledEvents(pi.id)
    expect(events).toHaveLength(1)
    expect(events[0]!.data.object).toMatchObject({ id: pi.id, status: 'canceled', cancellation_reason: 'abandoned' })
    expect(events[0]!.request.id).toBe(canceled.lastResponse.requestId)
    await local.idle()
    // The app's real route verified the signature and stored the event (an unknown PaymentIntent to it).
    expect(h.received.find((r) => r.eventId === events[0]!.id)).toMatchObject({ status: 200 })
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: events[0]!.id } })).toMatchObject({
      type: 'payment_intent.canceled',
      outcome: 'ignored:unknown-payment-intent',
    })
    // Without a reason, cancellation_reason is null.
    const plain = await stripe.paymentIntents.cancel((await create()).id)
    expect(plain).toMatchObject({ status: 'canceled', cancellation_reason: null })
  })

  it('cancels from requires_confirmation and after a declined attempt (requires_payment_method)', async () => {
    const withMethod = await create({ payment_method: 'pm_card_visa' })
    expect(withMethod.status).toBe('requires_confirmation')
    expect(await stripe.paymentIntents.cancel(withMethod.id)).toMatchObject({ status: 'canceled' })

    const declined = await create()
    await rejects(stripe.paymentIntents.confirm(declined.id, { payment_method: 'pm_card_chargeDeclined' }))
    expect((await stripe.paymentIntents.retrieve(declined.id)).status).toBe('requires_payment_method')
    const canceled = await stripe.paymentIntents.cancel(declined.id, { cancellation_reason: 'abandoned' })
    expect(canceled).toMatchObject({ status: 'canceled', last_payment_error: { code: 'card_declined' } })
  })

  it('refuses a second cancel, a cancel of a succeeded PaymentIntent and a confirm of a canceled one, as Stripe does', async () => {
    const pi = await create()
    await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' })
    const again = await cancelRaw(pi.id, 'cancellation_reason=abandoned')
    expect(again.status).toBe(400)
    expect(again.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-unexpected-state',
      payment_intent: { id: pi.id, status: 'canceled' },
    })
    expect(again.json.error.message).toMatch(/status of canceled/)
    const viaSdk = await rejects<Stripe.errors.StripeInvalidRequestError>(stripe.paymentIntents.cancel(pi.id))
    expect(viaSdk).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(viaSdk).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' })
    expect(viaSdk.payment_intent).toMatchObject({ id: pi.id, status: 'canceled' })

    const confirm = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }),
    )
    expect(confirm).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' })
    const after = await stripe.paymentIntents.retrieve(pi.id)
    expect(after).toMatchObject({ status: 'canceled', latest_charge: null, amount_received: 0 })
    expect(canceledEvents(pi.id)).toHaveLength(1)

    const paid = await create()
    await stripe.paymentIntents.confirm(paid.id, { payment_method: 'pm_card_visa' })
    const late = await rejects<Stripe.errors.StripeInvalidRequestError>(
      stripe.paymentIntents.cancel(paid.id, { cancellation_reason: 'abandoned' }),
    )
    expect(late).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      code: 'payment_intent_unexpected_state',
    })
    expect(late.payment_intent).toMatchObject({ id: paid.id, status: 'succeeded' })
    expect(await stripe.paymentIntents.retrieve(paid.id)).toMatchObject({ status: 'succeeded', canceled_at: null })
    expect(canceledEvents(paid.id)).toHaveLength(0)
  })

  it('validates its parameters and the PaymentIntent id', async () => {
    const pi = await create()
    const reason = await cancelRaw(pi.id, 'cancellation_reason=bored')
    expect(reason.status).toBe(400)
    expect(reason.json.error).toMatchObject({ type: 'invalid_request_error', param: 'cancellation_reason' })
    const unknown = await cancelRaw(pi.id, 'amount=5')
    expect(unknown.json.error).toMatchObject({ code: 'parameter_unknown', param: 'amount' })
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_payment_method')
    const missing = await rejects<Stripe.errors.StripeInvalidRequestError>(stripe.paymentIntents.cancel('pi_missing'))
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('honours Idempotency-Key: a repeated cancel replays the first answer (a refusal too); other parameters are refused', async () => {
    const pi = await create()
    const key = `cancel-${Date.now()}-${pi.id}`
    const first = await stripe.paymentIntents.cancel(
      pi.id,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: key },
    )
    const again = await stripe.paymentIntents.cancel(
      pi.id,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: key },
    )
    expect(again).toMatchObject({ id: pi.id, status: 'canceled', canceled_at: first.canceled_at })
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect(canceledEvents(pi.id)).toHaveLength(1)

    const other = await rejects<Stripe.errors.StripeIdempotencyError>(
      stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'duplicate' }, { idempotencyKey: key }),
    )
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(other.message).toMatch(/same parameters/)

    // Stripe saves a state conflict under its key: the retry gets the same 400, replayed.
    const paid = await create()
    await stripe.paymentIntents.confirm(paid.id, { payment_method: 'pm_card_visa' })
    const refusedKey = `cancel-${Date.now()}-${paid.id}`
    const refused1 = await cancelRaw(paid.id, 'cancellation_reason=abandoned', refusedKey)
    const refused2 = await cancelRaw(paid.id, 'cancellation_reason=abandoned', refusedKey)
    expect(refused1.status).toBe(400)
    expect(refused2.status).toBe(400)
    expect(refused2.headers.get('idempotent-replayed')).toBe('true')
    expect(refused2.json).toEqual(refused1.json)
    expect(refused1.json.error).toMatchObject({ code: 'payment_intent_unexpected_state' })
  })
})

describe('webhooks to the app’s route', () => {
  it('signs each delivery as Stripe does: the route verifies it, stores the event once and answers 200', async () => {
    await local.idle()
    const pi = await create()
    await local.idle()
    const created = local.eventsFor(pi.id)[0]!
    const delivery = h.received.find((r) => r.eventId === created.id)
    expect(delivery).toMatchObject({ status: 200 })
    expect(JSON.parse(delivery!.body)).toMatchObject({
      received: true,
      duplicate: false,
      outcome: 'ignored:event-type',
    })
    const stored = await db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })
    expect(stored).toMatchObject({ type: 'payment_intent.created', created: BigInt(created.created) })
    expect(stored.processedAt).not.toBeNull()
    expect((stored.payload as { data: { object: { id: string } } }).data.object.id).toBe(pi.id)

    // Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">.
    const header = Stripe.webhooks.generateTestHeaderString({ payload: 'x', secret: WEBHOOK_SECRET, timestamp: 1 })
    expect(header).toMatch(/^t=1,v1=[0-9a-f]{64}$/)
  })

  it('answers a replay 200 without storing or processing it again', async () => {
    const pi = await create()
    await local.idle()
    const event = local.eventsFor(pi.id)[0]!
    const replays = await Promise.all([local.send(event.id), local.send(event.id), local.send(event.id)])
    expect(replays.map((d) => d.status)).toEqual([200, 200, 200])
    const answers = h.received
      .filter((r) => r.eventId === event.id)
      .map((r) => JSON.parse(r.body) as { duplicate: boolean })
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1)
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  })

  it('refuses a forged signature or a stale timestamp with 400 and stores nothing', async () => {
    local.pauseDeliveries()
    const pi = await create()
    const event = local.eventsFor(pi.id)[0]!
    expect(local.discardHeld()).toEqual([event.id])
    await local.resumeDeliveries()

    const forged = await local.send(event.id, { signature: 'bad-signature' })
    const stale = await local.send(event.id, { signature: 'stale-timestamp' })
    expect([forged.status, stale.status]).toEqual([400, 400])
    const bodies = h.received.filter((r) => r.eventId === event.id).map((r) => JSON.parse(r.body) as { error: string })
    expect(bodies.map((b) => b.error)).toEqual(['bad-signature', 'bad-signature'])
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(0)

    expect((await local.send(event.id)).status).toBe(200)
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  })

  it('retries a failed delivery with backoff until the endpoint answers 2xx', async () => {
    await local.idle()
    h.failNext(2, 503)
    const pi = await create()
    await local.idle()
    const event = local.eventsFor(pi.id)[0]!
    const attempts = local.deliveries.filter((d) => d.eventId === event.id)
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([
      [0, 503],
      [1, 503],
      [2, 200],
    ])
    expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(1)
  })

  it('holds deliveries while paused and sends them in order on resume; the admin routes work over HTTP', async () => {
    const health = await (await fetch(`${local.url}/_local/health`)).json()
    expect(health).toMatchObject({ ok: true, paused: false })
    expect((await fetch(`${local.url}/_local/deliveries/pause`, { method: 'POST' })).status).toBe(200)
    const pi = await create()
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
    const ids = local.eventsFor(pi.id).map((e) => e.id)
    expect(local.held()).toEqual(expect.arrayContaining(ids))
    expect(h.received.some((r) => ids.includes(r.eventId ?? ''))).toBe(false)
    const resumed = await (await fetch(`${local.url}/_local/deliveries/resume`, { method: 'POST' })).json()
    expect(resumed.delivered).toEqual(expect.arrayContaining(ids))
    await local.idle()
    const order = h.received.filter((r) => ids.includes(r.eventId ?? '')).map((r) => r.type)
    expect(order).toEqual(['payment_intent.created', 'payment_intent.succeeded'])

    const bad = await fetch(`${local.url}/_local/events/${ids[0]}/send?signature=stale-timestamp`, { method: 'POST' })
    expect(await bad.json()).toMatchObject({ status: 400, signature: 'stale-timestamp', attempt: 'manual' })
  })

  it('the route refuses what is not a signed POST', async () => {
    const { action, loader } = await import('~/routes/webhooks+/stripe')
    const unsigned = await action({
      request: new Request('http://localhost/webhooks/stripe', { method: 'POST', body: '{}' }),
      params: {},
      context: {},
    })
    expect(unsigned.status).toBe(400)
    expect(await unsigned.json()).toEqual({ error: 'missing-signature' })
    expect(loader().status).toBe(405)
  })
})

function addr() {
  const url = new URL(local.url)
  return { host: url.hostname, port: Number(url.port), protocol: 'http' as const }
}
