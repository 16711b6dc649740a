import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Badge, type BadgeTone } from '~/components/badge'
import { ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatDate, formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { EnterpriseProfileCard } from '~/features/enterprises/profile-card'
import { getEnterpriseProfile } from '~/features/enterprises/queries.server'
import { formatFen, formatWan } from '~/features/money/money'
import { getEnterpriseWorkspace } from '~/features/users/workspace-queries.server'
import { getFixedT } from '~/i18n/i18n'
import { EnterpriseStatusBadge } from '~/features/bookings/enterprise-view'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, membership } = await requireMembership(request, 'read:enterprise:own', ['enterprise_member'])
  const locale = await getLocale(request)
  // The membership names the enterprise: the query cannot reach another one.
  const [workspace, profile] = await Promise.all([
    getEnterpriseWorkspace(getDb(), membership.enterpriseId!),
    getEnterpriseProfile(getDb(), membership.enterpriseId!),
  ])
  if (!workspace || !profile) throw new Response('enterprise not found', { status: 404 })
  const t = getFixedT(locale, 'dashboard')
  return json({ title: t('enterprise.title'), locale, userName: user.name, ...workspace, profile })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '企业工作台' }]

const STATUS_TONE: Record<string, BadgeTone> = {
  pending: 'warning',
  county_reviewed: 'info',
  verified: 'success',
  rejected: 'danger',
  suspended: 'danger',
}

export default function EnterpriseHome() {
  const { t } = useTranslation('dashboard')
  const { t: tc } = useTranslation()
  const { locale, userName, enterprise, vouchers, bookings, profile } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const region = locale === 'en' ? enterprise.region.nameEn : enterprise.region.name
  const awaitingReview = enterprise.status === 'pending' || enterprise.status === 'county_reviewed'

  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc('roles.enterprise_member')} · ${enterprise.name}`}
        title={t('enterprise.title')}
        testId="role-home"
        description={t('greeting', { name: userName })}
        actions={
          <>
            <ButtonLink to="/enterprise/applications">{t('mine.title', { ns: 'applications' })}</ButtonLink>
            <ButtonLink to="/enterprise/vouchers" variant="secondary">
              {t('links.mine', { ns: 'wallet' })}
            </ButtonLink>
            <ButtonLink to="/enterprise/bookings" variant="secondary">
              {t('links.mine', { ns: 'bookings' })}
            </ButtonLink>
            <ButtonLink to="/instruments" variant="secondary">
              {t('enterprise.browseInstruments')}
            </ButtonLink>
          </>
        }
      />

      {params.get('registered') ? (
        <Alert tone="success" className="mt-6">
          {t('registered')}
        </Alert>
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('enterprise.statusHeading')} titleId="enterprise-status" className="lg:col-span-1">
          <p>
            <Badge tone={STATUS_TONE[enterprise.status] ?? 'neutral'}>{tc(`orgStatus.${enterprise.status}`)}</Badge>
          </p>
          <p className="mt-3 text-slate-700" data-testid="enterprise-status-text">
            {t(`enterprise.statusText.${enterprise.status}`, { region })}
          </p>
          {(enterprise.status === 'rejected' || enterprise.status === 'suspended') && enterprise.reviews[0] ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="enterprise-status-reason">
              {t('enterprise.reviewReason', { reason: enterprise.reviews[0].reason })}
            </p>
          ) : null}
          {awaitingReview ? (
            <>
              <h3 className="mt-4 text-sm font-semibold text-slate-800">{t('enterprise.nextSteps')}</h3>
              <ol className="mt-2 space-y-2 text-sm text-slate-700">
                {(['county', 'city', 'apply'] as const).map((step, i) => {
                  const done = step === 'county' && enterprise.status === 'county_reviewed'
                  return (
                    <li key={step} className="flex gap-2">
                      <span
                        aria-hidden="true"
                        className={`grid size-6 shrink-0 place-items-center rounded-full text-xs font-semibold ${done ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-100 text-slate-700'}`}
                      >
                        {done ? '✓' : i + 1}
                      </span>
                      <span className={done ? 'text-slate-500 line-through' : undefined}>
                        {t(`enterprise.steps.${step}`, { region })}
                      </span>
                    </li>
                  )
                })}
              </ol>
            </>
          ) : null}
        </Card>

        <Card
          title={t('enterprise.vouchers')}
          titleId="enterprise-vouchers"
          className="lg:col-span-2"
          actions={
            <Link to="/enterprise/vouchers" className="text-sm text-brand-700 underline-offset-2 hover:underline">
              {t('links.all', { ns: 'wallet' })}
            </Link>
          }
        >
          <DataTable
            caption={t('enterprise.vouchersCaption')}
            captionHidden
            stacked
            rows={vouchers}
            rowKey={(v) => v.id}
            empty={<EmptyState title={t('enterprise.noVouchers')} description={t('enterprise.noVouchersText')} />}
            columns={[
              {
                key: 'serial',
                header: t('enterprise.voucherSerial'),
                rowHeader: true,
                cell: (v) => (
                  <Link
                    to={`/enterprise/vouchers/${v.id}`}
                    className="font-mono text-brand-700 underline-offset-2 hover:underline"
                  >
                    {v.serial}
                  </Link>
                ),
              },
              {
                key: 'face',
                header: t('enterprise.faceValue'),
                align: 'right',
                cell: (v) => formatWan(BigInt(v.faceValueFen), locale),
              },
              {
                key: 'available',
                header: t('enterprise.available'),
                align: 'right',
                cell: (v) => (
                  <span className="tabular-nums" data-testid="voucher-available">
                    {formatFen(BigInt(v.availableFen))}
                  </span>
                ),
              },
              { key: 'expires', header: t('enterprise.expiresAt'), cell: (v) => formatDate(v.expiresAt, locale) },
              {
                key: 'status',
                header: t('enterprise.status'),
                cell: (v) => (
                  <Badge tone={v.status === 'active' ? 'success' : 'neutral'}>{t(`voucherStatus.${v.status}`)}</Badge>
                ),
              },
            ]}
          />
        </Card>
      </div>

      <Card
        title={t('enterprise.bookings')}
        titleId="enterprise-bookings"
        className="mt-6"
        actions={
          <Link to="/enterprise/bookings" className="text-sm text-brand-700 underline-offset-2 hover:underline">
            {t('links.mine', { ns: 'bookings' })}
          </Link>
        }
      >
        <DataTable
          caption={t('enterprise.bookingsCaption')}
          captionHidden
          stacked
          rows={bookings}
          rowKey={(b) => b.id}
          empty={
            <EmptyState
              title={t('enterprise.noBookings')}
              description={t('enterprise.noBookingsText')}
              action={<ButtonLink to="/instruments">{t('enterprise.browseInstruments')}</ButtonLink>}
            />
          }
          columns={[
            {
              key: 'instrument',
              header: t('enterprise.instrument'),
              rowHeader: true,
              wrap: true,
              cell: (b) => (
                <Link to={`/enterprise/bookings/${b.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                  {locale === 'en' ? (b.instrument.nameEn ?? b.instrument.name) : b.instrument.name}
                </Link>
              ),
            },
            {
              key: 'service',
              header: t('enterprise.serviceItem'),
              wrap: true,
              cell: (b) => (locale === 'en' ? (b.serviceItem.nameEn ?? b.serviceItem.name) : b.serviceItem.name),
            },
            {
              key: 'status',
              header: t('enterprise.status'),
              cell: (b) => <EnterpriseStatusBadge status={b.status} copayFen={b.copayFen} />,
            },
            { key: 'created', header: t('enterprise.bookedAt'), cell: (b) => formatDateTime(b.createdAt, locale) },
            { key: 'fee', header: t('enterprise.fee'), align: 'right', cell: (b) => formatFen(BigInt(b.feeFen)) },
          ]}
        />
      </Card>

      <EnterpriseProfileCard profile={profile} locale={locale} />
    </PageContainer>
  )
}
