import type { LoaderFunctionArgs } from '@remix-run/node'
import {
  attachmentDisposition,
  exportInstitutionList,
  shanghaiDay,
  XLSX_TYPE,
} from '~/features/instruments/export.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The institution's own full list (non-public instruments too) in the import template's format:
// export → edit → re-import round-trips. Only the staff's own institution (ownership from the membership).
export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'update:instrument:own', ['institution_staff'])
  const body = await exportInstitutionList(getDb(), membership.institutionId!, 'xlsx')
  const day = shanghaiDay(new Date())
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(`本单位仪器-${day}.xlsx`, `our-instruments-${day}.xlsx`),
      'Cache-Control': 'private, no-store',
    },
  })
}
