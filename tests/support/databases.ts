// Names and URLs of the test databases. The template is migrated once per run (global setup);
// every test file gets a fresh copy of it (CREATE DATABASE … TEMPLATE), see ADR 007.
const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export const TEMPLATE_DB = 'vouchers_test_template'

export function urlFor(database: string): string {
  const url = new URL(base)
  url.pathname = `/${database}`
  return url.toString()
}
