import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge } from '~/components/badge'
import { Button, buttonClasses, ButtonLink } from '~/components/button'
import { cn } from '~/components/cn'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatDate } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { listEnterpriseBookings } from '~/features/bookings/enterprise-queries.server'
import { LIST_FILTERS, listSearch, parseListParams } from '~/features/bookings/enterprise-schemas'
import { formatRange } from '~/features/bookings/staff-view'
import { EnterpriseStatusBadge } from '~/features/bookings/enterprise-view'
import { localName } from '~/features/instruments/instrument-badges'
import { formatFen } from '~/features/money/money'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The enterprise's bookings (我的预约): filtered by where they stand, sorted by the booking or the
// service date. The membership names the enterprise and the query is scoped to it.

export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:booking:own', ['enterprise_member'])
  const locale = await getLocale(request)
  const params = parseListParams(new URL(request.url).searchParams)
  const { rows, total, counts } = await listEnterpriseBookings(getDb(), membership.enterpriseId!, params)
  return json({
    title: getFixedT(locale, 'bookings')('list.title'),
    locale,
    enterpriseName: membership.orgName,
    params,
    rows,
    total,
    counts,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '我的预约' }]

export default function EnterpriseBookings() {
  const { t } = useTranslation('bookings')
  const { t: tc } = useTranslation()
  const { locale, enterpriseName, params, rows, total, counts } = useLoaderData<typeof loader>()
  const pages = Math.max(1, Math.ceil(total / params.pageSize))
  const unit = (u: string) => u as 'hour' | 'sample' | 'item'

  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc('roles.enterprise_member')}${enterpriseName ? ` · ${enterpriseName}` : ''}`}
        title={t('list.title')}
        testId="enterprise-bookings"
        description={t('list.description')}
        actions={
          <>
            {/* A download, not a page: the browser fetches it directly, with this filter and order (every page). */}
            <a
              href={`/enterprise/bookings/export.xlsx${listSearch(params, { page: 1 })}`}
              className={buttonClasses({ variant: 'secondary' })}
              aria-label={t('export.buttonLabel', { filter: t(`list.filters.${params.status}`) })}
              download
            >
              {t('export.button')}
            </a>
            <ButtonLink to="/instruments">{t('list.browse')}</ButtonLink>
          </>
        }
      />

      <nav aria-label={t('list.filterLabel')} className="mt-6 overflow-x-auto">
        <ul className="flex gap-1 border-b border-slate-200">
          {LIST_FILTERS.map((f) => {
            const current = f === params.status
            return (
              <li key={f}>
                <Link
                  to={listSearch(params, { status: f, page: 1 }) || '?'}
                  aria-current={current ? 'page' : undefined}
                  className={cn(
                    '-mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm whitespace-nowrap',
                    current
                      ? 'border-brand-600 font-semibold text-brand-700'
                      : 'border-transparent text-slate-600 hover:text-slate-900',
                  )}
                >
                  {t(`list.filters.${f}`)}
                  <span className="rounded-full bg-slate-100 px-1.5 text-xs text-slate-600 tabular-nums">
                    {counts[f]}
                  </span>
                </Link>
              </li>
            )
          })}
        </ul>
      </nav>

      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label={t('list.sortLabel')}>
        {params.status !== 'all' ? <input type="hidden" name="status" value={params.status} /> : null}
        <label className="text-sm text-slate-700">
          <span className="block font-medium">{t('list.sortLabel')}</span>
          <select
            name="sort"
            defaultValue={params.sort}
            className="mt-1 h-10 rounded-md border border-slate-300 bg-white px-2 text-base"
          >
            <option value="created">{t('list.sort.created')}</option>
            <option value="service">{t('list.sort.service')}</option>
          </select>
        </label>
        <label className="text-sm text-slate-700">
          <span className="sr-only">{t('list.sortLabel')}</span>
          <select
            name="dir"
            defaultValue={params.dir}
            aria-label={t('list.sortLabel')}
            className="mt-1 h-10 rounded-md border border-slate-300 bg-white px-2 text-base"
          >
            <option value="desc">{t('list.dir.desc')}</option>
            <option value="asc">{t('list.dir.asc')}</option>
          </select>
        </label>
        <Button type="submit" variant="secondary" size="sm" className="h-10">
          {t('list.apply')}
        </Button>
        <p className="ml-auto text-sm text-slate-500">{t('list.total', { count: total })}</p>
      </Form>

      <div className="mt-4">
        <DataTable
          caption={t('list.caption')}
          captionHidden
          stacked
          rows={rows}
          rowKey={(b) => b.id}
          empty={
            params.status === 'all' ? (
              <EmptyState
                title={t('list.empty')}
                description={t('list.emptyText')}
                action={<ButtonLink to="/instruments">{t('list.browse')}</ButtonLink>}
              />
            ) : (
              <EmptyState
                title={t('list.emptyFiltered')}
                description={t('list.emptyFilteredText')}
                action={
                  <ButtonLink to="/enterprise/bookings" variant="secondary">
                    {t('list.showAll')}
                  </ButtonLink>
                }
              />
            )
          }
          columns={[
            {
              key: 'instrument',
              header: t('list.instrument'),
              rowHeader: true,
              wrap: true,
              cell: (b) => (
                <span className="inline-flex flex-col">
                  <Link
                    to={`/enterprise/bookings/${b.id}`}
                    className="text-brand-700 underline-offset-2 hover:underline"
                  >
                    {localName(locale, b.instrument.name, b.instrument.nameEn)}
                  </Link>
                  <span className="text-xs font-normal text-slate-500">
                    {localName(locale, b.serviceItem.name, b.serviceItem.nameEn)}
                  </span>
                </span>
              ),
            },
            {
              key: 'institution',
              header: t('list.institution'),
              wrap: true,
              cell: (b) => localName(locale, b.institution.name, b.institution.nameEn),
            },
            {
              key: 'when',
              header: t('list.when'),
              cell: (b) => (
                <span className="inline-flex flex-col">
                  {b.startsAt && b.endsAt ? (
                    <span className="tabular-nums">{formatRange(b.startsAt, b.endsAt, locale)}</span>
                  ) : (
                    <span>
                      {t(`quantity.${unit(b.unit)}`, { count: b.quantity })}
                      {b.wantedBy ? (
                        <span className="block text-xs text-slate-500">
                          {t('list.wantedBy', { date: formatDate(`${b.wantedBy}T00:00:00+08:00`, locale) })}
                        </span>
                      ) : null}
                    </span>
                  )}
                  <span className="text-xs text-slate-500">
                    {t('list.createdAt', { date: formatDate(b.createdAt, locale) })}
                  </span>
                </span>
              ),
            },
            {
              key: 'fee',
              header: t('list.fee'),
              align: 'right',
              cell: (b) => (
                <span className="inline-flex flex-col items-end">
                  <span className="font-medium">{formatFen(BigInt(b.feeFen))}</span>
                  <span className="text-xs text-slate-500">
                    {t('list.feeParts', {
                      share: formatFen(BigInt(b.voucherShareFen)),
                      copay: formatFen(BigInt(b.copayFen)),
                    })}
                  </span>
                </span>
              ),
            },
            {
              key: 'status',
              header: t('list.status'),
              cell: (b) => (
                <span className="inline-flex flex-col items-start gap-1">
                  <EnterpriseStatusBadge status={b.status} copayFen={b.copayFen} />
                  {b.hasProposal && b.status === 'requested' ? (
                    <Badge tone="warning">{t('list.proposal')}</Badge>
                  ) : null}
                </span>
              ),
            },
          ]}
        />
      </div>

      {pages > 1 ? (
        <nav
          className="mt-4 flex items-center justify-between text-sm"
          aria-label={t('list.page', { page: params.page, pages })}
        >
          {params.page > 1 ? (
            <Link to={listSearch(params, { page: params.page - 1 }) || '?'} className="text-brand-700 hover:underline">
              ← {t('list.prev')}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">{t('list.page', { page: params.page, pages })}</span>
          {params.page < pages ? (
            <Link to={listSearch(params, { page: params.page + 1 })} className="text-brand-700 hover:underline">
              {t('list.next')} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </PageContainer>
  )
}
