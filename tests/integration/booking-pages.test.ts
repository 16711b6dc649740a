import { afterAll, describe, expect, it } from 'vitest'
import type { RoleName } from '~/generated/prisma/client'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { getAccountBalances } from '~/features/ledger/ledger.server'
import { revokeVoucher, VOUCHER_REVOKED_FLAG } from '~/features/vouchers/revoke-voucher.server'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'
import { action as detailAction, loader as detailLoader } from '~/routes/enterprise+/bookings.$id'
import { loader as listLoader } from '~/routes/enterprise+/bookings._index'
import { action as bookAction, loader as bookLoader } from '~/routes/instruments+/$id_.book'
import {
  createEnterprise,
  createInstrument,
  createProgramme,
  createUser,
  createVoucher,
  openAroundTheClock,
} from '../support/factories'
import { BASE, body, Browser } from './auth-support'
import { call } from '../support/review-pages'

// The enterprise's booking pages through their loaders and actions, signed in with a real session
// and CSRF token (the routes use the real clock, so the data is made relative to now).

afterAll(closeRateLimitStore)

const DAY = 86_400_000

async function signedIn(
  role: RoleName,
  scope: { enterpriseId?: string; institutionId?: string; regionId?: string } = {},
) {
  const user = await createUser({ memberships: { create: { role, ...scope } } })
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: user.id, remember: false })
  browser.absorb([session.setCookie])
  return { browser, userId: user.id }
}

type Slot = { value: string; label: string }
type Voucher = {
  id: string
  serial: string
  availableFen: string
  quote: { feeFen: string; voucherShareFen: string; copayFen: string } | null
  blocker: { reason: string; allowed?: string[] } | null
}
type Page = {
  itemId: string | null
  unit: string | null
  duration: number | null
  days: { date: string; starts: Slot[] }[]
  start: string | null
  quantity: number | null
  vouchers: Voucher[]
  proposedVoucherId: string | null
  voucherId: string | null
  quote: { feeFen: string; voucherShareFen: string; copayFen: string } | null
  ready: boolean
  enterpriseVerified: boolean
  enterpriseStatus: string | null
}
type BookData = { viewer: string; loginHref: string; page: Page | null; formKey: string }
type RefusedData = { errors: Record<string, string[]>; page: Page }

/**
 * An enterprise member, two usable vouchers (¥500 expiring in 60 days, ¥5,000 in 200 days) and one
 * its programme does not allow for analytical instruments, and an open GC-MS at ¥200 an hour.
 */
async function world() {
  const db = getDb()
  const now = Date.now()
  const enterprise = await createEnterprise()
  const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
  const issue = async (
    amountFen: bigint,
    expiresInDays: number,
    programme: Parameters<typeof createProgramme>[0] = {},
  ) => {
    const p = await createProgramme({ year: new Date(now).getUTCFullYear(), ...programme })
    const v = await createVoucher({
      programmeId: p.id,
      enterpriseId: enterprise.id,
      amountFen,
      at: new Date(now - DAY),
    })
    await db.voucher.update({ where: { id: v.id }, data: { expiresAt: new Date(now + expiresInDays * DAY) } })
    return v
  }
  const soon = await issue(50_000n, 60)
  const later = await issue(500_000n, 200)
  const otherCategory = await issue(500_000n, 30, { allowedCategories: ['02'] })
  const { instrument, serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } })
  await openAroundTheClock(instrument.id)
  const path = `/instruments/${instrument.id}/book`
  return { db, enterprise, member, soon, later, otherCategory, instrument, serviceItem, path }
}

const firstSlot = (page: Page) => page.days.find((d) => d.starts.length > 0)!.starts[0]!

describe('the booking page', () => {
  it('shows the quote the server computes, proposes the voucher expiring first, explains a blocked one', async () => {
    const { member, soon, otherCategory, serviceItem, instrument, path } = await world()
    const first = await body<BookData>(
      await call(bookLoader as never, member.browser.get(`${path}?item=${serviceItem.id}`), { id: instrument.id }),
    )
    expect(first.viewer).toBe('enterprise')
    const page = first.page!
    expect(page).toMatchObject({ itemId: serviceItem.id, unit: 'hour', duration: 60, start: null, ready: false })
    // 14 days of free starts from the instrument page's computation.
    expect(page.days).toHaveLength(14)
    expect(page.days.flatMap((d) => d.starts).length).toBeGreaterThan(0)
    // The blocked voucher expires first, but the proposal is the usable one that expires first.
    expect(page.proposedVoucherId).toBe(soon.id)
    expect(page.voucherId).toBe(soon.id)
    const blocked = page.vouchers.find((v) => v.id === otherCategory.id)!
    expect(blocked.blocker).toEqual({ reason: 'category-not-allowed', allowed: ['02'] })

    const slot = firstSlot(page)
    const quoted = await body<BookData>(
      await call(
        bookLoader as never,
        member.browser.get(`${path}?item=${serviceItem.id}&duration=120&start=${encodeURIComponent(slot.value)}`),
        { id: instrument.id },
      ),
    )
    // DOMAIN: fee = 2 h × ¥200; share = min(50%, ¥500 available); co-payment = the rest.
    expect(quoted.page).toMatchObject({
      start: slot.value,
      duration: 120,
      quantity: 2,
      voucherId: soon.id,
      quote: { feeFen: '40000', voucherShareFen: '20000', copayFen: '20000' },
      ready: true,
    })
    // Choosing the blocked voucher: the page says why and does not let it be submitted.
    const withBlocked = await body<BookData>(
      await call(
        bookLoader as never,
        member.browser.get(
          `${path}?item=${serviceItem.id}&duration=120&start=${encodeURIComponent(slot.value)}&voucher=${otherCategory.id}`,
        ),
        { id: instrument.id },
      ),
    )
    expect(withBlocked.page).toMatchObject({ voucherId: otherCategory.id, ready: false })
    // And the server refuses it with the same explanation.
    const refused = await call(
      bookAction as never,
      member.browser.post(path, {
        item: serviceItem.id,
        duration: '120',
        start: slot.value,
        voucher: otherCategory.id,
        idempotencyKey: quoted.formKey,
      }),
      { id: instrument.id },
    )
    expect(refused.status).toBe(400)
    const errors = (await body<RefusedData>(refused)).errors
    expect(errors.voucher).toEqual([
      `bookings:refusal.category-not-allowed?allowed=${encodeURIComponent('物理性能测试仪器')}`,
    ])
  })

  it('a double submit makes one booking and one hold; the booking page then shows it', async () => {
    const { db, member, soon, serviceItem, instrument, path, enterprise } = await world()
    const page = await body<BookData>(
      await call(bookLoader as never, member.browser.get(`${path}?item=${serviceItem.id}`), { id: instrument.id }),
    )
    const slot = firstSlot(page.page!)
    const fields = {
      item: serviceItem.id,
      duration: '60',
      start: slot.value,
      voucher: soon.id,
      purpose: '切削液成分分析',
      idempotencyKey: page.formKey,
    }
    const [a, b] = await Promise.all([
      call(bookAction as never, member.browser.post(path, fields), { id: instrument.id }),
      call(bookAction as never, member.browser.post(path, fields), { id: instrument.id }),
    ])
    expect(a.status).toBe(302)
    expect(b.status).toBe(302)
    expect(a.headers.get('Location')).toBe(b.headers.get('Location'))
    const bookings = await db.booking.findMany({ where: { enterpriseId: enterprise.id } })
    expect(bookings).toHaveLength(1)
    expect(a.headers.get('Location')).toBe(`/enterprise/bookings/${bookings[0]!.id}?done=requested`)
    expect(bookings[0]).toMatchObject({
      quantity: 1,
      feeFen: 20_000n,
      voucherShareFen: 10_000n,
      copayFen: 10_000n,
      voucherId: soon.id,
      purpose: '切削液成分分析',
    })
    expect(await getAccountBalances(db, soon.accountId)).toMatchObject({ debitsPending: 10_000n })

    const list = await body<{ rows: { id: string; status: string; feeFen: string }[]; counts: Record<string, number> }>(
      await call(listLoader as never, member.browser.get('/enterprise/bookings')),
    )
    expect(list.rows).toMatchObject([{ id: bookings[0]!.id, status: 'requested', feeFen: '20000' }])
    expect(list.counts).toMatchObject({ all: 1, open: 1, closed: 0 })
  })

  it('an enterprise not verified yet is told why and where to look; a forged submit is refused, nothing held', async () => {
    const { db, member, soon, serviceItem, instrument, path, enterprise } = await world()
    const url = `${path}?item=${serviceItem.id}&duration=60`
    const verified = await body<BookData>(
      await call(bookLoader as never, member.browser.get(url), { id: instrument.id }),
    )
    expect(verified.page).toMatchObject({ enterpriseVerified: true, enterpriseStatus: 'verified' })
    const slot = firstSlot(verified.page!)

    await db.enterprise.update({ where: { id: enterprise.id }, data: { status: 'county_reviewed' } })
    const page = await body<BookData>(
      await call(bookLoader as never, member.browser.get(`${url}&start=${encodeURIComponent(slot.value)}`), {
        id: instrument.id,
      }),
    )
    expect(page.page).toMatchObject({ enterpriseVerified: false, enterpriseStatus: 'county_reviewed', ready: false })

    const refused = await call(
      bookAction as never,
      member.browser.post(path, {
        item: serviceItem.id,
        duration: '60',
        start: slot.value,
        voucher: soon.id,
        idempotencyKey: verified.formKey,
      }),
      { id: instrument.id },
    )
    expect(refused.status).toBe(400)
    expect((await body<RefusedData>(refused)).errors).toEqual({ form: ['bookings:refusal.enterprise-not-verified'] })
    expect(await db.booking.count({ where: { enterpriseId: enterprise.id } })).toBe(0)
    expect(await getAccountBalances(db, soon.accountId)).toMatchObject({ debitsPending: 0n })
  })

  it('a slot taken meanwhile is a 409 with a clear message and the fresh free slots, never an error page', async () => {
    const { member, serviceItem, instrument, path } = await world()
    const page = await body<BookData>(
      await call(bookLoader as never, member.browser.get(`${path}?item=${serviceItem.id}`), { id: instrument.id }),
    )
    const slot = firstSlot(page.page!)
    const rival = await createEnterprise()
    const taken = await requestBooking(
      {},
      {
        enterpriseId: rival.id,
        actorUserId: null,
        serviceItemId: serviceItem.id,
        startsAt: new Date(slot.value),
        endsAt: new Date(Date.parse(slot.value) + 3_600_000),
        quantity: 1,
        idempotencyKey: 'rival',
      },
    )
    expect(taken.ok).toBe(true)
    const response = await call(
      bookAction as never,
      member.browser.post(path, {
        item: serviceItem.id,
        duration: '60',
        start: slot.value,
        voucher: 'none',
        idempotencyKey: page.formKey,
      }),
      { id: instrument.id },
    )
    expect(response.status).toBe(409)
    const data = await body<RefusedData>(response)
    expect(data.errors.start).toEqual(['bookings:refusal.slot-taken'])
    const starts = data.page.days.flatMap((d) => d.starts.map((s) => s.value))
    expect(starts).not.toContain(slot.value)
    expect(starts.length).toBeGreaterThan(0)
    expect(data.page.start).toBeNull()
  })

  it('a sample service: quantity and wanted-by date, no slot', async () => {
    const { db, member, instrument, later, path, enterprise } = await world()
    const item = await db.serviceItem.create({
      data: { instrumentId: instrument.id, name: 'GC-MS定性分析', unit: 'sample', feeFen: 60_000, minQuantity: 2 },
    })
    const wantedBy = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10)
    const page = await body<BookData>(
      await call(
        bookLoader as never,
        member.browser.get(`${path}?item=${item.id}&quantity=3&wantedBy=${wantedBy}&voucher=${later.id}`),
        { id: instrument.id },
      ),
    )
    expect(page.page).toMatchObject({
      unit: 'sample',
      quantity: 3,
      voucherId: later.id,
      quote: { feeFen: '180000', voucherShareFen: '90000', copayFen: '90000' },
      ready: true,
    })
    const tooFew = await call(
      bookAction as never,
      member.browser.post(path, { item: item.id, quantity: '1', voucher: 'none', idempotencyKey: page.formKey }),
      { id: instrument.id },
    )
    expect(tooFew.status).toBe(400)
    expect((await body<RefusedData>(tooFew)).errors.quantity).toEqual(['bookings:refusal.quantity-below-minimum?min=2'])
    const ok = await call(
      bookAction as never,
      member.browser.post(path, {
        item: item.id,
        quantity: '3',
        wantedBy,
        voucher: later.id,
        idempotencyKey: page.formKey,
      }),
      { id: instrument.id },
    )
    expect(ok.status).toBe(302)
    const booking = await db.booking.findFirstOrThrow({ where: { enterpriseId: enterprise.id } })
    expect(booking).toMatchObject({ unit: 'sample', quantity: 3, startsAt: null, voucherShareFen: 90_000n })
    expect(booking.wantedBy?.toISOString().slice(0, 10)).toBe(wantedBy)
  })

  it('asks a visitor to sign in and tells other roles that only enterprises book', async () => {
    const { instrument, path } = await world()
    const visitor = await Browser.open()
    const anon = await body<BookData>(await call(bookLoader as never, visitor.get(path), { id: instrument.id }))
    expect(anon).toMatchObject({ viewer: 'anon', page: null })
    expect(anon.loginHref).toBe(`/login?redirectTo=${encodeURIComponent(path)}`)
    const officer = await signedIn('city_officer', { regionId: '511700' })
    const other = await body<BookData>(
      await call(bookLoader as never, officer.browser.get(path), { id: instrument.id }),
    )
    expect(other).toMatchObject({ viewer: 'other', page: null })
    expect(
      (await call(bookAction as never, officer.browser.post(path, { item: 'x' }), { id: instrument.id })).status,
    ).toBe(403)
  })
})

describe('the booking detail page', () => {
  async function booked() {
    const w = await world()
    const slotStart = new Date(Math.ceil((Date.now() + 3 * DAY) / 3_600_000) * 3_600_000)
    const outcome = await requestBooking(
      {},
      {
        enterpriseId: w.enterprise.id,
        actorUserId: null,
        serviceItemId: w.serviceItem.id,
        voucherId: w.soon.id,
        startsAt: slotStart,
        endsAt: new Date(slotStart.getTime() + 2 * 3_600_000),
        quantity: 2,
        idempotencyKey: `detail-${slotStart.getTime()}-${Math.random()}`,
      },
    )
    if (!outcome.ok) throw new Error(`booking refused: ${outcome.reason}`)
    return { ...w, bookingId: outcome.value.bookingId }
  }

  it("another enterprise's booking is not found (404), to read or to change", async () => {
    const { bookingId } = await booked()
    const stranger = await createEnterprise()
    const other = await signedIn('enterprise_member', { enterpriseId: stranger.id })
    const path = `/enterprise/bookings/${bookingId}`
    expect((await call(detailLoader as never, other.browser.get(path), { id: bookingId })).status).toBe(404)
    expect(
      (
        await call(detailAction as never, other.browser.post(path, { intent: 'cancel', reason: '不需要了' }), {
          id: bookingId,
        })
      ).status,
    ).toBe(404)
    expect((await getDb().booking.findUniqueOrThrow({ where: { id: bookingId } })).status).toBe('requested')
  })

  it("a revoked voucher shows on the page; the bureau's other audit flags do not reach the enterprise", async () => {
    const { db, member, soon, bookingId } = await booked()
    const officer = await createUser({ memberships: { create: { role: 'city_officer', regionId: '511700' } } })
    await db.bookingFlag.create({
      data: { bookingId, kind: 'split-booking', detail: { note: 'internal' }, raisedAt: new Date() },
    })
    expect(
      await revokeVoucher({}, { voucherId: soon.id, reason: '虚报材料，撤销创新券', actorUserId: officer.id }),
    ).toMatchObject({ ok: true })
    const path = `/enterprise/bookings/${bookingId}`
    const data = await body<{ booking: { flags: { kind: string }[]; status: string } }>(
      await call(detailLoader as never, member.browser.get(path), { id: bookingId }),
    )
    expect(data.booking.status).toBe('requested')
    expect(data.booking.flags.map((f) => f.kind)).toEqual([VOUCHER_REVOKED_FLAG])
    expect(await db.bookingFlag.count({ where: { bookingId } })).toBe(2)
  })

  it('cancels through the page: the reason is required, the free period shown, the hold returned', async () => {
    const { db, member, bookingId, soon } = await booked()
    const path = `/enterprise/bookings/${bookingId}`
    const page = await body<{
      booking: { id: string; status: string }
      actions: string[]
      canPay: boolean
      cancelTerms: { basis: string; feeFen: string; freeUntil: string | null } | null
    }>(await call(detailLoader as never, member.browser.get(path), { id: bookingId }))
    expect(page.booking).toMatchObject({ id: bookingId, status: 'requested' })
    expect(page.actions).toEqual(['cancel'])
    expect(page.canPay).toBe(false)
    expect(page.cancelTerms).toMatchObject({ basis: 'free-period', feeFen: '0' })
    expect(page.cancelTerms?.freeUntil).not.toBeNull()

    const blank = await call(detailAction as never, member.browser.post(path, { intent: 'cancel', reason: '  ' }), {
      id: bookingId,
    })
    expect(blank.status).toBe(400)
    expect((await body<{ errors: { reason?: string[] } }>(blank)).errors.reason).toEqual([
      'bookings:errors.reason-required',
    ])
    expect(await getAccountBalances(db, soon.accountId)).toMatchObject({ debitsPending: 20_000n })

    const done = await call(
      detailAction as never,
      member.browser.post(path, { intent: 'cancel', reason: '项目计划调整' }),
      { id: bookingId },
    )
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`${path}?done=cancel`)
    const booking = await db.booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking).toMatchObject({ status: 'cancelled', cancelReason: '项目计划调整', cancelledBySide: 'enterprise' })
    expect(await getAccountBalances(db, soon.accountId)).toMatchObject({ debitsPending: 0n, available: 50_000n })
    const after = await body<{ actions: string[]; booking: { history: { transition: string }[] } }>(
      await call(detailLoader as never, member.browser.get(`${path}?done=cancel`), { id: bookingId }),
    )
    expect(after.actions).toEqual([])
    expect(after.booking.history.map((h) => h.transition)).toEqual(['cancel'])
    // Cancelling again: the booking has moved on (a second click changes nothing).
    const twice = await call(
      detailAction as never,
      member.browser.post(path, { intent: 'cancel', reason: '项目计划调整' }),
      { id: bookingId },
    )
    expect(twice.status).toBe(302)
    expect(await db.bookingEvent.count({ where: { bookingId } })).toBe(1)

    const closed = await body<{ rows: { id: string }[] }>(
      await call(listLoader as never, member.browser.get('/enterprise/bookings?status=closed')),
    )
    expect(closed.rows.map((r) => r.id)).toEqual([bookingId])
    const open = await body<{ rows: { id: string }[] }>(
      await call(listLoader as never, member.browser.get('/enterprise/bookings?status=open')),
    )
    expect(open.rows).toEqual([])
  })

  it('refuses a form without the CSRF token', async () => {
    const { member, bookingId } = await booked()
    const path = `/enterprise/bookings/${bookingId}`
    const response = await call(
      detailAction as never,
      member.browser.post(path, { intent: 'cancel', reason: 'x' }, { csrf: false }),
      { id: bookingId },
    )
    expect(response.status).toBe(403)
  })
})
