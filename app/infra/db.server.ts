import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '~/generated/prisma/client'
import { getEnv } from './env.server'

export type Db = PrismaClient
/** A client or an interactive-transaction client: use cases accept either. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

export function createDb(connectionString: string, poolSize = getEnv().DB_POOL_SIZE): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: poolSize })
  return new PrismaClient({
    adapter,
    // Waiting for a pooled connection under bursts (64 parallel holds) must not fail fast.
    transactionOptions: { maxWait: 20_000, timeout: 30_000 },
  })
}

const globalForDb = globalThis as unknown as { __db?: PrismaClient }

/** The process-wide client (one pool per process; survives dev rebuilds). */
export function getDb(): PrismaClient {
  globalForDb.__db ??= createDb(getEnv().DATABASE_URL)
  return globalForDb.__db
}
