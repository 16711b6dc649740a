import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportInstitutionBookingsXlsx } from '~/features/bookings/booking-export.server'
import { parseStaffListParams } from '~/features/bookings/staff-schemas'
import { fileNamePart } from '~/features/export/list-sheet.server'
import { attachmentDisposition, shanghaiDay, XLSX_TYPE } from '~/features/instruments/export.server'
import { localName } from '~/features/instruments/instrument-badges'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The institution's bookings as an XLSX: the same tab and order as /institution/bookings (every
// page), only this institution's (the membership's institution is in the query), in the reader's
// language. /institution/bookings/export.xlsx?tab=done
export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:booking:own', ['institution_staff'])
  const locale = await getLocale(request)
  const params = parseStaffListParams(new URL(request.url).searchParams)
  const { buffer } = await exportInstitutionBookingsXlsx(getDb(), membership.institutionId!, params, locale)
  const day = shanghaiDay(new Date())
  const org = fileNamePart(localName(locale, membership.orgName ?? '', membership.orgNameEn))
  const fileName = getFixedT(locale, 'staffBookings')('export.fileName', { org, day })
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(fileName, `institution-bookings-${day}.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
