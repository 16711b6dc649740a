import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import { requestBooking, type RequestBookingInput } from '~/features/bookings/request-booking.server'
import { bookingUid } from '~/features/calendar/ics'
import { issueUserCalendarToken } from '~/features/calendar/feeds.server'
import { notifyBooking, requestEventId } from '~/features/notifications/notify-booking.server'
import type { RoleName } from '~/generated/prisma/client'
import { getDb } from '~/infra/db.server'
import type { MailTransport } from '~/infra/mail.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'
import { processors } from '../../jobs/processors/index'
import type { ProcessorContext } from '../../jobs/processor-map'
import { loader as instrumentFeedLoader } from '~/routes/calendar+/i.$token[.ics]'
import { loader as userFeedLoader } from '~/routes/calendar+/u.$token[.ics]'
import { loader as mailDetailLoader } from '~/routes/dev+/mail.$id'
import { loader as mailLogLoader } from '~/routes/dev+/mail._index'
import { action as instrumentAction, loader as instrumentLoader } from '~/routes/institution+/instruments+/$id+/_index'
import { action as calendarAction, loader as calendarLoader } from '~/routes/settings+/calendar'
import { createEnterprise, createInstrument, createUser, createVoucher } from '../support/factories'
import { BASE, body, Browser } from './auth-support'
import { call } from '../support/review-pages'

// Booking mail (notify-booking) and calendar feeds, against the real database: who gets which
// mail in which language, once per recipient however often the job runs; the ICS feeds behind
// their secret URLs, and resetting them.

afterAll(closeRateLimitStore)

const db = getDb()
const now = new Date('2026-06-01T01:00:00.000Z')
const at = (day: number, h: number) => new Date(Date.UTC(2026, 5, day, h))
let keys = 0
const key = () => `notify-${Date.now()}-${++keys}`

const ctx: ProcessorContext = { db, now: () => now, logger: pino({ level: 'silent' }), jobId: 'test' }

async function member(
  role: RoleName,
  scope: { enterpriseId?: string; institutionId?: string; regionId?: string },
  locale = 'zh-CN',
) {
  return createUser({ locale, memberships: { create: { role, ...scope } } })
}

/**
 * An enterprise (two members: Chinese and English) with a ¥500 voucher of the 达州 programme, an
 * institution (two staff: Chinese and English) with an instrument open around the clock at
 * ¥200/hour and ¥150/sample, a 达州 city officer and one of another region.
 */
async function world() {
  const enterprise = await createEnterprise()
  const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: 50_000n })
  const { instrument, serviceItem, institutionId } = await createInstrument({
    serviceItem: { feeFen: 20_000, unit: 'hour', name: '样品检测（按小时）' },
  })
  await db.openHours.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      instrumentId: instrument.id,
      weekday,
      startMinute: 0,
      endMinute: 1440,
    })),
  })
  const sampleItem = await db.serviceItem.create({
    data: { instrumentId: instrument.id, name: '成分分析（按样品）', unit: 'sample', feeFen: 15_000 },
  })
  const entZh = await member('enterprise_member', { enterpriseId: enterprise.id })
  const entEn = await member('enterprise_member', { enterpriseId: enterprise.id }, 'en')
  const staffZh = await member('institution_staff', { institutionId })
  const staffEn = await member('institution_staff', { institutionId }, 'en')
  const officer = await member('city_officer', { regionId: '511700' })
  const otherOfficer = await member('city_officer', { regionId: '500101' })
  return {
    enterprise,
    voucher,
    instrument,
    serviceItem,
    sampleItem,
    institutionId,
    entZh,
    entEn,
    staffZh,
    staffEn,
    officer,
    otherOfficer,
  }
}
type World = Awaited<ReturnType<typeof world>>

async function book(w: World, overrides: Partial<RequestBookingInput> = {}) {
  const outcome = await requestBooking(
    { db, now },
    {
      enterpriseId: w.enterprise.id,
      actorUserId: w.entZh.id,
      serviceItemId: w.serviceItem.id,
      voucherId: w.voucher.id,
      startsAt: at(10, 1),
      endsAt: at(10, 3),
      quantity: 2,
      idempotencyKey: key(),
      purpose: '材料成分检测',
      ...overrides,
    },
  )
  if (!outcome.ok) throw new Error(`requestBooking refused: ${outcome.reason} ${JSON.stringify(outcome.details)}`)
  return outcome.value.bookingId
}

const mailsOf = (bookingId: string, template?: string) =>
  db.mailMessage.findMany({ where: { bookingId, ...(template ? { template } : {}) }, orderBy: { toAddress: 'asc' } })

/** A transport that records what it was asked to send, optionally slowly or failing on the n-th message. */
function recordingTransport(opts: { delayMs?: number; failOn?: number } = {}) {
  const sent: string[] = []
  let calls = 0
  const transport: MailTransport = {
    name: 'json',
    async send(mail) {
      calls++
      if (opts.failOn === calls) throw new Error('SMTP 451 try again later')
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs))
      sent.push(mail.reference)
      return { messageId: `<${mail.reference}@test>` }
    },
  }
  return { transport, sent }
}

describe('booking mail', () => {
  it('a request mails the institution’s staff, each in their language, through the old job name', async () => {
    const w = await world()
    const bookingId = await book(w)
    const outbox = await db.outbox.findFirstOrThrow({
      where: { name: 'booking.requested', payload: { path: ['bookingId'], equals: bookingId } },
    })
    const result = await processors['booking.requested']({ bookingId }, ctx)
    expect(outbox.queue).toBe('notifications')
    expect(result).toMatchObject({ notified: true, channel: 'mail', recipients: 2, recorded: 2, sent: 2 })

    const mails = await mailsOf(bookingId)
    expect(mails.map((m) => m.toUserId).sort()).toEqual([w.staffZh.id, w.staffEn.id].sort())
    const zh = mails.find((m) => m.toUserId === w.staffZh.id)!
    const en = mails.find((m) => m.toUserId === w.staffEn.id)!
    expect(zh).toMatchObject({
      template: 'booking.request',
      locale: 'zh-CN',
      toAddress: w.staffZh.email,
      transport: 'json',
      dedupeKey: `${requestEventId(bookingId)}:${w.staffZh.id}`,
    })
    expect(zh.subject).toBe(`【达州科技创新券】新的预约申请待审批：${w.instrument.name}`)
    expect(zh.textBody).toContain(`${w.enterprise.name} 申请预约贵单位的仪器`)
    expect(zh.textBody).toContain('预约时间：2026-06-10 09:00–11:00（北京时间）')
    expect(zh.textBody).toContain('服务费用：¥400.00')
    expect(zh.textBody).toContain('创新券抵扣：¥200.00')
    expect(zh.textBody).toContain(`http://localhost:3000/institution/bookings/${bookingId}`)
    expect(zh.htmlBody).toContain('<table')
    expect(zh.sentAt?.toISOString()).toBe(now.toISOString())
    expect(zh.providerMessageId).toBeTruthy()
    expect(en.locale).toBe('en')
    expect(en.subject).toBe(`[Dazhou Innovation Vouchers] New booking request to decide: ${w.instrument.name}`)
    expect(en.textBody).toContain('Fee: ¥400.00')
    // Nobody on the enterprise's side, no officer.
    expect(mails.some((m) => [w.entZh.id, w.entEn.id, w.officer.id].includes(m.toUserId!))).toBe(false)
  })

  it('a job processed twice, and twice at once, sends one mail per recipient', async () => {
    const w = await world()
    const bookingId = await book(w)
    const input = { bookingId, event: 'request', eventId: requestEventId(bookingId) }
    const { transport, sent } = recordingTransport({ delayMs: 50 })
    const first = await notifyBooking({ db, now, transport }, input)
    const again = await notifyBooking({ db, now, transport }, input)
    const concurrent = await Promise.all([
      notifyBooking({ db, now, transport }, input),
      notifyBooking({ db, now, transport }, input),
    ])
    expect(first).toMatchObject({ ok: true, value: { recipients: 2, recorded: 2, sent: 2 } })
    expect(again).toMatchObject({ ok: true, value: { recorded: 0, sent: 0 } })
    for (const c of concurrent) expect(c).toMatchObject({ ok: true, value: { recorded: 0, sent: 0 } })
    expect(sent).toHaveLength(2)
    // The processor on top (a redelivered outbox job) adds nothing either.
    await processors['booking.requested']({ bookingId }, ctx)
    expect(await db.mailMessage.count({ where: { bookingId } })).toBe(2)
  })

  it('two first runs at once record and send each mail once', async () => {
    const w = await world()
    const bookingId = await book(w)
    const input = { bookingId, event: 'request', eventId: requestEventId(bookingId) }
    const { transport, sent } = recordingTransport({ delayMs: 100 })
    const runs = await Promise.all([
      notifyBooking({ db, now, transport }, input),
      notifyBooking({ db, now, transport }, input),
      notifyBooking({ db, now, transport }, input),
    ])
    expect(runs.every((r) => r.ok)).toBe(true)
    expect(sent.sort()).toEqual([w.staffEn.id, w.staffZh.id].map((id) => `${input.eventId}:${id}`).sort())
    expect(await db.mailMessage.count({ where: { bookingId, sentAt: { not: null } } })).toBe(2)
  })

  it('after a failure between recording and sending, the retry sends only what was not sent', async () => {
    const w = await world()
    const bookingId = await book(w)
    const input = { bookingId, event: 'request', eventId: requestEventId(bookingId) }
    const failing = recordingTransport({ failOn: 2 })
    await expect(notifyBooking({ db, now, transport: failing.transport }, input)).rejects.toThrow(/451/)
    expect(failing.sent).toHaveLength(1)
    const unsent = await db.mailMessage.findMany({ where: { bookingId, sentAt: null } })
    expect(unsent).toHaveLength(1)
    const retry = recordingTransport()
    expect(await notifyBooking({ db, now, transport: retry.transport }, input)).toMatchObject({
      ok: true,
      value: { recorded: 0, sent: 1 },
    })
    expect(retry.sent).toEqual([unsent[0]!.dedupeKey])
    expect(await db.mailMessage.count({ where: { bookingId, sentAt: null } })).toBe(0)
  })

  it('approve and reject (fired by the engine) mail the enterprise’s members, with the reason', async () => {
    const w = await world()
    const approvedId = await book(w)
    const rejectedId = await book(w, { startsAt: at(11, 1), endsAt: at(11, 3) })
    const staff = { kind: 'institution_staff' as const, userId: w.staffZh.id, institutionId: w.institutionId }
    const approved = await fireBookingTransition({ db, now }, { bookingId: approvedId, name: 'approve', actor: staff })
    const rejected = await fireBookingTransition(
      { db, now },
      { bookingId: rejectedId, name: 'reject', actor: staff, reason: '仪器年度检定，暂停对外服务' },
    )
    expect(approved).toMatchObject({ ok: true, value: { changed: true } })
    expect(rejected).toMatchObject({ ok: true, value: { changed: true } })

    for (const bookingId of [approvedId, rejectedId]) {
      const rows = await db.outbox.findMany({
        where: { name: 'booking.notify', payload: { path: ['bookingId'], equals: bookingId } },
      })
      expect(rows).toHaveLength(1)
      const payload = rows[0]!.payload as { bookingId: string; event: string; eventId: string }
      expect(await processors['booking.notify'](payload, ctx)).toMatchObject({ notified: true, recipients: 2 })
      // Delivered again: nothing more.
      expect(await processors['booking.notify'](payload, ctx)).toMatchObject({ recorded: 0, sent: 0 })
    }

    const approvals = await mailsOf(approvedId, 'booking.approve')
    expect(approvals.map((m) => m.toUserId).sort()).toEqual([w.entZh.id, w.entEn.id].sort())
    const zh = approvals.find((m) => m.locale === 'zh-CN')!
    expect(zh.subject).toBe(`【达州科技创新券】预约已通过：${w.instrument.name}`)
    expect(zh.textBody).toMatch(/请在 2026-06-0\d \d\d:\d\d（北京时间） 前支付自付部分 ¥200\.00/)
    expect(zh.textBody).toContain(`/enterprise/bookings/${approvedId}`)
    const en = approvals.find((m) => m.locale === 'en')!
    expect(en.subject).toBe(`[Dazhou Innovation Vouchers] Booking approved: ${w.instrument.name}`)

    const rejections = await mailsOf(rejectedId, 'booking.reject')
    expect(rejections).toHaveLength(2)
    expect(rejections.find((m) => m.locale === 'zh-CN')!.textBody).toContain('理由：仪器年度检定，暂停对外服务')
    expect(rejections.find((m) => m.locale === 'en')!.textBody).toContain('Reason: 仪器年度检定，暂停对外服务')
    // The staff who decided are not told about their own decision.
    expect(
      await db.mailMessage.count({
        where: { toUserId: { in: [w.staffZh.id, w.staffEn.id] }, template: { not: 'booking.request' } },
      }),
    ).toBe(0)
  })

  it('a dispute goes to the institution and the city officers of the issuing region only; a claim to those officers', async () => {
    const w = await world()
    const bookingId = await book(w)
    // Every 达州 city officer of this database (other tests made some too), and nobody else.
    const dazhouOfficers = (
      await db.roleMembership.findMany({
        where: { role: 'city_officer', regionId: '511700' },
        select: { userId: true },
      })
    ).map((m) => m.userId)
    expect(dazhouOfficers).toContain(w.officer.id)
    const dispute = await notifyBooking(
      { db, now, transport: recordingTransport().transport },
      { bookingId, event: 'dispute', eventId: 'test-dispute-1' },
    )
    expect(dispute).toMatchObject({ ok: true, value: { recipients: 2 + dazhouOfficers.length } })
    const disputeMails = await mailsOf(bookingId, 'booking.dispute')
    expect(disputeMails.map((m) => m.toUserId).sort()).toEqual([w.staffZh.id, w.staffEn.id, ...dazhouOfficers].sort())
    expect(disputeMails.some((m) => m.toUserId === w.otherOfficer.id)).toBe(false)
    expect(disputeMails.find((m) => m.toUserId === w.officer.id)!.textBody).toContain(`/bureau/bookings/${bookingId}`)

    const claim = await notifyBooking(
      { db, now, transport: recordingTransport().transport },
      { bookingId, event: 'claim', eventId: 'test-claim-1' },
    )
    expect(claim).toMatchObject({ ok: true, value: { recipients: dazhouOfficers.length } })
    expect((await mailsOf(bookingId, 'booking.claim')).map((m) => m.toUserId).sort()).toEqual(
      [...dazhouOfficers].sort(),
    )
  })

  it('an unknown booking or event is an expected outcome, not a crash', async () => {
    const w = await world()
    const bookingId = await book(w)
    expect(await notifyBooking({ db, now }, { bookingId, event: 'no-such-event', eventId: 'x' })).toMatchObject({
      ok: false,
      reason: 'unknown-event',
    })
    expect(
      await processors['booking.notify'](
        { bookingId: '00000000-0000-4000-8000-000000000000', event: 'approve', eventId: '1' },
        ctx,
      ),
    ).toMatchObject({ notified: false, reason: 'booking-not-found' })
  })
})

describe('developer mail page', () => {
  it('lists recorded messages newest first and shows one; an unknown id is a 404', async () => {
    const w = await world()
    const bookingId = await book(w)
    await processors['booking.requested']({ bookingId }, ctx)
    const list = await body<{
      messages: { id: string; subject: string; bookingId: string | null; createdAt: string }[]
    }>(await call(mailLogLoader, new Request(`${BASE}/dev/mail`)))
    expect(list.messages.length).toBeGreaterThanOrEqual(2)
    const times = list.messages.map((m) => m.createdAt)
    expect([...times].sort().reverse()).toEqual(times)
    const mine = list.messages.find((m) => m.bookingId === bookingId)!
    const detail = await body<{ message: { textBody: string; htmlBody: string } }>(
      await call(mailDetailLoader, new Request(`${BASE}/dev/mail/${mine.id}`), { id: mine.id }),
    )
    expect(detail.message.textBody).toMatch(/服务费用：¥400\.00|Fee: ¥400\.00/)
    expect(detail.message.htmlBody).toContain('<!doctype html>')
    expect((await call(mailDetailLoader, new Request(`${BASE}/dev/mail/999999999`), { id: '999999999' })).status).toBe(
      404,
    )
    expect((await call(mailDetailLoader, new Request(`${BASE}/dev/mail/abc`), { id: 'abc' })).status).toBe(404)
  })
})

async function signedIn(userId: string) {
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId, remember: false })
  browser.absorb([session.setCookie])
  return browser
}

const tokenOf = (url: string) => /\/calendar\/[ui]\/([A-Za-z0-9_-]{43})\.ics$/.exec(url)?.[1] ?? ''

describe('calendar feeds', () => {
  it('a user’s feed lists their enterprise’s bookings (slots timed, samples all-day); a wrong token is a 404', async () => {
    const w = await world()
    const slotId = await book(w)
    const sampleId = await book(w, {
      serviceItemId: w.sampleItem.id,
      startsAt: null,
      endsAt: null,
      quantity: 3,
      wantedBy: '2026-06-20',
    })
    const staff = { kind: 'institution_staff' as const, userId: w.staffZh.id, institutionId: w.institutionId }
    const rejectedId = await book(w, { startsAt: at(12, 1), endsAt: at(12, 3) })
    expect(
      await fireBookingTransition(
        { db, now },
        { bookingId: rejectedId, name: 'reject', actor: staff, reason: '设备维护' },
      ),
    ).toMatchObject({ ok: true })
    const issued = await issueUserCalendarToken({ db, now }, { userId: w.entZh.id, reset: false })
    if (!issued.ok) throw new Error(issued.reason)
    const token = issued.value.token
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const response = await call(userFeedLoader, new Request(`${BASE}/calendar/u/${token}.ics`), { token })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    expect(response.headers.get('Cache-Control')).toMatch(/^private, max-age=\d+$/)
    const ics = await response.text()
    const unfolded = ics.replace(/\r\n /g, '')
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
    expect(unfolded).toContain(`UID:${bookingUid(slotId)}`)
    expect(unfolded).toContain('DTSTART:20260610T010000Z')
    expect(unfolded).toContain('STATUS:TENTATIVE')
    expect(unfolded).toContain(`UID:${bookingUid(sampleId)}`)
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20260620')
    expect(unfolded).toContain(`SUMMARY:${w.instrument.name} · `)
    expect(unfolded).not.toContain(bookingUid(rejectedId)) // a rejected booking is not in a calendar
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)

    // The institution's staff see the same bookings in their own feed.
    const staffToken = await issueUserCalendarToken({ db, now }, { userId: w.staffEn.id, reset: false })
    const staffIcs = await (
      await call(userFeedLoader, new Request(`${BASE}/x`), { token: staffToken.ok ? staffToken.value.token : '' })
    ).text()
    expect(staffIcs.replace(/\r\n /g, '')).toContain(`UID:${bookingUid(slotId)}`)
    // Someone with no enterprise or institution gets an empty calendar.
    const officerToken = await issueUserCalendarToken({ db, now }, { userId: w.officer.id, reset: false })
    const officerIcs = await (
      await call(userFeedLoader, new Request(`${BASE}/x`), { token: officerToken.ok ? officerToken.value.token : '' })
    ).text()
    expect(officerIcs).not.toContain('BEGIN:VEVENT')

    const wrong = 'A'.repeat(43)
    expect((await call(userFeedLoader, new Request(`${BASE}/calendar/u/${wrong}.ics`), { token: wrong })).status).toBe(
      404,
    )
    expect((await call(userFeedLoader, new Request(`${BASE}/calendar/u/short.ics`), { token: 'short' })).status).toBe(
      404,
    )
    // A second "create" keeps the token.
    expect(await issueUserCalendarToken({ db, now }, { userId: w.entZh.id, reset: false })).toEqual({
      ok: true,
      value: { token, changed: false },
    })
  })

  it('the settings page creates the link on demand, and a reset makes the old URL a 404', async () => {
    const w = await world()
    const bookingId = await book(w)
    const browser = await signedIn(w.entEn.id)
    const before = await body<{ url: string | null }>(await call(calendarLoader, browser.get('/settings/calendar')))
    expect(before.url).toBeNull()

    const created = await call(calendarAction, browser.post('/settings/calendar', { intent: 'calendar-create' }))
    expect(created.status).toBe(302)
    expect(created.headers.get('Location')).toBe('/settings/calendar?done=created')
    const { url } = await body<{ url: string }>(await call(calendarLoader, browser.get('/settings/calendar')))
    expect(url).toMatch(/^http:\/\/localhost\/calendar\/u\/[A-Za-z0-9_-]{43}\.ics$/)
    const oldToken = tokenOf(url)
    const feed = await (await call(userFeedLoader, new Request(url), { token: oldToken })).text()
    expect(feed.replace(/\r\n /g, '')).toContain(`UID:${bookingUid(bookingId)}`)
    // English user: an English calendar name.
    expect(feed).toContain('X-WR-CALNAME:Dazhou vouchers')

    // A reset needs the confirmation box.
    const unconfirmed = await call(calendarAction, browser.post('/settings/calendar', { intent: 'calendar-reset' }))
    expect(unconfirmed.status).toBe(400)
    expect(await body(unconfirmed)).toEqual({ resetError: true })
    // Without the CSRF token nothing happens.
    expect(
      (
        await call(
          calendarAction,
          browser.post('/settings/calendar', { intent: 'calendar-reset', confirm: 'on' }, { csrf: false }),
        )
      ).status,
    ).toBe(403)

    const reset = await call(
      calendarAction,
      browser.post('/settings/calendar', { intent: 'calendar-reset', confirm: 'on' }),
    )
    expect(reset.headers.get('Location')).toBe('/settings/calendar?done=reset')
    const after = await body<{ url: string }>(await call(calendarLoader, browser.get('/settings/calendar')))
    const newToken = tokenOf(after.url)
    expect(newToken).not.toBe(oldToken)
    expect((await call(userFeedLoader, new Request(url), { token: oldToken })).status).toBe(404)
    expect((await call(userFeedLoader, new Request(after.url), { token: newToken })).status).toBe(200)
    expect(
      await db.auditLog.count({ where: { entityId: w.entEn.id, action: { startsWith: 'user.calendar-token' } } }),
    ).toBe(2)

    // Signed out: the page sends the visitor to the login page.
    const anonymous = await call(calendarLoader, new Request(`${BASE}/settings/calendar`))
    expect(anonymous.status).toBe(302)
  })

  it('an instrument’s feed: created and reset from the instrument page by its own staff only', async () => {
    const w = await world()
    const bookingId = await book(w)
    const browser = await signedIn(w.staffZh.id)
    const path = `/institution/instruments/${w.instrument.id}`
    const params = { id: w.instrument.id }
    expect(
      await body<{ calendarUrl: string | null }>(await call(instrumentLoader, browser.get(path), params)),
    ).toMatchObject({
      calendarUrl: null,
    })
    const created = await call(instrumentAction, browser.post(path, { intent: 'calendar-create' }), params)
    expect(created.status).toBe(302)
    expect(created.headers.get('Location')).toBe(`${path}?calendar=created#instrument-calendar-title`)
    const { calendarUrl } = await body<{ calendarUrl: string }>(await call(instrumentLoader, browser.get(path), params))
    const token = tokenOf(calendarUrl)
    expect(calendarUrl).toContain('/calendar/i/')
    const feed = await call(instrumentFeedLoader, new Request(calendarUrl), { token })
    expect(feed.status).toBe(200)
    const ics = (await feed.text()).replace(/\r\n /g, '')
    expect(ics).toContain(`UID:${bookingUid(bookingId)}`)
    expect(ics).toContain(`X-WR-CALNAME:${w.instrument.name}（${w.instrument.assetNo}）预约`)
    expect(ics).toContain(`SUMMARY:${w.instrument.name} · ${w.enterprise.name}（待审批）`)

    // Staff of another institution cannot touch it (404: not theirs).
    const { instrument: otherInstrument } = await createInstrument()
    const outsider = await signedIn(
      (await member('institution_staff', { institutionId: otherInstrument.institutionId })).id,
    )
    expect(
      (await call(instrumentAction, outsider.post(path, { intent: 'calendar-reset', confirm: 'on' }), params)).status,
    ).toBe(404)
    expect((await call(instrumentFeedLoader, new Request(calendarUrl), { token })).status).toBe(200)

    expect((await call(instrumentAction, browser.post(path, { intent: 'calendar-reset' }), params)).status).toBe(400)
    const reset = await call(instrumentAction, browser.post(path, { intent: 'calendar-reset', confirm: 'on' }), params)
    expect(reset.status).toBe(302)
    expect((await call(instrumentFeedLoader, new Request(calendarUrl), { token })).status).toBe(404)
    const fresh = await body<{ calendarUrl: string }>(await call(instrumentLoader, browser.get(path), params))
    expect(
      (await call(instrumentFeedLoader, new Request(fresh.calendarUrl), { token: tokenOf(fresh.calendarUrl) })).status,
    ).toBe(200)
  })
})
