import { Redis } from 'ioredis'
import { createHash } from 'node:crypto'
import { getEnv } from './env.server'
import { getLogger } from './logger.server'

// Login throttling in Redis, shared by every app process. Fixed windows that start at the first
// failure: 5 failed logins for one account, or 20 from one IP, within 15 minutes block further
// attempts until the window ends. Unknown emails count like known ones, so the limiter reveals
// nothing about which accounts exist. A successful login clears the account's counter (not the
// IP's: one good password must not reset a spray across other accounts).

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address as Express sees it (`req.ip`, honouring `trust proxy`). */
    clientIp?: string
    /** This request's Content-Security-Policy nonce (server.ts; app/infra/csp.ts). */
    cspNonce?: string
  }
}

export const LOGIN_LIMITS = {
  account: { max: 5, windowSeconds: 15 * 60 },
  ip: { max: 20, windowSeconds: 15 * 60 },
} as const

export type LoginLimit = { limited: false } | { limited: true; scope: 'account' | 'ip'; retryAfterSeconds: number }

const globalForRl = globalThis as unknown as { __rateLimitRedis?: Redis }

function redis(): Redis {
  // Its own connection that fails fast: a Redis outage must not hang the login page
  // (BullMQ's shared connection waits forever by design).
  if (!globalForRl.__rateLimitRedis) {
    const connection = new Redis(getEnv().REDIS_URL, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      connectionName: 'rate-limit',
    })
    // Connection errors surface as failed commands (handled by failOpen); don't crash or spam.
    connection.on('error', (error: Error) => getLogger().debug({ err: error }, 'rate-limit redis connection error'))
    globalForRl.__rateLimitRedis = connection
  }
  return globalForRl.__rateLimitRedis
}

export async function closeRateLimitStore(): Promise<void> {
  const r = globalForRl.__rateLimitRedis
  globalForRl.__rateLimitRedis = undefined
  if (r) await r.quit().catch(() => r.disconnect())
}

function keys(email: string, ip: string) {
  // Prefixed with QUEUE_PREFIX so test files (each with their own prefix) never see each other's
  // counters; the email is hashed so Redis holds no addresses.
  const prefix = `${getEnv().QUEUE_PREFIX}:auth:login-fail`
  const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)
  return { account: `${prefix}:acct:${account}`, ip: `${prefix}:ip:${ip}` }
}

// When Redis is unreachable the limiter fails OPEN: people can still log in (argon2id already
// bounds guessing to a few attempts per second per core) and /healthz reports Redis as down.
// Failing closed would lock every user out during a cache outage. See ADR 009.
async function failOpen(operation: string, fn: () => Promise<LoginLimit>): Promise<LoginLimit> {
  try {
    return await fn()
  } catch (error) {
    getLogger().error({ err: error, operation }, 'login rate limiter unavailable; allowing the attempt')
    return { limited: false }
  }
}

/** Whether a login for this account from this IP may be attempted now. */
export function checkLoginLimit(input: { email: string; ip: string }): Promise<LoginLimit> {
  return failOpen('check', () => checkLoginLimitStrict(input))
}

/** Counts a failed login; answers whether the account or the IP is now blocked. */
export function recordLoginFailure(input: { email: string; ip: string }): Promise<LoginLimit> {
  return failOpen('record', () => recordLoginFailureStrict(input))
}

async function checkLoginLimitStrict({ email, ip }: { email: string; ip: string }): Promise<LoginLimit> {
  const k = keys(email, ip)
  const results = await redis().multi().get(k.account).pttl(k.account).get(k.ip).pttl(k.ip).exec()
  const [acctCount, acctTtl, ipCount, ipTtl] = (results ?? []).map(([, v]) => v) as [
    string | null,
    number,
    string | null,
    number,
  ]
  return decide(Number(acctCount ?? 0), acctTtl, Number(ipCount ?? 0), ipTtl)
}

async function recordLoginFailureStrict({ email, ip }: { email: string; ip: string }): Promise<LoginLimit> {
  const k = keys(email, ip)
  const results = await redis()
    .multi()
    .incr(k.account)
    .expire(k.account, LOGIN_LIMITS.account.windowSeconds, 'NX')
    .pttl(k.account)
    .incr(k.ip)
    .expire(k.ip, LOGIN_LIMITS.ip.windowSeconds, 'NX')
    .pttl(k.ip)
    .exec()
  const v = (results ?? []).map(([, value]) => value) as [number, number, number, number, number, number]
  return decide(v[0], v[2], v[3], v[5])
}

export async function clearAccountFailures(email: string): Promise<void> {
  await redis()
    .del(keys(email, '-').account)
    .catch((error: unknown) => getLogger().error({ err: error }, 'could not clear login failures'))
}

function decide(acctCount: number, acctTtlMs: number, ipCount: number, ipTtlMs: number): LoginLimit {
  const seconds = (ttl: number, window: number) => (ttl > 0 ? Math.ceil(ttl / 1000) : window)
  if (ipCount >= LOGIN_LIMITS.ip.max) {
    return { limited: true, scope: 'ip', retryAfterSeconds: seconds(ipTtlMs, LOGIN_LIMITS.ip.windowSeconds) }
  }
  if (acctCount >= LOGIN_LIMITS.account.max) {
    return {
      limited: true,
      scope: 'account',
      retryAfterSeconds: seconds(acctTtlMs, LOGIN_LIMITS.account.windowSeconds),
    }
  }
  return { limited: false }
}

/** Whole minutes to wait, rounded up (what the login page tells the user). */
export function retryAfterMinutes(limit: Extract<LoginLimit, { limited: true }>): number {
  return Math.max(1, Math.ceil(limit.retryAfterSeconds / 60))
}

/** The client address for throttling: from Express (server.ts passes it), else one shared bucket. */
export function clientIp(context: { clientIp?: string } | undefined): string {
  return context?.clientIp ?? 'unknown'
}
