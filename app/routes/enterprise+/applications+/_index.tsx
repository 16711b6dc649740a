import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Badge } from '~/components/badge'
import { ButtonLink } from '~/components/button'
import { Card } from '~/components/card'
import { EmptyState } from '~/components/empty-state'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { listEnterpriseApplications, userNames } from '~/features/applications/queries.server'
import { hasCountyStep, nextApplicationReviewer } from '~/features/applications/rules'
import { formatFen } from '~/features/money/money'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { ApplicationStatusBadge } from '~/features/applications/status-badge'

// The enterprise's applications, newest first, each with its two review steps (who, when, what,
// why) and the voucher it produced. Ownership is the membership's enterprise in the query.

export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:application:own', ['enterprise_member'])
  const locale = await getLocale(request)
  const db = getDb()
  const enterprise = await db.enterprise.findUniqueOrThrow({
    where: { id: membership.enterpriseId! },
    select: { name: true, status: true, region: { select: { name: true, nameEn: true } } },
  })
  const rows = await listEnterpriseApplications(db, membership.enterpriseId!)
  const names = await userNames(
    db,
    rows.flatMap((r) => [r.countyReviewerId, r.cityReviewerId]),
  )
  return json({
    title: getFixedT(locale, 'applications')('mine.title'),
    locale,
    enterprise: {
      name: enterprise.name,
      verified: enterprise.status === 'verified',
      region: locale === 'en' ? enterprise.region.nameEn : enterprise.region.name,
    },
    applications: rows.map((r) => {
      const countyStep = hasCountyStep(r.enterprise.region)
      return {
        id: r.id,
        programme: r.programme.name,
        amountFen: r.amountFen.toString(),
        purpose: r.purpose,
        plannedUse: r.plannedUse,
        status: r.status,
        countyStep,
        next: nextApplicationReviewer({ status: r.status, countyStep }),
        createdAt: r.createdAt.toISOString(),
        county: r.countyDecision
          ? {
              decision: r.countyDecision as 'approved' | 'rejected',
              at: r.countyReviewedAt!.toISOString(),
              reviewer: names[r.countyReviewerId ?? ''] ?? null,
              reason: r.countyReason,
            }
          : null,
        city: r.cityDecision
          ? {
              decision: r.cityDecision as 'approved' | 'rejected',
              at: r.cityReviewedAt!.toISOString(),
              reviewer: names[r.cityReviewerId ?? ''] ?? null,
              reason: r.cityReason,
            }
          : null,
        voucher: r.voucher,
      }
    }),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券申请' }]

export default function MyApplications() {
  const { t } = useTranslation('applications')
  const { locale, enterprise, applications } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const applyButton = enterprise.verified ? (
    <ButtonLink to="/enterprise/applications/new">{t('mine.apply')}</ButtonLink>
  ) : null

  return (
    <PageContainer>
      <PageHeader
        eyebrow={enterprise.name}
        title={t('mine.title')}
        description={t('mine.description')}
        actions={applyButton}
      />
      {params.get('done') === 'submitted' ? (
        <Alert tone="success" className="mt-6">
          {t('mine.submitted')}
        </Alert>
      ) : null}
      {!enterprise.verified ? (
        <Alert tone="warning" className="mt-6">
          {t('mine.notVerified')}
        </Alert>
      ) : null}
      {applications.length === 0 ? (
        <div className="mt-6">
          <EmptyState title={t('mine.empty')} description={t('mine.emptyText')} action={applyButton} />
        </div>
      ) : (
        <ul className="mt-6 space-y-4" aria-label={t('mine.title')}>
          {applications.map((a) => (
            <li key={a.id} data-testid="application">
              <Card>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="text-sm text-slate-500">{a.programme}</p>
                    <p className="mt-0.5 text-xl font-semibold tabular-nums text-slate-900">
                      {formatFen(BigInt(a.amountFen))}
                    </p>
                  </div>
                  <ApplicationStatusBadge status={a.status} countyStep={a.countyStep} testId="application-status" />
                </div>
                <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
                  <dt className="text-slate-500">{t('mine.purpose')}</dt>
                  <dd className="text-slate-900">{a.purpose}</dd>
                  {a.plannedUse ? (
                    <>
                      <dt className="text-slate-500">{t('mine.plannedUse')}</dt>
                      <dd className="text-slate-900">{a.plannedUse}</dd>
                    </>
                  ) : null}
                </dl>
                <ol className="mt-4 space-y-2 border-l-2 border-slate-200 pl-4 text-sm">
                  <li>
                    <span className="font-medium text-slate-800">{t('step.submitted')}</span>
                    <span className="ml-2 text-slate-500">{formatDateTime(a.createdAt, locale)}</span>
                  </li>
                  {a.countyStep ? <Step label={t('step.county')} step={a.county} locale={locale} /> : null}
                  {a.city ? <Step label={t('step.city')} step={a.city} locale={locale} /> : null}
                  {a.next ? (
                    <li className="text-slate-600">
                      {a.next === 'county'
                        ? t('mine.waitingCounty', { region: enterprise.region })
                        : t('mine.waitingCity')}
                    </li>
                  ) : null}
                </ol>
                {a.voucher ? (
                  <p className="mt-4">
                    <Link
                      to={`/enterprise/vouchers/${a.voucher.id}`}
                      className="font-medium text-brand-700 underline-offset-2 hover:underline"
                    >
                      {t('mine.viewVoucher', { serial: a.voucher.serial })} →
                    </Link>
                  </p>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </PageContainer>
  )
}

function Step({
  label,
  step,
  locale,
}: {
  label: string
  step: { decision: 'approved' | 'rejected'; at: string; reviewer: string | null; reason: string | null } | null
  locale: 'zh-CN' | 'en'
}) {
  const { t } = useTranslation('applications')
  if (!step) return null
  return (
    <li>
      <span className="font-medium text-slate-800">{label}</span>
      <span className="ml-2">
        <Badge tone={step.decision === 'approved' ? 'success' : 'danger'}>{t(`decision.${step.decision}`)}</Badge>
      </span>
      <span className="ml-2 text-slate-500">
        {formatDateTime(step.at, locale)}
        {step.reviewer ? ` · ${step.reviewer}` : ''}
      </span>
      {step.reason ? (
        <p className="mt-1 text-slate-700">
          {t('mine.reason')}：{step.reason}
        </p>
      ) : null}
    </li>
  )
}
