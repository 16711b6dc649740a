import { existsSync } from 'node:fs'
import pg from 'pg'

// Test databases, named after the vitest main process so concurrent runs never collide:
// a template `vt_<pid>_tpl` migrated once per run (global setup), and a fresh copy of it for
// every test file, `vt_<pid>_w<worker>_<random>` (CREATE DATABASE … TEMPLATE). See ADR 007.
const base = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export function templateName(mainPid: number) {
  return `vt_${mainPid}_tpl`
}

export function workerDbName(mainPid: number, worker: string) {
  return `vt_${mainPid}_w${worker}`
}

export function urlFor(database: string): string {
  const url = new URL(base)
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Drops the databases of this run, and those left behind by runs whose process is gone. */
export async function dropTestDatabases(mainPid: number, { onlyOrphans = false } = {}) {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^vt_[0-9]+_'")
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[1])
      const mine = pid === mainPid
      const orphan = !mine && !existsSync(`/proc/${pid}`)
      if ((mine && !onlyOrphans) || orphan) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    }
  })
}
