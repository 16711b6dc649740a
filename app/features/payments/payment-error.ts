import type { Locale } from '~/i18n/config'

// A failed payment attempt in words (DOMAIN: a declined co-payment can be paid again, on the same
// PaymentIntent, until the booking's pay-by time — ADR 013). Stripe reports a failure as a code
// (card_declined, payment_intent_authentication_failure …), for a card a decline code
// (insufficient_funds, expired_card …) and an English message. We keep the three in one line
// (payment.last_error, the booking event's reason); the enterprise reads them translated, on the
// payment page and in the mail. Pure.

export type StripeErrorParts = {
  code?: string | null
  decline_code?: string | null
  message?: string | null
}

/** payment.last_error: "code: decline_code: message", at most 500 characters (the parts present). */
export function formatPaymentError(error: StripeErrorParts | null | undefined): string | null {
  if (!error) return null
  const text = [error.code, error.decline_code, error.message].filter(Boolean).join(': ').slice(0, 500)
  return text === '' ? null : text
}

const CODE = /^[a-z][a-z0-9_]*$/

/** The parts of a stored last_error line: up to two leading codes, then Stripe's message. */
export function parsePaymentError(text: string | null | undefined): {
  code: string | null
  declineCode: string | null
  message: string | null
} {
  const parts = (text ?? '').trim().split(': ')
  const codes: string[] = []
  while (codes.length < 2 && parts.length > 1 && CODE.test(parts[0]!)) codes.push(parts.shift()!)
  if (codes.length === 0 && parts.length === 1 && CODE.test(parts[0]!)) codes.push(parts.shift()!)
  const message = parts.join(': ').trim()
  return { code: codes[0] ?? null, declineCode: codes[1] ?? null, message: message === '' ? null : message }
}

type Reason =
  | 'declined'
  | 'insufficient-funds'
  | 'expired-card'
  | 'incorrect-cvc'
  | 'incorrect-number'
  | 'limit-exceeded'
  | 'processing-error'
  | 'authentication-failed'
  | 'wallet-declined'

/**
 * Stripe's codes we put in our own words. Lost or stolen cards and fraud suspicions read as a plain
 * decline (Stripe's advice: never tell the payer why a card was flagged).
 */
const REASON_OF: Record<string, Reason> = {
  card_declined: 'declined',
  generic_decline: 'declined',
  do_not_honor: 'declined',
  lost_card: 'declined',
  stolen_card: 'declined',
  fraudulent: 'declined',
  pickup_card: 'declined',
  restricted_card: 'declined',
  security_violation: 'declined',
  transaction_not_allowed: 'declined',
  insufficient_funds: 'insufficient-funds',
  expired_card: 'expired-card',
  incorrect_cvc: 'incorrect-cvc',
  invalid_cvc: 'incorrect-cvc',
  incorrect_number: 'incorrect-number',
  invalid_number: 'incorrect-number',
  card_velocity_exceeded: 'limit-exceeded',
  withdrawal_count_limit_exceeded: 'limit-exceeded',
  processing_error: 'processing-error',
  payment_intent_authentication_failure: 'authentication-failed',
  authentication_required: 'authentication-failed',
  payment_method_provider_decline: 'wallet-declined',
}

const WORDS: Record<Locale, Record<Reason | 'unknown', string>> = {
  'zh-CN': {
    declined: '发卡行拒绝了这笔付款',
    'insufficient-funds': '银行卡余额不足',
    'expired-card': '银行卡已过期',
    'incorrect-cvc': '银行卡安全码（CVC）不正确',
    'incorrect-number': '银行卡号不正确',
    'limit-exceeded': '超出了银行卡的交易限额',
    'processing-error': '处理付款时出错',
    'authentication-failed': '付款验证未通过',
    'wallet-declined': '支付宝或微信支付拒绝了这笔付款',
    unknown: '付款未被接受',
  },
  en: {
    declined: 'the card issuer declined the payment',
    'insufficient-funds': 'the card has insufficient funds',
    'expired-card': 'the card has expired',
    'incorrect-cvc': 'the card’s security code (CVC) is incorrect',
    'incorrect-number': 'the card number is incorrect',
    'limit-exceeded': 'the card’s transaction limit was exceeded',
    'processing-error': 'an error occurred while processing the payment',
    'authentication-failed': 'the payment could not be verified',
    'wallet-declined': 'Alipay or WeChat Pay declined the payment',
    unknown: 'the payment was not accepted',
  },
}

/**
 * Why the last attempt failed, in the reader's language: the decline code if we know it, else the
 * error code, else Stripe's own message (English, without its closing full stop), else a plain
 * "not accepted". No closing punctuation: callers put the text inside a sentence.
 */
export function paymentErrorText(lastError: string | null | undefined, locale: Locale): string {
  const { code, declineCode, message } = parsePaymentError(lastError)
  const reason = (declineCode && REASON_OF[declineCode]) || (code && REASON_OF[code]) || null
  if (reason) return WORDS[locale][reason]
  if (message) return message.replace(/[.。]+$/, '')
  return WORDS[locale].unknown
}
