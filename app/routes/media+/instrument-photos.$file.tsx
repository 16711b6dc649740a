import type { LoaderFunctionArgs } from '@remix-run/node'
import { findPhoto, readPhotoBytes } from '~/features/instruments/photos.server'
import { getOptionalUser } from '~/infra/auth.server'
import { canReach } from '~/infra/permissions'

// Serves instrument photos from UPLOAD_DIR (outside the web root). Only names the database knows
// are served, with the type sniffed at upload; a photo of an instrument not in the public
// catalogue is shown to its own institution's staff only (404 to everyone else, as for the page).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const notFound = () =>
    new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const photo = await findPhoto(params.file ?? '')
  if (!photo) return notFound()
  if (!photo.isPublic) {
    const user = await getOptionalUser(request)
    if (!user || !canReach(user.memberships, 'update:instrument:own', { institutionId: photo.institutionId })) {
      return notFound()
    }
  }
  const bytes = await readPhotoBytes(photo.fileName)
  if (!bytes) return notFound()
  const etag = `"${photo.fileName}"`
  // A file name is never reused for other bytes, so the public copy can be cached for good.
  const cacheControl = photo.isPublic ? 'public, max-age=31536000, immutable' : 'private, max-age=3600'
  const headers = {
    'Content-Type': photo.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': cacheControl,
    ETag: etag,
    'Last-Modified': photo.createdAt.toUTCString(),
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
    'Content-Disposition': `inline; filename="${photo.fileName}"`,
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { ...headers, 'Content-Length': String(bytes.byteLength) },
  })
}
