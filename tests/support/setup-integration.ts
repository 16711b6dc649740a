import { afterAll } from 'vitest'
import { dropDatabase, ensureDatabase } from '../../app/infra/migrate.server'
import { TEMPLATE_DB, urlFor } from './databases'

// Runs before each integration test file, in its worker: a fresh database copied from the
// migrated template and a BullMQ prefix of its own, set before any app module reads the env.
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0'
const database = `vouchers_test_w${worker}`
const url = urlFor(database)

await dropDatabase(url, database)
await ensureDatabase(url, TEMPLATE_DB)

process.env.DATABASE_URL = url
process.env.QUEUE_PREFIX = `vt${worker}-${process.pid}-${Date.now()}`
process.env.NODE_ENV = 'test'
process.env.LOG_LEVEL ??= 'silent'

afterAll(async () => {
  const globalForDb = globalThis as unknown as { __db?: { $disconnect(): Promise<void> } }
  await globalForDb.__db?.$disconnect()
  globalForDb.__db = undefined
})
