import { getDb, type Tx } from '~/infra/db.server'
import { getStripe, Stripe } from '~/infra/stripe.server'
import { inTransaction, Refusal, refused, type Outcome } from '~/infra/tx.server'
import { copayOwedFen, refundDueFen, refundIdempotencyKey } from './payment-rules'
import { paymentOfBooking, type PaymentRow, type RefundRow } from './queries.server'
import type { PaymentCtx } from './start-copayment.server'
import { auditRefund, syncRefundedFen } from './webhook.server'

export type RefundReason =
  | 'no-paid-copayment'
  | 'nothing-to-refund'
  | 'invalid-amount'
  | 'refund-exceeds-payment'
  | 'refund-key-reused'
  | 'refund-rejected'

export type RefundResult = {
  refundRowId: string
  refundId: string | null
  amountFen: bigint
  status: RefundRow['status']
  /** Whether this call created the payment_refund row (false: a rerun found the first). */
  created: boolean
}

type Reserved = { row: RefundRow; payment: PaymentRow; created: boolean }

function toRefundRow(r: {
  id: string
  paymentId: string
  refundId: string | null
  amountFen: bigint
  status: string
  reason: string | null
  idempotencyKey: string
}): RefundRow {
  return { ...r, status: r.status as RefundRow['status'] }
}

/**
 * Step 1, in a transaction: the payment row locked, the refund written as a payment_refund row
 * ('pending') under its key before Stripe is called. A rerun finds the row and goes on with it, so
 * one key is one refund whatever fails when; concurrent refunds of one payment queue on the lock
 * and never add up to more than was paid.
 */
async function reserveRefund(
  tx: Tx,
  now: Date,
  input: { bookingId: string; refundKey: string; reason: string; amountFen: bigint | 'what-is-not-owed' },
): Promise<Reserved> {
  const payment = await paymentOfBooking(tx, input.bookingId, { lock: true })
  if (!payment?.intentId || payment.status !== 'succeeded')
    throw new Refusal('no-paid-copayment', { bookingId: input.bookingId, status: payment?.status ?? null })
  const existing = await tx.paymentRefund.findUnique({ where: { idempotencyKey: input.refundKey } })
  if (existing) {
    if (existing.paymentId !== payment.id)
      throw new Refusal('refund-key-reused', { refundKey: input.refundKey, paymentId: existing.paymentId })
    return { row: toRefundRow(existing), payment, created: false }
  }
  const others = await tx.$queryRaw<{ total: bigint | null }[]>`
    SELECT sum(amount_fen)::bigint AS total FROM payment_refund
     WHERE payment_id = ${payment.id}::uuid AND status IN ('pending', 'succeeded')`
  const ours = others[0]?.total ?? 0n
  // Refunds made outside this app (the Stripe dashboard) show in refunded_fen through charge.refunded.
  const refundedElsewhereFen = payment.refundedFen > ours ? payment.refundedFen : ours
  let amountFen: bigint
  if (input.amountFen === 'what-is-not-owed') {
    const rows = await tx.$queryRaw<
      { status: string; cancellation_fee_fen: bigint | null; final_copay_fen: bigint | null }[]
    >`
      SELECT status::text AS status, cancellation_fee_fen, final_copay_fen FROM booking WHERE id = ${input.bookingId}::uuid`
    const b = rows[0]!
    const owed = copayOwedFen({
      status: b.status,
      cancellationFeeFen: b.cancellation_fee_fen,
      finalCopayFen: b.final_copay_fen,
    })
    amountFen = owed === null ? 0n : refundDueFen({ amountFen: payment.amountFen, refundedElsewhereFen, owedFen: owed })
    if (amountFen <= 0n)
      throw new Refusal('nothing-to-refund', {
        bookingId: input.bookingId,
        bookingStatus: b.status,
        owedFen: owed,
        paidFen: payment.amountFen,
        refundedFen: refundedElsewhereFen,
      })
  } else {
    amountFen = input.amountFen
    if (amountFen <= 0n) throw new Refusal('invalid-amount', { amountFen })
  }
  const refundable = payment.amountFen - refundedElsewhereFen
  if (amountFen > refundable)
    throw new Refusal('refund-exceeds-payment', { bookingId: input.bookingId, amountFen, refundableFen: refundable })
  const row = await tx.paymentRefund.create({
    data: {
      paymentId: payment.id,
      amountFen,
      status: 'pending',
      reason: input.reason.slice(0, 500),
      idempotencyKey: input.refundKey,
      createdAt: now,
      updatedAt: now,
    },
  })
  await auditRefund(tx, now, payment, 'payment.refund-requested', {
    refundRowId: row.id,
    refundKey: input.refundKey,
    amountFen,
    reason: input.reason,
  })
  return { row: toRefundRow(row), payment, created: true }
}

const FINAL = new Set(['succeeded', 'failed', 'canceled'])

/**
 * Step 2: the refund at Stripe under the row's idempotency key, then step 3: the row gets Stripe's
 * refund id and status. Stripe forgets idempotency keys after 24 hours, so a row without a refund
 * id first looks for a refund carrying its key in metadata before asking for a new one. A network
 * failure throws (the job retries); Stripe refusing the refund marks the row failed.
 */
async function executeRefund(ctx: PaymentCtx, reserved: Reserved): Promise<Outcome<RefundResult>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const { row, payment } = reserved
  const result = (r: RefundRow): Outcome<RefundResult> => ({
    ok: true,
    value: {
      refundRowId: r.id,
      refundId: r.refundId,
      amountFen: r.amountFen,
      status: r.status,
      created: reserved.created,
    },
  })
  if (row.refundId && FINAL.has(row.status)) return result(row)
  if (!row.refundId && row.status === 'failed') return result(row)

  const stripe = ctx.stripe ?? getStripe()
  let refund: Stripe.Refund | undefined
  try {
    if (row.refundId) refund = await stripe.refunds.retrieve(row.refundId)
    else {
      const list = await stripe.refunds.list({ payment_intent: payment.intentId!, limit: 100 })
      refund = list.data.find((r) => r.metadata?.refund_key === row.idempotencyKey)
    }
    refund ??= await stripe.refunds.create(
      {
        payment_intent: payment.intentId!,
        amount: Number(row.amountFen),
        reason: 'requested_by_customer',
        metadata: { booking_id: payment.bookingId, refund_key: row.idempotencyKey },
      },
      { idempotencyKey: refundIdempotencyKey(row.idempotencyKey) },
    )
  } catch (error) {
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError ||
      error instanceof Stripe.errors.StripeIdempotencyError
    ) {
      // Stripe said no (already refunded, more than is left …): final for this key.
      await inTransaction(db, async (tx) => {
        await tx.$executeRaw`
          UPDATE payment_refund SET status = 'failed', updated_at = ${now}::timestamptz
           WHERE id = ${row.id}::uuid AND status = 'pending'`
        await auditRefund(tx, now, payment, 'payment.refund-failed', {
          refundRowId: row.id,
          code: error.code ?? null,
          message: error.message,
        })
      })
      return refused('refund-rejected', {
        refundKey: row.idempotencyKey,
        code: error.code ?? null,
        message: error.message,
      })
    }
    throw error
  }

  const done = refund
  return inTransaction(db, async (tx) => {
    const current = await tx.$queryRaw<{ status: string; refund_id: string | null }[]>`
      SELECT status, refund_id FROM payment_refund WHERE id = ${row.id}::uuid FOR UPDATE`
    const was = current[0]!
    const status =
      done.status === 'succeeded' || done.status === 'failed' || done.status === 'canceled' ? done.status : 'pending'
    // The webhook may have been faster: a final status stays.
    const next = FINAL.has(was.status) ? was.status : status
    await tx.$executeRaw`
      UPDATE payment_refund SET refund_id = coalesce(refund_id, ${done.id}), status = ${next}, updated_at = ${now}::timestamptz
       WHERE id = ${row.id}::uuid`
    if (next === 'succeeded') await syncRefundedFen(tx, now, payment.id)
    if (next !== was.status || was.refund_id === null)
      await auditRefund(tx, now, payment, `payment.refund-${next}`, {
        refundRowId: row.id,
        refundId: done.id,
        amountFen: row.amountFen,
      })
    return {
      refundRowId: row.id,
      refundId: was.refund_id ?? done.id,
      amountFen: row.amountFen,
      status: next as RefundRow['status'],
      created: reserved.created,
    }
  })
}

/**
 * Refunds part or all of a booking's paid co-payment through Stripe, once per `refundKey`
 * (DOMAIN: refunds on cancellation go through the API with idempotency keys). Retry-safe: running
 * it again with the same key never refunds twice.
 */
export async function refundCopayment(
  ctx: PaymentCtx,
  input: { bookingId: string; amountFen: bigint; reason: string; refundKey: string },
): Promise<Outcome<RefundResult>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const reserved = await inTransaction(db, (tx) => reserveRefund(tx, now, input))
  if (!reserved.ok) return reserved
  return executeRefund(ctx, reserved.value)
}

/**
 * The 'payment.refund' job: refunds what the booking no longer owes of its paid co-payment — paid
 * − cancellation fee after a cancellation, paid − final co-payment after delivery, everything for
 * a payment that arrived after the booking ended — less what other refunds already returned.
 */
export async function refundUnowedCopay(
  ctx: PaymentCtx,
  input: { bookingId: string; refundKey: string },
): Promise<Outcome<RefundResult>> {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const reserved = await inTransaction(db, (tx) =>
    reserveRefund(tx, now, {
      bookingId: input.bookingId,
      refundKey: input.refundKey,
      reason: `co-payment not owed (${input.refundKey})`,
      amountFen: 'what-is-not-owed',
    }),
  )
  if (!reserved.ok) return reserved
  return executeRefund(ctx, reserved.value)
}
