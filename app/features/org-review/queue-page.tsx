import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '~/components/badge'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable, type Column } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { SelectField } from '~/components/field'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import type { Locale } from '~/i18n/config'
import type { OrgReview, OrgStatus } from './review-flow'
import { ORG_QUEUE_FILTERS, type OrgQueueParams } from './schemas'
import { STATUS_TONE } from './status-tone'

// The bureau's review queue, the same page for enterprises and institutions (data from
// pages.server.ts loadOrgQueue); each adds the column that tells its organisations apart.

type QueueRow = {
  id: string
  uscc: string
  status: OrgStatus
  createdAt: string
  region: { name: string; nameEn: string; isPartner: boolean }
}

function queueHref(path: string, params: OrgQueueParams): string {
  const search = new URLSearchParams()
  if (params.status !== 'awaiting') search.set('status', params.status)
  if (params.order !== 'asc') search.set('order', params.order)
  const qs = search.toString()
  return `${path}${qs ? `?${qs}` : ''}`
}

export function OrgQueuePage<Row extends QueueRow>({
  org,
  data: { locale, params, scope, total, rows },
  name,
  extraColumn,
}: {
  org: OrgReview
  data: { locale: Locale; params: OrgQueueParams; scope: string; total: number; rows: Row[] }
  /** The name as the link to the detail page shows it. */
  name: (row: Row) => ReactNode
  /** The column after the USCC. */
  extraColumn: Column<Row>
}) {
  const { t } = useTranslation(org.ns)
  const flipOrder = queueHref(org.path, { ...params, order: params.order === 'asc' ? 'desc' : 'asc' })

  return (
    <PageContainer>
      <PageHeader
        title={t('queue.title')}
        testId={`${org.kind}-queue`}
        description={
          <>
            <p>{t('queue.lead')}</p>
            <p className="mt-1 text-sm text-slate-500">{scope}</p>
          </>
        }
      />

      <Form method="get" className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-end">
        <SelectField
          label={t('queue.filterLabel')}
          className="sm:w-56"
          options={ORG_QUEUE_FILTERS.map((s) => ({ value: s, label: t(`queue.filter.${s}`) }))}
          selectProps={{ name: 'status', defaultValue: params.status }}
        />
        <SelectField
          label={t('queue.submitted')}
          className="sm:w-64"
          options={[
            { value: 'asc', label: t('queue.sortOldest') },
            { value: 'desc', label: t('queue.sortNewest') },
          ]}
          selectProps={{ name: 'order', defaultValue: params.order }}
        />
        <Button type="submit" variant="secondary">
          {t('queue.apply')}
        </Button>
      </Form>

      <Card className="mt-6">
        <p className="mb-2 text-sm text-slate-500" data-testid="queue-count">
          {rows.length < total
            ? t('queue.countLimited', { count: total, shown: rows.length })
            : t('queue.count', { count: total })}
        </p>
        <DataTable
          caption={t('queue.caption')}
          captionHidden
          rows={rows}
          rowKey={(r) => r.id}
          empty={
            params.status === 'awaiting' ? (
              <EmptyState title={t('queue.emptyTitle')} description={t('queue.emptyText')} />
            ) : (
              <EmptyState title={t('queue.emptyFilteredTitle')} description={t('queue.emptyFilteredText')} />
            )
          }
          columns={[
            {
              key: 'name',
              header: t('queue.name'),
              rowHeader: true,
              wrap: true,
              cell: (r) => (
                <Link
                  to={`${org.path}/${r.id}`}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                >
                  {name(r)}
                </Link>
              ),
            },
            { key: 'uscc', header: t('queue.uscc'), cell: (r) => <span className="font-mono text-xs">{r.uscc}</span> },
            extraColumn,
            {
              key: 'region',
              header: t('queue.region'),
              cell: (r) => (
                <span className="inline-flex items-center gap-1.5">
                  {locale === 'en' ? r.region.nameEn : r.region.name}
                  {r.region.isPartner ? <Badge tone="info">{t('queue.partner')}</Badge> : null}
                </span>
              ),
            },
            {
              key: 'submitted',
              header: (
                <Link
                  to={flipOrder}
                  className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
                  aria-label={params.order === 'asc' ? t('queue.sortNewest') : t('queue.sortOldest')}
                >
                  {t('queue.submitted')}
                  <span aria-hidden="true">{params.order === 'asc' ? '↑' : '↓'}</span>
                </Link>
              ),
              cell: (r) => formatDateTime(r.createdAt, locale),
            },
            {
              key: 'status',
              header: t('queue.status'),
              cell: (r) => <Badge tone={STATUS_TONE[r.status]}>{t(`status.${r.status}`)}</Badge>,
            },
          ]}
        />
      </Card>
    </PageContainer>
  )
}
