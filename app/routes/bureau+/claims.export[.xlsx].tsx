import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDisposition, shanghaiDay, XLSX_TYPE } from '~/features/instruments/export.server'
import { exportClaimsXlsx } from '~/features/redemptions/claim-export.server'
import { parseClaimListParams } from '~/features/redemptions/claim-schemas'
import { officerReach } from '~/features/redemptions/officer-reach'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The bureau's redemption claims as an XLSX: the same filters and order as /bureau/claims (every
// page), within the officer's reach. /bureau/claims/export.xlsx?period=2026-06&status=submitted
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'read:booking:region', ['city_officer', 'county_officer'])
  const params = parseClaimListParams(new URL(request.url).searchParams)
  const { buffer } = await exportClaimsXlsx(getDb(), officerReach(user.memberships), params)
  const day = shanghaiDay(new Date())
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(`兑付申请-${day}.xlsx`, `redemption-claims-${day}.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
