// `npm run db:seed`: reference data and the Dazhou demo data set, into DATABASE_URL.
// Idempotent: run it as often as you like; it upserts by natural keys and resets the demo
// logins' passwords to demo-2026.
import { createDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { seedDemo } from './demo/seed-demo'

const count = process.env.SEED_INSTRUMENTS ? Number(process.env.SEED_INSTRUMENTS) : undefined
if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
  throw new Error(`SEED_INSTRUMENTS must be a positive integer, got ${process.env.SEED_INSTRUMENTS}`)
}

const db = createDb(getEnv().DATABASE_URL, 4)
try {
  const started = Date.now()
  const { summary, skipped } = await seedDemo(db, { instrumentCount: count })
  const width = Math.max(...Object.keys(summary).map((k) => k.length))
  console.log(
    `seeded ${new URL(getEnv().DATABASE_URL).pathname.slice(1)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  for (const [key, value] of Object.entries(summary)) console.log(`  ${key.padEnd(width)}  ${value}`)
  for (const s of skipped) console.log(`  skipped booking ${s}`)
  console.log('demo logins (password demo-2026): qiye@ jigou@ quxian@ shiju@ admin@demo.dazhou.cn')
} finally {
  await db.$disconnect()
}
