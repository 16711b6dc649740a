import Stripe from 'stripe'
import { getEnv, type Env } from './env.server'

// The Stripe SDK client, configured from the environment (ADR 011). With STRIPE_API_BASE set the
// SDK talks to that base (host/port/protocol) — the local Stripe server in development, tests, the
// e2e run and the demo; without it, to api.stripe.com. Payment code takes the client from
// `getStripe()` (or a test passes its own) and never builds one itself.

export { Stripe }

export type StripeSettings = {
  secretKey: string
  webhookSecret: string
  /** null: api.stripe.com. */
  apiBase: string | null
}

const DEV_SECRET_KEY = 'sk_test_local_dev_only'
const DEV_WEBHOOK_SECRET = 'whsec_local_dev_only'

export function stripeSettings(
  env: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_API_BASE'> = getEnv(),
) {
  const settings: StripeSettings = {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    apiBase: env.STRIPE_API_BASE ?? null,
  }
  // The development defaults are fine for the local server and meaningless anywhere else: refuse
  // them against the real API rather than send Stripe a key that cannot work.
  if (
    settings.apiBase === null &&
    (settings.secretKey === DEV_SECRET_KEY || settings.webhookSecret === DEV_WEBHOOK_SECRET)
  ) {
    throw new Error(
      'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set for the real Stripe API (or set STRIPE_API_BASE to the local Stripe server, scripts/stripe-local.ts)',
    )
  }
  return settings
}

/** The SDK's host/port/protocol for an API base URL (http://127.0.0.1:12111 → 127.0.0.1, 12111, http). */
export function sdkAddress(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiBase)
  const protocol = url.protocol === 'http:' ? 'http' : url.protocol === 'https:' ? 'https' : null
  if (!protocol) throw new Error(`STRIPE_API_BASE must be an http(s) URL, got ${apiBase}`)
  const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443
  // URL keeps IPv6 literals in brackets; the SDK's http client wants the bare address.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, protocol }
}

/**
 * Whether the SDK talks to the local Stripe server: a loopback API base and a test key. Only then
 * may the server confirm a payment itself with a test payment method (the demo's "模拟支付");
 * in production the browser confirms with Stripe.js and the server never sees card details.
 */
export function isLocalStripe(settings: StripeSettings): boolean {
  if (!settings.apiBase || !settings.secretKey.startsWith('sk_test_')) return false
  const { host } = sdkAddress(settings.apiBase)
  return host === '127.0.0.1' || host === 'localhost' || host === '::1'
}

/**
 * The publishable key for Stripe.js in the browser (STRIPE_PUBLISHABLE_KEY; ADR 012), or null when
 * it is not configured. Together with a PaymentIntent's client_secret it is all the browser gets.
 */
export function stripePublishableKey(env: Pick<Env, 'STRIPE_PUBLISHABLE_KEY'> = getEnv()): string | null {
  return env.STRIPE_PUBLISHABLE_KEY ?? null
}

export function createStripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    ...(settings.apiBase ? sdkAddress(settings.apiBase) : {}),
    // Every POST carries our own idempotency key (or the SDK's), so one retry of a network error is
    // safe; more would only delay a page.
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'dazhou-vouchers' },
  })
}

const globalForStripe = globalThis as unknown as { __stripe?: { key: string; client: Stripe } }

/** The process-wide client for the current settings. */
export function getStripe(settings: StripeSettings = stripeSettings()): Stripe {
  const key = `${settings.apiBase ?? 'api.stripe.com'}\n${settings.secretKey}`
  if (globalForStripe.__stripe?.key !== key) globalForStripe.__stripe = { key, client: createStripeClient(settings) }
  return globalForStripe.__stripe.client
}
