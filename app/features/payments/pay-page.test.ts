import { describe, expect, it } from 'vitest'
import { payPageState, PayFormSchema } from './pay-page'

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

  it('has nothing to pay when the voucher covers the fee, and nothing to offer for a booking not waiting for payment', () => {
    expect(state({ copayFen: 0n, paymentStatus: null })).toBe('nothing-to-pay')
    expect(state({ bookingStatus: 'requested', paymentStatus: null })).toBe('not-payable')
    expect(state({ bookingStatus: 'expired' })).toBe('not-payable')
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
