import { z } from 'zod'
import type { PaymentStatus } from './payment-rules'

// What the enterprise's payment page shows, and its form. Pure.

export const PAY_METHODS = ['card', 'alipay', 'wechat_pay'] as const
/** The demo adds a card that is declined, to show a failed payment (and paying again after it). */
export const DEMO_PAY_METHODS = [...PAY_METHODS, 'card_declined'] as const

export const PayFormSchema = z.object({
  method: z.enum(DEMO_PAY_METHODS, { error: 'payments:errors.method' }),
})

export type PayPageState =
  /** The voucher covers the whole fee. */
  | 'nothing-to-pay'
  | 'paid'
  /**
   * The last attempt was declined and the booking still waits for payment (ADR 013): why it failed
   * and what to do, and the form again for another card or method on the same PaymentIntent.
   */
  | 'retry'
  /** The booking expired at pay_by after a declined attempt (its PaymentIntent then canceled: still this). */
  | 'failed'
  /** The booking ended unpaid (expired, cancelled): nothing to pay; its PaymentIntent is canceled. */
  | 'closed'
  /** Submitted; the webhook has not reported yet. */
  | 'processing'
  | 'pay'
  /** Not approved yet, or rejected. */
  | 'not-payable'

const AFTER_PAYMENT = [
  'paid',
  'in_service',
  'delivered',
  'confirmed',
  'disputed',
  'claimed',
  'redeemed',
  'claim_rejected',
  'settled',
]

/** Ended before the co-payment was paid (DOMAIN: the PaymentIntent is canceled, the hold voided). */
const ENDED_UNPAID = ['expired', 'cancelled']

export function payPageState(input: {
  bookingStatus: string
  copayFen: bigint
  paymentStatus: PaymentStatus | null
  /** The payment's last_error: a declined attempt's, kept when its PaymentIntent is then canceled. */
  paymentLastError?: string | null
  submitted: boolean
  /**
   * Stripe's `redirect_status` on the way back from a redirect (Alipay, 3-D Secure): only read to
   * tell a retry still on its way ('succeeded', 'processing') from one Stripe already said failed.
   */
  redirectStatus?: string | null
}): PayPageState {
  if (input.copayFen <= 0n) return 'nothing-to-pay'
  if (input.paymentStatus === 'succeeded' || AFTER_PAYMENT.includes(input.bookingStatus)) return 'paid'
  if (input.bookingStatus === 'approved' && input.paymentStatus === 'failed') {
    // DOMAIN (ADR 013): a declined attempt leaves the booking waiting for payment until pay_by.
    // Back from another attempt the webhook has not reported yet, the record still says failed.
    if (input.submitted && input.redirectStatus !== 'failed') return 'processing'
    return 'retry'
  }
  if (ENDED_UNPAID.includes(input.bookingStatus)) {
    const declined =
      input.paymentStatus === 'failed' || (input.paymentStatus === 'canceled' && Boolean(input.paymentLastError))
    return input.bookingStatus === 'expired' && declined ? 'failed' : 'closed'
  }
  if (input.bookingStatus !== 'approved') return 'not-payable'
  if (input.submitted || input.paymentStatus === 'processing') return 'processing'
  return 'pay'
}

/** The states in which the page takes a payment (the form, the key and the client secret). */
export function takesPayment(state: PayPageState): boolean {
  return state === 'pay' || state === 'retry'
}

/**
 * How the page takes the payment while it is in the 'pay' or 'retry' state (ADR 012, ADR 013):
 * - simulated: against the local Stripe server (demo, e2e) the server confirms with a test payment
 *   method ("模拟支付"); Stripe.js cannot load offline.
 * - stripe-js: the Payment Element, with the publishable key and the PaymentIntent's client secret;
 *   the browser confirms and card details go to Stripe only.
 * - unavailable: against the real API without a publishable key, or without a PaymentIntent (Stripe
 *   could not be reached): the page says online payment is unavailable and what to do.
 * - none: nothing to pay now (paid, processing, not payable …) — no key, no secret to the browser.
 */
export type PayMode = 'none' | 'simulated' | 'stripe-js' | 'unavailable'

export function payMode(input: {
  state: PayPageState
  localMode: boolean
  publishableKey: string | null
  clientSecret: string | null
}): PayMode {
  if (!takesPayment(input.state)) return 'none'
  if (input.localMode) return 'simulated'
  if (!input.publishableKey || !input.clientSecret) return 'unavailable'
  return 'stripe-js'
}

/** The page's path. */
export function payPagePath(bookingId: string): string {
  return `/enterprise/bookings/${encodeURIComponent(bookingId)}/pay`
}

/**
 * Where Stripe sends the browser after confirmPayment (an absolute URL, which Stripe requires):
 * this page with `submitted=1`, so it shows "支付处理中…" and refreshes itself until the webhook has
 * moved the booking. Stripe appends payment_intent, payment_intent_client_secret and
 * redirect_status; the page goes by the webhook's record, not by those.
 */
export function payReturnUrl(origin: string, bookingId: string): string {
  const url = new URL(payPagePath(bookingId), origin)
  url.searchParams.set('submitted', '1')
  return url.toString()
}

/** Stripe.js's locale for the page's locale: Simplified Chinese or English. */
export function stripeLocale(locale: string): 'zh' | 'en' {
  return locale.startsWith('zh') ? 'zh' : 'en'
}

/**
 * What the page does after stripe.confirmPayment answered with an error (it only answers when it
 * does not redirect):
 * - retry: nothing was charged — fields incomplete or invalid, a network or rate-limit error; the
 *   form stays and the enterprise may submit again.
 * - declined: an attempt was made and failed (card declined, 3-D Secure failed). Stripe sends
 *   payment_intent.payment_failed and keeps the PaymentIntent in requires_payment_method; the
 *   booking stays approved until pay_by (ADR 013), so the form stays for another card or method.
 * - check-status: the PaymentIntent is no longer payable (paid or processing in another tab).
 */
export type ConfirmErrorOutcome = 'retry' | 'declined' | 'check-status'

export function confirmErrorOutcome(error: { type?: string; code?: string }): ConfirmErrorOutcome {
  if (error.type === 'validation_error') return 'retry'
  if (error.type === 'card_error' || error.code === 'payment_intent_authentication_failure') return 'declined'
  if (error.code === 'payment_intent_unexpected_state') return 'check-status'
  return 'retry'
}
