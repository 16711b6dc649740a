import { z } from 'zod'

/** `VAR=` (set but empty, as Compose writes `${VAR:-}`) counts as unset, so the default applies. */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v)

// Parsed once at boot; a missing or malformed variable stops the process with a clear message.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/vouchers'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  // Prefix for every BullMQ key, so test workers and apps sharing one Redis never collide.
  QUEUE_PREFIX: z.string().min(1).default('vq'),
  SESSION_SECRET: z.string().min(16).default('dev-only-session-secret-change-me'),
  PORT: z.coerce.number().int().positive().default(3000),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Uploaded files (instrument photos), kept outside the web root; default <cwd>/var/uploads.
  UPLOAD_DIR: z.string().min(1).optional(),
  // Stripe (app/infra/stripe.server.ts, ADR 011). STRIPE_API_BASE points the SDK at the local
  // Stripe server (http://127.0.0.1:12111, scripts/stripe-local.ts) — tests and the demo never reach
  // the internet; unset means api.stripe.com. The dev defaults only work against the local server.
  STRIPE_SECRET_KEY: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_test_… / sk_live_…)')
      .default('sk_test_local_dev_only'),
  ),
  STRIPE_WEBHOOK_SECRET: z.preprocess(unsetIfEmpty, z.string().startsWith('whsec_').default('whsec_local_dev_only')),
  STRIPE_API_BASE: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  // The publishable key Stripe.js uses in the browser (the pay page's Payment Element, ADR 012).
  // Unset: against the real API the pay page says online payment is unavailable; the local server
  // never needs it (the demo's simulated payment).
  STRIPE_PUBLISHABLE_KEY: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe publishable key (pk_test_… / pk_live_…)')
      .optional(),
  ),
  // Mail (app/infra/mail.server.ts): SMTP when SMTP_URL is set (smtp://user:pass@host:587,
  // smtps://… for TLS); otherwise messages are only recorded in mail_message (development, tests, demo).
  SMTP_URL: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  MAIL_FROM: z.preprocess(unsetIfEmpty, z.string().min(3).default('达州科技创新券平台 <noreply@kjj.dazhou.gov.cn>')),
  // The public origin for links in mails and calendar feeds (no trailing slash).
  APP_ORIGIN: z
    .string()
    .url()
    .default('http://localhost:3000')
    .transform((v) => v.replace(/\/+$/, '')),
  // 1: the /dev/mail page also in production (the demo); platform admins always see it.
  MAIL_PREVIEW: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
})

// A test publishable key with a live secret key (or the reverse) loads the Payment Element for a
// PaymentIntent Stripe.js cannot see ("No such payment_intent"): refuse the pair at boot.
const checkedSchema = schema.superRefine((env, ctx) => {
  const pk = env.STRIPE_PUBLISHABLE_KEY
  if (pk && keyMode(pk) !== keyMode(env.STRIPE_SECRET_KEY))
    ctx.addIssue({
      code: 'custom',
      path: ['STRIPE_PUBLISHABLE_KEY'],
      message: `is a ${keyMode(pk)} key but STRIPE_SECRET_KEY is a ${keyMode(env.STRIPE_SECRET_KEY)} key`,
    })
})

function keyMode(key: string): 'test' | 'live' {
  return /^[a-z]+_live_/.test(key) ? 'live' : 'test'
}

/** Parses an environment (getEnv's rules without its cache and production checks; for tests). */
export function parseEnv(source: Record<string, string | undefined>) {
  return checkedSchema.safeParse(source)
}

export type Env = z.infer<typeof schema>

let cached: Env | undefined

export function getEnv(): Env {
  if (cached) return cached
  const parsed = parseEnv(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  if (parsed.data.NODE_ENV === 'production' && parsed.data.SESSION_SECRET.startsWith('dev-only')) {
    throw new Error('SESSION_SECRET must be set in production')
  }
  cached = parsed.data
  return cached
}
