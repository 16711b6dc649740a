import { appendAudit } from '~/features/audit/audit.server'
import { getDb, type Db } from '~/infra/db.server'
import { getStripe, type Stripe } from '~/infra/stripe.server'
import { inTransaction, refused, type Outcome } from '~/infra/tx.server'
import { COPAY_METHOD_TYPES, copayIdempotencyKey, type PaymentStatus } from './payment-rules'
import { getPayableBooking, paymentOfBooking, type PaymentRow } from './queries.server'

export type PaymentCtx = { db?: Db; now?: Date; stripe?: Stripe }

export type CopaymentReason = 'booking-not-found' | 'not-payable' | 'nothing-to-pay' | 'payment-provider-unavailable'

export type Copayment = {
  paymentId: string
  bookingId: string
  intentId: string
  /** For Stripe.js in the browser (production); never logged. */
  clientSecret: string | null
  amountFen: bigint
  status: PaymentStatus
  lastError: string | null
  /** Whether this call created the payment row. */
  created: boolean
}

function view(row: PaymentRow, created: boolean): Copayment {
  return {
    paymentId: row.id,
    bookingId: row.bookingId,
    intentId: row.intentId!,
    clientSecret: row.clientSecret,
    amountFen: row.amountFen,
    status: row.status,
    lastError: row.lastError,
    created,
  }
}

/**
 * The co-payment of an approved booking (DOMAIN: co-payment = fee − voucher share, paid through a
 * Stripe PaymentIntent in CNY — amounts in fen, CNY's smallest unit — by card, Alipay or WeChat
 * Pay). Creates the PaymentIntent once: the payment row is looked up first, and the API call carries
 * the booking's idempotency key, so a reload, a second tab or a retried request finds the same
 * PaymentIntent. The payment row (one per booking) is written after Stripe answered; a crash in
 * between leaves a PaymentIntent the next call finds again by its key (or the webhook by its
 * metadata.booking_id).
 */
export async function startCopayment(
  ctx: PaymentCtx,
  input: { bookingId: string; enterpriseId: string; actorUserId?: string | null },
): Promise<Outcome<Copayment>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const booking = await getPayableBooking(db, input.bookingId, input.enterpriseId)
  if (!booking) return refused('booking-not-found', { bookingId: input.bookingId })
  const existing = await paymentOfBooking(db, booking.id)
  if (existing?.intentId) return { ok: true, value: view(existing, false) }
  if (booking.copayFen <= 0n) return refused('nothing-to-pay', { bookingId: booking.id })
  if (booking.status !== 'approved') return refused('not-payable', { bookingId: booking.id, status: booking.status })

  let intent: Stripe.PaymentIntent
  try {
    intent = await (ctx.stripe ?? getStripe()).paymentIntents.create(
      {
        amount: Number(booking.copayFen),
        currency: 'cny',
        allowed_payment_method_types: [...COPAY_METHOD_TYPES],
        description: `科技创新券预约自付部分 ${booking.instrumentName}`.slice(0, 1000),
        metadata: { booking_id: booking.id, enterprise_id: booking.enterpriseId },
      },
      { idempotencyKey: copayIdempotencyKey(booking.id) },
    )
  } catch (error) {
    return refused('payment-provider-unavailable', { bookingId: booking.id, message: (error as Error).message })
  }
  if (intent.amount !== Number(booking.copayFen) || intent.currency !== 'cny')
    throw new Error(
      `PaymentIntent ${intent.id} for booking ${booking.id} is ${intent.amount} ${intent.currency}, expected ${booking.copayFen} cny`,
    )

  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO payment (booking_id, provider, intent_id, client_secret, amount_fen, currency, status, created_at, updated_at)
      VALUES (${booking.id}::uuid, 'stripe', ${intent.id}, ${intent.client_secret}, ${booking.copayFen}, 'cny',
              ${intent.status}, ${now}::timestamptz, ${now}::timestamptz)
      ON CONFLICT (booking_id) DO UPDATE
        SET intent_id = coalesce(payment.intent_id, EXCLUDED.intent_id),
            client_secret = coalesce(payment.client_secret, EXCLUDED.client_secret)
      RETURNING (xmax = 0) AS inserted`
    const inserted = rows[0]?.inserted === true
    const row = (await paymentOfBooking(tx, booking.id))!
    if (inserted) {
      await appendAudit(tx, {
        actorUserId: input.actorUserId ?? null,
        orgType: 'enterprise',
        orgId: booking.enterpriseId,
        action: 'payment.started',
        entityType: 'booking',
        entityId: booking.id,
        after: { paymentId: row.id, intentId: intent.id, amountFen: booking.copayFen, currency: 'cny' },
        at: now,
      })
    }
    return view(row, inserted)
  })
}
