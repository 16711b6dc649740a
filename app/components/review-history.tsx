import { useTranslation } from 'react-i18next'
import type { Locale } from '~/i18n/config'
import { Badge } from './badge'
import { Card } from './card'
import { DataTable } from './data-table'
import { formatDateTime } from './format'
import type { ReviewNs } from './review-decision'

// Every step of a review, oldest first: who, when, what and why. Texts come from the review's
// namespace (detail.history, detail.when …, step.<step>, decision.<decision>).

export type ReviewHistoryRow = {
  id: string
  at: string
  step: string
  decision: string | null
  reviewer: string | null
  reason: string | null
}

export function ReviewHistoryCard({
  ns,
  titleId,
  locale,
  rows,
}: {
  ns: ReviewNs
  titleId: string
  locale: Locale
  rows: ReviewHistoryRow[]
}) {
  const { t } = useTranslation(ns)
  // step.<step> and decision.<decision> exist in each ReviewNs for the steps its rows carry.
  const tk = t as unknown as (key: string) => string
  return (
    <Card title={t('detail.history')} titleId={titleId} className="mt-6">
      <DataTable
        caption={t('detail.historyCaption')}
        captionHidden
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: 'at', header: t('detail.when'), cell: (r) => formatDateTime(r.at, locale) },
          { key: 'step', header: t('detail.stepColumn'), rowHeader: true, cell: (r) => tk(`step.${r.step}`) },
          {
            key: 'decision',
            header: t('detail.decisionColumn'),
            cell: (r) =>
              r.decision ? (
                <Badge tone={r.decision === 'rejected' ? 'danger' : r.decision === 'suspended' ? 'warning' : 'success'}>
                  {tk(`decision.${r.decision}`)}
                </Badge>
              ) : (
                '—'
              ),
          },
          { key: 'reviewer', header: t('detail.reviewer'), cell: (r) => r.reviewer ?? '—' },
          { key: 'reason', header: t('detail.reason'), wrap: true, cell: (r) => r.reason ?? '—' },
        ]}
      />
    </Card>
  )
}
