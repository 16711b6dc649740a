import { ICS_CONTENT_TYPE } from './ics'

/** An ICS feed response: personal data behind a secret URL, so no shared caches, a short private one for polling clients. */
export function icsResponse(ics: string, filename: string): Response {
  return new Response(ics, {
    headers: {
      'Content-Type': ICS_CONTENT_TYPE,
      'Content-Disposition': `inline; filename="${filename}"`,
      'Cache-Control': 'private, max-age=300',
      'X-Robots-Tag': 'noindex, nofollow',
    },
  })
}

/** An unknown or malformed token: a plain 404 that says nothing about why. */
export function feedNotFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
