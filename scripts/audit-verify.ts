import { describeVerification, verifyAuditChains } from '../app/features/audit/verify.server'
import { createDb } from '../app/infra/db.server'

// `npm run audit:verify`: walks every audit chain of DATABASE_URL; exit code 1 when one is broken.
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vouchers'
const db = createDb(url, 2)
let code = 0
try {
  const result = await verifyAuditChains(db)
  console.log(describeVerification(result))
  code = result.ok ? 0 : 1
} catch (error) {
  console.error(`audit verification could not run: ${(error as Error).message}`)
  code = 2
} finally {
  await db.$disconnect()
}
process.exit(code)
