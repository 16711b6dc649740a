import { ensureDatabase, migrate } from '../app/infra/migrate.server'

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vouchers'
if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`)
const applied = await migrate(url)
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
