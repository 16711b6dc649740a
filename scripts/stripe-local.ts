// The local Stripe API server as a process (ADR 011), for the demo and the e2e run:
//   npx tsx scripts/stripe-local.ts [--port 12111] [--webhook-url http://127.0.0.1:3000/webhooks/stripe]
// Environment (flags win): STRIPE_LOCAL_PORT, STRIPE_LOCAL_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET
// (the secret the app verifies with), STRIPE_LOCAL_QUIET=1 to log only deliveries that failed.
// Point the app at it with STRIPE_API_BASE=http://127.0.0.1:<port>.
import { parseArgs } from 'node:util'
import { startStripeLocal } from '../app/infra/stripe-local/stripe-local.server'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'webhook-url': { type: 'string' },
  },
})

const port = Number(values.port ?? process.env.STRIPE_LOCAL_PORT ?? 12111)
const webhookUrl =
  values['webhook-url'] ??
  process.env.STRIPE_LOCAL_WEBHOOK_URL ??
  `http://127.0.0.1:${process.env.PORT ?? 3000}/webhooks/stripe`
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_local_dev_only'
const quiet = process.env.STRIPE_LOCAL_QUIET === '1'

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`stripe-local: invalid port ${String(values.port ?? process.env.STRIPE_LOCAL_PORT)}`)
  process.exit(2)
}

const local = await startStripeLocal({
  port,
  host: values.host ?? '127.0.0.1',
  webhookUrl,
  webhookSecret,
  log: (line) => {
    if (!quiet || / → (?:[45]\d\d|[a-z])/i.test(line)) console.log(`stripe-local: ${line}`)
  },
})
console.log(`stripe-local: Stripe API on ${local.url}, webhooks to ${webhookUrl}`)

function shutdown(signal: string) {
  console.log(`stripe-local: ${signal}, closing`)
  void local.close().finally(() => process.exit(0))
  setTimeout(() => process.exit(1), 5_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
