import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDisposition, shanghaiDay, templateFile } from '~/features/instruments/export.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The empty import template as CSV (resource route: /institution/instruments/template.csv).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireMembership(request, 'create:instrument:own', ['institution_staff'])
  const body = await templateFile(getDb(), 'csv')
  const day = shanghaiDay(new Date())
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentDisposition(`仪器导入模板-${day}.csv`, `instrument-import-template-${day}.csv`),
      'Cache-Control': 'private, no-store',
    },
  })
}
