import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDisposition, shanghaiDay, XLSX_TYPE } from '~/features/instruments/export.server'
import { exportVouchersXlsx } from '~/features/vouchers/wallet-export.server'
import { parseVoucherListParams } from '~/features/vouchers/wallet-schemas'
import { requireUserWithPermission } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { reachFor } from '~/infra/permissions'

// The bureau's voucher list as an XLSX: the same filters and order as /bureau/vouchers (every
// page), within the officer's reach. /bureau/vouchers/export.xlsx?status=active&county=511723
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:voucher:region')
  const reach = reachFor(user.memberships, 'read:voucher:region')
  const params = parseVoucherListParams(new URL(request.url).searchParams)
  const { buffer } = await exportVouchersXlsx(getDb(), reach, params)
  const day = shanghaiDay(new Date())
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentDisposition(`创新券-${day}.xlsx`, `vouchers-${day}.xlsx`),
      'Cache-Control': 'no-store',
    },
  })
}
