import { useTranslation } from 'react-i18next'

export function SiteFooter() {
  const { t } = useTranslation()
  return (
    <footer className="mt-16 border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-1 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:justify-between">
        <p>
          <span className="block font-medium text-slate-800 sm:inline">{t('app.footerNote')}</span>
          <span className="mx-2 hidden text-slate-300 sm:inline" aria-hidden="true">
            |
          </span>
          <span className="block sm:inline">{t('app.name')}</span>
        </p>
        <p>{t('app.footerHelp')}</p>
      </div>
    </footer>
  )
}
