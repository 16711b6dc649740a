import { randomUUID } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { shanghaiDate } from '~/features/availability/free-slots'
import { evidenceDir } from '~/features/bookings/evidence-files.server'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { toShanghaiInput } from '~/features/instruments/manage/shanghai-time'
import type { RoleName } from '~/generated/prisma/client'
import { getDb } from '~/infra/db.server'
import { createSession } from '~/infra/session.server'
import { loader as claimLoader } from '~/routes/bureau+/claims.$id'
import { loader as claimsLoader } from '~/routes/bureau+/claims._index'
import { loader as claimsExport } from '~/routes/bureau+/claims.export[.xlsx]'
import { loader as bureauBookingLoader } from '~/routes/bureau+/bookings.$id'
import { action as disputesAction, loader as disputesLoader } from '~/routes/bureau+/disputes'
import { loader as fileLoader } from '~/routes/files+/booking.$id.$kind'
import { action as bookingAction, loader as bookingLoader } from '~/routes/institution+/bookings.$id'
import { loader as listLoader } from '~/routes/institution+/bookings._index'
import { action as editInstrument } from '~/routes/institution+/instruments+/$id+/_index'
import { action as newInstrument } from '~/routes/institution+/instruments+/new'
import {
  createEnterprise,
  createInstitution,
  createInstrument,
  createUser,
  createVoucher,
  openAroundTheClock,
} from '../support/factories'
import { BASE, body, Browser } from './auth-support'

// The institution staff's booking pages and the bureau's claims and disputes, through their
// loaders and actions with signed-in browsers; the enterprise's side (pay, confirm, dispute) is
// fired through the booking engine. Evidence files go to this test file's own directory.
const uploadRoot = vi.hoisted(() => {
  const dir = `/tmp/institution-bookings-test-${process.pid}-${Date.now()}`
  process.env.UPLOAD_DIR = dir
  return dir
})

afterAll(async () => {
  await rm(uploadRoot, { recursive: true, force: true })
})

type Fn = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>

async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return await (fn as Fn)({ request, params, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

async function signedIn(
  role: RoleName,
  scope: { regionId?: string; enterpriseId?: string; institutionId?: string } = {},
) {
  const user = await createUser({ memberships: { create: { role, ...scope } } })
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: user.id, remember: false })
  browser.absorb([session.setCookie])
  return { browser, userId: user.id }
}

function multipart(browser: Browser, path: string, fields: Record<string, string | File>): Request {
  const form = new FormData()
  form.set('csrf', browser.csrfToken)
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    body: form,
    headers: { Cookie: browser.cookieHeader(), 'User-Agent': 'vitest' },
  })
}

const DAY = 86_400_000
const HOUR = 3_600_000
let nextDay = 2
/** A two-hour slot on a day of its own (09:00–11:00 Shanghai), a few days ahead. */
function nextSlot() {
  const day = shanghaiDate(new Date(Date.now() + nextDay++ * DAY))
  return { startsAt: new Date(`${day}T09:00:00+08:00`), endsAt: new Date(`${day}T11:00:00+08:00`) }
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** An institution in 通川区 with a ¥200/hour instrument; an enterprise in 开江县 with a ¥10,000 voucher (50%). */
async function world() {
  const institution = await createInstitution({ regionId: '511702' })
  const { instrument, serviceItem } = await createInstrument({
    institutionId: institution.id,
    serviceItem: { feeFen: 20_000, unit: 'hour' },
  })
  await openAroundTheClock(instrument.id)
  const enterprise = await createEnterprise({ regionId: '511723' })
  const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: 1_000_000n, at: new Date() })
  const staff = await signedIn('institution_staff', { institutionId: institution.id })
  const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
  return { institution, instrument, serviceItem, enterprise, voucher, staff, member }
}
type World = Awaited<ReturnType<typeof world>>

/** A requested booking: 2 hours = ¥400, voucher share ¥200, co-payment ¥200. */
async function book(w: World): Promise<string> {
  const slot = nextSlot()
  const outcome = await requestBooking(
    {},
    {
      enterpriseId: w.enterprise.id,
      actorUserId: w.member.userId,
      serviceItemId: w.serviceItem.id,
      voucherId: w.voucher.id,
      ...slot,
      quantity: 2,
      idempotencyKey: randomUUID(),
      purpose: '锂电池电解液成分检测',
    },
  )
  if (!outcome.ok) throw new Error(`booking refused: ${outcome.reason} ${JSON.stringify(outcome.details)}`)
  return outcome.value.bookingId
}

const page = (id: string) => `/institution/bookings/${id}`

async function staffDoes(w: World, id: string, fields: Record<string, string>) {
  return call(bookingAction, w.staff.browser.post(page(id), fields), { id })
}

/** Approved by the staff, paid (a payment row and the webhook's 'pay'), service started by the staff. */
async function inService(w: World, id: string) {
  expect((await staffDoes(w, id, { intent: 'approve' })).status).toBe(302)
  const intentId = `pi_test_${id.slice(0, 8)}`
  await getDb().payment.create({ data: { bookingId: id, intentId, amountFen: 20_000n, status: 'succeeded' } })
  const paid = await fireBookingTransition(
    {},
    { bookingId: id, name: 'pay', actor: { kind: 'system', userId: null }, payment: { intentId } },
  )
  expect(paid).toMatchObject({ ok: true, value: { changed: true, to: 'paid' } })
  expect((await staffDoes(w, id, { intent: 'start' })).status).toBe(302)
  expect((await getDb().booking.findUniqueOrThrow({ where: { id } })).status).toBe('in_service')
}

/** The delivery form as a browser sends it: usage two hours that ended an hour ago. */
function deliveryFields(over: Record<string, string | File> = {}): Record<string, string | File> {
  const end = new Date(Math.floor((Date.now() - HOUR) / 60_000) * 60_000)
  return {
    intent: 'deliver',
    actualStart: toShanghaiInput(new Date(end.getTime() - 2 * HOUR)),
    actualEnd: toShanghaiInput(end),
    finalFee: '350',
    reportNo: `SCWL-${randomUUID().slice(0, 8)}`,
    invoiceNo: `0440026${randomUUID().replace(/\D/g, '').slice(0, 8)}`,
    ...over,
  }
}

async function storedFiles(): Promise<string[]> {
  return readdir(evidenceDir()).catch(() => [])
}

type ErrorsData = { intent: string; errors: Record<string, string[]> }

describe('the institution staff’s bookings', () => {
  it('lists only the institution’s own bookings, pending first; another institution’s booking is not found', async () => {
    const a = await world()
    const b = await world()
    const a1 = await book(a)
    const a2 = await book(a)
    const b1 = await book(b)

    const list = await body<{ rows: { id: string }[]; counts: Record<string, number>; params: { tab: string } }>(
      await call(listLoader, a.staff.browser.get('/institution/bookings')),
    )
    expect(list.params.tab).toBe('pending')
    expect(list.rows.map((r) => r.id)).toEqual([a1, a2]) // oldest first: a queue
    expect(list.counts).toMatchObject({ pending: 2, all: 2, done: 0 })
    const all = await body<{ rows: { id: string }[] }>(
      await call(listLoader, a.staff.browser.get('/institution/bookings?tab=all&dir=desc')),
    )
    expect(all.rows.map((r) => r.id)).toEqual([a2, a1])
    expect(all.rows.map((r) => r.id)).not.toContain(b1)

    const mine = await body<{ actions: string[]; booking: { voucher: { serial: string } } }>(
      await call(bookingLoader, a.staff.browser.get(page(a1)), { id: a1 }),
    )
    expect(mine.actions).toEqual(['approve', 'reject', 'propose'])
    expect(mine.booking.voucher.serial).toBe(a.voucher.serial)

    expect((await call(bookingLoader, a.staff.browser.get(page(b1)), { id: b1 })).status).toBe(404)
    expect((await call(bookingLoader, a.staff.browser.get(page('nope')), { id: 'nope' })).status).toBe(404)
    expect((await staffDoes(a, b1, { intent: 'approve' })).status).toBe(404)
    expect((await getDb().booking.findUniqueOrThrow({ where: { id: b1 } })).status).toBe('requested')
    // An enterprise member is no staff.
    expect((await call(listLoader, a.member.browser.get('/institution/bookings'))).status).toBe(403)
  })

  it('approves; refuses a rejection without a reason and records one with it', async () => {
    const w = await world()
    const first = await book(w)
    const second = await book(w)

    const approved = await staffDoes(w, first, { intent: 'approve' })
    expect(approved.status).toBe(302)
    expect(approved.headers.get('Location')).toBe(`${page(first)}?done=approve`)
    const row = await getDb().booking.findUniqueOrThrow({ where: { id: first } })
    expect(row).toMatchObject({ status: 'approved', decidedById: w.staff.userId })
    expect(row.payBy).not.toBeNull()
    // A double click changes nothing and is no error.
    expect((await staffDoes(w, first, { intent: 'approve' })).status).toBe(302)
    expect(await getDb().bookingEvent.count({ where: { bookingId: first, transition: 'approve' } })).toBe(1)

    const blank = await staffDoes(w, second, { intent: 'reject', reason: '   ' })
    expect(blank.status).toBe(400)
    expect((await body<ErrorsData>(blank)).errors).toEqual({ reason: ['staffBookings:errors.reasonRequired'] })
    expect((await getDb().booking.findUniqueOrThrow({ where: { id: second } })).status).toBe('requested')

    expect((await staffDoes(w, second, { intent: 'reject', reason: '仪器年检，本月无法安排' })).status).toBe(302)
    expect(await getDb().booking.findUniqueOrThrow({ where: { id: second } })).toMatchObject({
      status: 'rejected',
      rejectReason: '仪器年检，本月无法安排',
    })
    const detail = await body<{
      actions: string[]
      booking: { history: { transition: string; actorName: string | null; reason: string | null }[] }
    }>(await call(bookingLoader, w.staff.browser.get(page(second)), { id: second }))
    expect(detail.actions).toEqual([])
    expect(detail.booking.history).toMatchObject([{ transition: 'reject', reason: '仪器年检，本月无法安排' }])
    expect(detail.booking.history[0]!.actorName).toMatch(/^测试用户/)

    // Rejecting a booking already rejected: the state moved on (409), with a message for the form.
    const late = await staffDoes(w, second, { intent: 'cancel', reason: '重复操作' })
    expect(late.status).toBe(409)
    expect((await body<ErrorsData>(late)).errors.form).toEqual(['staffBookings:errors.wrong-status'])
  })

  it('proposes a time only of the booked length', async () => {
    const w = await world()
    const id = await book(w)
    const day = shanghaiDate(new Date(Date.now() + 20 * DAY))
    const longer = await staffDoes(w, id, { intent: 'propose', date: day, start: '14:00', end: '17:00', note: '' })
    expect(longer.status).toBe(400)
    expect((await body<ErrorsData>(longer)).errors).toEqual({
      end: ['staffBookings:errors.durationChanged?minutes=120'],
    })
    const ok = await staffDoes(w, id, {
      intent: 'propose',
      date: day,
      start: '14:00',
      end: '16:00',
      note: '上午有校内课程',
    })
    expect(ok.status).toBe(302)
    expect(await getDb().booking.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'requested',
      proposedStartsAt: new Date(`${day}T14:00:00+08:00`),
      proposalNote: '上午有校内课程',
    })
  })
})

describe('recording the delivery and its evidence files', () => {
  it('refuses a fee above the snapshot and a duplicate invoice number; keeps the files of a delivery and serves them only to those concerned', async () => {
    const w = await world()
    const first = await book(w)
    const second = await book(w)
    await inService(w, first)
    await inService(w, second)
    const db = getDb()

    // Above the fee snapshotted at booking (2 h × ¥200): refused with the maximum, no file kept.
    const tooMuch = await call(
      bookingAction,
      multipart(
        w.staff.browser,
        page(first),
        deliveryFields({ finalFee: '400.01', reportFile: new File([PDF], 'report.pdf') }),
      ),
      { id: first },
    )
    expect(tooMuch.status).toBe(400)
    expect((await body<ErrorsData>(tooMuch)).errors).toEqual({
      finalFee: [`staffBookings:errors.feeAboveSnapshot?max=${encodeURIComponent('¥400.00')}`],
    })
    expect(await storedFiles()).toEqual([])

    // A file that is not a PDF or photo (whatever it is called) is refused on its field.
    const html = await call(
      bookingAction,
      multipart(
        w.staff.browser,
        page(first),
        deliveryFields({ reportFile: new File(['<html>hi</html>'], 'report.pdf', { type: 'application/pdf' }) }),
      ),
      { id: first },
    )
    expect(html.status).toBe(400)
    expect((await body<ErrorsData>(html)).errors).toEqual({ reportFile: ['staffBookings:errors.file.wrong-type'] })
    expect(await storedFiles()).toEqual([])

    const fields = deliveryFields({
      reportFile: new File([PDF], '../../检测报告.pdf', { type: 'text/html' }),
      invoiceFile: new File([PNG], 'fapiao.png'),
    })
    const delivered = await call(bookingAction, multipart(w.staff.browser, page(first), fields), { id: first })
    expect(delivered.status).toBe(302)
    expect(delivered.headers.get('Location')).toBe(`${page(first)}?done=deliver`)
    const row = await db.booking.findUniqueOrThrow({ where: { id: first } })
    expect(row).toMatchObject({
      status: 'delivered',
      finalFeeFen: 35_000n,
      finalVoucherShareFen: 17_500n,
      reportNo: fields.reportNo,
      invoiceNo: fields.invoiceNo,
      deliveredById: w.staff.userId,
    })
    expect(row.reportFile).toMatch(/^[0-9a-f-]{36}\.pdf$/)
    expect(row.invoiceFile).toMatch(/^[0-9a-f-]{36}\.png$/)
    expect((await storedFiles()).sort()).toEqual([row.reportFile, row.invoiceFile].sort())

    // The same invoice number on another booking: refused on the field; its files are not kept.
    const duplicate = await call(
      bookingAction,
      multipart(
        w.staff.browser,
        page(second),
        deliveryFields({ invoiceNo: fields.invoiceNo as string, reportFile: new File([PDF], 'r.pdf') }),
      ),
      { id: second },
    )
    expect(duplicate.status).toBe(400)
    expect((await body<ErrorsData>(duplicate)).errors).toEqual({ invoiceNo: ['staffBookings:errors.invoiceNoTaken'] })
    expect((await db.booking.findUniqueOrThrow({ where: { id: second } })).status).toBe('in_service')
    expect(await storedFiles()).toHaveLength(2)

    // The files: the enterprise, the institution and officers reaching it get them; nobody else.
    const file = (browser: Browser | null, kind: string) =>
      call(
        fileLoader,
        browser
          ? browser.get(`/files/booking/${first}/${kind}`)
          : new Request(`${BASE}/files/booking/${first}/${kind}`),
        { id: first, kind },
      )
    const report = await file(w.member.browser, 'report')
    expect(report.status).toBe(200)
    expect(report.headers.get('Content-Type')).toBe('application/pdf')
    expect(report.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect(Buffer.from(await report.arrayBuffer()).equals(PDF)).toBe(true)
    const invoice = await file(w.staff.browser, 'invoice')
    expect(invoice.status).toBe(200)
    expect(invoice.headers.get('Content-Type')).toBe('image/png')
    expect((await file((await signedIn('city_officer', { regionId: '511700' })).browser, 'report')).status).toBe(200)
    expect((await file((await signedIn('county_officer', { regionId: '511702' })).browser, 'report')).status).toBe(200)

    const stranger = await signedIn('enterprise_member', { enterpriseId: (await createEnterprise()).id })
    expect((await file(stranger.browser, 'report')).status).toBe(404)
    expect((await file((await signedIn('county_officer', { regionId: '511724' })).browser, 'report')).status).toBe(404)
    expect((await file(null, 'report')).status).toBe(404)
    expect((await file(w.member.browser, 'photo')).status).toBe(404)
    // The second booking has no files.
    const none = await call(fileLoader, w.member.browser.get(`/files/booking/${second}/report`), {
      id: second,
      kind: 'report',
    })
    expect(none.status).toBe(404)
  })
})

describe('the bureau’s redemption claims and disputes', () => {
  async function delivered(w: World) {
    const id = await book(w)
    await inService(w, id)
    const fields = deliveryFields({ reportFile: new File([PDF], 'r.pdf') })
    const response = await call(bookingAction, multipart(w.staff.browser, page(id), fields), { id })
    expect(response.status).toBe(302)
    return { id, reportNo: fields.reportNo as string, invoiceNo: fields.invoiceNo as string }
  }

  it('shows the claim once the enterprise confirms, within each officer’s reach, and exports it', async () => {
    const w = await world()
    const d = await delivered(w)
    const confirmed = await fireBookingTransition(
      {},
      {
        bookingId: d.id,
        name: 'confirm',
        actor: { kind: 'enterprise_member', userId: w.member.userId, enterpriseId: w.enterprise.id },
      },
    )
    expect(confirmed).toMatchObject({ ok: true, value: { changed: true, to: 'claimed' } })
    const claim = await getDb().redemptionClaim.findUniqueOrThrow({ where: { bookingId: d.id } })
    const period = claim.period.toISOString().slice(0, 7)

    type ClaimsData = {
      rows: {
        id: string
        bookingId: string
        amountFen: string
        reportNo: string
        invoiceNo: string
        voucherSerial: string
      }[]
      total: { count: number; amountFen: string }
      groups: { institutionId: string; period: string; count: number; amountFen: string }[]
    }
    const city = await signedIn('city_officer', { regionId: '511700' })
    const query = `?institution=${w.institution.id}`
    const list = await body<ClaimsData>(await call(claimsLoader, city.browser.get(`/bureau/claims${query}`)))
    expect(list.rows).toEqual([
      expect.objectContaining({
        id: claim.id,
        bookingId: d.id,
        amountFen: '17500',
        reportNo: d.reportNo,
        invoiceNo: d.invoiceNo,
        voucherSerial: w.voucher.serial,
      }),
    ])
    expect(list.total).toEqual({ count: 1, amountFen: '17500' })
    expect(list.groups).toEqual([
      { institutionId: w.institution.id, institution: w.institution.name, period, count: 1, amountFen: '17500' },
    ])

    // The institution's county sees it; the enterprise's county (not the institution's) does not.
    const tongchuan = await signedIn('county_officer', { regionId: '511702' })
    const kaijiang = await signedIn('county_officer', { regionId: '511723' })
    const seen = async (o: { browser: Browser }) =>
      (await body<ClaimsData>(await call(claimsLoader, o.browser.get(`/bureau/claims${query}`)))).rows.map((r) => r.id)
    expect(await seen(tongchuan)).toEqual([claim.id])
    expect(await seen(kaijiang)).toEqual([])
    expect((await call(claimLoader, kaijiang.browser.get(`/bureau/claims/${claim.id}`), { id: claim.id })).status).toBe(
      404,
    )
    const detail = await body<{
      claim: { amountFen: string }
      booking: { delivery: { reportNo: string; hasReportFile: boolean } }
    }>(await call(claimLoader, city.browser.get(`/bureau/claims/${claim.id}`), { id: claim.id }))
    expect(detail.claim.amountFen).toBe('17500')
    expect(detail.booking.delivery).toMatchObject({ reportNo: d.reportNo, hasReportFile: true })
    // Staff are no officers.
    expect((await call(claimsLoader, w.staff.browser.get('/bureau/claims'))).status).toBe(403)

    const exported = await call(claimsExport, city.browser.get(`/bureau/claims/export.xlsx${query}`))
    expect(exported.status).toBe(200)
    expect(exported.headers.get('Content-Type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await exported.arrayBuffer())
    const sheet = workbook.worksheets[0]!
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(cells(1).slice(0, 14)).toEqual([
      '结算月份',
      '服务机构',
      '企业名称',
      '统一社会信用代码',
      '仪器',
      '预约编号',
      '创新券券号',
      '发券地区',
      '服务费用（元）',
      '兑付金额（元）',
      '企业自付（元）',
      '检测报告编号',
      '发票号码',
      '状态',
    ])
    expect(cells(2).slice(0, 14)).toEqual([
      period,
      w.institution.name,
      w.enterprise.name,
      w.enterprise.uscc,
      w.instrument.name,
      d.id,
      w.voucher.serial,
      '达州市',
      350,
      175,
      175,
      d.reportNo,
      d.invoiceNo,
      '待审核',
    ])
    expect(cells(3).slice(0, 1)).toEqual(['合计（1 笔）'])
    expect(cells(3)[9]).toBe(175)
    expect(sheet.rowCount).toBe(3)
  })

  it('lists a disputed booking and lets the city officer resolve it with a reason', async () => {
    const w = await world()
    const d = await delivered(w)
    const disputed = await fireBookingTransition(
      {},
      {
        bookingId: d.id,
        name: 'dispute',
        reason: '报告缺少检测条件说明',
        actor: { kind: 'enterprise_member', userId: w.member.userId, enterpriseId: w.enterprise.id },
      },
    )
    expect(disputed).toMatchObject({ ok: true, value: { to: 'disputed' } })

    const city = await signedIn('city_officer', { regionId: '511700' })
    const county = await signedIn('county_officer', { regionId: '511702' })
    type DisputesData = { canResolve: boolean; disputes: { id: string; dispute: { reason: string } }[] }
    const list = await body<DisputesData>(await call(disputesLoader, city.browser.get('/bureau/disputes')))
    expect(list.canResolve).toBe(true)
    expect(list.disputes.find((x) => x.id === d.id)?.dispute.reason).toBe('报告缺少检测条件说明')
    const countyList = await body<DisputesData>(await call(disputesLoader, county.browser.get('/bureau/disputes')))
    expect(countyList.canResolve).toBe(false)
    expect(countyList.disputes.map((x) => x.id)).toContain(d.id)
    // The mails' link (/bureau/bookings/:id) leads each officer in reach to the dispute; others get 404.
    const path = `/bureau/bookings/${d.id}`
    const toDispute = await call(bureauBookingLoader, city.browser.get(path), { id: d.id })
    expect(toDispute.status).toBe(302)
    expect(toDispute.headers.get('Location')).toBe(`/bureau/disputes#dispute-${d.id}`)
    const farCounty = await signedIn('county_officer', { regionId: '511724' })
    expect((await call(bureauBookingLoader, farCounty.browser.get(path), { id: d.id })).status).toBe(404)
    // Only the city resolves.
    expect(
      (await call(disputesAction, county.browser.post('/bureau/disputes', { bookingId: d.id, reason: '核实无误' })))
        .status,
    ).toBe(403)

    const blank = await call(disputesAction, city.browser.post('/bureau/disputes', { bookingId: d.id, reason: '' }))
    expect(blank.status).toBe(400)
    expect((await body<ErrorsData>(blank)).errors).toEqual({ reason: ['staffBookings:errors.reasonRequired'] })
    const resolved = await call(
      disputesAction,
      city.browser.post('/bureau/disputes', { bookingId: d.id, reason: '已联系双方核实，报告补充说明后有效' }),
    )
    expect(resolved.status).toBe(302)
    const row = await getDb().booking.findUniqueOrThrow({ where: { id: d.id } })
    expect(row.status).toBe('claimed')
    // Now a claim: the same link leads to it.
    const claim = await getDb().redemptionClaim.findUniqueOrThrow({ where: { bookingId: d.id } })
    const toClaim = await call(bureauBookingLoader, city.browser.get(path), { id: d.id })
    expect(toClaim.headers.get('Location')).toBe(`/bureau/claims/${claim.id}`)
    const event = await getDb().bookingEvent.findFirstOrThrow({
      where: { bookingId: d.id, transition: 'resolve-dispute' },
    })
    expect(event).toMatchObject({
      actorKind: 'city_officer',
      actorUserId: city.userId,
      reason: '已联系双方核实，报告补充说明后有效',
    })
  })
})

describe('an instrument’s cancellation rules', () => {
  const fields = {
    assetNo: 'ZC-2026-0042',
    name: '扫描电子显微镜',
    originalValue: '260',
    valueUnit: 'wan',
    categoryCode: '0105',
    sharingStatus: 'open',
    bookingMode: 'operated',
    minNoticeHours: '24',
    maxAdvanceDays: '60',
    slotMinutes: '30',
    minDurationMinutes: '60',
    maxDurationMinutes: '480',
    bufferMinutes: '0',
    requiresApproval: 'on',
  }

  it('are saved from the booking-rules form (the fee as a percentage) and checked', async () => {
    const institution = await createInstitution()
    const staff = await signedIn('institution_staff', { institutionId: institution.id })
    const created = await call(
      newInstrument,
      staff.browser.post('/institution/instruments/new', {
        ...fields,
        cancelFreeHours: '48',
        cancelFeePercent: '12.5',
      }),
    )
    expect(created.status).toBe(302)
    const id = /\/institution\/instruments\/([0-9a-f-]{36})/.exec(created.headers.get('Location') ?? '')![1]!
    expect(await getDb().instrument.findUniqueOrThrow({ where: { id } })).toMatchObject({
      cancelFreeHours: 48,
      cancelFeeBp: 1250,
    })

    const bad = await call(
      editInstrument,
      staff.browser.post(`/institution/instruments/${id}`, {
        ...fields,
        cancelFreeHours: '721',
        cancelFeePercent: '101',
      }),
      { id },
    )
    expect(bad.status).toBe(400)
    const errors = (await body<{ result: { error: Record<string, string[]> } }>(bad)).result.error
    expect(errors.cancelFreeHours).toEqual(['manage:errors.between?min=0&max=720'])
    expect(errors.cancelFeePercent).toEqual(['manage:errors.cancelFeePercent'])

    // Left empty: the defaults (free until 24 hours before, no fee).
    const cleared = await call(
      editInstrument,
      staff.browser.post(`/institution/instruments/${id}`, { ...fields, cancelFreeHours: '', cancelFeePercent: '' }),
      { id },
    )
    expect(cleared.status).toBe(302)
    expect(await getDb().instrument.findUniqueOrThrow({ where: { id } })).toMatchObject({
      cancelFreeHours: 24,
      cancelFeeBp: 0,
    })
  })
})
