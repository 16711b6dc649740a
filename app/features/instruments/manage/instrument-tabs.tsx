// The header and section links of one instrument's management pages.
import { NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { cn } from '~/components/cn'
import { LargeInstrumentBadge, localName, SharingStatusBadge } from '~/features/instruments/instrument-badges'
import type { SharingStatus } from '~/generated/prisma/enums'

export function InstrumentManageHeader({
  instrument,
  locale,
}: {
  instrument: {
    id: string
    name: string
    nameEn: string | null
    assetNo: string
    model: string | null
    sharingStatus: SharingStatus
    originalValueFen: string
  }
  locale: string
}) {
  const { t } = useTranslation('manage')
  const base = `/institution/instruments/${instrument.id}`
  const tabs = [
    { to: base, label: t('tabs.details'), end: true },
    { to: `${base}/services`, label: t('tabs.services'), end: false },
    { to: `${base}/hours`, label: t('tabs.hours'), end: false },
    { to: `${base}/photos`, label: t('tabs.photos'), end: false },
  ]
  const shared = instrument.sharingStatus === 'open' || instrument.sharingStatus === 'maintenance'
  return (
    <div className="border-b border-slate-200">
      <nav aria-label={t('tabs.back')} className="text-sm">
        <NavLink to="/institution/instruments" className="text-brand-700 hover:underline">
          ← {t('tabs.back')}
        </NavLink>
      </nav>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <SharingStatusBadge status={instrument.sharingStatus} />
        <LargeInstrumentBadge originalValueFen={instrument.originalValueFen} />
        <span className="font-mono text-sm text-slate-500">{instrument.assetNo}</span>
      </div>
      <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">
        {localName(locale, instrument.name, instrument.nameEn)}
        {instrument.model ? <span className="ml-2 text-lg font-normal text-slate-500">{instrument.model}</span> : null}
      </h1>
      {shared ? (
        <p className="mt-1 text-sm">
          <a href={`/instruments/${instrument.id}`} className="text-brand-700 underline underline-offset-2">
            {t('tabs.viewPublic')}
          </a>
        </p>
      ) : null}
      <nav aria-label={t('tabs.label')} className="-mb-px mt-4 flex flex-wrap gap-x-1">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) =>
              cn(
                'border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600/40',
                isActive
                  ? 'border-brand-600 text-brand-700'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
              )
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
    </div>
  )
}
