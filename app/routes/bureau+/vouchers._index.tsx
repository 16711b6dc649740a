import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button, buttonClasses } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable, type Column } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { Field, SelectField } from '~/components/field'
import { formatDate } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { formatFen } from '~/features/money/money'
import { regionNames } from '~/features/users/workspace-queries.server'
import { voucherSummaryData, type VoucherSummaryData } from '~/features/vouchers/wallet-data'
import {
  listVoucherCounties,
  listVoucherProgrammes,
  listVouchersForBureau,
} from '~/features/vouchers/wallet-queries.server'
import {
  parseVoucherListParams,
  VOUCHER_STATUS_FILTERS,
  voucherListSearch,
  type VoucherListParams,
  type VoucherSort,
} from '~/features/vouchers/wallet-schemas'
import { ExpiryWarning, VoucherStatusBadge } from '~/features/vouchers/wallet-view'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireUserWithPermission } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { reachFor } from '~/infra/permissions'

// The bureau's vouchers (创新券): the city officer sees every voucher, a county officer those of
// enterprises in their county (the reach is in the query). Filters, sort and page live in the URL,
// so the page works without JavaScript and the export takes the same list.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:voucher:region')
  const reach = reachFor(user.memberships, 'read:voucher:region')
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'wallet')
  const params = parseVoucherListParams(new URL(request.url).searchParams)
  const db = getDb()
  const [list, programmes, counties, regions] = await Promise.all([
    listVouchersForBureau(db, reach, params),
    listVoucherProgrammes(db),
    listVoucherCounties(db, reach),
    reach.kind === 'region' ? regionNames(db, reach.regionIds) : Promise.resolve([]),
  ])
  const now = new Date()
  const regionLabel = regions.map((r) => (locale === 'en' ? r.nameEn : r.name)).join(locale === 'en' ? ', ' : '、')
  return json({
    title: t('bureau.title'),
    locale,
    params,
    scope: reach.kind === 'region' ? t('bureau.scopeCounty', { region: regionLabel }) : t('bureau.scopeCity'),
    programmes: programmes.map((p) => ({ id: p.id, name: p.name })),
    counties: counties.map((c) => ({ id: c.id, name: locale === 'en' ? c.nameEn : c.name })),
    rows: list.rows.map((r) => voucherSummaryData(r, now)),
    totals: {
      count: list.totals.count,
      faceFen: list.totals.faceFen.toString(),
      availableFen: list.totals.availableFen.toString(),
      heldFen: list.totals.heldFen.toString(),
      usedFen: list.totals.usedFen.toString(),
    },
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券' }]

type Row = { kind: 'voucher'; v: VoucherSummaryData } | { kind: 'totals' }

/** Text columns start ascending, figures and dates descending (biggest, newest first). */
const FIRST_DIR: Record<VoucherSort, 'asc' | 'desc'> = {
  serial: 'asc',
  enterprise: 'asc',
  programme: 'asc',
  face: 'desc',
  available: 'desc',
  held: 'desc',
  used: 'desc',
  expires: 'asc',
  issued: 'desc',
}

function SortHeader({ params, sort, label }: { params: VoucherListParams; sort: VoucherSort; label: string }) {
  const { t } = useTranslation('wallet')
  const active = params.sort === sort
  const dir = active ? (params.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[sort]
  return (
    <Link
      to={`/bureau/vouchers${voucherListSearch(params, { sort, dir, page: 1 })}`}
      className="inline-flex items-center gap-1 underline-offset-2 hover:underline"
      aria-label={t(dir === 'asc' ? 'bureau.sortAsc' : 'bureau.sortDesc', { column: label })}
      aria-current={active ? 'true' : undefined}
    >
      {label}
      <span aria-hidden="true" className={active ? 'text-slate-900' : 'text-slate-300'}>
        {active ? (params.dir === 'asc' ? '↑' : '↓') : '↕'}
      </span>
    </Link>
  )
}

export default function BureauVouchers() {
  const { t } = useTranslation('wallet')
  const { locale, params, scope, programmes, counties, rows, totals } = useLoaderData<typeof loader>()
  const pages = Math.max(1, Math.ceil(totals.count / params.pageSize))
  const search = voucherListSearch(params, { page: 1 })
  const tableRows: Row[] =
    rows.length > 0 ? [...rows.map((v) => ({ kind: 'voucher' as const, v })), { kind: 'totals' }] : []
  const money = (fen: string, testId?: string) => (
    <span className="tabular-nums" data-testid={testId}>
      {formatFen(BigInt(fen))}
    </span>
  )
  const sortable = (sort: VoucherSort, key: string) => (
    <SortHeader params={params} sort={sort} label={t(`columns.${key}` as 'columns.serial')} />
  )

  const columns: Column<Row>[] = [
    {
      key: 'serial',
      header: sortable('serial', 'serial'),
      rowHeader: true,
      cell: (r) =>
        r.kind === 'totals' ? (
          <span>
            {t('bureau.totalsRow')}
            <span className="ml-1 font-normal text-slate-500">({t('bureau.total', { count: totals.count })})</span>
          </span>
        ) : (
          <Link
            to={`/bureau/vouchers/${r.v.id}`}
            className="font-mono font-medium text-brand-700 underline-offset-2 hover:underline"
          >
            {r.v.serial}
          </Link>
        ),
    },
    {
      key: 'enterprise',
      header: sortable('enterprise', 'enterprise'),
      wrap: true,
      cell: (r) =>
        r.kind === 'totals' ? null : (
          <span className="inline-flex flex-col">
            <span>{r.v.enterprise.name}</span>
            <span className="text-xs text-slate-500">{locale === 'en' ? r.v.region.nameEn : r.v.region.name}</span>
          </span>
        ),
    },
    {
      key: 'programme',
      header: sortable('programme', 'programme'),
      wrap: true,
      cell: (r) => (r.kind === 'totals' ? null : r.v.programme.name),
    },
    {
      key: 'face',
      header: sortable('face', 'face'),
      align: 'right',
      cell: (r) => (r.kind === 'totals' ? money(totals.faceFen, 'total-face') : money(r.v.figures.faceFen)),
    },
    {
      key: 'available',
      header: sortable('available', 'available'),
      align: 'right',
      cell: (r) =>
        r.kind === 'totals' ? money(totals.availableFen, 'total-available') : money(r.v.figures.availableFen),
    },
    {
      key: 'held',
      header: sortable('held', 'held'),
      align: 'right',
      cell: (r) => (r.kind === 'totals' ? money(totals.heldFen, 'total-held') : money(r.v.figures.heldFen)),
    },
    {
      key: 'used',
      header: sortable('used', 'used'),
      align: 'right',
      cell: (r) => (r.kind === 'totals' ? money(totals.usedFen, 'total-used') : money(r.v.figures.usedFen)),
    },
    {
      key: 'expires',
      header: sortable('expires', 'expires'),
      cell: (r) =>
        r.kind === 'totals' ? null : (
          <span className="inline-flex flex-col items-start gap-1">
            <span>{formatDate(r.v.expiresAt, locale)}</span>
            <ExpiryWarning expiry={r.v.expiry} />
          </span>
        ),
    },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (r) => (r.kind === 'totals' ? null : <VoucherStatusBadge status={r.v.status} />),
    },
  ]

  return (
    <PageContainer>
      <PageHeader
        title={t('bureau.title')}
        testId="bureau-vouchers"
        description={
          <>
            <p>{t('bureau.description')}</p>
            <p className="mt-1 text-sm text-slate-500">{scope}</p>
          </>
        }
        actions={
          // A download, not a page: the browser fetches it directly.
          <a
            href={`/bureau/vouchers/export.xlsx${search}`}
            className={buttonClasses({ variant: 'secondary' })}
            download
          >
            {t('bureau.export')}
          </a>
        }
      />

      <Form
        method="get"
        className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_14rem_10rem_1fr_auto] lg:items-end"
      >
        <SelectField
          label={t('bureau.filterStatus')}
          options={VOUCHER_STATUS_FILTERS.map((s) => ({
            value: s,
            label: s === 'all' ? t('bureau.allStatuses') : t(`status.${s}`),
          }))}
          selectProps={{ name: 'status', defaultValue: params.status }}
        />
        <SelectField
          label={t('bureau.filterProgramme')}
          placeholder={t('bureau.allProgrammes')}
          options={programmes.map((p) => ({ value: p.id, label: p.name }))}
          selectProps={{ name: 'programme', defaultValue: params.programmeId ?? '' }}
        />
        <SelectField
          label={t('bureau.filterCounty')}
          placeholder={t('bureau.allCounties')}
          options={counties.map((c) => ({ value: c.id, label: c.name }))}
          selectProps={{ name: 'county', defaultValue: params.regionId ?? '' }}
        />
        <Field
          label={t('bureau.search')}
          inputProps={{
            name: 'q',
            type: 'search',
            defaultValue: params.q ?? '',
            placeholder: t('bureau.searchPlaceholder'),
          }}
        />
        {params.sort !== 'issued' ? <input type="hidden" name="sort" value={params.sort} /> : null}
        {params.dir !== 'desc' ? <input type="hidden" name="dir" value={params.dir} /> : null}
        <Button type="submit" variant="secondary">
          {t('bureau.apply')}
        </Button>
      </Form>

      <Card className="mt-6">
        <p className="mb-2 text-sm text-slate-500" data-testid="voucher-count">
          {t('bureau.total', { count: totals.count })}
        </p>
        <DataTable
          caption={t('bureau.caption')}
          captionHidden
          rows={tableRows}
          rowKey={(r) => (r.kind === 'totals' ? 'totals' : r.v.id)}
          empty={<EmptyState title={t('bureau.empty')} description={t('bureau.emptyText')} />}
          columns={columns}
        />
        <Pagination
          page={params.page}
          pages={pages}
          hrefFor={(p) => `/bureau/vouchers${voucherListSearch(params, { page: p })}`}
          label={t('bureau.caption')}
          prev={t('bureau.prev')}
          next={t('bureau.next')}
          position={t('bureau.page', { page: params.page, pages })}
        />
      </Card>
    </PageContainer>
  )
}
