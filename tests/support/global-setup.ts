import { ensureDatabase, migrate } from '../../app/infra/migrate.server'
import { dropTestDatabases, templateName, urlFor } from './databases'

/** Once per test run: a freshly migrated template database holding the reference data. */
export default async function globalSetup() {
  await dropTestDatabases(process.pid, { onlyOrphans: true })
  const url = urlFor(templateName(process.pid))
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
  return async () => {
    await dropTestDatabases(process.pid)
  }
}
