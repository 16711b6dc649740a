import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button, buttonClasses } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { Field, SelectField } from '~/components/field'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { listApplicationsForReview } from '~/features/applications/queries.server'
import { hasCountyStep, nextApplicationReviewer } from '~/features/applications/rules'
import {
  APPLICATION_QUEUE_FILTERS,
  parseApplicationQueueParams,
  type ApplicationQueueFilter,
} from '~/features/applications/schemas'
import { reviewReachFor } from '~/features/org-review/review-flow'
import { formatFen } from '~/features/money/money'
import { listProgrammes } from '~/features/programmes/queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { ApplicationStatusBadge } from '~/features/applications/status-badge'

// The application review queue (创新券申请审核). County officers see their counties' applications,
// the city bureau all (the reach is in the query). Default: what awaits this officer. Filters, sort
// and page live in the URL, so the page works without JavaScript.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:region')
  const officer = reviewReachFor(user.memberships, 'application')
  const locale = await getLocale(request)
  const params = parseApplicationQueueParams(new URL(request.url).searchParams)
  const db = getDb()
  const [list, programmes] = await Promise.all([listApplicationsForReview(db, officer, params), listProgrammes(db)])
  return json({
    title: getFixedT(locale, 'applications')('queue.title'),
    locale,
    params,
    total: list.total,
    totalAmountFen: list.totalAmountFen.toString(),
    programmes: programmes.map((p) => ({ id: p.id, name: p.name })),
    rows: list.rows.map((r) => {
      const countyStep = hasCountyStep({ level: r.region_level, isPartner: r.region_is_partner })
      return {
        id: r.id,
        status: r.status as 'submitted' | 'county_approved' | 'approved' | 'rejected',
        countyStep,
        next: nextApplicationReviewer({
          status: r.status as 'submitted' | 'county_approved' | 'approved' | 'rejected',
          countyStep,
        }),
        amountFen: r.amount_fen.toString(),
        purpose: r.purpose,
        createdAt: r.created_at.toISOString(),
        enterpriseName: r.enterprise_name,
        region: locale === 'en' ? r.region_name_en : r.region_name,
        programme: r.programme_name,
        voucherSerial: r.voucher_serial,
      }
    }),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券申请审核' }]

type Params = ReturnType<typeof parseApplicationQueueParams>

function queueHref(p: Params, change: Partial<Params>): string {
  const next = { ...p, ...change }
  const search = new URLSearchParams()
  if (next.status !== 'awaiting') search.set('status', next.status)
  if (next.programmeId) search.set('programme', next.programmeId)
  if (next.q) search.set('q', next.q)
  if (next.order !== 'asc') search.set('order', next.order)
  if (next.page > 1) search.set('page', String(next.page))
  const qs = search.toString()
  return `/bureau/applications${qs ? `?${qs}` : ''}`
}

export default function ApplicationQueue() {
  const { t } = useTranslation('applications')
  const { locale, params, total, totalAmountFen, programmes, rows } = useLoaderData<typeof loader>()
  const pages = Math.max(1, Math.ceil(total / params.pageSize))

  return (
    <PageContainer>
      <PageHeader
        title={t('queue.title')}
        description={t('queue.description')}
        testId="application-queue"
        actions={
          // A download, not a page: the same filters and order on the export route (every page).
          <a
            href={queueHref(params, { page: 1 }).replace('/bureau/applications', '/bureau/applications/export.xlsx')}
            className={buttonClasses({ variant: 'secondary' })}
            aria-label={t('export.buttonLabel', { filter: t(`queue.filters.${params.status}`) })}
            download
          >
            {t('queue.export')}
          </a>
        }
      />

      <Form method="get" className="mt-6 grid gap-3 sm:grid-cols-[12rem_16rem_1fr_auto] sm:items-end">
        <SelectField
          label={t('queue.filterStatus')}
          options={APPLICATION_QUEUE_FILTERS.map((s: ApplicationQueueFilter) => ({
            value: s,
            label: t(`queue.filters.${s}`),
          }))}
          selectProps={{ name: 'status', defaultValue: params.status }}
        />
        <SelectField
          label={t('queue.filterProgramme')}
          placeholder={t('queue.allProgrammes')}
          options={programmes.map((p) => ({ value: p.id, label: p.name }))}
          selectProps={{ name: 'programme', defaultValue: params.programmeId ?? '' }}
        />
        <Field
          label={t('queue.search')}
          inputProps={{
            name: 'q',
            type: 'search',
            defaultValue: params.q ?? '',
            placeholder: t('queue.searchPlaceholder'),
          }}
        />
        {params.order === 'desc' ? <input type="hidden" name="order" value="desc" /> : null}
        <Button type="submit" variant="secondary">
          {t('queue.apply')}
        </Button>
      </Form>

      <Card className="mt-6">
        <p className="mb-2 text-sm text-slate-500" data-testid="queue-count">
          {t('queue.total', { count: total, amount: formatFen(BigInt(totalAmountFen)) })}
        </p>
        <DataTable
          caption={t('queue.caption')}
          captionHidden
          rows={rows}
          rowKey={(r) => r.id}
          empty={
            <EmptyState
              title={t('queue.empty')}
              description={params.status === 'awaiting' ? t('queue.emptyAwaiting') : t('queue.emptyText')}
            />
          }
          columns={[
            {
              key: 'enterprise',
              header: t('queue.enterprise'),
              rowHeader: true,
              wrap: true,
              cell: (r) => (
                <Link
                  to={`/bureau/applications/${r.id}`}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                >
                  {r.enterpriseName}
                </Link>
              ),
            },
            { key: 'region', header: t('queue.region'), cell: (r) => r.region },
            {
              key: 'amount',
              header: t('queue.amount'),
              align: 'right',
              cell: (r) => <span className="tabular-nums">{formatFen(BigInt(r.amountFen))}</span>,
            },
            { key: 'purpose', header: t('queue.purpose'), wrap: true, cell: (r) => r.purpose },
            {
              key: 'submitted',
              header: (
                <Link
                  to={queueHref(params, { order: params.order === 'asc' ? 'desc' : 'asc', page: 1 })}
                  className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
                  aria-label={params.order === 'asc' ? t('queue.newestFirst') : t('queue.oldestFirst')}
                >
                  {t('queue.submittedAt')}
                  <span aria-hidden="true">{params.order === 'asc' ? '↑' : '↓'}</span>
                </Link>
              ),
              cell: (r) => formatDateTime(r.createdAt, locale),
            },
            {
              key: 'status',
              header: t('queue.status'),
              cell: (r) => (
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <ApplicationStatusBadge status={r.status} countyStep={r.countyStep} />
                  {r.voucherSerial ? <span className="font-mono text-xs text-slate-600">{r.voucherSerial}</span> : null}
                </span>
              ),
            },
          ]}
        />
        <Pagination
          page={params.page}
          pages={pages}
          hrefFor={(p) => queueHref(params, { page: p })}
          label={t('queue.caption')}
          prev={t('queue.prev')}
          next={t('queue.nextPage')}
          position={t('queue.page', { page: params.page, pages })}
        />
      </Card>
    </PageContainer>
  )
}
