import { json, type ActionFunctionArgs } from '@remix-run/node'
import { handleStripeWebhook } from '~/features/payments/webhook.server'
import { getLogger } from '~/infra/logger.server'

// POST /webhooks/stripe — Stripe's event deliveries (the local Stripe server's in development, the
// tests, the e2e run and the demo). No session and no CSRF token: the Stripe-Signature header (an
// HMAC of the raw body with the endpoint secret, and a timestamp) is the authentication, so the
// body is read as text, never parsed before it is verified. 200: stored (or already stored);
// 400: not from Stripe, nothing stored; 500 (thrown): Stripe delivers again.

const MAX_BODY_BYTES = 1_000_000

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST')
    return json({ error: 'method-not-allowed' }, { status: 405, headers: { Allow: 'POST' } })
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_BODY_BYTES) return json({ error: 'too-large' }, { status: 413 })
  const rawBody = await request.text()
  if (rawBody.length > MAX_BODY_BYTES) return json({ error: 'too-large' }, { status: 413 })
  const outcome = await handleStripeWebhook({}, { rawBody, signatureHeader: request.headers.get('stripe-signature') })
  if (!outcome.ok) {
    getLogger().warn({ reason: outcome.reason, details: outcome.details }, 'stripe webhook refused')
    return json({ error: outcome.reason }, { status: 400 })
  }
  const { eventId, type, duplicate, outcome: result } = outcome.value
  if (!duplicate) getLogger().info({ eventId, type, outcome: result }, 'stripe webhook processed')
  return json({ received: true, eventId, duplicate, outcome: result })
}

export function loader() {
  return json({ error: 'method-not-allowed' }, { status: 405, headers: { Allow: 'POST' } })
}
