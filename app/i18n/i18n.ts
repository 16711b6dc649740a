import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { DEFAULT_LOCALE, LOCALES, type Locale } from './config'
import { applicationsEn, applicationsZhCN } from './ns/applications'
import { authEn, authZhCN } from './ns/auth'
import { bookingsEn, bookingsZhCN } from './ns/bookings'
import { catalogueEn, catalogueZhCN } from './ns/catalogue'
import { commonEn } from './ns/common.en'
import { commonZhCN } from './ns/common.zh-CN'
import { dashboardEn, dashboardZhCN } from './ns/dashboard'
import { enterprisesEn, enterprisesZhCN } from './ns/enterprises'
import { importEn, importZhCN } from './ns/import'
import { manageEn, manageZhCN } from './ns/manage'
import { notificationsEn, notificationsZhCN } from './ns/notifications'
import { paymentsEn, paymentsZhCN } from './ns/payments'
import { institutionsEn, institutionsZhCN } from './ns/institutions'
import { programmesEn, programmesZhCN } from './ns/programmes'
import { staffBookingsEn, staffBookingsZhCN } from './ns/staff-bookings'
import { walletEn, walletZhCN } from './ns/wallet'

// One i18next namespace per area (useTranslation('auth')); 'common' is the default.
export const resources = {
  'zh-CN': {
    common: commonZhCN,
    auth: authZhCN,
    catalogue: catalogueZhCN,
    dashboard: dashboardZhCN,
    enterprises: enterprisesZhCN,
    institutions: institutionsZhCN,
    manage: manageZhCN,
    import: importZhCN,
    programmes: programmesZhCN,
    applications: applicationsZhCN,
    wallet: walletZhCN,
    notifications: notificationsZhCN,
    staffBookings: staffBookingsZhCN,
    payments: paymentsZhCN,
    bookings: bookingsZhCN,
  },
  en: {
    common: commonEn,
    auth: authEn,
    catalogue: catalogueEn,
    dashboard: dashboardEn,
    enterprises: enterprisesEn,
    institutions: institutionsEn,
    manage: manageEn,
    import: importEn,
    programmes: programmesEn,
    applications: applicationsEn,
    wallet: walletEn,
    notifications: notificationsEn,
    staffBookings: staffBookingsEn,
    payments: paymentsEn,
    bookings: bookingsEn,
  },
} as const

export const NAMESPACES = Object.keys(resources['zh-CN']) as (keyof (typeof resources)['zh-CN'])[]

/** A fresh i18next instance per request (server) or per page load (client). Synchronous: resources are bundled. */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources,
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initImmediate: false,
    react: { useSuspense: false },
  })
  return instance
}

/** A server-side translator for emails, exports and action messages. */
export function getFixedT(locale: Locale, ns: (typeof NAMESPACES)[number] = 'common') {
  return createI18n(locale).getFixedT(locale, ns)
}
