import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '~/components/badge'
import { Card } from '~/components/card'
import { FactList } from '~/components/fact-list'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { ReviewDecisionCard, ReviewDoneAlert } from '~/components/review-decision'
import { ReviewHistoryCard, type ReviewHistoryRow } from '~/components/review-history'
import type { Locale } from '~/i18n/config'
import { REASON_MAX, type OrgReview, type OrgStatus } from './review-flow'
import { STATUS_TONE } from './status-tone'

// One organisation's review page, the same frame for enterprises and institutions: the facts, the
// decision form with only the buttons this officer may press now, and the history from the
// registration or application on. Each route gives its own facts, header and extra cards.

type OrgForReview = {
  status: OrgStatus
  createdAt: string
  region: { name: string; nameEn: string; isPartner: boolean }
  reviews: {
    id: string
    at: string
    step: string
    decision: string
    reason: string | null
    reviewer: { name: string }
  }[]
}

export function OrgReviewDetail<A extends string>({
  org,
  subject,
  locale,
  actions,
  next,
  actionData,
  title,
  eyebrow,
  headerActions,
  facts,
  factsTop,
  wideLabels,
  openedBy,
  children,
}: {
  org: OrgReview<A>
  subject: OrgForReview
  locale: Locale
  actions: readonly A[]
  next: 'county' | 'city' | null
  /** What a refused decision returned (pages.server.ts orgReviewAction). */
  actionData: { errors: { reason?: string; form?: string }; reason: string } | undefined
  title: ReactNode
  eyebrow: ReactNode
  headerActions?: ReactNode
  facts: readonly (readonly [string, ReactNode])[]
  /** Above the facts (warnings for the reviewer). */
  factsTop?: ReactNode
  wideLabels?: boolean
  /** Who registered or applied: the first row of the history. */
  openedBy: string | null
  /** Cards between the decision and the history. */
  children?: ReactNode
}) {
  const { t } = useTranslation(org.ns)
  const { status, region } = subject
  const regionName = locale === 'en' ? region.nameEn : region.name
  const history: ReviewHistoryRow[] = [
    { id: org.opened, at: subject.createdAt, step: org.opened, decision: null, reviewer: openedBy, reason: null },
    ...subject.reviews.map((r) => ({ ...r, reviewer: r.reviewer.name })),
  ]
  const waiting =
    next === 'county'
      ? t('detail.waitingCounty', { region: regionName })
      : next === 'city'
        ? t('detail.waitingCity')
        : null

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to={org.path} className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('detail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={eyebrow}
        title={title}
        testId={`${org.kind}-detail`}
        actions={headerActions}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[status]}>
              <span data-testid={`${org.kind}-status`}>{t(`status.${status}`)}</span>
            </Badge>
            <span className="text-sm">{regionName}</span>
          </span>
        }
      />

      <ReviewDoneAlert ns={org.ns} actions={org.actions} hidden={actionData !== undefined} />

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('detail.facts')} titleId={`${org.kind}-facts`} className="lg:col-span-2">
          {factsTop}
          <FactList facts={facts} wideLabels={wideLabels} />
        </Card>

        <ReviewDecisionCard
          ns={org.ns}
          titleId={`${org.kind}-decision`}
          actions={actions}
          rules={org.transitions}
          note={
            region.isPartner && (status === 'pending' || status === 'county_reviewed') ? t('detail.partnerRoute') : null
          }
          formError={actionData?.errors.form}
          reasonErrors={actionData?.errors.reason ? [actionData.errors.reason] : undefined}
          reasonDefault={actionData?.reason}
          reasonMax={REASON_MAX}
          idle={status === 'rejected' ? t('detail.finalRejected') : (waiting ?? t('detail.nothingToDo'))}
        />
      </div>

      {children}

      <ReviewHistoryCard ns={org.ns} titleId={`${org.kind}-history`} locale={locale} rows={history} />
    </PageContainer>
  )
}
