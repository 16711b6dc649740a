import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Badge } from '~/components/badge'
import { Card } from '~/components/card'
import { formatDateTime } from '~/components/format'
import { PageContainer } from '~/components/page-container'
import { PageHeader } from '~/components/page-header'
import { getBookingDetail } from '~/features/bookings/staff-queries.server'
import {
  BookedWhat,
  BookingHistory,
  BookingStatusBadge,
  bpPercent,
  EvidenceFacts,
  FactList,
  FlagBadges,
  None,
} from '~/features/bookings/staff-view'
import { localName } from '~/features/instruments/instrument-badges'
import { formatFen } from '~/features/money/money'
import { getClaimInReach } from '~/features/redemptions/claim-queries.server'
import { isUuid } from '~/infra/uuid'
import { officerReach } from '~/features/redemptions/officer-reach'
import { getFixedT } from '~/i18n/i18n'
import { getLocale } from '~/i18n/locale.server'
import { requireMembership } from '~/infra/auth.server'
import { getDb } from '~/infra/db.server'
import { notFound } from '~/infra/http.server'

// One redemption claim's evidence (DOMAIN: booking, fee snapshot, usage record, report number,
// invoice number, co-payment proof) with the booking's history. Read-only for now; a claim out of
// the officer's reach is "not found".

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireMembership(request, 'read:booking:region', ['city_officer', 'county_officer'])
  const id = params.id ?? ''
  if (!isUuid(id)) throw await notFound(request)
  const db = getDb()
  const claim = await getClaimInReach(db, officerReach(user.memberships), id)
  if (!claim) throw await notFound(request)
  const booking = await getBookingDetail(db, claim.bookingId)
  if (!booking) throw await notFound(request)
  const locale = await getLocale(request)
  return json({
    title: getFixedT(locale, 'staffBookings')('claimDetail.eyebrow'),
    locale,
    claim: {
      id: claim.id,
      status: claim.status,
      amountFen: claim.amountFen.toString(),
      period: claim.period,
      claimedAt: claim.claimedAt.toISOString(),
      issuingRegion: locale === 'en' ? claim.issuingRegion.nameEn : claim.issuingRegion.name,
    },
    booking,
  })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? '兑付申请' }]

export default function BureauClaim() {
  const { t } = useTranslation('staffBookings')
  const { locale, claim, booking: b } = useLoaderData<typeof loader>()
  const fen = (v: string | null) =>
    v === null ? <None /> : <span className="tabular-nums">{formatFen(BigInt(v))}</span>
  const rows = (facts: [string, ReactNode][]) => facts
  return (
    <PageContainer>
      <p className="mb-3 text-sm">
        <Link to="/bureau/claims" className="text-brand-700 underline-offset-2 hover:underline">
          ← {t('claimDetail.back')}
        </Link>
      </p>
      <PageHeader
        eyebrow={t('claimDetail.eyebrow')}
        title={<span className="tabular-nums">{formatFen(BigInt(claim.amountFen))}</span>}
        testId="claim-detail"
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone={claim.status === 'rejected' ? 'danger' : claim.status === 'submitted' ? 'warning' : 'success'}>
              {t(`claims.status.${claim.status}`, { defaultValue: claim.status })}
            </Badge>
            <span>{localName(locale, b.institution.name, b.institution.nameEn)}</span>
            <span className="text-slate-400">·</span>
            <span>{b.enterprise.name}</span>
          </span>
        }
      />
      <Alert tone="info" className="mt-6">
        {t('claims.readOnly')}
      </Alert>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title={t('claimDetail.summaryTitle')} titleId="claim-summary">
          <FactList
            testId="claim-summary"
            facts={rows([
              [t('claimDetail.institution'), localName(locale, b.institution.name, b.institution.nameEn)],
              [
                t('claimDetail.enterprise'),
                <span key="e" className="inline-flex flex-col">
                  <span>{b.enterprise.name}</span>
                  <span className="font-mono text-xs text-slate-500">{b.enterprise.uscc}</span>
                </span>,
              ],
              [
                t('claimDetail.instrument'),
                `${localName(locale, b.instrument.name, b.instrument.nameEn)} · ${localName(locale, b.serviceItem.name, b.serviceItem.nameEn)}`,
              ],
              [
                t('claimDetail.voucher'),
                b.voucher ? (
                  t('claimDetail.voucherValue', {
                    serial: b.voucher.serial,
                    programme: b.voucher.programme.name,
                    percent: bpPercent(b.shareBp),
                  })
                ) : (
                  <None />
                ),
              ],
              [t('claimDetail.issuingRegion'), claim.issuingRegion],
              [t('claimDetail.amount'), fen(claim.amountFen)],
              [t('claimDetail.period'), claim.period],
              [t('claimDetail.claimedAt'), formatDateTime(claim.claimedAt, locale)],
              [t('claimDetail.status'), <BookingStatusBadge key="s" status={b.status} />],
              [
                t('claimDetail.flags'),
                b.flags.length > 0 ? <FlagBadges key="f" flags={b.flags} /> : t('claimDetail.noFlags'),
              ],
            ])}
          />
        </Card>

        <Card title={t('claimDetail.snapshotTitle')} titleId="claim-snapshot">
          <FactList
            testId="claim-snapshot"
            facts={rows([
              [
                t('detail.unitFee'),
                t('detail.unitFeeValue', {
                  fee: formatFen(BigInt(b.unitFeeFen)),
                  quantity: t(`quantity.${b.unit}`, { count: b.quantity }),
                }),
              ],
              [t('claimDetail.bookedWhen'), <BookedWhat key="w" booking={b} locale={locale} />],
              [t('detail.fee'), fen(b.feeFen)],
              [t('detail.voucherShare'), fen(b.voucherShareFen)],
              [t('detail.copay'), fen(b.copayFen)],
              [t('detail.finalFee'), fen(b.delivery?.finalFeeFen ?? null)],
              [t('detail.finalShare'), fen(b.delivery?.finalVoucherShareFen ?? null)],
              [t('detail.finalCopay'), fen(b.delivery?.finalCopayFen ?? null)],
            ])}
          />
        </Card>

        <Card title={t('claimDetail.evidenceTitle')} titleId="claim-evidence">
          <EvidenceFacts booking={b} locale={locale} />
        </Card>

        <Card title={t('claimDetail.paymentTitle')} titleId="claim-payment">
          {BigInt(b.copayFen) === 0n ? (
            <p className="text-sm text-slate-600">{t('claimDetail.paymentNone')}</p>
          ) : b.payment ? (
            <FactList
              testId="claim-payment"
              facts={rows([
                [t('claimDetail.paymentAmount'), fen(b.payment.amountFen)],
                [t('claimDetail.paymentStatus'), t(`payment.${b.payment.status}`, { defaultValue: b.payment.status })],
                [
                  t('claimDetail.paymentIntent'),
                  b.payment.intentId ? <span className="font-mono text-xs">{b.payment.intentId}</span> : <None />,
                ],
                [t('claimDetail.paymentRefunded'), fen(b.payment.refundedFen)],
                [t('claimDetail.paymentAt'), formatDateTime(b.payment.updatedAt, locale)],
              ])}
            />
          ) : (
            <p className="text-sm text-slate-600">{t('claimDetail.paymentMissing')}</p>
          )}
        </Card>
      </div>

      <BookingHistory history={b.history} createdAt={b.createdAt} locale={locale} />
    </PageContainer>
  )
}
