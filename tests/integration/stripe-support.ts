import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fireBookingTransition, type BookingActor } from '~/features/bookings/fire.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { handleStripeWebhook } from '~/features/payments/webhook.server'
import type { Db } from '~/infra/db.server'
import { startStripeLocal, type StripeLocal } from '~/infra/stripe-local/stripe-local.server'
import { createStripeClient, type Stripe } from '~/infra/stripe.server'
import { action as webhookAction } from '~/routes/webhooks+/stripe'
import { createEnterprise, createInstrument, createUser, createVoucher, openAroundTheClock } from '../support/factories'

// The Stripe side of the stripe-* integration tests: the local Stripe server in this process, the
// real SDK pointed at it, and a small HTTP server standing in for the app's webhook endpoint — it
// hands each delivery to handleStripeWebhook (with the test's clock) or to the route's action.
// The environment is set here, before any app module reads it, so code that takes the client from
// getStripe() (the refund job) talks to the same local server.

export const WEBHOOK_SECRET = 'whsec_stripe_integration_tests_0123456789'
export const SECRET_KEY = 'sk_test_stripe_integration_tests'

export type Received = { eventId: string | null; type: string | null; status: number; body: string }

export type StripeHarness = {
  local: StripeLocal
  stripe: Stripe
  /** Every delivery the webhook endpoint answered, in order. */
  received: Received[]
  /** Answer the next n deliveries with this status before handling them (a failing endpoint). */
  failNext(n: number, status?: number): void
  close(): Promise<void>
}

export async function startStripeHarness(
  options: { clock?: () => number; deliverTo?: 'handler' | 'route' } = {},
): Promise<StripeHarness> {
  const clock = options.clock ?? (() => Date.now())
  const received: Received[] = []
  let failing = { n: 0, status: 500 }

  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8')
        let eventId: string | null = null
        let type: string | null = null
        try {
          const parsed = JSON.parse(rawBody) as { id?: string; type?: string }
          eventId = parsed.id ?? null
          type = parsed.type ?? null
        } catch {
          // Not JSON: the handler says so.
        }
        let status: number
        let body: string
        if (failing.n > 0) {
          failing = { ...failing, n: failing.n - 1 }
          status = failing.status
          body = 'failing on purpose'
        } else if (options.deliverTo === 'route') {
          const request = new Request('http://localhost/webhooks/stripe', {
            method: 'POST',
            headers: {
              'Content-Type': String(req.headers['content-type'] ?? 'application/json'),
              'Stripe-Signature': String(req.headers['stripe-signature'] ?? ''),
            },
            body: rawBody,
          })
          const response = await webhookAction({ request, params: {}, context: {} })
          status = response.status
          body = await response.text()
        } else {
          try {
            const outcome = await handleStripeWebhook(
              { now: new Date(clock()), webhookSecret: WEBHOOK_SECRET },
              { rawBody, signatureHeader: (req.headers['stripe-signature'] as string | undefined) ?? null },
            )
            status = outcome.ok ? 200 : 400
            body = JSON.stringify(outcome, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
          } catch (error) {
            status = 500
            body = String((error as Error).stack ?? error)
          }
        }
        received.push({ eventId, type, status, body })
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(body)
      })()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()))
  const receiverPort = (receiver.address() as AddressInfo).port

  const local = await startStripeLocal({
    webhookUrl: `http://127.0.0.1:${receiverPort}/webhooks/stripe`,
    webhookSecret: WEBHOOK_SECRET,
    retryDelaysMs: [20, 40, 80],
    clock,
  })
  process.env.STRIPE_API_BASE = local.url
  process.env.STRIPE_SECRET_KEY = SECRET_KEY
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
  const stripe = createStripeClient({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiBase: local.url })

  return {
    local,
    stripe,
    received,
    failNext(n, status = 500) {
      failing = { n, status }
    },
    async close() {
      await local.close()
      await new Promise<void>((resolve) => {
        receiver.close(() => resolve())
        receiver.closeAllConnections()
      })
    },
  }
}

let bookingKeys = 0

/**
 * The stripe-* tests' booking: an enterprise with a ¥500 voucher (programme share 50%) and a member;
 * an instrument open around the clock at ¥200/hour with a member of staff; a 2-hour booking on
 * 10 June 2026 (fee ¥400: ¥200 held on the voucher, ¥200 co-payment), approved unless told not to.
 */
export async function approvedBooking(db: Db, now: Date, opts: { cancelFeeBp?: number; approve?: boolean } = {}) {
  const enterprise = await createEnterprise({}, db)
  const member = await createUser(
    { memberships: { create: { role: 'enterprise_member', enterpriseId: enterprise.id } } },
    db,
  )
  const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: 50_000n }, db)
  const { instrument, serviceItem, institutionId } = await createInstrument(
    { serviceItem: { feeFen: 20_000, unit: 'hour' }, cancelFeeBp: opts.cancelFeeBp ?? 0, cancelFreeHours: 24 },
    db,
  )
  await openAroundTheClock(instrument.id, db)
  const staff = await createUser({ memberships: { create: { role: 'institution_staff', institutionId } } }, db)
  const at = (hour: number) => new Date(Date.UTC(2026, 5, 10, hour))
  const requested = await requestBooking(
    { db, now },
    {
      enterpriseId: enterprise.id,
      actorUserId: member.id,
      serviceItemId: serviceItem.id,
      voucherId: voucher.id,
      startsAt: at(1),
      endsAt: at(3),
      quantity: 2,
      idempotencyKey: `stripe-${Date.now()}-${++bookingKeys}`,
      purpose: '材料成分检测',
    },
  )
  if (!requested.ok) throw new Error(`requestBooking: ${requested.reason} ${JSON.stringify(requested.details)}`)
  const bookingId = requested.value.bookingId
  const staffActor: BookingActor = { kind: 'institution_staff', userId: staff.id, institutionId }
  if (opts.approve !== false) {
    const approved = await fireBookingTransition({ db, now }, { bookingId, name: 'approve', actor: staffActor })
    if (!approved.ok || approved.value.to !== 'approved') throw new Error(`approve: ${JSON.stringify(approved)}`)
  }
  const memberActor: BookingActor = { kind: 'enterprise_member', userId: member.id, enterpriseId: enterprise.id }
  return { enterprise, member, voucher, bookingId, staffActor, memberActor, instrument }
}
