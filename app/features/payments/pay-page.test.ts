import { describe, expect, it } from 'vitest'
import {
  confirmErrorOutcome,
  payMode,
  payPageState,
  PayFormSchema,
  payReturnUrl,
  stripeLocale,
  type PayPageState,
} from './pay-page'

const state = (o: Partial<Parameters<typeof payPageState>[0]> = {}) =>
  payPageState({
    bookingStatus: 'approved',
    copayFen: 20_000n,
    paymentStatus: 'requires_payment_method',
    submitted: false,
    ...o,
  })

describe('payPageState', () => {
  it('offers payment for an approved booking with a co-payment', () => {
    expect(state()).toBe('pay')
    expect(state({ paymentStatus: null })).toBe('pay')
  })

  it('shows processing after a submit until the webhook reports', () => {
    expect(state({ submitted: true })).toBe('processing')
    expect(state({ paymentStatus: 'processing' })).toBe('processing')
  })

  it('shows the outcome once the payment moved', () => {
    expect(state({ paymentStatus: 'succeeded', bookingStatus: 'paid', submitted: true })).toBe('paid')
    expect(state({ paymentStatus: 'succeeded', bookingStatus: 'cancelled' })).toBe('paid')
    expect(state({ paymentStatus: 'failed', bookingStatus: 'expired', submitted: true })).toBe('failed')
  })

  it('after a decline, while the booking is approved, offers the form again (ADR 013)', () => {
    const failed = { paymentStatus: 'failed', paymentLastError: 'card_declined: Your card was declined.' } as const
    expect(state(failed)).toBe('retry')
    // Back from Stripe's redirect after an attempt Stripe reported failed (Alipay declined).
    expect(state({ ...failed, submitted: true, redirectStatus: 'failed' })).toBe('retry')
  })

  it('a retry on its way: processing until the webhook reports, although the record still says failed', () => {
    const failed = { paymentStatus: 'failed', paymentLastError: 'card_declined' } as const
    expect(state({ ...failed, submitted: true })).toBe('processing') // the simulated payment
    expect(state({ ...failed, submitted: true, redirectStatus: 'succeeded' })).toBe('processing')
    expect(state({ paymentStatus: 'processing', paymentLastError: 'card_declined' })).toBe('processing')
    expect(state({ paymentStatus: 'succeeded', bookingStatus: 'paid', paymentLastError: null })).toBe('paid')
  })

  it('a booking cancelled after a decline is closed, not failed', () => {
    expect(state({ bookingStatus: 'cancelled', paymentStatus: 'failed', paymentLastError: 'card_declined' })).toBe(
      'closed',
    )
    expect(state({ bookingStatus: 'cancelled', paymentStatus: 'canceled', paymentLastError: 'card_declined' })).toBe(
      'closed',
    )
  })

  it('has nothing to pay when the voucher covers the fee, and nothing to offer for a booking not waiting for payment', () => {
    expect(state({ copayFen: 0n, paymentStatus: null })).toBe('nothing-to-pay')
    expect(state({ bookingStatus: 'requested', paymentStatus: null })).toBe('not-payable')
    expect(state({ bookingStatus: 'rejected', paymentStatus: null })).toBe('not-payable')
  })

  it('says a booking that ended unpaid has nothing to pay, its PaymentIntent canceled or not yet', () => {
    for (const bookingStatus of ['expired', 'cancelled']) {
      expect(state({ bookingStatus, paymentStatus: 'canceled' })).toBe('closed')
      expect(state({ bookingStatus, paymentStatus: 'requires_payment_method' })).toBe('closed')
      expect(state({ bookingStatus, paymentStatus: null })).toBe('closed')
      expect(state({ bookingStatus, paymentStatus: 'canceled', submitted: true })).toBe('closed')
    }
  })

  it('keeps saying a booking that expired after a decline failed, once its PaymentIntent is canceled', () => {
    expect(state({ bookingStatus: 'expired', paymentStatus: 'canceled', paymentLastError: 'card_declined' })).toBe(
      'failed',
    )
    // A payment that came in before the cancellation could happen is paid (and refunded).
    expect(state({ bookingStatus: 'expired', paymentStatus: 'succeeded' })).toBe('paid')
  })
})

describe('PayFormSchema', () => {
  it('takes the three methods and the demo decline, nothing else', () => {
    for (const method of ['card', 'alipay', 'wechat_pay', 'card_declined'])
      expect(PayFormSchema.safeParse({ method }).success).toBe(true)
    const bad = PayFormSchema.safeParse({ method: 'paypal' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('payments:errors.method')
  })
})

describe('payMode', () => {
  const mode = (o: Partial<Parameters<typeof payMode>[0]> = {}) =>
    payMode({
      state: 'pay',
      localMode: false,
      publishableKey: 'pk_live_abc',
      clientSecret: 'pi_1_secret_2',
      ...o,
    })

  it('mounts the Payment Element against Stripe with a publishable key and a PaymentIntent', () => {
    expect(mode()).toBe('stripe-js')
  })

  it('keeps the simulated payment against the local Stripe server, whatever keys are set', () => {
    expect(mode({ localMode: true })).toBe('simulated')
    expect(mode({ localMode: true, publishableKey: null, clientSecret: null })).toBe('simulated')
  })

  it('says online payment is unavailable without a publishable key or without a PaymentIntent', () => {
    expect(mode({ publishableKey: null })).toBe('unavailable')
    expect(mode({ clientSecret: null })).toBe('unavailable')
  })

  it('takes the payment again after a decline, the same way', () => {
    expect(mode({ state: 'retry' })).toBe('stripe-js')
    expect(mode({ state: 'retry', localMode: true })).toBe('simulated')
    expect(mode({ state: 'retry', publishableKey: null })).toBe('unavailable')
  })

  it('offers nothing (so sends no secret) unless the booking waits for payment', () => {
    const others: PayPageState[] = ['nothing-to-pay', 'paid', 'failed', 'closed', 'processing', 'not-payable']
    for (const state of others) {
      expect(mode({ state })).toBe('none')
      expect(mode({ state, localMode: true })).toBe('none')
    }
  })
})

describe('payReturnUrl', () => {
  it('is this page, absolute, with submitted=1', () => {
    const id = '3f1f2c1e-8f3a-4d2b-9c55-0a1b2c3d4e5f'
    expect(payReturnUrl('https://kjq.dazhou.gov.cn', id)).toBe(
      `https://kjq.dazhou.gov.cn/enterprise/bookings/${id}/pay?submitted=1`,
    )
    expect(payReturnUrl('http://localhost:3000', 'b1')).toBe(
      'http://localhost:3000/enterprise/bookings/b1/pay?submitted=1',
    )
  })

  it('keeps a path-unsafe id inside its segment', () => {
    expect(payReturnUrl('https://example.test', '../x?y')).toBe(
      'https://example.test/enterprise/bookings/..%2Fx%3Fy/pay?submitted=1',
    )
  })
})

describe('stripeLocale', () => {
  it('is Simplified Chinese for zh-CN and English otherwise', () => {
    expect(stripeLocale('zh-CN')).toBe('zh')
    expect(stripeLocale('en')).toBe('en')
  })
})

describe('confirmErrorOutcome', () => {
  it('lets the enterprise correct the form and submit again when nothing was charged', () => {
    expect(confirmErrorOutcome({ type: 'validation_error', code: 'incomplete_number' })).toBe('retry')
    expect(confirmErrorOutcome({ type: 'api_connection_error' })).toBe('retry')
    expect(confirmErrorOutcome({ type: 'rate_limit_error' })).toBe('retry')
    expect(confirmErrorOutcome({})).toBe('retry')
  })

  it('sorts out a decline or failed authentication (the form stays for another card or method, ADR 013)', () => {
    expect(confirmErrorOutcome({ type: 'card_error', code: 'card_declined' })).toBe('declined')
    expect(confirmErrorOutcome({ type: 'invalid_request_error', code: 'payment_intent_authentication_failure' })).toBe(
      'declined',
    )
  })

  it('sends the enterprise to the status when the PaymentIntent was already paid or is processing', () => {
    expect(confirmErrorOutcome({ type: 'invalid_request_error', code: 'payment_intent_unexpected_state' })).toBe(
      'check-status',
    )
  })
})
