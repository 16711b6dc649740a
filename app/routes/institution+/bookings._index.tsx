import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { buttonClasses, ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { cn } from '~/components/cn'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatCount, formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { localName } from '~/features/instruments/instrument-badges'
import { listInstitutionBookings, type StaffBookingRow } from '~/features/bookings/staff-queries.server'
import { parseStaffListParams, STAFF_TABS, staffListSearch } from '~/features/bookings/staff-schemas'
import { BookedWhat, BookingStatusBadge, FeeSplit, FlagBadges } from '~/features/bookings/staff-view'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The institution's bookings (预约管理): incoming requests first (待处理, oldest first — each has a
// decide-by date), then the ones to serve, deliver, and the finished and closed ones. Ownership is
// in the query (the membership's institution); tab, order and page live in the URL.

export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:booking:own', ['institution_staff'])
  const locale = await getLocale(request)
  const params = parseStaffListParams(new URL(request.url).searchParams)
  const list = await listInstitutionBookings(getDb(), membership.institutionId!, params)
  return json({
    title: getFixedT(locale, 'staffBookings')('list.title'),
    locale,
    params,
    rows: list.rows,
    total: list.total,
    counts: list.counts,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '预约管理' }]

export default function InstitutionBookings() {
  const { t } = useTranslation('staffBookings')
  const { locale, params, rows, total, counts } = useLoaderData<typeof loader>()
  const pages = Math.max(1, Math.ceil(total / params.pageSize))
  const flipDir = params.dir === 'asc' ? 'desc' : 'asc'

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/institution" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('list.back')}
        </Link>
      </p>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        testId="institution-bookings"
        actions={
          // A download, not a page: the browser fetches it directly, with this tab and order (every page).
          <a
            href={`/institution/bookings/export.xlsx${staffListSearch(params, { page: 1 })}`}
            className={buttonClasses({ variant: 'secondary' })}
            aria-label={t('export.buttonLabel', { tab: t(`tabs.${params.tab}`) })}
            download
          >
            {t('export.button')}
          </a>
        }
      />

      <nav aria-label={t('list.tabsLabel')} className="-mx-4 mt-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
        <ul className="flex min-w-max gap-1 border-b border-slate-200">
          {STAFF_TABS.map((tab) => {
            const active = tab === params.tab
            return (
              <li key={tab}>
                <Link
                  to={`/institution/bookings${staffListSearch(params, { tab, page: 1, dir: tab === 'pending' ? 'asc' : 'desc' })}`}
                  aria-current={active ? 'page' : undefined}
                  className={cn(
                    '-mb-px inline-flex h-11 items-center gap-1.5 border-b-2 px-3 text-sm font-medium whitespace-nowrap',
                    active
                      ? 'border-brand-600 text-brand-700'
                      : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                  )}
                >
                  {t(`tabs.${tab}`)}
                  <span
                    className={cn(
                      'rounded-full px-1.5 text-xs tabular-nums',
                      active ? 'bg-brand-50 text-brand-700' : 'bg-slate-100 text-slate-600',
                    )}
                    data-testid={`tab-count-${tab}`}
                  >
                    {formatCount(counts[tab], locale)}
                  </span>
                </Link>
              </li>
            )
          })}
        </ul>
      </nav>

      <Card className="mt-4">
        <DataTable<StaffBookingRow>
          caption={t('list.caption', { tab: t(`tabs.${params.tab}`) })}
          captionHidden
          stacked
          rows={rows}
          rowKey={(r) => r.id}
          empty={
            <EmptyState
              title={t(`empty.${params.tab}.title`)}
              description={t(`empty.${params.tab}.text`)}
              action={
                params.tab === 'pending' ? (
                  <ButtonLink to="/institution/instruments" variant="secondary">
                    {t('empty.manageInstruments')}
                  </ButtonLink>
                ) : undefined
              }
            />
          }
          columns={[
            {
              key: 'instrument',
              header: t('columns.instrument'),
              rowHeader: true,
              wrap: true,
              cell: (r) => (
                <span className="inline-flex flex-col">
                  <Link
                    to={`/institution/bookings/${r.id}`}
                    className="font-medium text-brand-700 underline-offset-2 hover:underline"
                  >
                    {localName(locale, r.instrument.name, r.instrument.nameEn)}
                  </Link>
                  <span className="text-xs font-normal text-slate-500">
                    {localName(locale, r.serviceItem.name, r.serviceItem.nameEn)}
                  </span>
                </span>
              ),
            },
            { key: 'enterprise', header: t('columns.enterprise'), wrap: true, cell: (r) => r.enterprise.name },
            { key: 'when', header: t('columns.when'), cell: (r) => <BookedWhat booking={r} locale={locale} /> },
            {
              key: 'fee',
              header: t('columns.fee'),
              align: 'right',
              cell: (r) => <FeeSplit fee={r.feeFen} share={r.voucherShareFen} copay={r.copayFen} />,
            },
            {
              key: 'status',
              header: t('columns.status'),
              cell: (r) => (
                <span className="inline-flex flex-col items-start gap-1">
                  <BookingStatusBadge status={r.status} />
                  {r.status === 'requested' && r.hasProposal ? (
                    <span className="text-xs text-slate-500">{t('list.proposalPending')}</span>
                  ) : r.status === 'requested' && r.decideBy ? (
                    <span className="text-xs text-slate-500">
                      {t('list.decideBy', { at: formatDateTime(r.decideBy, locale) })}
                    </span>
                  ) : null}
                </span>
              ),
            },
            {
              key: 'requested',
              label: t('columns.requestedAt'),
              // The only sort control on the page: on a phone it stays above the cards.
              keepHeaderWhenStacked: true,
              header: (
                <Link
                  to={`/institution/bookings${staffListSearch(params, { dir: flipDir, page: 1 })}`}
                  className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
                  aria-label={params.dir === 'asc' ? t('list.sortNewest') : t('list.sortOldest')}
                >
                  {t('columns.requestedAt')}
                  <span aria-hidden="true">{params.dir === 'asc' ? '↑' : '↓'}</span>
                </Link>
              ),
              cell: (r) => <span className="tabular-nums">{formatDateTime(r.createdAt, locale)}</span>,
            },
            { key: 'flags', header: t('columns.flags'), cell: (r) => <FlagBadges flags={r.flags} /> },
          ]}
        />
        <Pagination
          page={params.page}
          pages={pages}
          hrefFor={(p) => `/institution/bookings${staffListSearch(params, { page: p })}`}
          label={t('list.pagination')}
          prev={t('list.prev')}
          next={t('list.next')}
          position={t('list.page', { page: params.page, pages })}
        />
      </Card>
    </PageContainer>
  )
}
