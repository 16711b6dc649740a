import { Redis } from 'ioredis'
import pg from 'pg'
import { getEnv } from './env.server'

// Own tiny connections: a health probe must answer even when the app's pool is exhausted.
let pool: pg.Pool | undefined
let redis: Redis | undefined

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ])
}

export type Health = {
  ok: boolean
  database: { ok: boolean; error?: string }
  redis: { ok: boolean; error?: string }
}

export async function healthCheck(): Promise<Health> {
  const env = getEnv()
  pool ??= new pg.Pool({ connectionString: env.DATABASE_URL, max: 1, connectionTimeoutMillis: 2_000 })
  redis ??= new Redis(env.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
  })
  const [database, cache] = await Promise.all([
    withTimeout(pool.query('SELECT 1'), 2_500).then(
      () => ({ ok: true }),
      (e: Error) => ({ ok: false, error: e.message }),
    ),
    withTimeout(redis.ping(), 2_500).then(
      (r) => ({ ok: r === 'PONG' }),
      (e: Error) => ({ ok: false, error: e.message }),
    ),
  ])
  return { ok: database.ok && cache.ok, database, redis: cache }
}

export async function closeHealth() {
  await Promise.allSettled([pool?.end(), redis?.quit()])
}
