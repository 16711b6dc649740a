import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ButtonLink } from '~/components/button'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatCount } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { formatFen, formatWan } from '~/features/money/money'
import { listProgrammes } from '~/features/programmes/queries.server'
import { shanghaiDate } from '~/features/programmes/rules'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The city bureau's programmes (DOMAIN "Programmes"): one row per year's programme.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireMembership(request, 'manage:programme:any', ['city_officer'])
  const locale = await getLocale(request)
  const programmes = await listProgrammes(getDb())
  return json({
    title: getFixedT(locale, 'programmes')('list.title'),
    locale,
    programmes: programmes.map((p) => ({
      id: p.id,
      year: p.year,
      name: p.name,
      serialPrefix: p.serialPrefix,
      totalBudgetFen: p.totalBudgetFen.toString(),
      applyFrom: shanghaiDate(p.applyFrom),
      applyTo: shanghaiDate(p.applyTo),
      issued: p.lastSerial,
    })),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券计划' }]

export default function ProgrammesPage() {
  const { t } = useTranslation('programmes')
  const { locale, programmes } = useLoaderData<typeof loader>()
  return (
    <PageContainer>
      <PageHeader
        title={t('list.title')}
        description={<p>{t('list.description')}</p>}
        actions={<ButtonLink to="/bureau/programmes/new">{t('list.new')}</ButtonLink>}
      />
      <div className="mt-6">
        <DataTable
          caption={t('list.caption')}
          captionHidden
          rows={programmes}
          rowKey={(p) => p.id}
          empty={
            <EmptyState
              title={t('list.empty')}
              description={t('list.emptyText')}
              action={<ButtonLink to="/bureau/programmes/new">{t('list.new')}</ButtonLink>}
            />
          }
          columns={[
            {
              key: 'name',
              header: t('list.name'),
              rowHeader: true,
              cell: (p) => (
                <Link
                  to={`/bureau/programmes/${p.id}`}
                  className="font-medium text-brand-700 underline-offset-2 hover:underline"
                >
                  {p.name}
                </Link>
              ),
            },
            { key: 'year', header: t('list.year'), cell: (p) => p.year },
            {
              key: 'prefix',
              header: t('list.prefix'),
              cell: (p) => <span className="font-mono">{p.serialPrefix}</span>,
            },
            {
              key: 'budget',
              header: t('list.budget'),
              align: 'right',
              cell: (p) => (
                <span title={formatFen(BigInt(p.totalBudgetFen))}>{formatWan(BigInt(p.totalBudgetFen), locale)}</span>
              ),
            },
            { key: 'window', header: t('list.window'), cell: (p) => `${p.applyFrom} – ${p.applyTo}` },
            { key: 'issued', header: t('list.issued'), align: 'right', cell: (p) => formatCount(p.issued, locale) },
          ]}
        />
      </div>
    </PageContainer>
  )
}
