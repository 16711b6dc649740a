import { randomBytes } from 'node:crypto'

// Stripe object shapes the local server returns (API version 2026-10-28, the SDK's pinned one),
// reduced to the fields this project and the SDK's types rely on; every field listed is one Stripe
// sends, with the value Stripe sends in test mode when the feature is not used (null, false, {}).
// See ADR 011 for what is covered and what is not.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A Stripe-looking id: prefix + 24 random base-62 characters (`pi_3Qx…`). */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length)
  let s = ''
  for (const b of bytes) s += BASE62[b % 62]
  return `${prefix}_${s}`
}

export const PAYMENT_METHOD_TYPES = ['card', 'alipay', 'wechat_pay'] as const
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number]

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded'

export type LastPaymentError = {
  type: 'card_error'
  code: string
  decline_code: string | null
  message: string
  charge: string
  doc_url: string
  payment_method: PaymentMethodObject
}

export type PaymentMethodObject = {
  id: string
  object: 'payment_method'
  type: PaymentMethodType
  created: number
  livemode: false
  customer: null
  metadata: Record<string, string>
  billing_details: { address: null; email: null; name: null; phone: null }
  card?: { brand: string; last4: string; exp_month: number; exp_year: number; funding: string; country: string }
  alipay?: Record<string, never>
  wechat_pay?: Record<string, never>
}

export type PaymentIntentObject = {
  id: string
  object: 'payment_intent'
  /** API 2026-10-28: what the request allowed (null: not given); `payment_method_types` is what applies. */
  allowed_payment_method_types: PaymentMethodType[] | null
  amount: number
  amount_capturable: number
  amount_received: number
  application: null
  application_fee_amount: null
  automatic_payment_methods: null | { enabled: boolean }
  canceled_at: number | null
  cancellation_reason: string | null
  capture_method: 'automatic'
  client_secret: string
  confirmation_method: 'automatic'
  created: number
  currency: string
  customer: null
  customer_account: null
  description: string | null
  excluded_payment_method_types: null
  last_payment_error: LastPaymentError | null
  latest_charge: string | null
  livemode: false
  managed_payments: null
  metadata: Record<string, string>
  next_action: null
  on_behalf_of: null
  payment_method: string | null
  payment_method_configuration_details: null
  payment_method_options: Record<string, unknown>
  payment_method_types: PaymentMethodType[]
  payment_record: null
  processing: null
  receipt_email: string | null
  review: null
  setup_future_usage: null
  shipping: null
  source: null
  statement_descriptor: null
  statement_descriptor_suffix: string | null
  status: PaymentIntentStatus
  transfer_data: null
  transfer_group: null
}

export type ChargeObject = {
  id: string
  object: 'charge'
  amount: number
  amount_captured: number
  amount_refunded: number
  balance_transaction: string | null
  billing_details: { address: null; email: null; name: null; phone: null }
  captured: boolean
  created: number
  currency: string
  customer: null
  description: string | null
  disputed: false
  failure_code: string | null
  failure_message: string | null
  livemode: false
  metadata: Record<string, string>
  outcome: {
    network_status: 'approved_by_network' | 'declined_by_network'
    reason: string | null
    risk_level: 'normal'
    seller_message: string
    type: 'authorized' | 'issuer_declined'
  }
  paid: boolean
  payment_intent: string
  payment_method: string
  payment_method_details: { type: PaymentMethodType } & Record<string, unknown>
  receipt_url: null
  refunded: boolean
  status: 'succeeded' | 'failed'
}

export type RefundObject = {
  id: string
  object: 'refund'
  amount: number
  balance_transaction: string | null
  charge: string
  created: number
  currency: string
  destination_details: { type: PaymentMethodType } & Record<string, unknown>
  metadata: Record<string, string>
  payment_intent: string
  reason: string | null
  receipt_number: null
  source_transfer_reversal: null
  status: 'pending' | 'succeeded' | 'failed' | 'canceled'
  transfer_reversal: null
}

export type StripeObject = PaymentIntentObject | ChargeObject | RefundObject

export type EventObject = {
  id: string
  object: 'event'
  api_version: string
  created: number
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> }
  livemode: false
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
}

/** Stripe's test PaymentMethod ids (docs.stripe.com/testing) the local server knows, and what they do. */
export type TestCard = {
  brand: string
  last4: string
  decline?: { code: string; declineCode: string | null; message: string }
}

export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_unionpay: { brand: 'unionpay', last4: '0005' },
  pm_card_chargeDeclined: {
    brand: 'visa',
    last4: '0002',
    decline: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    decline: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  pm_card_chargeDeclinedExpiredCard: {
    brand: 'visa',
    last4: '0069',
    decline: { code: 'expired_card', declineCode: null, message: 'Your card has expired.' },
  },
}

export function paymentMethodObject(type: PaymentMethodType, created: number, card?: TestCard): PaymentMethodObject {
  const base = {
    id: stripeId('pm'),
    object: 'payment_method' as const,
    type,
    created,
    livemode: false as const,
    customer: null,
    metadata: {},
    billing_details: { address: null, email: null, name: null, phone: null },
  }
  if (type === 'card') {
    const c = card ?? TEST_CARDS.pm_card_visa!
    return {
      ...base,
      card: { brand: c.brand, last4: c.last4, exp_month: 12, exp_year: 2034, funding: 'credit', country: 'US' },
    }
  }
  return { ...base, [type]: {} }
}

/** ¥12.34 for 1234 (integers only: money is never a float, ADR 002). */
export function formatCnyFen(amount: number): string {
  const fen = Math.trunc(amount)
  return `¥${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}
