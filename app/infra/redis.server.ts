import { Redis } from 'ioredis'
import { getEnv } from './env.server'

export type { Redis }

/**
 * A new ioredis connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ requires of a
 * connection used by a Worker (its blocking commands must wait out a Redis restart instead of
 * failing), and it is harmless for Queues. BullMQ never closes a connection handed to it: the
 * owner calls `quitRedis` on shutdown, after closing the Queues and Workers that use it.
 */
export function createRedis(options: { url?: string; name?: string } = {}): Redis {
  return new Redis(options.url ?? getEnv().REDIS_URL, {
    maxRetriesPerRequest: null,
    connectionName: options.name,
  })
}

/** Closes a connection politely (QUIT), falling back to a hard disconnect if Redis is gone. */
export async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return
  try {
    await redis.quit()
  } catch {
    redis.disconnect()
  }
}

const globalForRedis = globalThis as unknown as { __redis?: Redis }

/** The process-wide connection used by the cached Queues (web app: enqueue, bull-board). */
export function getRedis(): Redis {
  globalForRedis.__redis ??= createRedis({ name: 'app' })
  return globalForRedis.__redis
}

/** Quits the process-wide connection; call after `closeQueues()`. */
export async function closeRedis(): Promise<void> {
  const redis = globalForRedis.__redis
  globalForRedis.__redis = undefined
  if (redis) await quitRedis(redis)
}
