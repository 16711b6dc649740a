import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportEnterpriseBookingsXlsx } from '~/features/bookings/booking-export.server'
import { parseListParams } from '~/features/bookings/enterprise-schemas'
import { fileNamePart } from '~/features/export/list-sheet.server'
import { attachmentDisposition, shanghaiDay, XLSX_TYPE } from '~/features/instruments/export.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The enterprise's bookings as an XLSX for its books: the same filter and order as
// /enterprise/bookings (every page), only this enterprise's (the membership's enterprise is in the
// query), in the reader's language. /enterprise/bookings/export.xlsx?status=done&sort=service
export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:booking:own', ['enterprise_member'])
  const locale = await getLocale(request)
  const params = parseListParams(new URL(request.url).searchParams)
  const { buffer } = await exportEnterpriseBookingsXlsx(getDb(), membership.enterpriseId!, params, locale)
  const day = shanghaiDay(new Date())
  const org = fileNamePart(membership.orgName ?? '')
  const fileName = getFixedT(locale, 'bookings')('export.fileName', { org, day })
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(fileName, `bookings-${day}.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
