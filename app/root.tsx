import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { buttonClasses } from '~/components/button'
import { SiteFooter } from '~/components/site-footer'
import { SiteHeader, type HeaderUser } from '~/components/site-header'
import { DEFAULT_LOCALE } from '~/i18n/config'
import { getLocale } from '~/i18n/locale.server'
import { getOptionalUser, homePathFor } from '~/infra/auth.server'
import { getCsrfToken } from '~/infra/csrf.server'
import { useNonce } from '~/components/nonce'
import tailwind from '~/styles/tailwind.css'

const LATIN_FIRST = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, var(--font-sans)"

// An inline icon (the brand square with 券) so browsers stop asking for a missing /favicon.ico.
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%231d4ed8'/%3E%3Ctext x='16' y='23' font-size='18' text-anchor='middle' fill='white'%3E%E5%88%B8%3C/text%3E%3C/svg%3E"

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tailwind },
  { rel: 'icon', href: FAVICON, type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, csrf] = await Promise.all([getLocale(request), getOptionalUser(request), getCsrfToken(request)])
  // The header shows the user's first membership (the organisation they act for).
  const first = user?.memberships[0]
  const headerUser: HeaderUser | null = user
    ? {
        name: user.name,
        orgName: (locale === 'en' ? first?.orgNameEn : first?.orgName) ?? null,
        role: first?.role ?? null,
        homePath: homePathFor(user),
      }
    : null
  return json(
    { locale, csrfToken: csrf.token, user: headerUser },
    csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined,
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const locale = data?.locale ?? DEFAULT_LOCALE
  const { t, i18n } = useTranslation()
  const nonce = useNonce()
  // Follow the locale the server rendered (after the switcher's POST + redirect, the root
  // loader revalidates and the client re-renders in the new language).
  if (i18n.language !== locale) void i18n.changeLanguage(locale)
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      {/* The theme's stack puts CJK fonts first (right for Chinese); English pages put Latin fonts
          first so quotes and apostrophes get Latin glyphs, with CJK still there for names. */}
      <body className="flex min-h-screen flex-col" style={locale === 'en' ? { fontFamily: LATIN_FIRST } : undefined}>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-brand-700 focus:shadow"
        >
          {t('app.skipToContent')}
        </a>
        <SiteHeader user={data?.user ?? null} locale={locale} />
        <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  // A thrown json({ message }) (403 from a permission or CSRF check) says precisely what happened.
  const message =
    isRouteErrorResponse(error) && typeof (error.data as { message?: unknown } | null)?.message === 'string'
      ? (error.data as { message: string }).message
      : undefined
  const [title, text] =
    status === 404
      ? [t('errors.notFound'), t('errors.notFoundText')]
      : status === 403
        ? [t('errors.forbidden'), message ?? t('errors.forbiddenText')]
        : [t('errors.generic'), t('errors.genericText')]
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      <p className="mt-4 text-slate-600">{text}</p>
      <a href="/" className={buttonClasses({ className: 'mt-8' })}>
        {t('errors.backHome')}
      </a>
    </div>
  )
}
