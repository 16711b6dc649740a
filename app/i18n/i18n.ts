import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { DEFAULT_LOCALE, LOCALES, type Locale } from './config'
import { en } from './en'
import { zhCN } from './zh-CN'

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const

/** A fresh i18next instance per request (server) or per page load (client). Synchronous: resources are bundled. */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    resources,
    interpolation: { escapeValue: false },
    initAsync: false,
    react: { useSuspense: false },
  })
  return instance
}
