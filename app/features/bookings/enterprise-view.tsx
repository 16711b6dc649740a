// Pieces of the enterprise's booking pages (texts in the 'bookings' namespace).
import { useTranslation } from 'react-i18next'
import { Badge, type BadgeTone } from '~/components/badge'
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

/**
 * The booking's status in the enterprise's words, saying what to do next ("已交付，待确认"; an
 * approved booking with a co-payment to make is "已批准，待支付").
 */
export function EnterpriseStatusBadge({ status, copayFen }: { status: BookingState; copayFen?: string }) {
  const { t } = useTranslation('bookings')
  if (status === 'approved' && copayFen !== undefined && BigInt(copayFen) > 0n)
    return <Badge tone="warning">{t('status.approvedToPay')}</Badge>
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>
}

/** Basis points as a percent text: 5000 → "50", 1250 → "12.5". */
export function bpPercent(bp: number): string {
  const whole = Math.floor(bp / 100)
  const frac = bp % 100
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`
}
