// The voucher wallet's building blocks, shared by the enterprise's pages and the bureau's: the
// status badge, the expiry warning, the figures (with a bar that splits the face value), the
// validity facts and the movements table. Data arrives as wallet-data.ts shapes (fen strings).
import { useTranslation } from 'react-i18next'
import { Alert } from '~/components/alert'
import { Badge, type BadgeTone } from '~/components/badge'
import { Card } from '~/components/card'
import { DataTable } from '~/components/data-table'
import { EmptyState } from '~/components/empty-state'
import { formatDate, formatDateTime } from '~/components/format'
import { formatFen } from '~/features/money/money'
import type { Locale } from '~/i18n/config'
import type { ExpiryNotice } from './wallet'
import type { FiguresData, MovementData, VoucherDetailData } from './wallet-data'

const STATUS_TONE: Record<string, BadgeTone> = { active: 'success', expired: 'neutral', revoked: 'danger' }

export function VoucherStatusBadge({ status }: { status: 'active' | 'expired' | 'revoked' }) {
  const { t } = useTranslation('wallet')
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>
}

/** "expires in N days" for an active voucher in its last 30 days (nothing otherwise). */
export function ExpiryWarning({ expiry }: { expiry: ExpiryNotice }) {
  const { t } = useTranslation('wallet')
  if (expiry.kind === 'none') return null
  const text =
    expiry.kind === 'past'
      ? t('expiry.past')
      : expiry.days === 0
        ? t('expiry.today')
        : t('expiry.soon', { count: expiry.days })
  return (
    <span
      className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-200 ring-inset"
      data-testid="expiry-warning"
    >
      <span aria-hidden="true">⚠</span>
      {text}
    </span>
  )
}

const PARTS = [
  { key: 'available', colour: 'bg-emerald-500' },
  { key: 'held', colour: 'bg-amber-400' },
  { key: 'used', colour: 'bg-brand-600' },
  { key: 'returned', colour: 'bg-slate-300' },
] as const

/** The face value split into available, held, used and returned, as a bar (decoration: the numbers are beside it). */
export function FigureBar({ figures }: { figures: FiguresData }) {
  const face = BigInt(figures.faceFen)
  if (face <= 0n) return null
  const fen = {
    available: figures.availableFen,
    held: figures.heldFen,
    used: figures.usedFen,
    returned: figures.returnedFen,
  }
  return (
    <div aria-hidden="true" className="flex h-2 w-full overflow-hidden rounded-full bg-slate-100">
      {PARTS.map((p) => {
        const part = BigInt(fen[p.key])
        if (part <= 0n) return null
        // Per-mille of the face value, integer arithmetic (a width, not money).
        const permille = Number((part * 1000n) / face)
        return <span key={p.key} className={p.colour} style={{ width: `${permille / 10}%` }} />
      })}
    </div>
  )
}

/** The four figures (and face value), each in its own line; the available balance stands out. */
export function VoucherFigureList({ figures, compact = false }: { figures: FiguresData; compact?: boolean }) {
  const { t } = useTranslation('wallet')
  const rows: { key: 'face' | 'available' | 'held' | 'used' | 'returned'; fen: string; dot: string | null }[] = [
    { key: 'face', fen: figures.faceFen, dot: null },
    { key: 'available', fen: figures.availableFen, dot: 'bg-emerald-500' },
    { key: 'held', fen: figures.heldFen, dot: 'bg-amber-400' },
    { key: 'used', fen: figures.usedFen, dot: 'bg-brand-600' },
  ]
  if (!compact) rows.push({ key: 'returned', fen: figures.returnedFen, dot: 'bg-slate-300' })
  return (
    <dl className="space-y-1.5 text-sm">
      {rows.map((r) => (
        <div key={r.key} className="flex items-center justify-between gap-4">
          <dt className="flex items-center gap-2 text-slate-600">
            {r.dot ? <span aria-hidden="true" className={`size-2.5 rounded-full ${r.dot}`} /> : null}
            {t(`figures.${r.key}`)}
          </dt>
          <dd
            className={`tabular-nums ${r.key === 'available' ? 'text-base font-semibold text-slate-900' : 'font-medium text-slate-900'}`}
            data-testid={`figure-${r.key}`}
          >
            {formatFen(BigInt(r.fen))}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** The figures card of a voucher's detail page. */
export function VoucherFiguresCard({ voucher }: { voucher: VoucherDetailData }) {
  const { t } = useTranslation('wallet')
  const f = voucher.figures
  const returnedParts = [
    BigInt(f.lapsedFen) > 0n ? `${t('figures.lapsed')} ${formatFen(BigInt(f.lapsedFen))}` : null,
    BigInt(f.revokedFen) > 0n ? `${t('figures.revoked')} ${formatFen(BigInt(f.revokedFen))}` : null,
  ].filter(Boolean)
  return (
    <Card title={t('detail.figuresTitle')} titleId="voucher-figures">
      <p className="text-sm text-slate-600">{t('figures.available')}</p>
      <p className="text-3xl font-semibold tabular-nums text-slate-900" data-testid="voucher-available">
        {formatFen(BigInt(f.availableFen))}
      </p>
      <div className="mt-3">
        <FigureBar figures={f} />
      </div>
      <div className="mt-4">
        <VoucherFigureList figures={f} />
        {returnedParts.length > 0 ? (
          <p className="mt-1 text-right text-xs text-slate-500">{returnedParts.join(' · ')}</p>
        ) : null}
      </div>
      <p className="mt-4 text-xs text-slate-500">{t('figures.note')}</p>
      {!voucher.consistent ? (
        <Alert tone="warning" className="mt-3">
          {t('figures.unbalanced', { amount: formatFen(BigInt(f.unexplainedFen)) })}
        </Alert>
      ) : null}
    </Card>
  )
}

/** Validity, redeem-by and the programme's voucher share. */
export function VoucherValidityCard({ voucher, locale }: { voucher: VoucherDetailData; locale: Locale }) {
  const { t } = useTranslation('wallet')
  const facts: [string, React.ReactNode, string | null][] = [
    [t('detail.programme'), voucher.programme.name, null],
    [t('detail.share'), t('detail.sharePercent', { percent: voucher.programme.sharePercent }), null],
    [t('detail.issuedAt'), formatDate(voucher.issuedAt, locale), null],
    [
      t('detail.expiresAt'),
      <span className="inline-flex flex-wrap items-center gap-2">
        <span data-testid="voucher-expires">{formatDate(voucher.expiresAt, locale)}</span>
        <ExpiryWarning expiry={voucher.expiry} />
      </span>,
      t('detail.expiresHint'),
    ],
    [t('detail.redeemBy'), formatDate(voucher.redeemBy, locale), t('detail.redeemByHint')],
  ]
  if (voucher.expiredAt) facts.push([t('detail.expiredAt'), formatDateTime(voucher.expiredAt, locale), null])
  return (
    <Card title={t('detail.validityTitle')} titleId="voucher-validity">
      <dl className="space-y-3 text-sm">
        {facts.map(([label, value, hint]) => (
          <div key={label}>
            <dt className="text-slate-500">{label}</dt>
            <dd className="mt-0.5 text-slate-900">{value}</dd>
            {hint ? <dd className="mt-0.5 text-xs text-slate-500">{hint}</dd> : null}
          </div>
        ))}
      </dl>
    </Card>
  )
}

function signed(fen: bigint): string {
  return fen > 0n ? `+${formatFen(fen)}` : formatFen(fen)
}

const HOLD_TONE: Record<string, BadgeTone> = { pending: 'warning', posted: 'info', voided: 'neutral' }

/** Every ledger transfer of the voucher's account, oldest first, with the running available balance. */
export function VoucherMovementsCard({ movements, locale }: { movements: MovementData[]; locale: Locale }) {
  const { t } = useTranslation('wallet')
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string
  return (
    <Card title={t('detail.movementsTitle')} titleId="voucher-movements" className="mt-6">
      <p className="mb-3 text-sm text-slate-600">{t('detail.movementsNote')}</p>
      <DataTable
        caption={t('detail.movementsCaption')}
        captionHidden
        stacked
        rows={movements}
        rowKey={(m) => m.id}
        empty={<EmptyState title={t('detail.noMovements')} description={t('detail.noMovementsText')} />}
        columns={[
          { key: 'at', header: t('detail.time'), cell: (m) => formatDateTime(m.at, locale) },
          {
            key: 'what',
            header: t('detail.what'),
            rowHeader: true,
            cell: (m) => (
              <span className="inline-flex flex-col gap-1">
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <span>{t(`what.${m.what}`)}</span>
                  {m.holdState ? <Badge tone={HOLD_TONE[m.holdState]}>{t(`holdState.${m.holdState}`)}</Badge> : null}
                </span>
                {m.what === 'redeemed' ? (
                  <span className="text-xs font-normal text-slate-500">
                    {t('movement.redeemedAmount', { amount: formatFen(BigInt(m.amountFen)) })}
                    {BigInt(m.releasedFen) > 0n
                      ? `${locale === 'en' ? ', ' : '，'}${t('movement.releasedPart', { amount: formatFen(BigInt(m.releasedFen)) })}`
                      : null}
                  </span>
                ) : null}
              </span>
            ),
          },
          {
            key: 'amount',
            header: t('detail.amount'),
            align: 'right',
            cell: (m) => {
              const change = BigInt(m.availableChangeFen)
              return (
                <span className={change < 0n ? 'text-red-700' : change > 0n ? 'text-emerald-700' : 'text-slate-500'}>
                  {signed(change)}
                </span>
              )
            },
          },
          {
            key: 'balance',
            header: t('detail.balance'),
            align: 'right',
            cell: (m) => formatFen(BigInt(m.availableAfterFen)),
          },
          {
            key: 'booking',
            header: t('detail.booking'),
            wrap: true,
            cell: (m) =>
              m.booking ? (
                <span className="inline-flex flex-col">
                  <span>
                    {locale === 'en'
                      ? (m.booking.instrumentNameEn ?? m.booking.instrumentName)
                      : m.booking.instrumentName}
                  </span>
                  <span className="text-xs text-slate-500">
                    {t('movement.bookingLine', {
                      date: formatDate(m.booking.date, locale),
                      quantity: tt(`unit.${m.booking.unit}`, { count: m.booking.quantity }),
                    })}
                  </span>
                  <span className="text-xs text-slate-500">
                    {t('movement.bookingStatus', { status: tt(`bookingStatus.${m.booking.status}`) })}
                  </span>
                </span>
              ) : (
                <span className="text-slate-400">—</span>
              ),
          },
        ]}
      />
    </Card>
  )
}
