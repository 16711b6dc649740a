import { json, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, type BadgeTone } from '~/components/badge'
import { Button, buttonClasses } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable, type Column } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { SelectField } from '~/components/field'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { FlagBadges } from '~/features/bookings/staff-view'
import { localName } from '~/features/instruments/instrument-badges'
import { formatFen } from '~/features/money/money'
import { claimFilterOptions, listClaims } from '~/features/redemptions/claim-queries.server'
import {
  CLAIM_STATUS_FILTERS,
  claimListSearch,
  parseClaimListParams,
  type ClaimListParams,
} from '~/features/redemptions/claim-schemas'
import { officerReach } from '~/features/redemptions/officer-reach'
import { regionNames } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// Redemption claims (兑付申请) for the bureau: city officers see the claims their city pays and
// every claim of an institution in the city; a county officer those of institutions in the county
// (the reach is in the query). Filters live in the URL, so the page works without JavaScript and
// the XLSX export takes the same list. Read-only until claim review and settlement exist.

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'read:booking:region', ['city_officer', 'county_officer'])
  const reach = officerReach(user.memberships)
  const locale = await getLocale(request)
  const t = getFixedT(locale, 'staffBookings')
  const params = parseClaimListParams(new URL(request.url).searchParams)
  const db = getDb()
  const [list, options, counties] = await Promise.all([
    listClaims(db, reach, params),
    claimFilterOptions(db, reach),
    reach.cityIds.length === 0 ? regionNames(db, reach.countyIds) : Promise.resolve([]),
  ])
  const countyLabel = counties.map((r) => (locale === 'en' ? r.nameEn : r.name)).join(locale === 'en' ? ', ' : '、')
  return json({
    title: t('claims.title'),
    locale,
    params,
    scope: reach.cityIds.length > 0 ? t('claims.scopeCity') : t('claims.scopeCounty', { region: countyLabel }),
    institutions: options.institutions.map((i) => ({ id: i.id, name: localName(locale, i.name, i.nameEn) })),
    periods: options.periods,
    rows: list.rows.map((r) => ({
      id: r.id,
      bookingId: r.bookingId,
      status: r.status,
      amountFen: r.amountFen.toString(),
      period: r.period,
      institution: localName(locale, r.institution.name, r.institution.nameEn),
      enterprise: r.enterprise.name,
      instrumentName: r.instrumentName,
      voucherSerial: r.voucherSerial,
      reportNo: r.reportNo,
      invoiceNo: r.invoiceNo,
      flags: r.flags,
    })),
    total: { count: list.total.count, amountFen: list.total.amountFen.toString() },
    groups: list.groups.map((g) => ({
      institutionId: g.institutionId,
      institution: localName(locale, g.institutionName, g.institutionNameEn),
      period: g.period,
      count: g.count,
      amountFen: g.amountFen.toString(),
    })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '兑付申请' }]

const STATUS_TONE: Record<string, BadgeTone> = {
  submitted: 'warning',
  approved: 'success',
  rejected: 'danger',
  settled: 'success',
}

type Data = SerializeFrom<typeof loader>
type Row = { kind: 'claim'; c: Data['rows'][number] } | { kind: 'totals' }

export default function BureauClaims() {
  const { t } = useTranslation('staffBookings')
  const data = useLoaderData<typeof loader>()
  const { params, rows, total, groups } = data
  const pages = Math.max(1, Math.ceil(total.count / params.pageSize))
  const search = claimListSearch(params, { page: 1 })
  const filtered = params.status !== 'all' || params.institutionId !== null || params.period !== null
  const tableRows: Row[] =
    rows.length > 0 ? [...rows.map((c) => ({ kind: 'claim' as const, c })), { kind: 'totals' }] : []
  const mono = (v: string | null) =>
    v ? <span className="font-mono text-xs">{v}</span> : <span className="text-slate-400">—</span>

  const columns: Column<Row>[] = [
    {
      key: 'booking',
      header: t('claims.columns.booking'),
      rowHeader: true,
      wrap: true,
      cell: (r) =>
        r.kind === 'totals' ? (
          t('claims.totalsRow')
        ) : (
          <span className="inline-flex flex-col">
            <Link
              to={`/bureau/claims/${r.c.id}`}
              className="font-medium text-brand-700 underline-offset-2 hover:underline"
              data-testid="claim-link"
            >
              {r.c.instrumentName}
            </Link>
            <span className="font-mono text-xs font-normal text-slate-500">{r.c.bookingId.slice(0, 8)}</span>
          </span>
        ),
    },
    {
      key: 'enterprise',
      header: t('claims.columns.enterprise'),
      wrap: true,
      cell: (r) => (r.kind === 'claim' ? r.c.enterprise : null),
    },
    {
      key: 'institution',
      header: t('claims.columns.institution'),
      wrap: true,
      cell: (r) => (r.kind === 'claim' ? r.c.institution : null),
    },
    { key: 'period', header: t('claims.columns.period'), cell: (r) => (r.kind === 'claim' ? r.c.period : null) },
    {
      key: 'voucher',
      header: t('claims.columns.voucher'),
      cell: (r) => (r.kind === 'claim' ? mono(r.c.voucherSerial) : null),
    },
    {
      key: 'amount',
      header: t('claims.columns.amount'),
      align: 'right',
      cell: (r) => (
        <span className="font-medium tabular-nums" data-testid={r.kind === 'totals' ? 'claims-total' : undefined}>
          {formatFen(BigInt(r.kind === 'claim' ? r.c.amountFen : total.amountFen))}
        </span>
      ),
    },
    {
      // Report and invoice numbers in one column, so the status stays in view at laptop width.
      key: 'evidence',
      header: t('claims.columns.evidence'),
      cell: (r) =>
        r.kind === 'claim' ? (
          <span className="inline-flex flex-col gap-0.5">
            <span>
              <span className="sr-only">{t('claims.columns.reportNo')}: </span>
              {mono(r.c.reportNo)}
            </span>
            <span>
              <span className="sr-only">{t('claims.columns.invoiceNo')}: </span>
              {mono(r.c.invoiceNo)}
            </span>
          </span>
        ) : null,
    },
    {
      key: 'flags',
      header: t('claims.columns.flags'),
      cell: (r) => (r.kind === 'claim' ? <FlagBadges flags={r.c.flags} /> : null),
    },
    {
      key: 'status',
      header: t('claims.columns.status'),
      cell: (r) =>
        r.kind === 'claim' ? (
          <Badge tone={STATUS_TONE[r.c.status] ?? 'neutral'}>
            {t(`claims.status.${r.c.status}`, { defaultValue: r.c.status })}
          </Badge>
        ) : null,
    },
  ]

  return (
    <PageContainer>
      <PageHeader
        title={t('claims.title')}
        testId="bureau-claims"
        description={
          <>
            <p>{t('claims.description')}</p>
            <p className="mt-1 text-sm text-slate-500">{data.scope}</p>
            <p className="mt-1 text-sm font-medium text-amber-800" data-testid="claims-read-only">
              {t('claims.readOnly')}
            </p>
          </>
        }
        actions={
          <a href={`/bureau/claims/export.xlsx${search}`} className={buttonClasses({ variant: 'secondary' })} download>
            {t('claims.export')}
          </a>
        }
      />

      <Form method="get" className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_1fr_10rem_auto] lg:items-end">
        <SelectField
          label={t('claims.filterStatus')}
          options={CLAIM_STATUS_FILTERS.map((s) => ({
            value: s,
            label: s === 'all' ? t('claims.allStatuses') : t(`claims.status.${s}`),
          }))}
          selectProps={{ name: 'status', defaultValue: params.status }}
        />
        <SelectField
          label={t('claims.filterInstitution')}
          placeholder={t('claims.allInstitutions')}
          options={data.institutions.map((i) => ({ value: i.id, label: i.name }))}
          selectProps={{ name: 'institution', defaultValue: params.institutionId ?? '' }}
        />
        <SelectField
          label={t('claims.filterPeriod')}
          placeholder={t('claims.allPeriods')}
          options={data.periods.map((p) => ({ value: p, label: p }))}
          selectProps={{ name: 'period', defaultValue: params.period ?? '' }}
        />
        <Button type="submit" variant="secondary">
          {t('claims.apply')}
        </Button>
      </Form>

      {groups.length > 0 ? (
        <Card title={t('claims.groupsTitle')} titleId="claim-groups" className="mt-6">
          <DataTable
            caption={t('claims.groupsCaption')}
            captionHidden
            rows={groups}
            rowKey={(g) => `${g.institutionId}:${g.period}`}
            columns={[
              {
                key: 'institution',
                header: t('claims.groupInstitution'),
                rowHeader: true,
                wrap: true,
                cell: (g) => g.institution,
              },
              { key: 'period', header: t('claims.groupPeriod'), cell: (g) => g.period },
              { key: 'count', header: t('claims.groupCount'), align: 'right', cell: (g) => g.count },
              {
                key: 'amount',
                header: t('claims.groupAmount'),
                align: 'right',
                cell: (g) => <span className="tabular-nums">{formatFen(BigInt(g.amountFen))}</span>,
              },
              {
                key: 'show',
                header: t('claims.groupDetail'),
                cell: (g) => (
                  <Link
                    to={`/bureau/claims${claimListSearch(params as ClaimListParams, { institutionId: g.institutionId, period: g.period, page: 1 })}`}
                    className="text-brand-700 underline-offset-2 hover:underline"
                    aria-label={`${t('claims.groupShow')}：${g.institution} ${g.period}`}
                  >
                    {t('claims.groupShow')}
                  </Link>
                ),
              },
            ]}
          />
        </Card>
      ) : null}

      <Card className="mt-6">
        <p className="mb-2 text-sm text-slate-500" data-testid="claims-count">
          {t('claims.total', { count: total.count, amount: formatFen(BigInt(total.amountFen)) })}
        </p>
        <DataTable
          caption={t('claims.caption')}
          captionHidden
          rows={tableRows}
          rowKey={(r) => (r.kind === 'totals' ? 'totals' : r.c.id)}
          empty={
            <EmptyState
              title={t('claims.empty')}
              description={filtered ? t('claims.emptyFiltered') : t('claims.emptyText')}
            />
          }
          columns={columns}
        />
        <Pagination
          page={params.page}
          pages={pages}
          hrefFor={(p) => `/bureau/claims${claimListSearch(params, { page: p })}`}
          label={t('claims.caption')}
          prev={t('claims.prev')}
          next={t('claims.next')}
          position={t('claims.page', { page: params.page, pages })}
        />
      </Card>
    </PageContainer>
  )
}
