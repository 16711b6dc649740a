import { randomBytes } from 'node:crypto'
import { afterAll } from 'vitest'
import { dropDatabase, ensureDatabase } from '../../app/infra/migrate.server'
import { templateName, urlFor, workerDbName } from './databases'

// Runs before each integration test file, in its worker (a fork of the vitest main process):
// a fresh database copied from the migrated template and a BullMQ prefix of its own, set before
// any app module reads the environment.
const mainPid = process.ppid
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0'
// One database per test file (worker id + a random suffix): two files can never share or drop
// each other's database, whatever the pool reuses. Global teardown drops the run's databases
// (not afterAll: pools a test opened itself may still hold connections).
const database = `${workerDbName(mainPid, worker)}_${randomBytes(4).toString('hex')}`
const url = urlFor(database)

await dropDatabase(url, database)
await ensureDatabase(url, templateName(mainPid))

process.env.DATABASE_URL = url
process.env.QUEUE_PREFIX = `vt${mainPid}w${worker}t${Date.now()}`
process.env.NODE_ENV = 'test'
process.env.LOG_LEVEL ??= 'silent'

afterAll(async () => {
  const globalForDb = globalThis as unknown as { __db?: { $disconnect(): Promise<void> } }
  await globalForDb.__db?.$disconnect()
  globalForDb.__db = undefined
})
