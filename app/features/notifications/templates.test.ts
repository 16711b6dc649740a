import { describe, expect, it } from 'vitest'
import { audiencesFor, NOTIFY_EVENTS } from './recipients'
import { bookingPath, bookingRef, formatRange, renderBookingMail, type MailFacts } from './templates'

const facts: MailFacts = {
  bookingId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  instrumentName: '气相色谱-质谱联用仪',
  instrumentNameEn: 'GC-MS',
  serviceItemName: '样品检测（按小时）',
  serviceItemNameEn: null,
  institutionName: '四川文理学院分析测试中心',
  institutionNameEn: 'Sichuan University of Arts and Science Test Centre',
  enterpriseName: '达州<测试>科技有限公司',
  startsAt: new Date('2026-06-10T01:00:00.000Z'),
  endsAt: new Date('2026-06-10T03:00:00.000Z'),
  proposedStartsAt: new Date('2026-06-11T06:00:00.000Z'),
  proposedEndsAt: new Date('2026-06-11T08:00:00.000Z'),
  wantedBy: null,
  quantity: 2,
  unit: 'hour',
  feeFen: 40_000n,
  voucherShareFen: 20_000n,
  copayFen: 20_000n,
  finalFeeFen: null,
  finalVoucherShareFen: null,
  finalCopayFen: null,
  cancellationFeeFen: null,
  decideBy: new Date('2026-06-04T01:00:00.000Z'),
  payBy: new Date('2026-06-05T01:00:00.000Z'),
  confirmBy: null,
  reportNo: null,
  invoiceNo: null,
  voucherSerial: 'DZ2026-000123',
  reason: null,
}

const link = 'http://localhost:3000/enterprise/bookings/1b4e28ba-2fa1-11d2-883f-0016d3cca427'

describe('renderBookingMail', () => {
  it('writes a request for the institution in Chinese with the booking’s facts in Beijing time', () => {
    const mail = renderBookingMail({
      event: 'request',
      audience: 'institution',
      locale: 'zh-CN',
      recipientName: '王老师',
      facts,
      link,
    })
    expect(mail.subject).toBe('【达州科技创新券】新的预约申请待审批：气相色谱-质谱联用仪')
    expect(mail.text).toContain('王老师，您好：')
    expect(mail.text).toContain('请在 2026-06-04 09:00（北京时间） 前审批')
    expect(mail.text).toContain('预约时间：2026-06-10 09:00–11:00（北京时间）')
    expect(mail.text).toContain('服务费用：¥400.00')
    expect(mail.text).toContain('创新券抵扣：¥200.00')
    expect(mail.text).toContain('自付：¥200.00')
    expect(mail.text).toContain('数量：2 小时')
    expect(mail.text).toContain(`查看预约：${link}`)
    expect(mail.text).toContain('预约编号：1B4E28BA')
  })

  it('writes English for an English reader, with English names where the record has them', () => {
    const mail = renderBookingMail({
      event: 'approve',
      audience: 'enterprise',
      locale: 'en',
      recipientName: 'Li Lei',
      facts,
      link,
    })
    expect(mail.subject).toBe('[Dazhou Innovation Vouchers] Booking approved: GC-MS')
    expect(mail.text).toContain('Hello Li Lei,')
    expect(mail.text).toContain('Sichuan University of Arts and Science Test Centre approved your booking.')
    expect(mail.text).toContain('Please pay your co-payment of ¥200.00 by 2026-06-05 09:00 (Beijing time)')
    expect(mail.text).toContain('Service: 样品检测（按小时）') // no English name: the Chinese one
    expect(mail.text).toContain('Quantity: 2 hours')
    expect(mail.text).not.toMatch(/[，：]/)
  })

  it('says why (the reason) and shows the proposed time', () => {
    const rejected = renderBookingMail({
      event: 'reject',
      audience: 'enterprise',
      locale: 'zh-CN',
      recipientName: 'x',
      facts: { ...facts, reason: '仪器维护，暂停对外服务' },
      link,
    })
    expect(rejected.text).toContain('理由：仪器维护，暂停对外服务')
    expect(rejected.text).toContain('冻结的创新券额度已释放')
    const proposed = renderBookingMail({
      event: 'propose-time',
      audience: 'enterprise',
      locale: 'zh-CN',
      recipientName: 'x',
      facts,
      link,
    })
    expect(proposed.text).toContain('建议的新时间：2026-06-11 14:00–16:00（北京时间）')
  })

  it('tells each side of a cancellation who cancelled', () => {
    const f = { ...facts, cancellationFeeFen: 4_000n }
    const toInstitution = renderBookingMail({
      event: 'cancel',
      audience: 'institution',
      locale: 'zh-CN',
      recipientName: 'x',
      facts: f,
      link,
    })
    const toEnterprise = renderBookingMail({
      event: 'cancel',
      audience: 'enterprise',
      locale: 'zh-CN',
      recipientName: 'x',
      facts: f,
      link,
    })
    expect(toInstitution.text).toContain('达州<测试>科技有限公司 取消了预约。')
    expect(toEnterprise.text).toContain('四川文理学院分析测试中心 取消了您的预约。')
    expect(toEnterprise.text).toContain('取消费 ¥40.00，仅从自付部分扣除')
  })

  it('shows a sample booking by quantity and wanted-by date, and the final figures after delivery', () => {
    const mail = renderBookingMail({
      event: 'deliver',
      audience: 'enterprise',
      locale: 'zh-CN',
      recipientName: 'x',
      facts: {
        ...facts,
        startsAt: null,
        endsAt: null,
        unit: 'sample',
        quantity: 3,
        wantedBy: '2026-06-20',
        finalFeeFen: 30_000n,
        finalVoucherShareFen: 15_000n,
        finalCopayFen: 15_000n,
        confirmBy: new Date('2026-06-27T01:00:00.000Z'),
        reportNo: 'BG-2026-001',
        invoiceNo: 'FP-0001',
      },
      link,
    })
    expect(mail.text).not.toContain('预约时间')
    expect(mail.text).toContain('数量：3 个样品')
    expect(mail.text).toContain('期望完成日期：2026-06-20')
    expect(mail.text).toContain('最终费用：¥300.00')
    expect(mail.text).toContain('最终自付：¥150.00')
    expect(mail.text).toContain('报告编号：BG-2026-001')
    expect(mail.text).toContain('请在 2026-06-27 09:00（北京时间） 前确认服务或提出异议')
  })

  it('escapes every value in the HTML version', () => {
    const mail = renderBookingMail({
      event: 'request',
      audience: 'institution',
      locale: 'zh-CN',
      recipientName: '<b>x</b>',
      facts,
      link,
    })
    expect(mail.html).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(mail.html).toContain('达州&lt;测试&gt;科技有限公司')
    expect(mail.html).not.toContain('<测试>')
    expect(mail.html).toContain(`href="${link}"`)
  })

  it('a declined co-payment: why, and by when to pay again — the booking and the hold stay (ADR 013)', () => {
    const f = { ...facts, reason: 'card_declined: insufficient_funds: Your card has insufficient funds.' }
    const zh = renderBookingMail({
      event: 'fail-payment',
      audience: 'enterprise',
      locale: 'zh-CN',
      recipientName: 'x',
      facts: f,
      link,
    })
    expect(zh.subject).toBe('【达州科技创新券】自付费用支付未成功，请重新支付：气相色谱-质谱联用仪')
    expect(zh.text).toContain(
      '支付未成功：银行卡余额不足。请在 2026-06-05 09:00（北京时间） 前重新支付，逾期预约将自动失效。',
    )
    expect(zh.text).toContain('预约和冻结的创新券额度在此之前仍然保留')
    expect(zh.text).toContain('支付宝、微信支付')
    expect(zh.text).not.toContain('已失效')
    // Stripe's own line stays in the history, not in the mail.
    expect(zh.text).not.toContain('insufficient_funds')
    const en = renderBookingMail({
      event: 'fail-payment',
      audience: 'enterprise',
      locale: 'en',
      recipientName: 'x',
      facts: f,
      link,
    })
    expect(en.subject).toBe('[Dazhou Innovation Vouchers] Co-payment not successful, please pay again: GC-MS')
    expect(en.text).toContain(
      'Your payment did not go through: the card has insufficient funds. Please pay again by 2026-06-05 09:00 (Beijing time); after that the booking expires.',
    )
    const unknown = renderBookingMail({
      event: 'fail-payment',
      audience: 'enterprise',
      locale: 'zh-CN',
      recipientName: 'x',
      facts,
      link,
    })
    expect(unknown.text).toContain('支付未成功：付款未被接受。')
  })

  it('has a mail in both languages for every event and each of its audiences', () => {
    for (const event of NOTIFY_EVENTS) {
      const audiences = event === 'cancel' ? (['enterprise', 'institution'] as const) : audiencesFor(event)
      for (const audience of audiences)
        for (const locale of ['zh-CN', 'en'] as const) {
          const mail = renderBookingMail({ event, audience, locale, recipientName: 'x', facts, link })
          expect(mail.subject.length).toBeGreaterThan(10)
          expect(mail.text).not.toContain('undefined')
          expect(mail.text).not.toContain('null')
          expect(mail.html).not.toContain('undefined')
        }
    }
  })
})

describe('helpers', () => {
  it('repeats the date of a range that ends on another day', () => {
    expect(formatRange(new Date('2026-06-10T14:00:00Z'), new Date('2026-06-10T17:00:00Z'), 'en')).toBe(
      '2026-06-10 22:00–2026-06-11 01:00 (Beijing time)',
    )
  })

  it('gives a short reference and a page per side', () => {
    expect(bookingRef('1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBe('1B4E28BA')
    expect(bookingPath('enterprise', 'b')).toBe('/enterprise/bookings/b')
    expect(bookingPath('institution', 'b')).toBe('/institution/bookings/b')
    expect(bookingPath('bureau', 'b')).toBe('/bureau/bookings/b')
  })
})
