import { createCookie } from '@remix-run/node'
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from './config'

export const localeCookie = createCookie(LOCALE_COOKIE, {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/**
 * The cookie set by the visible switcher, else zh-CN. Accept-Language is deliberately ignored:
 * the platform is Chinese by default for everyone (a bureau's site, not a browser's guess).
 */
export async function getLocale(request: Request): Promise<Locale> {
  const fromCookie: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  return isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE
}
