import type { LoaderFunctionArgs } from '@remix-run/node'
import { isEvidenceKind } from '~/features/bookings/evidence-file-type'
import { findBookingEvidence, readEvidenceFile } from '~/features/bookings/evidence-files.server'
import { isUuid } from '~/infra/uuid'
import { getOptionalUser } from '~/infra/auth.server'
import { canReach } from '~/infra/permissions'

// A booking's delivery evidence — /files/booking/:id/report and /files/booking/:id/invoice — from
// UPLOAD_DIR (outside the web root). Only the booking's enterprise, the institution's staff and
// bureau officers (a county officer: bookings of an institution or enterprise in the county; the
// city: all) get the file; everyone else, signed in or not, gets the same 404 as for a file that
// does not exist, so the address says nothing about the booking.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const notFound = () =>
    new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const id = params.id ?? ''
  const kind = params.kind
  if (!isUuid(id) || !isEvidenceKind(kind)) return notFound()
  const user = await getOptionalUser(request)
  if (!user) return notFound()
  const evidence = await findBookingEvidence(id, kind)
  if (!evidence) return notFound()
  const reaches = (regionId: string) =>
    canReach(user.memberships, 'read:booking:own', {
      enterpriseId: evidence.enterpriseId,
      institutionId: evidence.institutionId,
      regionId,
    })
  if (!reaches(evidence.institutionRegionId) && !reaches(evidence.enterpriseRegionId)) return notFound()
  const bytes = await readEvidenceFile(evidence.fileName)
  if (!bytes) return notFound()
  const label = kind === 'report' ? '检测报告' : '发票'
  const ascii = `${kind}-${(evidence.number ?? id).replace(/[^A-Za-z0-9._-]/g, '_')}.${evidence.type.extension}`
  const unicode = `${label}-${evidence.number ?? id}.${evidence.type.extension}`.replace(/["\\\r\n]/g, '_')
  // A PDF downloads (a sandboxed page cannot show Chrome's PDF viewer); a photo opens in the tab.
  const disposition = evidence.type.extension === 'pdf' ? 'attachment' : 'inline'
  const etag = `"${evidence.fileName}"`
  const headers = {
    'Content-Type': evidence.type.contentType,
    'X-Content-Type-Options': 'nosniff',
    // Private evidence: never in a shared cache; the browser may keep it briefly.
    'Cache-Control': 'private, max-age=300',
    ETag: etag,
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
    'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(unicode)}`,
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { ...headers, 'Content-Length': String(bytes.byteLength) },
  })
}
