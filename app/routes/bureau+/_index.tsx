import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, StatCard } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatCount } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { ButtonLink } from '~/components/button'
import { PageHeader } from '~/components/page-header'
import { formatWan } from '~/features/money/money'
import { getBureauWorkspace, regionNames } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { reachFor } from '~/infra/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  // County officers see their county; the city bureau sees everything (permissions.ts).
  const { user, membership } = await requireMembership(request, 'read:statistics:region', [
    'city_officer',
    'county_officer',
  ])
  const locale = await getLocale(request)
  const reach = reachFor(user.memberships, 'read:statistics:region')
  const db = getDb()
  const [workspace, regions] = await Promise.all([
    getBureauWorkspace(db, reach),
    regionNames(db, reach.kind === 'region' ? reach.regionIds : membership.regionId ? [membership.regionId] : []),
  ])
  const t = getFixedT(locale, 'dashboard')
  const regionLabel = regions.map((r) => (locale === 'en' ? r.nameEn : r.name)).join(locale === 'en' ? ', ' : '、')
  return json({
    title: t('bureau.title'),
    locale,
    userName: user.name,
    role: membership.role,
    orgName: locale === 'en' ? membership.orgNameEn : membership.orgName,
    scope: reach.kind === 'region' ? t('bureau.scopeRegion', { region: regionLabel }) : t('bureau.scopeAll'),
    ...workspace,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '科技局工作台' }]

export default function BureauHome() {
  const { t } = useTranslation('dashboard')
  const { t: tc } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const { locale } = data

  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc(`roles.${data.role}`)}${data.orgName ? ` · ${data.orgName}` : ''}`}
        title={t('bureau.title')}
        testId="role-home"
        actions={
          <>
            <ButtonLink to="/bureau/applications">{t('queue.title', { ns: 'applications' })}</ButtonLink>
            <ButtonLink to="/bureau/vouchers" variant="secondary">
              {t('links.bureau', { ns: 'wallet' })}
            </ButtonLink>
            <ButtonLink to="/bureau/institutions" variant="secondary">
              {t('bureau.reviewInstitutions')}
            </ButtonLink>
            <ButtonLink to="/bureau/enterprises" variant="secondary">
              {t('queue.title', { ns: 'enterprises' })}
            </ButtonLink>
            <ButtonLink to="/bureau/utilisation" variant="secondary">
              {t('bureau.utilisation')}
            </ButtonLink>
            <ButtonLink to="/bureau/programmes" variant="secondary">
              {t('list.title', { ns: 'programmes' })}
            </ButtonLink>
            <ButtonLink to="/bureau/claims" variant="secondary">
              {t('links.claims', { ns: 'staffBookings' })}
            </ButtonLink>
            <ButtonLink to="/bureau/disputes" variant="secondary">
              {t('links.disputes', { ns: 'staffBookings' })}
            </ButtonLink>
          </>
        }
        description={
          <>
            <p>{t('greeting', { name: data.userName })}</p>
            <p className="text-sm text-slate-500" data-testid="bureau-scope">
              {data.scope}
            </p>
          </>
        }
      />

      <dl className="mt-6 grid grid-cols-2 gap-2 sm:grid-cols-3 sm:gap-4">
        <StatCard
          label={t('bureau.pendingCounty')}
          value={formatCount(data.pendingCounty, locale)}
          testId="pending-county"
        />
        <StatCard label={t('bureau.pendingCity')} value={formatCount(data.pendingCity, locale)} testId="pending-city" />
        <StatCard
          label={t('bureau.vouchersIssued')}
          value={formatWan(BigInt(data.vouchersFaceValueFen), locale)}
          detail={t('bureau.vouchersIssuedCount', { count: data.vouchersIssued })}
          testId="vouchers-issued"
        />
      </dl>

      <Card title={t('bureau.bookingsByStatus')} titleId="bureau-bookings" className="mt-6">
        <DataTable
          caption={t('bureau.bookingsCaption')}
          captionHidden
          rows={data.bookingsByStatus}
          rowKey={(r) => r.status}
          empty={<EmptyState title={t('bureau.noBookings')} description={t('bureau.noBookingsText')} />}
          columns={[
            { key: 'status', header: t('bureau.status'), rowHeader: true, cell: (r) => t(`bookingStatus.${r.status}`) },
            { key: 'count', header: t('bureau.count'), align: 'right', cell: (r) => formatCount(r.count, locale) },
          ]}
        />
      </Card>
    </PageContainer>
  )
}
