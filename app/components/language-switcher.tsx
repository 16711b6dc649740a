import { Form, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '~/i18n/config'
import { AuthenticityTokenInput } from './authenticity-token-input'
import { cn } from './cn'

/**
 * 中文 / English, always visible. A plain form POST to /set-locale that sets the `lng` cookie and
 * comes back to this page: works without JavaScript. The current language is shown pressed.
 */
export function LanguageSwitcher({ locale, className }: { locale: Locale; className?: string }) {
  const { t } = useTranslation()
  const location = useLocation()
  const redirectTo = `${location.pathname}${location.search}`
  const options: { lng: Locale; label: string }[] = [
    { lng: 'zh-CN', label: '中文' },
    { lng: 'en', label: 'English' },
  ]
  return (
    <Form
      method="post"
      action="/set-locale"
      className={cn('flex items-center', className)}
      aria-label={t('app.language')}
    >
      <AuthenticityTokenInput />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <div
        role="group"
        aria-label={t('app.language')}
        className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm"
      >
        {options.map((o) => {
          const current = o.lng === locale
          return (
            <button
              key={o.lng}
              type="submit"
              name="lng"
              value={o.lng}
              lang={o.lng}
              aria-pressed={current}
              className={cn(
                'h-8 rounded px-2.5 font-medium whitespace-nowrap',
                current ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {o.label}
            </button>
          )
        })}
      </div>
    </Form>
  )
}
