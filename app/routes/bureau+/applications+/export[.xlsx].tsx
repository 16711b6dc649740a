import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportApplicationsXlsx } from '~/features/applications/export.server'
import { parseApplicationQueueParams } from '~/features/applications/schemas'
import { fileNamePart } from '~/features/export/list-sheet.server'
import { attachmentDisposition, shanghaiDay, XLSX_TYPE } from '~/features/instruments/export.server'
import { localName } from '~/features/instruments/instrument-badges'
import { reviewReachFor } from '~/features/org-review/review-flow'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { grantsFor } from '~/infra/permissions'

// The application review queue as an XLSX: the same filters and order as /bureau/applications
// (every page), within the officer's reach (in the query), in the reader's language. The file is
// named after the officer's region. /bureau/applications/export.xlsx?status=all&programme=…
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:region')
  const officer = reviewReachFor(user.memberships, 'application')
  const locale = await getLocale(request)
  const params = parseApplicationQueueParams(new URL(request.url).searchParams)
  const { buffer } = await exportApplicationsXlsx(getDb(), officer, params, locale)
  const day = shanghaiDay(new Date())
  const granted = new Set(grantsFor(user.memberships, 'read:application:region').map((g) => g.membership))
  const regions = user.memberships
    .filter((m) => granted.has(m) && m.orgName)
    .map((m) => localName(locale, m.orgName!, m.orgNameEn))
  const org = fileNamePart(regions.join(locale === 'en' ? ', ' : '、'))
  const fileName = getFixedT(locale, 'applications')('export.fileName', { org, day })
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(fileName, `voucher-applications-${day}.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
