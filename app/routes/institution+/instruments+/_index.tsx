import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { LargeInstrumentBadge, localName, SharingStatusBadge } from '~/features/instruments/instrument-badges'
import { requireInstrumentStaff } from '~/features/instruments/manage/access.server'
import { listOwnInstruments } from '~/features/instruments/manage/queries.server'
import { formatFen } from '~/features/money/money'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, membership } = await requireInstrumentStaff(request)
  const locale = await getLocale(request)
  const instruments = await listOwnInstruments(getDb(), actor)
  const t = getFixedT(locale, 'manage')
  return json({
    title: t('list.title'),
    locale,
    institutionName: locale === 'en' ? (membership.orgNameEn ?? membership.orgName) : membership.orgName,
    instruments,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '本机构仪器' }]

export default function OwnInstruments() {
  const { t } = useTranslation('manage')
  const { t: tc } = useTranslation()
  const { locale, institutionName, instruments } = useLoaderData<typeof loader>()
  const open = instruments.filter((i) => i.sharingStatus === 'open').length
  const actions = (
    <>
      <ButtonLink to="/institution/instruments/import" variant="secondary">
        {t('list.import')}
      </ButtonLink>
      <ButtonLink to="/institution/instruments/new">{t('list.add')}</ButtonLink>
    </>
  )
  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc('roles.institution_staff')}${institutionName ? ` · ${institutionName}` : ''}`}
        title={t('list.title')}
        description={t('list.lead')}
        actions={instruments.length > 0 ? actions : undefined}
      />
      <div className="mt-6">
        {instruments.length === 0 ? (
          <EmptyState
            title={t('list.emptyTitle')}
            description={t('list.emptyText')}
            action={<div className="flex flex-wrap justify-center gap-2">{actions}</div>}
          />
        ) : (
          <Card>
            <p className="mb-3 text-sm text-slate-600" data-testid="instrument-count">
              {t('list.count', { count: instruments.length, open })}
            </p>
            <DataTable
              caption={t('list.caption')}
              captionHidden
              rows={instruments}
              rowKey={(i) => i.id}
              columns={[
                {
                  key: 'name',
                  header: t('list.name'),
                  rowHeader: true,
                  wrap: true,
                  cell: (i) => (
                    <>
                      <Link
                        to={`/institution/instruments/${i.id}`}
                        className="text-brand-700 underline-offset-2 hover:underline"
                        aria-label={t('list.editLabel', { name: localName(locale, i.name, i.nameEn) })}
                      >
                        {localName(locale, i.name, i.nameEn)}
                      </Link>
                      {i.model ? <span className="block text-xs font-normal text-slate-500">{i.model}</span> : null}
                    </>
                  ),
                },
                {
                  key: 'asset',
                  header: t('list.assetNo'),
                  cell: (i) => <span className="font-mono text-xs">{i.assetNo}</span>,
                },
                {
                  key: 'category',
                  header: t('list.category'),
                  cell: (i) => localName(locale, i.categoryName, i.categoryNameEn),
                },
                {
                  key: 'status',
                  header: t('list.status'),
                  cell: (i) => (
                    <span className="flex flex-wrap gap-1">
                      <SharingStatusBadge status={i.sharingStatus} />
                      <LargeInstrumentBadge originalValueFen={i.originalValueFen} />
                    </span>
                  ),
                },
                {
                  key: 'fees',
                  header: t('list.fees'),
                  align: 'right',
                  cell: (i) =>
                    i.minFeeFen === null || i.maxFeeFen === null ? (
                      <Link
                        to={`/institution/instruments/${i.id}/services`}
                        className="text-amber-800 underline underline-offset-2"
                      >
                        {t('list.noFee')}
                      </Link>
                    ) : i.minFeeFen === i.maxFeeFen ? (
                      formatFen(i.minFeeFen)
                    ) : (
                      t('list.feeRange', { min: formatFen(i.minFeeFen), max: formatFen(i.maxFeeFen) })
                    ),
                },
                {
                  key: 'photos',
                  header: t('list.photos'),
                  align: 'right',
                  cell: (i) => t('list.photoCount', { count: i.photoCount }),
                },
                {
                  key: 'actions',
                  header: t('list.actions'),
                  cell: (i) => (
                    <span className="flex gap-3 text-sm">
                      <Link to={`/institution/instruments/${i.id}/services`} className="text-brand-700 hover:underline">
                        {t('list.servicesLink')}
                      </Link>
                      <Link
                        to={`/institution/instruments/${i.id}/hours`}
                        className={i.hoursCount === 0 ? 'text-amber-800 underline' : 'text-brand-700 hover:underline'}
                      >
                        {i.hoursCount === 0 ? t('list.noHours') : t('list.hoursLink')}
                      </Link>
                      <Link to={`/institution/instruments/${i.id}/photos`} className="text-brand-700 hover:underline">
                        {t('list.photosLink')}
                      </Link>
                    </span>
                  ),
                },
              ]}
            />
          </Card>
        )}
      </div>
    </PageContainer>
  )
}
