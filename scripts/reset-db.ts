import { dropDatabase, ensureDatabase, migrate } from '../app/infra/migrate.server'

// Drops and re-creates DATABASE_URL's database, then migrates it (e2e and local resets only).
const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL is required')
const name = decodeURIComponent(new URL(url).pathname.slice(1))
if (!/(_e2e|_test|_bench)$/.test(name))
  throw new Error(`refusing to reset ${name}: only *_e2e, *_test or *_bench databases`)
await dropDatabase(url, name)
await ensureDatabase(url)
await migrate(url)
console.log(`reset database ${name}`)
