import { describe, expect, it } from 'vitest'
import {
  cancelIntentIdempotencyKey,
  cancelRefusalMeans,
  copayIdempotencyKey,
  copayOwedFen,
  decideIntentCancel,
  decidePaymentEvent,
  hasOpenIntent,
  refundDueFen,
  refundIdempotencyKey,
  statusFromEvent,
  type PaymentStatus,
} from './payment-rules'

const at = (status: PaymentStatus, lastEventCreated: bigint | null = null) => ({ status, lastEventCreated })

describe('decidePaymentEvent', () => {
  it('applies the first event of a payment', () => {
    expect(decidePaymentEvent(at('requires_payment_method'), { status: 'succeeded', created: 100n })).toEqual({
      apply: true,
      status: 'succeeded',
    })
    expect(decidePaymentEvent(at('requires_payment_method'), { status: 'failed', created: 100n })).toEqual({
      apply: true,
      status: 'failed',
    })
  })

  it('never moves a succeeded payment, whatever arrives later or looks newer', () => {
    for (const status of ['failed', 'requires_payment_method', 'canceled', 'succeeded'] as const) {
      expect(decidePaymentEvent(at('succeeded', 100n), { status, created: 100n })).toEqual({
        apply: false,
        why: 'final',
      })
      expect(decidePaymentEvent(at('succeeded', 100n), { status, created: 200n })).toEqual({
        apply: false,
        why: 'final',
      })
    }
  })

  it('ignores an event older than the last one applied', () => {
    expect(decidePaymentEvent(at('failed', 200n), { status: 'failed', created: 150n })).toEqual({
      apply: false,
      why: 'stale',
    })
  })

  it('breaks a tie within one second by how far along the status is', () => {
    // A decline and a successful retry in the same second: success wins in either order.
    expect(decidePaymentEvent(at('failed', 100n), { status: 'succeeded', created: 100n })).toEqual({
      apply: true,
      status: 'succeeded',
    })
    expect(decidePaymentEvent(at('failed', 100n), { status: 'failed', created: 100n })).toEqual({
      apply: false,
      why: 'not-forward',
    })
  })

  it('lets a newer success follow a failure (the enterprise tried another card)', () => {
    expect(decidePaymentEvent(at('failed', 100n), { status: 'succeeded', created: 160n })).toEqual({
      apply: true,
      status: 'succeeded',
    })
  })
})

describe('decidePaymentEvent: paying again after a decline (ADR 013)', () => {
  // One PaymentIntent, confirmed again: the retry's events are newer than the decline's.
  const apply = (current: ReturnType<typeof at>, status: PaymentStatus, created: bigint) =>
    decidePaymentEvent(current, { status, created })

  it('moves a failed payment on with the retry’s events: verification, processing, success', () => {
    for (const status of ['requires_action', 'processing', 'succeeded'] as const)
      expect(apply(at('failed', 100n), status, 101n), status).toEqual({ apply: true, status })
  })

  it('records a second decline, newer than the first', () => {
    expect(apply(at('failed', 100n), 'failed', 160n)).toEqual({ apply: true, status: 'failed' })
  })

  it('a decline delivered after the retry’s first event is stale and does not block the retry', () => {
    // Retry started (Alipay's redirect: processing at 160); the first attempt's decline (100) arrives late.
    let payment = at('processing', 160n)
    expect(apply(payment, 'failed', 100n)).toEqual({ apply: false, why: 'stale' })
    // The retry succeeds: applied, and final from then on.
    expect(apply(payment, 'succeeded', 170n)).toEqual({ apply: true, status: 'succeeded' })
    payment = at('succeeded', 170n)
    expect(apply(payment, 'failed', 100n)).toEqual({ apply: false, why: 'final' })
  })

  it('the whole story delivered in reverse: only the success counts', () => {
    let payment = at('requires_payment_method')
    const succeeded = apply(payment, 'succeeded', 160n)
    expect(succeeded).toEqual({ apply: true, status: 'succeeded' })
    payment = at('succeeded', 160n)
    expect(apply(payment, 'failed', 100n)).toEqual({ apply: false, why: 'final' })
  })
})

describe('statusFromEvent', () => {
  it('maps the PaymentIntent events and leaves the rest alone', () => {
    expect(statusFromEvent('payment_intent.succeeded')).toBe('succeeded')
    expect(statusFromEvent('payment_intent.payment_failed')).toBe('failed')
    expect(statusFromEvent('payment_intent.canceled')).toBe('canceled')
    expect(statusFromEvent('charge.refunded')).toBeNull()
    expect(statusFromEvent('payment_intent.created')).toBeNull()
  })
})

describe('refunds', () => {
  it('keeps the cancellation fee and returns the rest', () => {
    const owed = copayOwedFen({ status: 'cancelled', cancellationFeeFen: 3_000n, finalCopayFen: null })
    expect(owed).toBe(3_000n)
    expect(refundDueFen({ amountFen: 20_000n, refundedElsewhereFen: 0n, owedFen: owed! })).toBe(17_000n)
  })

  it('returns everything after a free cancellation or a payment that came after the booking ended', () => {
    expect(copayOwedFen({ status: 'cancelled', cancellationFeeFen: null, finalCopayFen: null })).toBe(0n)
    expect(copayOwedFen({ status: 'expired', cancellationFeeFen: null, finalCopayFen: null })).toBe(0n)
    expect(copayOwedFen({ status: 'rejected', cancellationFeeFen: null, finalCopayFen: null })).toBe(0n)
  })

  it('after delivery, owes the final co-payment', () => {
    expect(copayOwedFen({ status: 'delivered', cancellationFeeFen: null, finalCopayFen: 15_000n })).toBe(15_000n)
  })

  it('owes the whole payment while the booking runs (nothing to refund)', () => {
    expect(copayOwedFen({ status: 'paid', cancellationFeeFen: null, finalCopayFen: null })).toBeNull()
  })

  it('counts refunds made under other keys and is never negative', () => {
    expect(refundDueFen({ amountFen: 20_000n, refundedElsewhereFen: 5_000n, owedFen: 3_000n })).toBe(12_000n)
    expect(refundDueFen({ amountFen: 20_000n, refundedElsewhereFen: 20_000n, owedFen: 3_000n })).toBe(0n)
    expect(refundDueFen({ amountFen: 20_000n, refundedElsewhereFen: 0n, owedFen: 25_000n })).toBe(0n)
  })
})

describe('idempotency keys', () => {
  it('one PaymentIntent per booking, one Stripe refund per refund key', () => {
    expect(copayIdempotencyKey('b1')).toBe('booking:b1:copay:v1')
    expect(refundIdempotencyKey('booking:b1:cancel')).toBe('refund:booking:b1:cancel')
  })
})

describe('cancelling the PaymentIntent of a booking that ended unpaid', () => {
  const payment = (status: PaymentStatus, intentId: string | null = 'pi_1') => ({ intentId, status })

  it('an open PaymentIntent is one that exists and neither succeeded nor was canceled', () => {
    for (const status of [
      'requires_payment_method',
      'requires_confirmation',
      'requires_action',
      'processing',
      'failed',
    ] as const)
      expect(hasOpenIntent(payment(status)), status).toBe(true)
    expect(hasOpenIntent(payment('succeeded'))).toBe(false)
    expect(hasOpenIntent(payment('canceled'))).toBe(false)
    expect(hasOpenIntent(payment('requires_payment_method', null))).toBe(false)
    expect(hasOpenIntent(null)).toBe(false)
  })

  it('cancels an open PaymentIntent of an expired or cancelled booking (a failed attempt included)', () => {
    for (const bookingStatus of ['expired', 'cancelled'])
      for (const status of ['requires_payment_method', 'failed', 'processing'] as const)
        expect(decideIntentCancel({ bookingStatus, payment: payment(status) }), `${bookingStatus}/${status}`).toEqual({
          cancel: true,
        })
  })

  it('leaves alone what has no PaymentIntent, what is canceled or paid, and a booking still waiting or served', () => {
    expect(decideIntentCancel({ bookingStatus: 'expired', payment: null })).toEqual({
      cancel: false,
      why: 'no-payment',
    })
    expect(decideIntentCancel({ bookingStatus: 'expired', payment: payment('failed', null) })).toEqual({
      cancel: false,
      why: 'no-payment',
    })
    expect(decideIntentCancel({ bookingStatus: 'expired', payment: payment('canceled') })).toEqual({
      cancel: false,
      why: 'already-canceled',
    })
    expect(decideIntentCancel({ bookingStatus: 'expired', payment: payment('succeeded') })).toEqual({
      cancel: false,
      why: 'payment-succeeded',
    })
    for (const bookingStatus of ['approved', 'paid', 'in_service', 'missing'])
      expect(decideIntentCancel({ bookingStatus, payment: payment('requires_payment_method') })).toEqual({
        cancel: false,
        why: 'booking-not-ended',
      })
  })

  it('reads Stripe’s unexpected-state answer by the PaymentIntent’s status', () => {
    expect(cancelRefusalMeans('canceled')).toBe('canceled')
    expect(cancelRefusalMeans('succeeded')).toBe('succeeded')
    expect(cancelRefusalMeans('requires_capture')).toBe('refused')
    expect(cancelRefusalMeans(undefined)).toBe('refused')
    expect(cancelRefusalMeans(null)).toBe('refused')
  })

  it('one idempotency key per booking’s cancellation, apart from its creation key', () => {
    const id = '3f1f2c1e-8f3a-4d2b-9c55-0a1b2c3d4e5f'
    expect(cancelIntentIdempotencyKey(id)).toBe(`booking:${id}:copay:v1:cancel`)
    expect(cancelIntentIdempotencyKey(id)).not.toBe(copayIdempotencyKey(id))
  })
})
