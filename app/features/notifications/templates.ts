import { formatFen } from '~/features/money/money'
import { paymentErrorText } from '~/features/payments/payment-error'
import type { Locale } from '~/i18n/config'
import type { Audience, NotifyEvent } from './recipients'

// The booking mails: one subject and lead per event (and side, where the news differs), then the
// booking's facts, in Chinese (default) or English. Pure: the caller passes every fact and the
// link; times are shown in Asia/Shanghai, amounts through formatFen (integer fen, no floats).

export type MailFacts = {
  bookingId: string
  instrumentName: string
  instrumentNameEn: string | null
  serviceItemName: string
  serviceItemNameEn: string | null
  institutionName: string
  institutionNameEn: string | null
  enterpriseName: string
  startsAt: Date | null
  endsAt: Date | null
  proposedStartsAt: Date | null
  proposedEndsAt: Date | null
  /** 'YYYY-MM-DD': a sample/item booking's wanted delivery date. */
  wantedBy: string | null
  quantity: number
  unit: 'hour' | 'sample' | 'item'
  feeFen: bigint
  voucherShareFen: bigint
  copayFen: bigint
  finalFeeFen: bigint | null
  finalVoucherShareFen: bigint | null
  finalCopayFen: bigint | null
  cancellationFeeFen: bigint | null
  decideBy: Date | null
  payBy: Date | null
  confirmBy: Date | null
  reportNo: string | null
  invoiceNo: string | null
  voucherSerial: string | null
  /**
   * The event's reason (rejection, cancellation, dispute, proposal note, decision); for a failed
   * payment attempt Stripe's error as payment.last_error holds it, shown in the reader's words.
   */
  reason: string | null
}

export type RenderedMail = { subject: string; text: string; html: string }

export type RenderInput = {
  event: NotifyEvent
  audience: Audience
  locale: Locale
  recipientName: string
  facts: MailFacts
  /** Absolute URL of the booking's page for this recipient. */
  link: string
}

const ZONE = 'Asia/Shanghai'

function shanghaiParts(at: Date): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

const zoneNote = (locale: Locale) => (locale === 'en' ? ' (Beijing time)' : '（北京时间）')

/** 2026-06-10 09:00（北京时间）. */
export function formatMoment(at: Date, locale: Locale): string {
  const p = shanghaiParts(at)
  return `${p.date} ${p.time}${zoneNote(locale)}`
}

/** 2026-06-10 09:00–11:00（北京时间）; the end's date is repeated when it is another day. */
export function formatRange(startsAt: Date, endsAt: Date, locale: Locale): string {
  const a = shanghaiParts(startsAt)
  const b = shanghaiParts(endsAt)
  const end = a.date === b.date ? b.time : `${b.date} ${b.time}`
  return `${a.date} ${a.time}–${end}${zoneNote(locale)}`
}

function formatQuantity(quantity: number, unit: MailFacts['unit'], locale: Locale): string {
  if (locale === 'en') {
    const word = { hour: 'hour', sample: 'sample', item: 'item' }[unit]
    return `${quantity} ${word}${quantity === 1 ? '' : 's'}`
  }
  return `${quantity} ${{ hour: '小时', sample: '个样品', item: '项' }[unit]}`
}

/** The booking's short reference people can read out on the phone: the first 8 hex digits. */
export function bookingRef(bookingId: string): string {
  return bookingId.replace(/-/g, '').slice(0, 8).toUpperCase()
}

/** Where each side reads the booking. */
export function bookingPath(audience: Audience, bookingId: string): string {
  const id = encodeURIComponent(bookingId)
  if (audience === 'enterprise') return `/enterprise/bookings/${id}`
  if (audience === 'institution') return `/institution/bookings/${id}`
  return `/bureau/bookings/${id}`
}

type Names = { instrument: string; service: string; institution: string; enterprise: string }

function namesIn(facts: MailFacts, locale: Locale): Names {
  const en = locale === 'en'
  return {
    instrument: (en && facts.instrumentNameEn) || facts.instrumentName,
    service: (en && facts.serviceItemNameEn) || facts.serviceItemName,
    institution: (en && facts.institutionNameEn) || facts.institutionName,
    enterprise: facts.enterpriseName,
  }
}

type Ctx = { f: MailFacts; n: Names; audience: Audience; locale: Locale; when: (d: Date | null) => string }
type Template = { subject: (c: Ctx) => string; lead: (c: Ctx) => string[] }

const share = (f: MailFacts) => f.finalVoucherShareFen ?? f.voucherShareFen
const proposal = (c: Ctx) =>
  c.f.proposedStartsAt && c.f.proposedEndsAt ? formatRange(c.f.proposedStartsAt, c.f.proposedEndsAt, c.locale) : ''

const ZH: Record<NotifyEvent, Template> = {
  request: {
    subject: (c) => `新的预约申请待审批：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} 申请预约贵单位的仪器“${c.n.instrument}”。`,
      `请在 ${c.when(c.f.decideBy)} 前审批（通过、拒绝或建议其他时间），逾期未处理的申请将自动失效。`,
    ],
  },
  approve: {
    subject: (c) => `预约已通过：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} 已通过您的预约。`,
      c.f.copayFen > 0n
        ? `请在 ${c.when(c.f.payBy)} 前支付自付部分 ${formatFen(c.f.copayFen)}，逾期未支付的预约将自动失效。`
        : '本次预约无需支付自付费用，请按约定时间接受服务。',
    ],
  },
  reject: {
    subject: (c) => `预约未通过：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} 未通过您的预约。`,
      c.f.voucherShareFen > 0n ? '冻结的创新券额度已释放，可用于其他预约。' : '',
    ],
  },
  'propose-time': {
    subject: (c) => `机构建议调整预约时间：${c.n.instrument}`,
    lead: (c) => [`${c.n.institution} 建议将您的预约改到 ${proposal(c)}。`, '请登录平台接受或拒绝该建议。'],
  },
  'accept-proposal': {
    subject: (c) => `企业已接受新的预约时间：${c.n.instrument}`,
    lead: (c) => [`${c.n.enterprise} 已接受贵单位建议的时间，预约已确定。`],
  },
  'decline-proposal': {
    subject: (c) => `企业未接受建议的时间：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} 未接受贵单位建议的时间。`,
      `请在 ${c.when(c.f.decideBy)} 前按原时间审批或拒绝该预约。`,
    ],
  },
  cancel: {
    subject: (c) => `预约已取消：${c.n.instrument}`,
    lead: (c) => [
      c.audience === 'institution' ? `${c.n.enterprise} 取消了预约。` : `${c.n.institution} 取消了您的预约。`,
      c.f.cancellationFeeFen && c.f.cancellationFeeFen > 0n
        ? `按机构的取消规则收取取消费 ${formatFen(c.f.cancellationFeeFen)}，仅从自付部分扣除（创新券不支付取消费）。`
        : '',
      c.audience === 'enterprise' && c.f.voucherShareFen > 0n ? '冻结的创新券额度已释放。' : '',
    ],
  },
  expire: {
    subject: (c) => `预约申请已过期：${c.n.instrument}`,
    lead: (c) =>
      c.audience === 'institution'
        ? [`${c.n.enterprise} 的预约申请未在审批期限 ${c.when(c.f.decideBy)} 前处理，已自动失效。`]
        : [
            `${c.n.institution} 未在 ${c.when(c.f.decideBy)} 前处理您的预约申请，申请已自动失效。`,
            c.f.voucherShareFen > 0n ? '冻结的创新券额度已释放，您可以重新预约。' : '您可以重新预约。',
          ],
  },
  pay: {
    subject: (c) => `自付费用已支付：${c.n.instrument}`,
    lead: (c) => [`${c.n.enterprise} 已支付自付部分 ${formatFen(c.f.copayFen)}，请按约定时间提供服务。`],
  },
  // DOMAIN (ADR 013): a declined attempt keeps the booking until pay_by; say why and by when to pay again.
  'fail-payment': {
    subject: (c) => `自付费用支付未成功，请重新支付：${c.n.instrument}`,
    lead: (c) => [
      `支付未成功：${paymentErrorText(c.f.reason, c.locale)}。请在 ${c.when(c.f.payBy)} 前重新支付，逾期预约将自动失效。`,
      c.f.voucherShareFen > 0n
        ? `预约和冻结的创新券额度在此之前仍然保留。可以换一张银行卡，或改用支付宝、微信支付支付自付部分 ${formatFen(c.f.copayFen)}。`
        : `预约在此之前仍然保留。可以换一张银行卡，或改用支付宝、微信支付支付自付部分 ${formatFen(c.f.copayFen)}。`,
    ],
  },
  'expire-unpaid': {
    subject: (c) => `预约因未支付已失效：${c.n.instrument}`,
    lead: (c) => [
      `您未在 ${c.when(c.f.payBy)} 前支付自付部分 ${formatFen(c.f.copayFen)}，预约已自动失效。`,
      c.f.voucherShareFen > 0n ? '冻结的创新券额度已释放。如仍需服务，请重新预约。' : '如仍需服务，请重新预约。',
    ],
  },
  'start-service': {
    subject: (c) => `服务已开始：${c.n.instrument}`,
    lead: (c) => [`${c.n.institution} 已开始为您提供服务。`],
  },
  deliver: {
    subject: (c) => `服务已完成，请确认：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} 已登记服务完成，最终费用 ${formatFen(c.f.finalFeeFen ?? c.f.feeFen)}。`,
      `请在 ${c.when(c.f.confirmBy)} 前确认服务或提出异议；逾期未处理将自动确认。`,
    ],
  },
  confirm: {
    subject: (c) => `企业已确认服务：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} 已确认服务完成。`,
      share(c.f) > 0n ? `创新券抵扣部分 ${formatFen(share(c.f))} 将进入兑付流程。` : '',
    ],
  },
  'auto-confirm': {
    subject: (c) => `服务已自动确认：${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} 未在期限内确认或提出异议，服务已自动确认。`,
      share(c.f) > 0n ? `创新券抵扣部分 ${formatFen(share(c.f))} 将进入兑付流程。` : '',
    ],
  },
  dispute: {
    subject: (c) => `企业对服务提出异议：${c.n.instrument}`,
    lead: (c) =>
      c.audience === 'bureau'
        ? [`${c.n.enterprise} 对 ${c.n.institution} 提供的服务提出异议，请审核处理。`]
        : [`${c.n.enterprise} 对贵单位提供的服务提出异议，科技局将介入处理。`],
  },
  'resolve-dispute': {
    subject: (c) => `服务异议已处理：${c.n.instrument}`,
    lead: () => ['科技局已处理该预约的服务异议，服务按确认处理。'],
  },
  claim: {
    subject: (c) => `新的兑付申请待审核：${c.n.institution}`,
    lead: (c) => [
      `${c.n.institution} 为 ${c.n.enterprise} 的预约提交了兑付申请，创新券抵扣金额 ${formatFen(share(c.f))}。`,
      '请登录平台审核。',
    ],
  },
  'approve-claim': {
    subject: (c) => `兑付申请已通过：${c.n.instrument}`,
    lead: (c) => [`科技局已通过该预约的兑付申请，兑付金额 ${formatFen(share(c.f))}，将在月度结算中支付。`],
  },
  'reject-claim': {
    subject: (c) => `兑付申请未通过：${c.n.instrument}`,
    lead: () => ['科技局未通过该预约的兑付申请。'],
  },
  settle: {
    subject: (c) => `兑付款已结算：${c.n.instrument}`,
    lead: (c) => [`该预约的兑付金额 ${formatFen(share(c.f))} 已纳入结算。`],
  },
}

const EN: Record<NotifyEvent, Template> = {
  request: {
    subject: (c) => `New booking request to decide: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} asks to book your instrument “${c.n.instrument}”.`,
      `Please approve it, reject it or propose another time by ${c.when(c.f.decideBy)}; an undecided request expires.`,
    ],
  },
  approve: {
    subject: (c) => `Booking approved: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} approved your booking.`,
      c.f.copayFen > 0n
        ? `Please pay your co-payment of ${formatFen(c.f.copayFen)} by ${c.when(c.f.payBy)}; an unpaid booking expires.`
        : 'There is nothing to pay: please come at the agreed time.',
    ],
  },
  reject: {
    subject: (c) => `Booking not approved: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} did not approve your booking.`,
      c.f.voucherShareFen > 0n ? 'The voucher amount held for it is available again.' : '',
    ],
  },
  'propose-time': {
    subject: (c) => `Another time proposed: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} proposes to move your booking to ${proposal(c)}.`,
      'Please sign in to accept or decline.',
    ],
  },
  'accept-proposal': {
    subject: (c) => `Proposed time accepted: ${c.n.instrument}`,
    lead: (c) => [`${c.n.enterprise} accepted the time you proposed; the booking is approved.`],
  },
  'decline-proposal': {
    subject: (c) => `Proposed time declined: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} declined the time you proposed.`,
      `Please approve or reject the booking at its original time by ${c.when(c.f.decideBy)}.`,
    ],
  },
  cancel: {
    subject: (c) => `Booking cancelled: ${c.n.instrument}`,
    lead: (c) => [
      c.audience === 'institution'
        ? `${c.n.enterprise} cancelled the booking.`
        : `${c.n.institution} cancelled your booking.`,
      c.f.cancellationFeeFen && c.f.cancellationFeeFen > 0n
        ? `Under the institution's rules a cancellation fee of ${formatFen(c.f.cancellationFeeFen)} applies, taken from the co-payment only (vouchers never pay cancellation fees).`
        : '',
      c.audience === 'enterprise' && c.f.voucherShareFen > 0n
        ? 'The voucher amount held for it is available again.'
        : '',
    ],
  },
  expire: {
    subject: (c) => `Booking request expired: ${c.n.instrument}`,
    lead: (c) =>
      c.audience === 'institution'
        ? [`The request from ${c.n.enterprise} was not decided by ${c.when(c.f.decideBy)} and has expired.`]
        : [
            `${c.n.institution} did not decide your request by ${c.when(c.f.decideBy)}, so it has expired.`,
            c.f.voucherShareFen > 0n
              ? 'The voucher amount held for it is available again; you can book again.'
              : 'You can book again.',
          ],
  },
  pay: {
    subject: (c) => `Co-payment received: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} paid the co-payment of ${formatFen(c.f.copayFen)}. Please provide the service at the agreed time.`,
    ],
  },
  'fail-payment': {
    subject: (c) => `Co-payment not successful, please pay again: ${c.n.instrument}`,
    lead: (c) => [
      `Your payment did not go through: ${paymentErrorText(c.f.reason, c.locale)}. Please pay again by ${c.when(c.f.payBy)}; after that the booking expires.`,
      c.f.voucherShareFen > 0n
        ? `Until then the booking and the voucher amount held for it stay. You can pay the co-payment of ${formatFen(c.f.copayFen)} with another card, or with Alipay or WeChat Pay.`
        : `Until then the booking stays. You can pay the co-payment of ${formatFen(c.f.copayFen)} with another card, or with Alipay or WeChat Pay.`,
    ],
  },
  'expire-unpaid': {
    subject: (c) => `Booking expired unpaid: ${c.n.instrument}`,
    lead: (c) => [
      `The co-payment of ${formatFen(c.f.copayFen)} was not paid by ${c.when(c.f.payBy)}, so the booking has expired.`,
      c.f.voucherShareFen > 0n
        ? 'The voucher amount held for it is available again. Book again if you still need the service.'
        : 'Book again if you still need the service.',
    ],
  },
  'start-service': {
    subject: (c) => `Service started: ${c.n.instrument}`,
    lead: (c) => [`${c.n.institution} has started your service.`],
  },
  deliver: {
    subject: (c) => `Service delivered, please confirm: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.institution} recorded the service as delivered; the final fee is ${formatFen(c.f.finalFeeFen ?? c.f.feeFen)}.`,
      `Please confirm it or raise a dispute by ${c.when(c.f.confirmBy)}; after that it is confirmed automatically.`,
    ],
  },
  confirm: {
    subject: (c) => `Service confirmed: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} confirmed the service.`,
      share(c.f) > 0n ? `The voucher share of ${formatFen(share(c.f))} goes on to redemption.` : '',
    ],
  },
  'auto-confirm': {
    subject: (c) => `Service confirmed automatically: ${c.n.instrument}`,
    lead: (c) => [
      `${c.n.enterprise} neither confirmed nor disputed the service in time, so it is confirmed automatically.`,
      share(c.f) > 0n ? `The voucher share of ${formatFen(share(c.f))} goes on to redemption.` : '',
    ],
  },
  dispute: {
    subject: (c) => `Service disputed: ${c.n.instrument}`,
    lead: (c) =>
      c.audience === 'bureau'
        ? [`${c.n.enterprise} disputes the service of ${c.n.institution}. Please review it.`]
        : [`${c.n.enterprise} disputes your service; the science and technology bureau will review it.`],
  },
  'resolve-dispute': {
    subject: (c) => `Dispute resolved: ${c.n.instrument}`,
    lead: () => ['The science and technology bureau resolved the dispute; the service counts as confirmed.'],
  },
  claim: {
    subject: (c) => `New redemption claim to review: ${c.n.institution}`,
    lead: (c) => [
      `${c.n.institution} claims the voucher share of ${formatFen(share(c.f))} for a booking of ${c.n.enterprise}.`,
      'Please sign in to review it.',
    ],
  },
  'approve-claim': {
    subject: (c) => `Redemption claim approved: ${c.n.instrument}`,
    lead: (c) => [
      `The bureau approved the claim for ${formatFen(share(c.f))}; it will be paid with the monthly settlement.`,
    ],
  },
  'reject-claim': {
    subject: (c) => `Redemption claim rejected: ${c.n.instrument}`,
    lead: () => ['The bureau rejected the redemption claim for this booking.'],
  },
  settle: {
    subject: (c) => `Redemption settled: ${c.n.instrument}`,
    lead: (c) => [`The voucher share of ${formatFen(share(c.f))} for this booking is settled.`],
  },
}

const LABELS = {
  'zh-CN': {
    brand: '达州科技创新券',
    greeting: (name: string) => `${name}，您好：`,
    booking: '预约编号',
    enterprise: '企业',
    institution: '服务机构',
    instrument: '仪器',
    service: '服务项目',
    time: '预约时间',
    proposed: '建议的新时间',
    quantity: '数量',
    wantedBy: '期望完成日期',
    fee: '服务费用',
    share: '创新券抵扣',
    copay: '自付',
    finalFee: '最终费用',
    finalShare: '最终创新券抵扣',
    finalCopay: '最终自付',
    cancellationFee: '取消费',
    voucher: '创新券',
    report: '报告编号',
    invoice: '发票号',
    reason: '理由',
    open: '查看预约',
    footer: '此邮件由达州科技创新券平台自动发送，请勿直接回复。',
  },
  en: {
    brand: 'Dazhou Innovation Vouchers',
    greeting: (name: string) => `Hello ${name},`,
    booking: 'Booking',
    enterprise: 'Enterprise',
    institution: 'Institution',
    instrument: 'Instrument',
    service: 'Service',
    time: 'Time',
    proposed: 'Proposed time',
    quantity: 'Quantity',
    wantedBy: 'Wanted by',
    fee: 'Fee',
    share: 'Voucher share',
    copay: 'Co-payment',
    finalFee: 'Final fee',
    finalShare: 'Final voucher share',
    finalCopay: 'Final co-payment',
    cancellationFee: 'Cancellation fee',
    voucher: 'Voucher',
    report: 'Report no.',
    invoice: 'Invoice no.',
    reason: 'Reason',
    open: 'Open the booking',
    footer: 'Sent automatically by the Dazhou innovation voucher platform. Please do not reply to this message.',
  },
} as const

/** The facts as label/value rows, in reading order; rows without a value are left out. */
export function detailRows(input: Omit<RenderInput, 'link' | 'recipientName'>): [string, string][] {
  const { facts: f, locale, event } = input
  const l = LABELS[locale]
  const n = namesIn(f, locale)
  const rows: [string, string | null][] = [
    [l.booking, bookingRef(f.bookingId)],
    [l.enterprise, n.enterprise],
    [l.institution, n.institution],
    [l.instrument, n.instrument],
    [l.service, n.service],
    [l.time, f.startsAt && f.endsAt ? formatRange(f.startsAt, f.endsAt, locale) : null],
    [
      l.proposed,
      event === 'propose-time' && f.proposedStartsAt && f.proposedEndsAt
        ? formatRange(f.proposedStartsAt, f.proposedEndsAt, locale)
        : null,
    ],
    [l.quantity, formatQuantity(f.quantity, f.unit, locale)],
    [l.wantedBy, f.wantedBy],
    [l.fee, formatFen(f.feeFen)],
    [l.share, f.voucherShareFen > 0n ? formatFen(f.voucherShareFen) : null],
    [l.copay, formatFen(f.copayFen)],
    [l.finalFee, f.finalFeeFen !== null ? formatFen(f.finalFeeFen) : null],
    [
      l.finalShare,
      f.finalVoucherShareFen !== null && f.voucherShareFen > 0n ? formatFen(f.finalVoucherShareFen) : null,
    ],
    [l.finalCopay, f.finalCopayFen !== null ? formatFen(f.finalCopayFen) : null],
    [l.cancellationFee, f.cancellationFeeFen && f.cancellationFeeFen > 0n ? formatFen(f.cancellationFeeFen) : null],
    [l.voucher, f.voucherSerial],
    [l.report, f.reportNo],
    [l.invoice, f.invoiceNo],
    // A failed payment's reason is Stripe's line: the lead says it in words instead.
    [l.reason, event !== 'fail-payment' && f.reason?.trim() ? f.reason.trim() : null],
  ]
  return rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== '')
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** Subject, plain text and a simple HTML version of one booking mail. */
export function renderBookingMail(input: RenderInput): RenderedMail {
  const { locale, facts, audience, event } = input
  const l = LABELS[locale]
  const ctx: Ctx = {
    f: facts,
    n: namesIn(facts, locale),
    audience,
    locale,
    when: (d) => (d ? formatMoment(d, locale) : '—'),
  }
  const template = (locale === 'en' ? EN : ZH)[event]
  const subject = `${locale === 'en' ? `[${l.brand}] ` : `【${l.brand}】`}${template.subject(ctx)}`
  const lead = template.lead(ctx).filter((line) => line !== '')
  const rows = detailRows(input)
  const greeting = l.greeting(input.recipientName)
  const sep = locale === 'en' ? ': ' : '：'

  const text = [
    greeting,
    '',
    ...lead,
    '',
    ...rows.map(([k, v]) => `${k}${sep}${v}`),
    '',
    `${l.open}${sep}${input.link}`,
    '',
    '—',
    l.footer,
    '',
  ].join('\n')

  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"margin:0;padding:16px;background:#f8fafc;font-family:-apple-system,BlinkMacSystemFont,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a;line-height:1.6\">",
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:20px">',
    `<p style="margin:0 0 4px;font-size:13px;color:#1d4ed8">${escapeHtml(l.brand)}</p>`,
    `<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>`,
    ...lead.map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`),
    '<table style="width:100%;border-collapse:collapse;margin:12px 0;font-size:14px">',
    ...rows.map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#475569;font-weight:normal;white-space:nowrap">${escapeHtml(k)}</th><td style="padding:4px 0;word-break:break-word">${escapeHtml(v)}</td></tr>`,
    ),
    '</table>',
    `<p style="margin:16px 0"><a href="${escapeHtml(input.link)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px">${escapeHtml(l.open)}</a></p>`,
    `<p style="margin:16px 0 0;font-size:12px;color:#64748b">${escapeHtml(l.footer)}</p>`,
    '</div></body></html>',
  ].join('\n')

  return { subject, text, html }
}
