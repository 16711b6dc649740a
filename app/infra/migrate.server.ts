import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

// Applies prisma/migrations/*/migration.sql in order and records each in Prisma's own
// `_prisma_migrations` table with Prisma's checksum (sha256 of the file), so `prisma migrate
// deploy` agrees with us wherever its engine can be downloaded. See ADR 006.
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`
const LOCK_KEY = 72707369 // Prisma's advisory lock key for migrations

export async function listMigrations(dir: string) {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    }),
  )
}

export async function migrate(databaseUrl: string, dir = path.resolve('prisma/migrations')) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY])
    await client.query(MIGRATIONS_TABLE)
    const done = new Map(
      (
        await client.query<{ migration_name: string; checksum: string }>(
          'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
        )
      ).rows.map((r) => [r.migration_name, r.checksum]),
    )
    for (const m of await listMigrations(dir)) {
      const prior = done.get(m.name)
      if (prior !== undefined) {
        if (prior !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was edited after it was applied (checksum differs). Add a new migration instead.`,
          )
        }
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        )
        await client.query('COMMIT')
        applied.push(m.name)
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error })
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {})
    await client.end()
  }
  return applied
}

/** CREATE DATABASE if it does not exist (connects to the server's `postgres` database). */
export async function ensureDatabase(databaseUrl: string, template?: string) {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.slice(1))
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name: ${name}`)
  url.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`)
      return true
    }
    return false
  } finally {
    await admin.end()
  }
}

/** DROP DATABASE … WITH (FORCE), for tests re-creating their own databases. */
export async function dropDatabase(databaseUrl: string, name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name: ${name}`)
  const url = new URL(databaseUrl)
  url.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
