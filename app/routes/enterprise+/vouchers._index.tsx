import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ButtonLink } from '~/components/button'
import { EmptyState } from '~/components/empty-state'
import { formatDate } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { voucherSummaryData } from '~/features/vouchers/wallet-data'
import { listEnterpriseVouchers } from '~/features/vouchers/wallet-queries.server'
import { ExpiryWarning, FigureBar, VoucherFigureList, VoucherStatusBadge } from '~/features/vouchers/wallet-view'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'

// The enterprise's wallet (我的创新券): every voucher it holds, as cards with the figures the
// ledger gives (available, held, used), the expiry (a warning in the last 30 days) and the status.

export async function loader({ request }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:voucher:own', ['enterprise_member'])
  const locale = await getLocale(request)
  // The membership names the enterprise: the query cannot reach another one.
  const rows = await listEnterpriseVouchers(getDb(), membership.enterpriseId!)
  const now = new Date()
  return json({
    title: getFixedT(locale, 'wallet')('mine.title'),
    locale,
    enterpriseName: membership.orgName,
    vouchers: rows.map((r) => voucherSummaryData(r, now)),
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '我的创新券' }]

export default function EnterpriseVouchers() {
  const { t } = useTranslation('wallet')
  const { t: tc } = useTranslation()
  const { locale, enterpriseName, vouchers } = useLoaderData<typeof loader>()

  return (
    <PageContainer>
      <PageHeader
        eyebrow={`${tc('roles.enterprise_member')}${enterpriseName ? ` · ${enterpriseName}` : ''}`}
        title={t('mine.title')}
        testId="voucher-wallet"
        description={t('mine.description')}
        actions={
          <ButtonLink to="/enterprise/applications/new" variant="secondary">
            {t('mine.apply')}
          </ButtonLink>
        }
      />

      {vouchers.length === 0 ? (
        <div className="mt-6">
          <EmptyState
            title={t('mine.empty')}
            description={t('mine.emptyText')}
            action={<ButtonLink to="/enterprise/applications/new">{t('mine.apply')}</ButtonLink>}
          />
        </div>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t('mine.caption')}>
          {vouchers.map((v) => (
            <li
              key={v.id}
              className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
              data-testid="voucher-card"
            >
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <h2 className="font-mono text-lg font-semibold">
                    <Link
                      to={`/enterprise/vouchers/${v.id}`}
                      className="text-brand-700 underline-offset-2 hover:underline"
                    >
                      {v.serial}
                    </Link>
                  </h2>
                  <p className="mt-0.5 text-sm break-words text-slate-600">{v.programme.name}</p>
                </div>
                <VoucherStatusBadge status={v.status} />
              </div>
              <div className="mt-4">
                <FigureBar figures={v.figures} />
              </div>
              <div className="mt-3 flex-1">
                <VoucherFigureList figures={v.figures} compact />
              </div>
              <p className="mt-4 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3 text-sm text-slate-600">
                <span>
                  {t('columns.expires')} {formatDate(v.expiresAt, locale)}
                </span>
                <ExpiryWarning expiry={v.expiry} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </PageContainer>
  )
}
