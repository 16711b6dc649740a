// Small presentational pieces shared by the catalogue list and detail pages (no server code).
import { useTranslation } from 'react-i18next'
import { Badge, type BadgeTone } from '~/components/badge'
import type { SharingStatus } from '~/generated/prisma/enums'
import { isLargeInstrument } from './catalogue'

const STATUS_TONE: Record<SharingStatus, BadgeTone> = {
  open: 'success',
  maintenance: 'warning',
  internal_only: 'neutral',
  retired: 'neutral',
}

export function SharingStatusBadge({ status }: { status: SharingStatus }) {
  const { t } = useTranslation('catalogue')
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>
}

/** DOMAIN: 原值 ≥ 50万元 = 大型科研仪器. */
export function LargeInstrumentBadge({ originalValueFen }: { originalValueFen: string }) {
  const { t } = useTranslation('catalogue')
  if (!isLargeInstrument(BigInt(originalValueFen))) return null
  return (
    <span title={t('largeHint')}>
      <Badge tone="info">{t('large')}</Badge>
    </span>
  )
}

/** The name to show in the current language: the English one when there is one and English is on. */
export function localName(locale: string, zh: string, en: string | null | undefined): string {
  return locale === 'en' && en ? en : zh
}
