import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { buttonClasses } from '~/components/button'
import { Field, SelectField } from '~/components/field'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import {
  catalogueHref,
  fenToYuanInput,
  isFiltered,
  pageCount,
  parseCatalogueQuery,
  type CatalogueQuery,
} from '~/features/instruments/catalogue'
import { LargeInstrumentBadge, localName, SharingStatusBadge } from '~/features/instruments/instrument-badges'
import {
  catalogueFacets,
  searchInstruments,
  type CatalogueFacets,
  type CatalogueItem,
} from '~/features/instruments/queries.server'
import { formatFen } from '~/features/money/money'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getDb } from '~/infra/db.server'

// Public: the catalogue needs no login. A GET form keeps every search a shareable URL
// (/instruments?q=色谱&category=01&page=2) and works without JavaScript.
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseCatalogueQuery(new URL(request.url).searchParams)
  const db = getDb()
  const [results, facets, locale] = await Promise.all([
    searchInstruments(db, query),
    catalogueFacets(db, query),
    getLocale(request),
  ])
  const pages = pageCount(results.total, results.pageSize)
  // Past the last page (a stale link): go to the last page rather than show an empty one.
  if (query.page > pages) throw redirect(catalogueHref(query, { page: pages }))
  const t = getFixedT(locale, 'catalogue')
  const title = query.q ? `${query.q} · ${t('title')}` : t('title')
  return json({ query, results, facets, pages, title, description: t('metaDescription') })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? '大型科研仪器目录' },
  { name: 'description', content: data?.description ?? '' },
]

function exportSearch(href: string): string {
  const i = href.indexOf('?')
  return i < 0 ? '' : href.slice(i)
}

export default function InstrumentCatalogue() {
  const { query, results, facets, pages } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalogue')
  const filtered = isFiltered(query)
  return (
    <PageContainer>
      <PageHeader
        title={t('title')}
        description={t('lead')}
        actions={
          // A plain link: the spreadsheet carries the same filters as the page (Excel is what bureaus read).
          <a
            href={`/instruments/export.xlsx${exportSearch(catalogueHref(query, { page: 1 }))}`}
            className={buttonClasses({ variant: 'secondary' })}
            download
          >
            {t('exportExcel')}
          </a>
        }
      />
      <SearchForm query={query} facets={facets} filtered={filtered} />
      <section aria-labelledby="results-heading" className="mt-8">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="results-heading" className="text-lg font-semibold text-slate-900" data-testid="result-count">
            {query.q
              ? t('results.totalFor', { q: query.q, total: results.total })
              : t('results.total', { total: results.total })}
          </h2>
          {results.total > 0 && pages > 1 ? (
            <p className="text-sm text-slate-600">{t('results.page', { page: query.page, pages })}</p>
          ) : null}
        </div>
        {results.items.length === 0 ? (
          <NoResults query={query} />
        ) : (
          <ul className="mt-4 space-y-3" data-testid="results">
            {results.items.map((item) => (
              <ResultItem key={item.id} item={item} />
            ))}
          </ul>
        )}
        <Pagination query={query} pages={pages} />
      </section>
    </PageContainer>
  )
}

function SearchForm({
  query,
  facets,
  filtered,
}: {
  query: CatalogueQuery
  facets: CatalogueFacets
  filtered: boolean
}) {
  const { t, i18n } = useTranslation('catalogue')
  const locale = i18n.language
  // Keys follow the URL so the controls show the current query after a client-side navigation.
  const formKey = catalogueHref(query, { page: 1 })
  const dazhou = facets.regions.filter((r) => !r.isPartner)
  const partners = facets.regions.filter((r) => r.isPartner)
  return (
    <Form method="get" action="/instruments" role="search" className="mt-6 space-y-4" key={formKey}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Field
          className="flex-1"
          label={t('search.label')}
          inputProps={{
            name: 'q',
            type: 'search',
            defaultValue: query.q,
            placeholder: t('search.placeholder'),
            maxLength: 100,
            autoComplete: 'off',
          }}
        />
        <button type="submit" className={buttonClasses({ className: 'sm:w-28' })}>
          {t('search.submit')}
        </button>
      </div>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-slate-700">{t('filters.heading')}</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <SelectField
            label={t('filters.category')}
            placeholder={t('filters.any')}
            selectProps={{ name: 'category', defaultValue: query.category ?? '' }}
            options={facets.categories.map((c) => ({
              value: c.id,
              // Second levels are indented under their top level (an <optgroup> could not be chosen itself).
              label: `${c.parentId ? '\u3000' : ''}${localName(locale, c.name, c.nameEn)}${t('punct.paren', { text: c.count })}`,
            }))}
          />
          <SelectField
            label={t('filters.region')}
            placeholder={t('filters.any')}
            selectProps={{ name: 'region', defaultValue: query.region ?? '' }}
            options={[
              ...dazhou.map((r) => ({
                value: r.id,
                label: `${r.isCity ? t('filters.wholeCity', { name: localName(locale, r.name, r.nameEn) }) : `\u3000${localName(locale, r.name, r.nameEn)}`}${t('punct.paren', { text: r.count })}`,
              })),
              ...(partners.length > 0
                ? [
                    {
                      label: t('filters.partner'),
                      options: partners.map((r) => ({
                        value: r.id,
                        label: `${localName(locale, r.name, r.nameEn)}${t('punct.paren', { text: r.count })}`,
                      })),
                    },
                  ]
                : []),
            ]}
          />
          <SelectField
            label={t('filters.institution')}
            placeholder={t('filters.any')}
            selectProps={{ name: 'institution', defaultValue: query.institution ?? '' }}
            options={facets.institutions.map((i) => ({
              value: i.id,
              label: `${localName(locale, i.name, i.nameEn)}${t('punct.paren', { text: i.count })}`,
            }))}
          />
          <fieldset>
            <legend className="block text-sm font-medium text-slate-800">{t('filters.fee')}</legend>
            <div className="mt-1 flex items-center gap-2">
              <input
                name="fee_min"
                inputMode="decimal"
                aria-label={`${t('filters.fee')} ${t('filters.feeMin')}`}
                placeholder={t('filters.feeMin')}
                defaultValue={query.feeMin !== null ? fenToYuanInput(query.feeMin) : ''}
                className="h-11 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 text-base tabular-nums text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
              />
              <span aria-hidden="true" className="text-slate-500">
                –
              </span>
              <input
                name="fee_max"
                inputMode="decimal"
                aria-label={`${t('filters.fee')} ${t('filters.feeMax')}`}
                placeholder={t('filters.feeMax')}
                defaultValue={query.feeMax !== null ? fenToYuanInput(query.feeMax) : ''}
                className="h-11 w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 text-base tabular-nums text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
              />
            </div>
            <p className="mt-1 text-sm text-slate-500">{t('filters.feeHint')}</p>
          </fieldset>
          <SelectField
            label={t('filters.accreditation')}
            placeholder={t('filters.any')}
            selectProps={{ name: 'acc', defaultValue: query.accreditation ?? '' }}
            options={[
              { value: 'cma', label: t('filters.accreditationCma') },
              { value: 'cnas', label: t('filters.accreditationCnas') },
            ]}
          />
          <Field
            label={t('filters.date')}
            hint={t('filters.dateHint')}
            inputProps={{ name: 'date', type: 'date', defaultValue: query.date ?? '' }}
          />
          <SelectField
            label={t('filters.sort')}
            selectProps={{ name: 'sort', defaultValue: query.sort }}
            options={[
              { value: 'relevance', label: t('filters.sortRelevance') },
              { value: 'fee', label: t('filters.sortFee') },
              { value: 'value', label: t('filters.sortValue') },
              { value: 'newest', label: t('filters.sortNewest') },
            ]}
          />
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
            {t('filters.apply')}
          </button>
          {filtered ? (
            <Link to="/instruments" className="text-sm text-brand-700 underline-offset-2 hover:underline">
              {t('filters.reset')}
            </Link>
          ) : null}
        </div>
      </fieldset>
    </Form>
  )
}

function ResultItem({ item }: { item: CatalogueItem }) {
  const { t, i18n } = useTranslation('catalogue')
  const locale = i18n.language
  const name = localName(locale, item.name, item.nameEn)
  const fee =
    item.minFeeFen !== null && item.minFeeUnit
      ? t('item.feeFrom', { fee: formatFen(item.minFeeFen), unit: t(`unit.${item.minFeeUnit}`) })
      : t('item.noFee')
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition-colors hover:border-brand-600/50 sm:p-5">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h3 className="text-lg font-semibold leading-snug">
            <Link to={`/instruments/${item.id}`} className="text-slate-900 hover:text-brand-700 hover:underline">
              {name}
            </Link>
          </h3>
          <p className="mt-0.5 text-sm text-slate-600">{[item.model, item.manufacturer].filter(Boolean).join(' · ')}</p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-1.5">
          <SharingStatusBadge status={item.sharingStatus} />
          <LargeInstrumentBadge originalValueFen={item.originalValueFen} />
        </div>
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[2fr_1.2fr_1fr]">
        <div className="flex gap-2">
          <dt className="shrink-0 text-slate-500">{t('item.institution')}</dt>
          <dd className="text-slate-800">
            {localName(locale, item.institutionName, item.institutionNameEn)}
            <span className="text-slate-500">
              {t('punct.paren', { text: localName(locale, item.regionName, item.regionNameEn) })}
            </span>
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="shrink-0 text-slate-500">{t('item.category')}</dt>
          <dd className="text-slate-800">{localName(locale, item.categoryName, item.categoryNameEn)}</dd>
        </div>
        <div className="sm:text-right">
          <dt className="sr-only">{t('detail.fee')}</dt>
          <dd className="font-medium tabular-nums text-slate-900">{fee}</dd>
        </div>
      </dl>
    </li>
  )
}

function NoResults({ query }: { query: CatalogueQuery }) {
  const { t } = useTranslation('catalogue')
  return (
    <div className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white px-5 py-8" data-testid="no-results">
      <p className="text-lg font-medium text-slate-900">{t('empty.title')}</p>
      <p className="mt-3 text-slate-700">{t('empty.tips')}</p>
      <ul className="mt-1 list-disc space-y-1 pl-6 text-slate-700">
        {query.q ? <li>{t('empty.shorter')}</li> : null}
        {query.q ? <li>{t('empty.english')}</li> : null}
        {query.category ||
        query.region ||
        query.institution ||
        query.accreditation ||
        query.feeMin !== null ||
        query.feeMax !== null ? (
          <li>{t('empty.filters')}</li>
        ) : null}
        {query.date ? <li>{t('empty.date')}</li> : null}
      </ul>
      <Link to="/instruments" className={buttonClasses({ variant: 'secondary', className: 'mt-5' })}>
        {t('empty.browse')}
      </Link>
    </div>
  )
}

/** Page numbers around the current page, with the first and the last; null marks a gap. */
function pageWindow(current: number, pages: number): (number | null)[] {
  const wanted = new Set(
    [1, pages, current - 2, current - 1, current, current + 1, current + 2].filter((p) => p >= 1 && p <= pages),
  )
  const sorted = [...wanted].sort((a, b) => a - b)
  const out: (number | null)[] = []
  for (const [i, p] of sorted.entries()) {
    const prev = sorted[i - 1]
    if (prev !== undefined && p - prev > 1) out.push(null)
    out.push(p)
  }
  return out
}

function Pagination({ query, pages }: { query: CatalogueQuery; pages: number }) {
  const { t } = useTranslation('catalogue')
  if (pages <= 1) return null
  const link = 'inline-flex h-10 min-w-10 items-center justify-center rounded-md border px-3 text-sm'
  return (
    <nav aria-label={t('pagination.label')} className="mt-6 flex flex-wrap items-center justify-center gap-1.5">
      {query.page > 1 ? (
        <Link
          to={catalogueHref(query, { page: query.page - 1 })}
          rel="prev"
          className={`${link} border-slate-300 bg-white hover:bg-slate-50`}
        >
          {t('pagination.previous')}
        </Link>
      ) : null}
      {pageWindow(query.page, pages).map((p, i) =>
        p === null ? (
          <span key={`gap-${i}`} className="px-1 text-slate-500">
            …
          </span>
        ) : p === query.page ? (
          <span key={p} aria-current="page" className={`${link} border-brand-600 bg-brand-600 font-medium text-white`}>
            {p}
          </span>
        ) : (
          <Link
            key={p}
            to={catalogueHref(query, { page: p })}
            aria-label={t('pagination.pageN', { page: p })}
            className={`${link} border-slate-300 bg-white hover:bg-slate-50`}
          >
            {p}
          </Link>
        ),
      )}
      {query.page < pages ? (
        <Link
          to={catalogueHref(query, { page: query.page + 1 })}
          rel="next"
          className={`${link} border-slate-300 bg-white hover:bg-slate-50`}
        >
          {t('pagination.next')}
        </Link>
      ) : null}
    </nav>
  )
}
