import { afterAll, describe, expect, it } from 'vitest'
import { startCopayment } from '~/features/payments/start-copayment.server'
import { getDb } from '~/infra/db.server'
import { createSession } from '~/infra/session.server'
import { isLocalStripe, stripePublishableKey, stripeSettings } from '~/infra/stripe.server'
import { action as payAction, loader as payLoader } from '~/routes/enterprise+/bookings.$id_.pay'
import { createEnterprise, createUser } from '../support/factories'
import { BASE, Browser } from './auth-support'
import { approvedBooking as approvedStripeBooking, startStripeHarness } from './stripe-support'

// The payment page in production mode (ADR 012): the SDK configured for api.stripe.com, a
// publishable key set. The loader hands the publishable key and the PaymentIntent's client secret to
// the enterprise that owns the booking while it waits for payment — and to no one else, at no other
// time. This machine cannot reach Stripe, so each booking's PaymentIntent is created beforehand on
// the local Stripe server (startCopayment with that server's client, as the page would with
// Stripe's); the loader then finds the payment row and never calls Stripe. What Stripe.js does in
// the browser is confirmed here with the SDK (the same API call), and the local server's signed
// webhook moves the booking, as Stripe's would.

// One fixed clock for the booking engine and the local Stripe server (it signs the webhooks with it).
const NOW = new Date('2026-06-01T01:00:00.000Z')
const h = await startStripeHarness({ clock: () => NOW.getTime() })
afterAll(() => h.close())
// Production mode: no STRIPE_API_BASE (api.stripe.com), keys that are not the development defaults.
// Set before any app module reads the environment (getEnv parses once per test file).
delete process.env.STRIPE_API_BASE
process.env.STRIPE_SECRET_KEY = 'sk_test_pay_page_production_mode'
const PUBLISHABLE_KEY = 'pk_test_pay_page_production_mode'
process.env.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY

const { stripe, local } = h
const db = getDb()

const approvedBooking = (opts: { approve?: boolean } = {}) => approvedStripeBooking(db, NOW, opts)

/** The booking's PaymentIntent, made on the local Stripe server (what the page would ask Stripe for). */
async function startedOnStripe(w: Awaited<ReturnType<typeof approvedBooking>>) {
  const started = await startCopayment({ db, stripe }, { bookingId: w.bookingId, enterpriseId: w.enterprise.id })
  if (!started.ok) throw new Error(`startCopayment: ${started.reason}`)
  const intent = await stripe.paymentIntents.retrieve(started.value.intentId)
  expect(intent.client_secret).toMatch(/^pi_\w+_secret_\w+$/)
  return { intentId: intent.id, clientSecret: intent.client_secret! }
}

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

const pathOf = (bookingId: string) => `/enterprise/bookings/${bookingId}/pay`

describe('the payment page against Stripe (Payment Element)', () => {
  it('runs in production mode here: not the local server, a publishable key set', () => {
    expect(isLocalStripe(stripeSettings())).toBe(false)
    expect(stripeSettings().apiBase).toBeNull()
    expect(stripePublishableKey()).toBe(PUBLISHABLE_KEY)
  })

  it('gives the owner the publishable key and the client secret while the booking waits for payment', async () => {
    const w = await approvedBooking()
    const { clientSecret } = await startedOnStripe(w)
    const browser = await signedIn(w.member.id)
    const response = await call(payLoader, browser.get(pathOf(w.bookingId)), w.bookingId)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const data = await response.json()
    expect(data).toMatchObject({
      state: 'pay',
      mode: 'stripe-js',
      localMode: false,
      startError: null,
      stripe: { publishableKey: PUBLISHABLE_KEY, clientSecret },
      booking: { id: w.bookingId, copayFen: '20000' },
    })
    // Nothing else of Stripe's: no secret key, no webhook secret.
    const body = JSON.stringify(data)
    expect(body).not.toContain('sk_test_')
    expect(body).not.toContain('whsec_')
  })

  it('gives another enterprise nothing: 404, and the simulated payment is closed to everyone', async () => {
    const w = await approvedBooking()
    const { intentId, clientSecret } = await startedOnStripe(w)
    const other = await createEnterprise()
    const stranger = await createUser({
      memberships: { create: { role: 'enterprise_member', enterpriseId: other.id } },
    })
    const browser = await signedIn(stranger.id)
    const response = await call(payLoader, browser.get(pathOf(w.bookingId)), w.bookingId)
    expect(response.status).toBe(404)
    const body = await response.text()
    expect(body).not.toContain(clientSecret)
    expect(body).not.toContain(PUBLISHABLE_KEY)

    // The server never confirms in production, even for the owner.
    const owner = await signedIn(w.member.id)
    const demo = await call(payAction, owner.post(pathOf(w.bookingId), { method: 'card' }), w.bookingId)
    expect(demo.status).toBe(400)
    expect(await demo.json()).toEqual({ error: 'payments:errors.demo-payments-disabled' })
    expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe('requires_payment_method')
  })

  it('stops handing out the secret once the browser has confirmed: processing, then paid', async () => {
    const w = await approvedBooking()
    const { intentId } = await startedOnStripe(w)
    const browser = await signedIn(w.member.id)

    // What stripe.confirmPayment does for a card; hold the webhook to see the page in between.
    local.pauseDeliveries()
    const confirmed = await stripe.paymentIntents.confirm(intentId, {
      payment_method: 'pm_card_visa',
      return_url: `${BASE}${pathOf(w.bookingId)}?submitted=1`,
    })
    expect(confirmed.status).toBe('succeeded')
    // Stripe's redirect back: return_url with payment_intent, its client secret and redirect_status.
    const returned = `${pathOf(w.bookingId)}?submitted=1&payment_intent=${intentId}&payment_intent_client_secret=${confirmed.client_secret}&redirect_status=succeeded`
    const processing = await (await call(payLoader, browser.get(returned), w.bookingId)).json()
    expect(processing).toMatchObject({ state: 'processing', mode: 'none', stripe: null })

    await local.resumeDeliveries()
    const paid = await (await call(payLoader, browser.get(returned), w.bookingId)).json()
    expect(paid).toMatchObject({
      state: 'paid',
      mode: 'none',
      stripe: null,
      booking: { status: 'paid' },
      payment: { status: 'succeeded' },
    })
    const later = await (await call(payLoader, browser.get(pathOf(w.bookingId)), w.bookingId)).json()
    expect(later).toMatchObject({ state: 'paid', stripe: null })
  })

  it('after a decline, gives the owner the same PaymentIntent again with the reason; the retry then pays (ADR 013)', async () => {
    const w = await approvedBooking()
    const { intentId, clientSecret } = await startedOnStripe(w)
    const browser = await signedIn(w.member.id)

    // What stripe.confirmPayment does for a declined card: a card_error, no redirect; the webhook records it.
    await expect(
      stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }),
    ).rejects.toThrow(/insufficient funds/)
    await local.idle()
    const retry = await (await call(payLoader, browser.get(pathOf(w.bookingId)), w.bookingId)).json()
    expect(retry).toMatchObject({
      state: 'retry',
      mode: 'stripe-js',
      stripe: { publishableKey: PUBLISHABLE_KEY, clientSecret },
      failureReason: '银行卡余额不足',
      booking: { status: 'approved' },
      payment: { status: 'failed' },
    })
    // Back from a redirect Stripe reports failed (an Alipay authorisation refused): the same.
    const refused = `${pathOf(w.bookingId)}?submitted=1&payment_intent=${intentId}&redirect_status=failed`
    expect(await (await call(payLoader, browser.get(refused), w.bookingId)).json()).toMatchObject({
      state: 'retry',
      stripe: { clientSecret },
    })

    // Another card on the same PaymentIntent; back before the webhook: processing, no secret.
    local.pauseDeliveries()
    await stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_unionpay' })
    const returned = `${pathOf(w.bookingId)}?submitted=1&payment_intent=${intentId}&redirect_status=succeeded`
    expect(await (await call(payLoader, browser.get(returned), w.bookingId)).json()).toMatchObject({
      state: 'processing',
      stripe: null,
      payment: { status: 'failed' },
    })
    await local.resumeDeliveries()
    expect(await (await call(payLoader, browser.get(returned), w.bookingId)).json()).toMatchObject({
      state: 'paid',
      stripe: null,
      booking: { status: 'paid' },
      payment: { status: 'succeeded', lastError: null },
    })
  })

  it('gives no secret for a booking that is not approved yet', async () => {
    const w = await approvedBooking({ approve: false })
    const browser = await signedIn(w.member.id)
    const data = await (await call(payLoader, browser.get(pathOf(w.bookingId)), w.bookingId)).json()
    expect(data).toMatchObject({ state: 'not-payable', mode: 'none', stripe: null })
    expect(await db.payment.count({ where: { bookingId: w.bookingId } })).toBe(0)
  })
})
