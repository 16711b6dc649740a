import type { Locale } from '~/i18n/config'

// Dates are shown in Asia/Shanghai whatever the server's or the browser's zone, so the server
// render and the hydrated page agree, and everyone reads the bureau's clock.
const ZONE = 'Asia/Shanghai'

export function formatDate(iso: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  )
}

export function formatDateTime(iso: string | Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso))
}

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n)
}
