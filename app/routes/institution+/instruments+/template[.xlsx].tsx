import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDisposition, shanghaiDay, templateFile, XLSX_TYPE } from '~/features/instruments/export.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The empty import template as XLSX (resource route: /institution/instruments/template.xlsx).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireMembership(request, 'create:instrument:own', ['institution_staff'])
  const body = await templateFile(getDb(), 'xlsx')
  const day = shanghaiDay(new Date())
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(
        `仪器导入模板-${day}.xlsx`,
        `instrument-import-template-${day}.xlsx`,
      ),
      'Cache-Control': 'private, no-store',
    },
  })
}
