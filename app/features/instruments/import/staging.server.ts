// Keeps an uploaded file between "check" and "import only the valid rows" (ADR-style note in
// the report): in Redis, under a random id, bound to the user and the institution that uploaded
// it, for 30 minutes. Redis (not a temp dir) so any app instance can serve the second step; the
// file is re-read and re-validated then, so what is written is never what the browser claims.
import { randomBytes } from 'node:crypto'
import { getEnv } from '~/infra/env.server'
import { getRedis, type Redis } from '~/infra/redis.server'

export const STAGING_TTL_SECONDS = 30 * 60
const ID = /^[0-9a-f]{32}$/

export type StagedFile = { bytes: Uint8Array; fileName: string }
type Owner = { userId: string; institutionId: string }

function key(id: string): string {
  return `${getEnv().QUEUE_PREFIX}:import-staging:${id}`
}

export async function stageFile(owner: Owner, file: StagedFile, redis: Redis = getRedis()): Promise<string> {
  const id = randomBytes(16).toString('hex')
  await redis
    .multi()
    .hset(key(id), {
      userId: owner.userId,
      institutionId: owner.institutionId,
      fileName: file.fileName,
      bytes: Buffer.from(file.bytes),
    })
    .expire(key(id), STAGING_TTL_SECONDS)
    .exec()
  return id
}

/** The staged file when it exists, has not expired and belongs to this user and institution. */
export async function takeStagedFile(owner: Owner, id: string, redis: Redis = getRedis()): Promise<StagedFile | null> {
  if (!ID.test(id)) return null
  const [meta, bytes] = await Promise.all([
    redis.hmget(key(id), 'userId', 'institutionId', 'fileName'),
    redis.hgetBuffer(key(id), 'bytes'),
  ])
  const [userId, institutionId, fileName] = meta
  if (!bytes || userId !== owner.userId || institutionId !== owner.institutionId) return null
  return { bytes: new Uint8Array(bytes), fileName: fileName ?? '' }
}

export async function dropStagedFile(id: string, redis: Redis = getRedis()): Promise<void> {
  if (ID.test(id)) await redis.del(key(id))
}
