import { dropDatabase, ensureDatabase, migrate } from '../../app/infra/migrate.server'
import { TEMPLATE_DB, urlFor } from './databases'

/** Once per test run: a freshly migrated template database with the reference data. */
export default async function globalSetup() {
  const url = urlFor(TEMPLATE_DB)
  await dropDatabase(url, TEMPLATE_DB)
  await ensureDatabase(url)
  await migrate(url)
  const { seedReference } = await import('../../seeds/reference')
  const { createDb } = await import('../../app/infra/db.server')
  const db = createDb(url, 2)
  try {
    await seedReference(db)
  } finally {
    await db.$disconnect()
  }
}
