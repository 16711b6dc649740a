import type { Db, Tx } from '~/infra/db.server'
import type { PaymentStatus } from './payment-rules'

export type PaymentRow = {
  id: string
  bookingId: string
  intentId: string | null
  clientSecret: string | null
  amountFen: bigint
  status: PaymentStatus
  refundedFen: bigint
  lastEventCreated: bigint | null
  lastError: string | null
}

type RawPayment = {
  id: string
  booking_id: string
  intent_id: string | null
  client_secret: string | null
  amount_fen: bigint
  status: PaymentStatus
  refunded_fen: bigint
  last_event_created: bigint | null
  last_error: string | null
}

const PAYMENT_COLUMNS = `id::text AS id, booking_id::text AS booking_id, intent_id, client_secret, amount_fen, status,
  refunded_fen, last_event_created, last_error`

function toPayment(r: RawPayment): PaymentRow {
  return {
    id: r.id,
    bookingId: r.booking_id,
    intentId: r.intent_id,
    clientSecret: r.client_secret,
    amountFen: r.amount_fen,
    status: r.status,
    refundedFen: r.refunded_fen,
    lastEventCreated: r.last_event_created,
    lastError: r.last_error,
  }
}

/** The booking's payment row (one per booking), locked FOR UPDATE when `lock`. */
export async function paymentOfBooking(
  db: Db | Tx,
  bookingId: string,
  { lock = false } = {},
): Promise<PaymentRow | null> {
  const rows = await db.$queryRawUnsafe<RawPayment[]>(
    `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE booking_id = $1::uuid${lock ? ' FOR UPDATE' : ''}`,
    bookingId,
  )
  return rows[0] ? toPayment(rows[0]) : null
}

/** The payment of a PaymentIntent, locked FOR UPDATE (the webhook's first step). */
export async function lockPaymentByIntent(tx: Tx, intentId: string): Promise<PaymentRow | null> {
  const rows = await tx.$queryRawUnsafe<RawPayment[]>(
    `SELECT ${PAYMENT_COLUMNS} FROM payment WHERE intent_id = $1 FOR UPDATE`,
    intentId,
  )
  return rows[0] ? toPayment(rows[0]) : null
}

export type PayableBooking = {
  id: string
  status: string
  enterpriseId: string
  copayFen: bigint
  feeFen: bigint
  voucherShareFen: bigint
  payBy: Date | null
  startsAt: Date | null
  endsAt: Date | null
  quantity: number
  unit: string
  instrumentName: string
  serviceItemName: string
  institutionName: string
  /** English names where the institution gave them (the page picks by locale). */
  instrumentNameEn: string | null
  serviceItemNameEn: string | null
  institutionNameEn: string | null
  cancellationFeeFen: bigint | null
  finalCopayFen: bigint | null
}

/**
 * A booking of this enterprise with what the payment page shows. The enterprise is in the query:
 * another enterprise's booking is not found.
 */
export async function getPayableBooking(
  db: Db | Tx,
  bookingId: string,
  enterpriseId: string,
): Promise<PayableBooking | null> {
  const rows = await db.$queryRaw<
    {
      id: string
      status: string
      enterprise_id: string
      copay_fen: bigint
      fee_fen: bigint
      voucher_share_fen: bigint
      pay_by: Date | null
      starts_at: Date | null
      ends_at: Date | null
      quantity: number
      unit: string
      instrument_name: string
      service_item_name: string
      institution_name: string
      instrument_name_en: string | null
      service_item_name_en: string | null
      institution_name_en: string | null
      cancellation_fee_fen: bigint | null
      final_copay_fen: bigint | null
    }[]
  >`
    SELECT b.id::text AS id, b.status::text AS status, b.enterprise_id::text AS enterprise_id, b.copay_fen, b.fee_fen,
           b.voucher_share_fen, b.pay_by, b.starts_at, b.ends_at, b.quantity, b.unit::text AS unit,
           i.name AS instrument_name, si.name AS service_item_name, inst.name AS institution_name,
           i.name_en AS instrument_name_en, si.name_en AS service_item_name_en, inst.name_en AS institution_name_en,
           b.cancellation_fee_fen, b.final_copay_fen
      FROM booking b
      JOIN instrument i ON i.id = b.instrument_id
      JOIN service_item si ON si.id = b.service_item_id
      JOIN institution inst ON inst.id = i.institution_id
     WHERE b.id = ${bookingId}::uuid AND b.enterprise_id = ${enterpriseId}::uuid`
  const r = rows[0]
  if (!r) return null
  return {
    id: r.id,
    status: r.status,
    enterpriseId: r.enterprise_id,
    copayFen: r.copay_fen,
    feeFen: r.fee_fen,
    voucherShareFen: r.voucher_share_fen,
    payBy: r.pay_by,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    quantity: r.quantity,
    unit: r.unit,
    instrumentName: r.instrument_name,
    serviceItemName: r.service_item_name,
    institutionName: r.institution_name,
    instrumentNameEn: r.instrument_name_en,
    serviceItemNameEn: r.service_item_name_en,
    institutionNameEn: r.institution_name_en,
    cancellationFeeFen: r.cancellation_fee_fen,
    finalCopayFen: r.final_copay_fen,
  }
}

export type RefundRow = {
  id: string
  paymentId: string
  refundId: string | null
  amountFen: bigint
  status: 'pending' | 'succeeded' | 'failed' | 'canceled'
  reason: string | null
  idempotencyKey: string
}

export async function refundsOfPayment(db: Db | Tx, paymentId: string): Promise<RefundRow[]> {
  const rows = await db.paymentRefund.findMany({ where: { paymentId }, orderBy: { createdAt: 'asc' } })
  return rows.map((r) => ({
    id: r.id,
    paymentId: r.paymentId,
    refundId: r.refundId,
    amountFen: r.amountFen,
    status: r.status as RefundRow['status'],
    reason: r.reason,
    idempotencyKey: r.idempotencyKey,
  }))
}
