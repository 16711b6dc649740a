import { describe, expect, it } from 'vitest'
import { formatPaymentError, parsePaymentError, paymentErrorText } from './payment-error'

describe('formatPaymentError', () => {
  it('keeps Stripe’s code, decline code and message in one line, as the webhook stores it', () => {
    expect(
      formatPaymentError({
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      }),
    ).toBe('card_declined: generic_decline: Your card was declined.')
    expect(formatPaymentError({ code: 'card_declined', message: 'Your card was declined.' })).toBe(
      'card_declined: Your card was declined.',
    )
    expect(formatPaymentError({ message: 'x'.repeat(600) })).toHaveLength(500)
    expect(formatPaymentError(null)).toBeNull()
    expect(formatPaymentError({})).toBeNull()
  })
})

describe('parsePaymentError', () => {
  it('reads the codes back and leaves the message whole', () => {
    expect(parsePaymentError('card_declined: insufficient_funds: Your card has insufficient funds.')).toEqual({
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    })
    expect(parsePaymentError('card_declined: Your card was declined.')).toEqual({
      code: 'card_declined',
      declineCode: null,
      message: 'Your card was declined.',
    })
    expect(parsePaymentError('processing_error')).toEqual({
      code: 'processing_error',
      declineCode: null,
      message: null,
    })
    expect(parsePaymentError('Something: went wrong')).toEqual({
      code: null,
      declineCode: null,
      message: 'Something: went wrong',
    })
    expect(parsePaymentError(null)).toEqual({ code: null, declineCode: null, message: null })
  })
})

describe('paymentErrorText', () => {
  it('says why in the reader’s language, the decline code before the error code', () => {
    const line = 'card_declined: insufficient_funds: Your card has insufficient funds.'
    expect(paymentErrorText(line, 'zh-CN')).toBe('银行卡余额不足')
    expect(paymentErrorText(line, 'en')).toBe('the card has insufficient funds')
    expect(paymentErrorText('card_declined: generic_decline: Your card was declined.', 'zh-CN')).toBe(
      '发卡行拒绝了这笔付款',
    )
    expect(paymentErrorText('expired_card: Your card has expired.', 'en')).toBe('the card has expired')
    expect(paymentErrorText('payment_intent_authentication_failure: We are unable to authenticate.', 'zh-CN')).toBe(
      '付款验证未通过',
    )
  })

  it('never tells the payer a card was flagged lost or stolen', () => {
    expect(paymentErrorText('card_declined: stolen_card: Your card was declined.', 'en')).toBe(
      'the card issuer declined the payment',
    )
  })

  it('falls back to Stripe’s message (without its full stop), then to a plain "not accepted"', () => {
    expect(paymentErrorText('some_new_code: The bank said no.', 'zh-CN')).toBe('The bank said no')
    expect(paymentErrorText(null, 'zh-CN')).toBe('付款未被接受')
    expect(paymentErrorText('', 'en')).toBe('the payment was not accepted')
  })
})
