import { z } from 'zod'
import type { PaymentStatus } from './payment-rules'

// What the enterprise's payment page shows, and its form. Pure.

export const PAY_METHODS = ['card', 'alipay', 'wechat_pay'] as const
/** The demo adds a card that is declined, to show a failed payment. */
export const DEMO_PAY_METHODS = [...PAY_METHODS, 'card_declined'] as const

export const PayFormSchema = z.object({
  method: z.enum(DEMO_PAY_METHODS, { error: 'payments:errors.method' }),
})

export type PayPageState =
  /** The voucher covers the whole fee. */
  | 'nothing-to-pay'
  | 'paid'
  /** A declined attempt expired the booking. */
  | 'failed'
  /** Submitted; the webhook has not reported yet. */
  | 'processing'
  | 'pay'
  /** Not approved yet, or ended without a payment (rejected, cancelled, expired unpaid). */
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

export function payPageState(input: {
  bookingStatus: string
  copayFen: bigint
  paymentStatus: PaymentStatus | null
  submitted: boolean
}): PayPageState {
  if (input.copayFen <= 0n) return 'nothing-to-pay'
  if (input.paymentStatus === 'succeeded' || AFTER_PAYMENT.includes(input.bookingStatus)) return 'paid'
  if (input.paymentStatus === 'failed') return 'failed'
  if (input.bookingStatus !== 'approved') return 'not-payable'
  if (input.submitted || input.paymentStatus === 'processing') return 'processing'
  return 'pay'
}
