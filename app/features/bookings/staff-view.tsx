// Pieces of the staff's and the bureau's booking pages: status and flag badges, the booked time or
// quantity, the booking's facts and its history. Texts in the 'staffBookings' namespace.
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge, type BadgeTone } from '~/components/badge'
import { Card } from '~/components/card'
import { formatDate, formatDateTime } from '~/components/format'
import { formatFen } from '~/features/money/money'
import type { Locale } from '~/i18n/config'
import type { EvidenceKind } from './evidence-file-type'
import type { BookingState } from './transitions'

const STATUS_TONE: Record<BookingState, BadgeTone> = {
  requested: 'warning',
  approved: 'info',
  paid: 'info',
  in_service: 'info',
  delivered: 'warning',
  disputed: 'danger',
  confirmed: 'success',
  claimed: 'success',
  redeemed: 'success',
  claim_rejected: 'danger',
  settled: 'success',
  rejected: 'neutral',
  cancelled: 'neutral',
  expired: 'neutral',
}

export function BookingStatusBadge({ status }: { status: BookingState }) {
  const { t } = useTranslation('staffBookings')
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>
}

export function FlagBadges({ flags }: { flags: readonly { kind: string; status?: string }[] | readonly string[] }) {
  const { t } = useTranslation('staffBookings')
  if (flags.length === 0) return null
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="booking-flags">
      {flags.map((f) => {
        const kind = typeof f === 'string' ? f : f.kind
        const closed = typeof f !== 'string' && f.status !== undefined && f.status !== 'open'
        return (
          <Badge key={kind} tone={closed ? 'neutral' : 'danger'}>
            {t(`flags.${kind}`, { defaultValue: kind })}
          </Badge>
        )
      })}
    </span>
  )
}

const ZONE = 'Asia/Shanghai'

/** "2026/06/10 09:00–11:00" (one day) or both ends in full, in Asia/Shanghai. */
export function formatRange(startsAt: string, endsAt: string, locale: Locale): string {
  const day = (iso: string) => formatDate(iso, locale)
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(
      new Date(iso),
    )
  if (day(startsAt) === day(endsAt)) return `${day(startsAt)} ${time(startsAt)}–${time(endsAt)}`
  return `${formatDateTime(startsAt, locale)} – ${formatDateTime(endsAt, locale)}`
}

/** What was booked: the slot, or the quantity and the wanted date. */
export function BookedWhat({
  booking,
  locale,
}: {
  booking: { startsAt: string | null; endsAt: string | null; quantity: number; unit: string; wantedBy: string | null }
  locale: Locale
}) {
  const { t } = useTranslation('staffBookings')
  if (booking.startsAt && booking.endsAt) {
    return <span className="tabular-nums">{formatRange(booking.startsAt, booking.endsAt, locale)}</span>
  }
  return (
    <span className="inline-flex flex-col">
      <span>{t(`quantity.${booking.unit}`, { count: booking.quantity, defaultValue: String(booking.quantity) })}</span>
      {booking.wantedBy ? (
        <span className="text-xs text-slate-500">
          {t('list.wantedBy', { date: formatDate(`${booking.wantedBy}T00:00:00+08:00`, locale) })}
        </span>
      ) : null}
    </span>
  )
}

/** Fee, voucher share and co-payment stacked in one cell. */
export function FeeSplit({ fee, share, copay }: { fee: string; share: string; copay: string }) {
  const { t } = useTranslation('staffBookings')
  return (
    <span className="inline-flex flex-col items-end tabular-nums">
      <span className="font-medium">{formatFen(BigInt(fee))}</span>
      <span className="text-xs text-slate-500">
        {t('list.shareShort', { amount: formatFen(BigInt(share)) })} ·{' '}
        {t('list.copayShort', { amount: formatFen(BigInt(copay)) })}
      </span>
    </span>
  )
}

export function FactList({ facts, testId }: { facts: [string, ReactNode][]; testId?: string }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[11rem_1fr]" data-testid={testId}>
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500 sm:pt-0.5">{label}</dt>
          <dd className="-mt-2 break-words text-slate-900 sm:mt-0">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

export const None = () => <span className="text-slate-400">—</span>

export type HistoryEntry = {
  id: string
  transition: string
  fromStatus: BookingState
  toStatus: BookingState
  actorKind: string
  actorName: string | null
  reason: string | null
  at: string
}

/** The booking's history (booking_event rows): what happened, who did it, when and why. */
export function BookingHistory({
  history,
  createdAt,
  locale,
}: {
  history: readonly HistoryEntry[]
  createdAt: string
  locale: Locale
}) {
  const { t } = useTranslation('staffBookings')
  return (
    <Card title={t('history.title')} titleId="booking-history" className="mt-6">
      <ol className="space-y-3 text-sm" data-testid="booking-history">
        <li className="flex flex-col gap-0.5 sm:flex-row sm:gap-3">
          <span className="shrink-0 text-slate-500 tabular-nums sm:w-40">{formatDateTime(createdAt, locale)}</span>
          <span>{t('history.requested')}</span>
        </li>
        {history.map((e) => (
          <li key={e.id} className="flex flex-col gap-0.5 sm:flex-row sm:gap-3">
            <span className="shrink-0 text-slate-500 tabular-nums sm:w-40">{formatDateTime(e.at, locale)}</span>
            <span className="min-w-0">
              <span className="font-medium text-slate-900">
                {t(`transition.${e.transition}`, { defaultValue: e.transition })}
              </span>
              <span className="text-slate-600">
                {' · '}
                {t(`actor.${e.actorKind}`, { defaultValue: e.actorKind })}
                {e.actorName ? ` ${e.actorName}` : ''}
              </span>
              {e.fromStatus !== e.toStatus ? (
                <span className="block text-xs text-slate-500">
                  {t(`status.${e.fromStatus}`)} → {t(`status.${e.toStatus}`)}
                </span>
              ) : null}
              {e.reason ? (
                <span className="mt-0.5 block break-words whitespace-pre-line text-slate-700">
                  {t('history.reason', { reason: e.reason })}
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </Card>
  )
}

export type EvidenceBooking = {
  id: string
  unit: 'hour' | 'sample' | 'item'
  delivery: {
    at: string
    actualStartsAt: string | null
    actualEndsAt: string | null
    actualQuantity: number | null
    finalFeeFen: string | null
    reportNo: string | null
    hasReportFile: boolean
    invoiceNo: string | null
    hasInvoiceFile: boolean
  } | null
}

/** The delivery record with links to the report and invoice files (served by /files/booking/:id/:kind). */
export function EvidenceFacts({ booking: b, locale }: { booking: EvidenceBooking; locale: Locale }) {
  const { t } = useTranslation('staffBookings')
  const d = b.delivery
  if (!d) return null
  const file = (kind: EvidenceKind, has: boolean) =>
    has ? (
      <a
        href={`/files/booking/${b.id}/${kind}`}
        className="ml-2 text-brand-700 underline underline-offset-2"
        data-testid={`${kind}-file-link`}
      >
        {t(`delivery.${kind}File`)}
      </a>
    ) : (
      <span className="ml-2 text-xs text-slate-500">{t('delivery.noFile')}</span>
    )
  return (
    <FactList
      testId="delivery-facts"
      facts={[
        [t('delivery.at'), formatDateTime(d.at, locale)],
        [
          t('delivery.usage'),
          d.actualStartsAt && d.actualEndsAt ? (
            formatRange(d.actualStartsAt, d.actualEndsAt, locale)
          ) : d.actualQuantity !== null ? (
            t(`quantity.${b.unit}`, { count: d.actualQuantity })
          ) : (
            <None />
          ),
        ],
        [t('delivery.finalFee'), d.finalFeeFen !== null ? formatFen(BigInt(d.finalFeeFen)) : <None />],
        [
          t('delivery.reportNo'),
          <span key="r">
            <span className="font-mono">{d.reportNo}</span>
            {file('report', d.hasReportFile)}
          </span>,
        ],
        [
          t('delivery.invoiceNo'),
          <span key="i">
            <span className="font-mono">{d.invoiceNo}</span>
            {file('invoice', d.hasInvoiceFile)}
          </span>,
        ],
      ]}
    />
  )
}

/** Percent text of basis points: 5000 → "50", 1250 → "12.5". */
export function bpPercent(bp: number): string {
  const whole = Math.floor(bp / 100)
  const frac = bp % 100
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}
