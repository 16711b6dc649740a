import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { voucherDetailData } from '~/features/vouchers/wallet-data'
import { getWalletVoucher, listVoucherTransfers } from '~/features/vouchers/wallet-queries.server'
import { isUuid } from '~/infra/uuid'
import {
  VoucherFiguresCard,
  VoucherMovementsCard,
  VoucherStatusBadge,
  VoucherValidityCard,
} from '~/features/vouchers/wallet-view'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { notFound } from '~/infra/http.server'

// One voucher of the enterprise: its figures, validity and every movement of its ledger account.
// The enterprise is in the query: another enterprise's voucher is "not found" (404), never shown.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { membership } = await requireMembership(request, 'read:voucher:own', ['enterprise_member'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const voucher = await getWalletVoucher(db, id, {
    kind: 'own',
    enterpriseIds: [membership.enterpriseId!],
    institutionIds: [],
  })
  if (!voucher) throw await notFound(request)
  const locale = await getLocale(request)
  const transfers = await listVoucherTransfers(db, voucher.accountId)
  return json({ title: voucher.serial, locale, voucher: voucherDetailData(voucher, transfers, new Date()) })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '创新券' }]

export default function EnterpriseVoucherDetail() {
  const { t } = useTranslation('wallet')
  const { locale, voucher } = useLoaderData<typeof loader>()

  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/enterprise/vouchers" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('mine.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('detail.eyebrow')}
        title={<span className="font-mono">{voucher.serial}</span>}
        testId="voucher-detail"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <VoucherStatusBadge status={voucher.status} />
            <span>{voucher.programme.name}</span>
          </span>
        }
      />

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <VoucherFiguresCard voucher={voucher} />
        <VoucherValidityCard voucher={voucher} locale={locale} />
      </div>

      {voucher.revocation ? (
        <div className="mt-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          <p className="font-semibold">{t('revocation.title')}</p>
          <p className="mt-1">
            {t('revocation.reason')}
            {locale === 'en' ? ': ' : '：'}
            {voucher.revocation.reason}
          </p>
        </div>
      ) : null}

      <VoucherMovementsCard movements={voucher.movements} locale={locale} />
    </PageContainer>
  )
}
