import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Badge } from '~/components/badge'
import { ButtonLink } from '~/components/button'
import { Card, StatCard } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatCount, formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { formatFen } from '~/features/money/money'
import { getInstitutionWorkspace } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, membership } = await requireMembership(request, 'read:institution:own', ['institution_staff'])
  const locale = await getLocale(request)
  const workspace = await getInstitutionWorkspace(getDb(), membership.institutionId!)
  if (!workspace) throw new Response('institution not found', { status: 404 })
  const t = getFixedT(locale, 'dashboard')
  return json({ title: t('institution.title'), locale, userName: user.name, ...workspace })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '服务机构工作台' }]

export default function InstitutionHome() {
  const { t } = useTranslation('dashboard')
  const { t: tc } = useTranslation()
  const { locale, userName, institution, instrumentCount, openCount, pendingCount, requests } =
    useLoaderData<typeof loader>()
  const name = locale === 'en' ? (institution.nameEn ?? institution.name) : institution.name

  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc('roles.institution_staff')} · ${name}`}
        title={t('institution.title')}
        testId="role-home"
        description={t('greeting', { name: userName })}
        actions={
          <>
            <ButtonLink to="/institution/bookings">{t('links.institution', { ns: 'staffBookings' })}</ButtonLink>
            <ButtonLink to="/institution/instruments" variant="secondary">
              {t('institution.manageInstruments')}
            </ButtonLink>
            <ButtonLink to="/institution/utilisation" variant="secondary">
              {t('institution.utilisation')}
            </ButtonLink>
            <ButtonLink to="/instruments" variant="secondary">
              {t('institution.viewCatalogue')}
            </ButtonLink>
          </>
        }
      />
      {institution.status !== 'verified' ? (
        <Alert tone="warning" className="mt-6">
          {t('institution.notAdmitted', { status: tc(`orgStatus.${institution.status}`) })}{' '}
          <Link
            to={`/institutions/apply?submitted=${institution.id}`}
            className="font-medium underline underline-offset-2"
          >
            {t('institution.notAdmittedLink')}
          </Link>
        </Alert>
      ) : null}

      <dl className="mt-6 grid grid-cols-3 gap-2 sm:gap-4">
        <StatCard
          label={t('institution.instruments')}
          value={formatCount(instrumentCount, locale)}
          testId="instrument-count"
        />
        <StatCard label={t('institution.openInstruments')} value={formatCount(openCount, locale)} />
        <StatCard label={t('institution.pendingRequests')} value={formatCount(pendingCount, locale)} />
      </dl>

      {instrumentCount === 0 ? (
        <div className="mt-6">
          <EmptyState
            title={t('institution.noInstruments')}
            description={t('institution.noInstrumentsText')}
            action={<ButtonLink to="/instruments">{t('institution.viewCatalogue')}</ButtonLink>}
          />
        </div>
      ) : null}

      <Card title={t('institution.requests')} titleId="institution-requests" className="mt-6">
        <DataTable
          caption={t('institution.requestsCaption')}
          captionHidden
          stacked
          rows={requests}
          rowKey={(r) => r.id}
          empty={<EmptyState title={t('institution.noRequests')} description={t('institution.noRequestsText')} />}
          columns={[
            {
              key: 'enterprise',
              header: t('institution.enterprise'),
              rowHeader: true,
              wrap: true,
              cell: (r) => r.enterprise.name,
            },
            {
              key: 'instrument',
              header: t('institution.instrument'),
              cell: (r) => (locale === 'en' ? (r.instrument.nameEn ?? r.instrument.name) : r.instrument.name),
            },
            { key: 'created', header: t('institution.bookedAt'), cell: (r) => formatDateTime(r.createdAt, locale) },
            { key: 'fee', header: t('institution.fee'), align: 'right', cell: (r) => formatFen(BigInt(r.feeFen)) },
            {
              key: 'status',
              header: t('institution.status'),
              cell: (r) => (
                <Badge tone={r.status === 'requested' ? 'warning' : 'neutral'}>{t(`bookingStatus.${r.status}`)}</Badge>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  )
}
