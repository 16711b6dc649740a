import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge } from '~/components/badge'
import { Button } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { SelectField } from '~/components/field'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { listEnterpriseQueue } from '~/features/enterprises/review/queries.server'
import { reviewerReachFor } from '~/features/enterprises/review/review-flow'
import {
  ENTERPRISE_QUEUE_FILTERS,
  parseEnterpriseQueueParams,
  type EnterpriseQueueFilter,
} from '~/features/enterprises/review/schemas'
import { STATUS_TONE } from '~/features/institutions/status-tone'
import { regionNames } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The enterprise review queue (企业审核). County officers see their county's enterprises, the city
// bureau every one (the reach is in the query). By default: what awaits this officer. Filters and
// the sort order live in the URL, so the page works without JavaScript.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:enterprise:region')
  const officer = reviewerReachFor(user.memberships)
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'enterprises')
  const params = parseEnterpriseQueueParams(new URL(request.url).searchParams)
  const db = getDb()
  const [{ rows, total }, regions] = await Promise.all([
    listEnterpriseQueue(db, officer, params),
    officer.city ? Promise.resolve([]) : regionNames(db, [...officer.countyRegionIds]),
  ])
  const regionLabel = regions.map((r) => (locale === 'en' ? r.nameEn : r.name)).join(locale === 'en' ? ', ' : '、')
  return json({
    title: t('queue.title'),
    locale,
    params,
    scope: officer.city ? t('queue.scopeCity') : t('queue.scopeCounty', { region: regionLabel }),
    total,
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业审核' }]

function queueHref(params: { status: EnterpriseQueueFilter; order: 'asc' | 'desc' }): string {
  const search = new URLSearchParams()
  if (params.status !== 'awaiting') search.set('status', params.status)
  if (params.order !== 'asc') search.set('order', params.order)
  const qs = search.toString()
  return `/bureau/enterprises${qs ? `?${qs}` : ''}`
}

export default function EnterpriseQueue() {
  const { t } = useTranslation('enterprises')
  const { locale, params, scope, total, rows } = useLoaderData<typeof loader>()
  const flipOrder = queueHref({ ...params, order: params.order === 'asc' ? 'desc' : 'asc' })

  return (
    <PageContainer>
      <PageHeader
        title={t('queue.title')}
        testId="enterprise-queue"
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
          options={ENTERPRISE_QUEUE_FILTERS.map((s) => ({ value: s, label: t(`queue.filter.${s}`) }))}
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
                  to={`/bureau/enterprises/${r.id}`}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                >
                  {r.name}
                </Link>
              ),
            },
            { key: 'uscc', header: t('queue.uscc'), cell: (r) => <span className="font-mono text-xs">{r.uscc}</span> },
            {
              key: 'sme',
              header: t('queue.smeRegNo'),
              cell: (r) => (r.smeRegNo ? <span className="font-mono text-xs">{r.smeRegNo}</span> : '—'),
            },
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
