import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Card } from '~/components/card'
import { formatWan } from '~/features/money/money'
import type { Locale } from '~/i18n/config'
import type { EnterpriseProfile } from './queries.server'

// The enterprise's own summary of what it declared at registration (workspace card). Compact:
// one line per topic; the bureau's detail page shows everything.

/** A listed status code as its label; an older free-text value is shown as it was stored. */
export function useOtherStatusLabel() {
  const { t } = useTranslation('enterprises')
  return (value: string) => t(`otherStatus.${value}`, { defaultValue: value })
}

export function EnterpriseProfileCard({ profile, locale }: { profile: EnterpriseProfile; locale: Locale }) {
  const { t } = useTranslation('enterprises')
  const otherStatusLabel = useOtherStatusLabel()
  const none = <span className="text-slate-400">{t('profile.none')}</span>

  const qualification = [
    profile.smeRegNo ? t('profile.smeRegNo', { no: profile.smeRegNo, year: profile.smeRegYear ?? '—' }) : null,
    profile.otherStatus ? otherStatusLabel(profile.otherStatus) : null,
  ].filter(Boolean)
  const size = [
    profile.staffCount != null ? t('profile.staffValue', { count: profile.staffCount }) : null,
    profile.salesFen != null ? t('profile.salesValue', { amount: formatWan(BigInt(profile.salesFen), locale) }) : null,
    profile.assetsFen != null
      ? t('profile.assetsValue', { amount: formatWan(BigInt(profile.assetsFen), locale) })
      : null,
  ].filter(Boolean)

  const rows: [string, ReactNode][] = [
    [t('profile.legalRep'), profile.legalRep ?? none],
    [t('profile.qualification'), qualification.length ? qualification.join(' · ') : none],
    [t('profile.size'), size.length ? size.join(' · ') : none],
    [t('profile.controllerGroup'), profile.controllerGroup ?? none],
    [
      t('profile.relatedParties'),
      profile.relatedParties.length ? (
        <ul className="space-y-0.5">
          {profile.relatedParties.map((p) => (
            <li key={p.id}>
              {locale === 'en' ? (p.institution.nameEn ?? p.institution.name) : p.institution.name}
              <span className="text-slate-500">
                {' · '}
                {t(`relation.${p.relation}`, { defaultValue: p.relation })}
                {p.note ? ` · ${p.note}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        none
      ),
    ],
    [t('profile.address'), profile.address ?? none],
  ]

  return (
    <Card title={t('profile.title')} titleId="enterprise-profile" className="mt-6">
      <p className="text-sm text-slate-600">{t('profile.lead')}</p>
      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]" data-testid="enterprise-profile">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="-mt-1 text-slate-900 sm:mt-0">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  )
}
