import type { Locale } from '~/i18n/config'
import { bookingPath, bookingRef } from '~/features/notifications/templates'
import { bookingUid, type IcsEvent, type IcsStatus } from './ics'

// Bookings → calendar events (pure). A slot booking is a timed event; a sample/item booking is an
// all-day event on its wanted-by date (and left out when it has none: nothing to place).

/** States that belong in a calendar: the booking is expected to happen, or happened. */
export const FEED_STATES = ['requested', 'approved', 'paid', 'in_service', 'delivered', 'confirmed'] as const

export type FeedBooking = {
  id: string
  status: string
  startsAt: Date | null
  endsAt: Date | null
  /** 'YYYY-MM-DD' */
  wantedBy: string | null
  updatedAt: Date
  quantity: number
  unit: 'hour' | 'sample' | 'item'
  purpose: string | null
  instrumentName: string
  instrumentNameEn: string | null
  serviceItemName: string
  serviceItemNameEn: string | null
  institutionName: string
  institutionNameEn: string | null
  enterpriseName: string
  address: string | null
  lab: string | null
  /** Whose calendar it is: the enterprise sees the institution, the institution sees the enterprise. */
  side: 'enterprise' | 'institution'
}

const LABELS = {
  'zh-CN': {
    status: {
      requested: '待审批',
      approved: '已通过',
      paid: '已支付',
      in_service: '服务中',
      delivered: '待确认',
      confirmed: '已确认',
    } as Record<string, string>,
    statusLabel: '状态',
    service: '服务项目',
    quantity: '数量',
    enterprise: '企业',
    institution: '服务机构',
    purpose: '用途',
    booking: '预约编号',
    tentative: '（待审批）',
    units: { hour: '小时', sample: '个样品', item: '项' },
  },
  en: {
    status: {
      requested: 'Awaiting approval',
      approved: 'Approved',
      paid: 'Paid',
      in_service: 'In service',
      delivered: 'Awaiting confirmation',
      confirmed: 'Confirmed',
    } as Record<string, string>,
    statusLabel: 'Status',
    service: 'Service',
    quantity: 'Quantity',
    enterprise: 'Enterprise',
    institution: 'Institution',
    purpose: 'Purpose',
    booking: 'Booking',
    tentative: ' (awaiting approval)',
    units: { hour: 'h', sample: 'sample(s)', item: 'item(s)' },
  },
} as const

export function icsStatusOf(status: string): IcsStatus {
  if (status === 'requested') return 'TENTATIVE'
  if (status === 'cancelled' || status === 'rejected' || status === 'expired') return 'CANCELLED'
  return 'CONFIRMED'
}

/** One booking as an event, or null when it has no time and no wanted-by date. */
export function bookingEvent(b: FeedBooking, locale: Locale, origin: string): IcsEvent | null {
  const start = b.startsAt && b.endsAt ? { at: b.startsAt } : b.wantedBy ? { date: b.wantedBy } : null
  if (!start) return null
  const l = LABELS[locale]
  const en = locale === 'en'
  const instrument = (en && b.instrumentNameEn) || b.instrumentName
  const service = (en && b.serviceItemNameEn) || b.serviceItemName
  const institution = (en && b.institutionNameEn) || b.institutionName
  const other = b.side === 'enterprise' ? institution : b.enterpriseName
  const sep = en ? ': ' : '：'
  const description = [
    `${l.statusLabel}${sep}${l.status[b.status] ?? b.status}`,
    `${l.service}${sep}${service}`,
    `${l.quantity}${sep}${b.quantity} ${l.units[b.unit]}`,
    b.side === 'enterprise' ? `${l.institution}${sep}${institution}` : `${l.enterprise}${sep}${b.enterpriseName}`,
    b.purpose ? `${l.purpose}${sep}${b.purpose}` : null,
    `${l.booking}${sep}${bookingRef(b.id)}`,
  ].filter((line) => line !== null)
  const url = `${origin}${bookingPath(b.side, b.id)}`
  return {
    uid: bookingUid(b.id),
    dtstamp: b.updatedAt,
    start,
    end: 'at' in start && b.endsAt ? { at: b.endsAt } : undefined,
    summary: `${instrument} · ${other}${b.status === 'requested' ? l.tentative : ''}`,
    location: [institution, b.lab, b.address].filter(Boolean).join(' '),
    description: [...description, url].join('\n'),
    url,
    status: icsStatusOf(b.status),
  }
}

export function bookingEvents(bookings: readonly FeedBooking[], locale: Locale, origin: string): IcsEvent[] {
  return bookings.flatMap((b) => {
    const e = bookingEvent(b, locale, origin)
    return e ? [e] : []
  })
}

export function userCalendarName(userName: string, locale: Locale): string {
  return locale === 'en' ? `Dazhou vouchers · bookings of ${userName}` : `达州创新券 · ${userName}的预约`
}

export function instrumentCalendarName(instrumentName: string, assetNo: string, locale: Locale): string {
  return locale === 'en' ? `Bookings · ${instrumentName} (${assetNo})` : `${instrumentName}（${assetNo}）预约`
}
