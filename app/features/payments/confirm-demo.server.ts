import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { getStripe, isLocalStripe, Stripe, stripeSettings } from '~/infra/stripe.server'
import { refused, type Outcome } from '~/infra/tx.server'
import type { DEMO_PAY_METHODS } from './pay-page'
import { formatPaymentError } from './payment-error'
import { getPayableBooking } from './queries.server'
import { startCopayment, type PaymentCtx } from './start-copayment.server'

/** What the demo's payment page lets the enterprise pick (card_declined: to show a failed payment and a retry). */
export type DemoMethod = (typeof DEMO_PAY_METHODS)[number]

export type DemoConfirmReason =
  | 'demo-payments-disabled'
  | 'payment-closed'
  | 'not-confirmable'
  | 'booking-not-found'
  | 'not-payable'
  | 'nothing-to-pay'
  | 'payment-provider-unavailable'

export type DemoConfirmed = {
  intentId: string
  /** The PaymentIntent's status after the attempt (the webhook moves the payment and the booking). */
  status: Stripe.PaymentIntent.Status
  declined: boolean
  message: string | null
  /** A decline as payment.last_error holds it ("code: decline_code: message"), for the page to explain. */
  lastError: string | null
}

/**
 * Test-mode parameters for each choice: Stripe's test PaymentMethod ids for cards, and
 * payment_method_data for Alipay and WeChat Pay (which the local server completes without the
 * redirect or QR step a real wallet needs; ADR 011).
 */
function confirmParams(method: DemoMethod, returnUrl: string): Stripe.PaymentIntentConfirmParams {
  switch (method) {
    case 'card':
      return { payment_method: 'pm_card_visa' }
    case 'card_declined':
      return { payment_method: 'pm_card_chargeDeclined' }
    case 'alipay':
      return { payment_method_data: { type: 'alipay' }, return_url: returnUrl }
    case 'wechat_pay':
      return {
        payment_method_data: { type: 'wechat_pay' },
        payment_method_options: { wechat_pay: { client: 'web' } },
        return_url: returnUrl,
      }
  }
}

/**
 * The demo's "模拟支付": the server confirms the booking's PaymentIntent itself with a test payment
 * method. Only against the local Stripe server (a loopback STRIPE_API_BASE and a test key) — the
 * demo and the e2e run, where Stripe.js cannot load. In production the browser confirms with
 * Stripe.js (Payment Element, the client secret) and card details never reach this server (ADR 011).
 * The outcome reaches the payment and the booking through the webhook, as in production.
 */
export async function confirmCopaymentForDemo(
  ctx: PaymentCtx,
  input: { bookingId: string; enterpriseId: string; method: DemoMethod; actorUserId?: string | null },
): Promise<Outcome<DemoConfirmed>> {
  let local = false
  try {
    local = isLocalStripe(stripeSettings())
  } catch {
    local = false
  }
  if (!local) return refused('demo-payments-disabled')
  const booking = await getPayableBooking(ctx.db ?? getDb(), input.bookingId, input.enterpriseId)
  if (!booking) return refused('booking-not-found', { bookingId: input.bookingId })
  // Money is taken only for a booking waiting for it (an expired one would only be refunded).
  if (booking.status !== 'approved') return refused('not-payable', { bookingId: booking.id, status: booking.status })
  const started = await startCopayment(ctx, input)
  if (!started.ok) return started
  const payment = started.value
  if (payment.status === 'succeeded')
    return {
      ok: true,
      value: { intentId: payment.intentId, status: 'succeeded', declined: false, message: null, lastError: null },
    }
  // A failed attempt is no end (ADR 013): the PaymentIntent is back in requires_payment_method and
  // is confirmed again. Only a canceled one (the booking ended) takes no payment.
  if (payment.status === 'canceled')
    return refused('payment-closed', { bookingId: input.bookingId, status: payment.status })

  const stripe = ctx.stripe ?? getStripe()
  const returnUrl = `${getEnv().APP_ORIGIN}/enterprise/bookings/${input.bookingId}/pay`
  try {
    const intent = await stripe.paymentIntents.confirm(payment.intentId, confirmParams(input.method, returnUrl), {
      // A double submit of one choice confirms once (the second gets the first answer replayed,
      // a decline included); another choice after a decline is a new attempt.
      idempotencyKey: `booking:${input.bookingId}:copay:v1:confirm:${input.method}`,
    })
    return {
      ok: true,
      value: { intentId: intent.id, status: intent.status, declined: false, message: null, lastError: null },
    }
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      return {
        ok: true,
        value: {
          intentId: payment.intentId,
          status: 'requires_payment_method',
          declined: true,
          message: error.message,
          lastError: formatPaymentError({ code: error.code, decline_code: error.decline_code, message: error.message }),
        },
      }
    }
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
      return refused('not-confirmable', { bookingId: input.bookingId, message: error.message })
    }
    if (error instanceof Stripe.errors.StripeError)
      return refused('payment-provider-unavailable', { bookingId: input.bookingId, message: error.message })
    throw error
  }
}
