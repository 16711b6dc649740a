import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { applyForVoucher } from '~/features/applications/apply.server'
import { reviewApplication } from '~/features/applications/review-application.server'
import { shanghaiDate } from '~/features/availability/free-slots'
import { fireBookingTransition } from '~/features/bookings/fire.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import type { RoleName } from '~/generated/prisma/client'
import { localeCookie } from '~/i18n/locale.server'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'
import { loader as applicationsExport } from '~/routes/bureau+/applications+/export[.xlsx]'
import { loader as queueLoader } from '~/routes/bureau+/applications+/_index'
import { loader as enterpriseExport } from '~/routes/enterprise+/bookings.export[.xlsx]'
import { loader as enterpriseList } from '~/routes/enterprise+/bookings._index'
import { loader as institutionExport } from '~/routes/institution+/bookings.export[.xlsx]'
import { loader as institutionList } from '~/routes/institution+/bookings._index'
import {
  createEnterprise,
  createInstitution,
  createInstrument,
  createProgramme,
  createUser,
  createVoucher,
  openAroundTheClock,
} from '../support/factories'
import { BASE, Browser } from './auth-support'

// The three list exports (the institution's bookings, the enterprise's bookings, the bureau's
// application queue) through their loaders with signed-in browsers: each file is opened with
// exceljs and read cell by cell — the rows the list page selects (its filters, its order, every
// page), only the reader's own organisation or reach, headers and statuses in the reader's language.

afterAll(closeRateLimitStore)

const db = getDb()
const DAY = 86_400_000
const HOUR = 3_600_000
const WAN = 1_000_000n

async function signedIn(
  role: RoleName,
  scope: { regionId?: string; enterpriseId?: string; institutionId?: string } = {},
  locale?: 'en',
) {
  const user = await createUser({ memberships: { create: { role, ...scope } } })
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: user.id, remember: false })
  browser.absorb([session.setCookie])
  if (locale) browser.absorb([await localeCookie.serialize(locale)])
  return { browser, userId: user.id, name: user.name }
}

type Fn = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<Response>

async function call(fn: unknown, request: Request): Promise<Response> {
  try {
    return await (fn as Fn)({ request, params: {}, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** The workbook a response carries, its one sheet, and a row's values (1-based, as people count rows). */
async function open(response: Response) {
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await response.arrayBuffer())
  expect(workbook.worksheets).toHaveLength(1)
  const sheet = workbook.worksheets[0]!
  const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
  return { sheet, row, rows: () => Array.from({ length: sheet.rowCount - 1 }, (_, i) => row(i + 2)) }
}

/** The UTF-8 file name of an RFC 5987 Content-Disposition. */
function fileName(response: Response): string {
  const header = response.headers.get('Content-Disposition') ?? ''
  expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/)
  return decodeURIComponent(header.split("filename*=UTF-8''")[1]!)
}

/** An instant as the exported date cell holds it: the Asia/Shanghai wall clock, read back as UTC. */
const wallClock = (at: Date) => new Date(at.getTime() + 8 * HOUR)

const today = () => shanghaiDate(new Date())

let nextDay = 2
function nextSlot() {
  const day = shanghaiDate(new Date(Date.now() + nextDay++ * DAY))
  return { startsAt: new Date(`${day}T09:00:00+08:00`), endsAt: new Date(`${day}T11:00:00+08:00`) }
}

/** An institution (¥200/hour and ¥80/sample services) and its staff. */
async function institutionWorld(name: string) {
  const institution = await createInstitution({ regionId: '511702', name, nameEn: `${name} (EN)` })
  const { instrument, serviceItem: hourly } = await createInstrument({
    institutionId: institution.id,
    name: `扫描电子显微镜-${randomUUID().slice(0, 4)}`,
    nameEn: 'Scanning electron microscope',
    serviceItem: { feeFen: 20_000, unit: 'hour', name: '形貌观察', nameEn: 'Imaging' },
  })
  await openAroundTheClock(instrument.id)
  const sample = await db.serviceItem.create({
    data: { instrumentId: instrument.id, name: '能谱分析', unit: 'sample', feeFen: 8_000, minQuantity: 1 },
  })
  const staff = await signedIn('institution_staff', { institutionId: institution.id })
  return { institution, instrument, hourly, sample, staff }
}

/** An enterprise with a ¥10,000 voucher (50%) and its member. */
async function enterpriseWorld() {
  const enterprise = await createEnterprise({ regionId: '511723' })
  const voucher = await createVoucher({ enterpriseId: enterprise.id, amountFen: 1_000_000n, at: new Date() })
  const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
  return { enterprise, voucher, member }
}
type Inst = Awaited<ReturnType<typeof institutionWorld>>
type Ent = Awaited<ReturnType<typeof enterpriseWorld>>

/** A 2-hour booking (¥400: voucher ¥200, co-payment ¥200), or 3 samples (¥240, no voucher). */
async function book(i: Inst, e: Ent, kind: 'slot' | 'samples' = 'slot'): Promise<string> {
  const outcome = await requestBooking(
    {},
    {
      enterpriseId: e.enterprise.id,
      actorUserId: e.member.userId,
      idempotencyKey: randomUUID(),
      ...(kind === 'slot'
        ? { serviceItemId: i.hourly.id, voucherId: e.voucher.id, ...nextSlot(), quantity: 2 }
        : { serviceItemId: i.sample.id, voucherId: null, quantity: 3 }),
    },
  )
  if (!outcome.ok) throw new Error(`booking refused: ${outcome.reason}`)
  return outcome.value.bookingId
}

/** Approved, co-payment paid (¥200), served and delivered at ¥350 (voucher ¥175, co-payment ¥175). */
async function deliver(i: Inst, e: Ent, id: string) {
  const staff = { kind: 'institution_staff' as const, userId: i.staff.userId, institutionId: i.institution.id }
  const fire = async (name: 'approve' | 'pay' | 'start-service' | 'deliver', extra: object = {}) => {
    const outcome = await fireBookingTransition(
      {},
      { bookingId: id, name, actor: name === 'pay' ? { kind: 'system', userId: null } : staff, ...extra },
    )
    expect(outcome).toMatchObject({ ok: true })
  }
  await fire('approve')
  const intentId = `pi_test_${id.slice(0, 8)}`
  await db.payment.create({ data: { bookingId: id, intentId, amountFen: 20_000n, status: 'succeeded' } })
  await fire('pay', { payment: { intentId } })
  await fire('start-service')
  const end = new Date(Math.floor((Date.now() - HOUR) / 60_000) * 60_000)
  const reportNo = `SCWL-${randomUUID().slice(0, 8)}`
  const invoiceNo = `0440026${randomUUID().replace(/\D/g, '').slice(0, 8)}`
  await fire('deliver', {
    delivery: {
      actualStartsAt: new Date(end.getTime() - 2 * HOUR),
      actualEndsAt: end,
      finalFeeFen: 35_000n,
      reportNo,
      invoiceNo,
    },
  })
  return { reportNo, invoiceNo }
}

describe('the institution’s bookings export', () => {
  it('exports the tab the page shows, only this institution’s bookings, in Chinese or English', async () => {
    const a = await institutionWorld('四川文理学院/分析测试中心')
    const b = await institutionWorld('达州职业技术学院测试中心')
    const e1 = await enterpriseWorld()
    const e2 = await enterpriseWorld()
    const requested = await book(a, e1)
    const samples = await book(a, e2, 'samples')
    const delivered = await book(a, e1)
    const evidence = await deliver(a, e1, delivered)
    const elsewhere = await book(b, e1)

    // All bookings, newest first: the page's rows in the page's order, another institution's absent.
    const response = await call(institutionExport, a.staff.browser.get('/institution/bookings/export.xlsx?tab=all'))
    expect(fileName(response)).toBe(`预约记录-四川文理学院-分析测试中心-${today()}.xlsx`)
    const file = await open(response)
    expect(file.sheet.name).toBe('预约记录')
    expect(file.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(file.row(1)).toEqual([
      '预约编号',
      '申请时间',
      '仪器',
      '服务项目',
      '企业名称',
      '预约开始',
      '预约结束',
      '数量',
      '单位',
      '状态',
      '服务费用（元）',
      '创新券抵扣（元）',
      '企业自付（元）',
      '最终费用（元）',
      '最终抵扣（元）',
      '最终自付（元）',
      '检测报告编号',
      '发票号码',
      '创新券券号',
    ])
    const page = (await (await call(institutionList, a.staff.browser.get('/institution/bookings?tab=all'))).json()) as {
      rows: { id: string }[]
    }
    expect(page.rows.map((r) => r.id)).toEqual([delivered, samples, requested])
    expect(file.rows().map((r) => r[0])).toEqual([delivered, samples, requested].map((id) => id.slice(0, 8)))
    expect(file.rows().map((r) => r[0])).not.toContain(elsewhere.slice(0, 8))

    const rows = await db.booking.findMany({ where: { id: { in: [delivered, samples, requested] } } })
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(file.row(2)).toEqual([
      delivered.slice(0, 8),
      wallClock(byId.get(delivered)!.createdAt),
      a.instrument.name,
      '形貌观察',
      e1.enterprise.name,
      wallClock(byId.get(delivered)!.startsAt!),
      wallClock(byId.get(delivered)!.endsAt!),
      2,
      '小时',
      '待企业确认',
      400,
      200,
      200,
      350,
      175,
      175,
      evidence.reportNo,
      evidence.invoiceNo,
      e1.voucher.serial,
    ])
    // 3 samples without a voucher: no slot, nothing final yet, no serial (empty cells are absent).
    expect(file.row(3)).toEqual([
      samples.slice(0, 8),
      wallClock(byId.get(samples)!.createdAt),
      a.instrument.name,
      '能谱分析',
      e2.enterprise.name,
      undefined,
      undefined,
      3,
      '样',
      '待处理',
      240,
      0,
      240,
    ])
    expect(file.row(4).slice(9, 13)).toEqual(['待处理', 400, 200, 200])
    // Amounts are numbers in yuan with two decimals shown; times are real dates.
    expect(file.sheet.getRow(2).getCell(11).numFmt).toBe('#,##0.00')
    expect(file.sheet.getRow(2).getCell(2).value).toBeInstanceOf(Date)

    // The default tab (pending, oldest first), one tab, and an empty one: the header row still comes.
    const pending = await open(await call(institutionExport, a.staff.browser.get('/institution/bookings/export.xlsx')))
    expect(pending.rows().map((r) => r[0])).toEqual([requested, samples].map((id) => id.slice(0, 8)))
    const toConfirm = await open(
      await call(institutionExport, a.staff.browser.get('/institution/bookings/export.xlsx?tab=delivered')),
    )
    expect(toConfirm.rows().map((r) => r[0])).toEqual([delivered.slice(0, 8)])
    const closed = await open(
      await call(institutionExport, a.staff.browser.get('/institution/bookings/export.xlsx?tab=closed')),
    )
    expect(closed.sheet.rowCount).toBe(1)
    expect(closed.row(1)[0]).toBe('预约编号')

    // The other institution's staff export only theirs.
    const theirs = await open(
      await call(institutionExport, b.staff.browser.get('/institution/bookings/export.xlsx?tab=all')),
    )
    expect(theirs.rows().map((r) => r[0])).toEqual([elsewhere.slice(0, 8)])

    // English: headers, status, unit, the institution's English name in the file name.
    const staffEn = await signedIn('institution_staff', { institutionId: a.institution.id }, 'en')
    const en = await call(institutionExport, staffEn.browser.get('/institution/bookings/export.xlsx?tab=all'))
    expect(fileName(en)).toBe(`Bookings-四川文理学院-分析测试中心 (EN)-${today()}.xlsx`)
    const enFile = await open(en)
    expect(enFile.sheet.name).toBe('Bookings')
    expect(enFile.row(1).slice(0, 4)).toEqual(['Booking no.', 'Requested at', 'Instrument', 'Service item'])
    expect(enFile.row(2).slice(2, 17)).toEqual([
      'Scanning electron microscope',
      'Imaging',
      e1.enterprise.name,
      wallClock(byId.get(delivered)!.startsAt!),
      wallClock(byId.get(delivered)!.endsAt!),
      2,
      'hour',
      'Awaiting confirmation',
      400,
      200,
      200,
      350,
      175,
      175,
      evidence.reportNo,
    ])

    // The page's permission: an enterprise member or an officer is refused, a visitor sent to log in.
    expect((await call(institutionExport, e1.member.browser.get('/institution/bookings/export.xlsx'))).status).toBe(403)
    const city = await signedIn('city_officer', { regionId: '511700' })
    expect((await call(institutionExport, city.browser.get('/institution/bookings/export.xlsx'))).status).toBe(403)
    const visitor = await call(institutionExport, new Request(`${BASE}/institution/bookings/export.xlsx`))
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('the enterprise’s bookings export', () => {
  it('exports the filter the page shows, only this enterprise’s bookings, with what it paid and got back', async () => {
    const a = await institutionWorld('四川文理学院测试中心')
    const b = await institutionWorld('达州市中心医院检验科')
    const mine = await enterpriseWorld()
    const other = await enterpriseWorld()
    const requested = await book(a, mine)
    const delivered = await book(b, mine)
    const evidence = await deliver(b, mine, delivered)
    // What the refund job records once Stripe has refunded the ¥25 beyond the final co-payment.
    await db.payment.update({ where: { bookingId: delivered }, data: { refundedFen: 2_500n } })
    const approved = await book(a, mine)
    expect(
      await fireBookingTransition(
        {},
        {
          bookingId: approved,
          name: 'approve',
          actor: { kind: 'institution_staff', userId: a.staff.userId, institutionId: a.institution.id },
        },
      ),
    ).toMatchObject({ ok: true })
    const theirs = await book(a, other)

    const response = await call(enterpriseExport, mine.member.browser.get('/enterprise/bookings/export.xlsx'))
    expect(fileName(response)).toBe(`预约记录-${mine.enterprise.name}-${today()}.xlsx`)
    const file = await open(response)
    expect(file.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(file.row(1)).toEqual([
      '预约时间',
      '仪器',
      '服务项目',
      '服务机构',
      '预约开始',
      '预约结束',
      '数量',
      '单位',
      '状态',
      '服务费用（元）',
      '创新券抵扣（元）',
      '应付自付（元）',
      '已付自付（元）',
      '已退款（元）',
      '最终费用（元）',
      '最终抵扣（元）',
      '最终自付（元）',
      '创新券券号',
      '检测报告编号',
      '发票号码',
    ])
    // Newest first, as the page; another enterprise's booking at the same institution absent.
    const created = new Map(
      (await db.booking.findMany({ where: { enterpriseId: mine.enterprise.id } })).map((r) => [r.id, r]),
    )
    expect(file.rows().map((r) => r[0])).toEqual(
      [approved, delivered, requested].map((id) => wallClock(created.get(id)!.createdAt)),
    )
    expect(created.has(theirs)).toBe(false)
    expect(file.rows()).toHaveLength(3)
    const d = created.get(delivered)!
    expect(file.row(3)).toEqual([
      wallClock(d.createdAt),
      b.instrument.name,
      '形貌观察',
      b.institution.name,
      wallClock(d.startsAt!),
      wallClock(d.endsAt!),
      2,
      '小时',
      '已交付，待确认',
      400,
      200,
      200,
      200,
      25,
      350,
      175,
      175,
      mine.voucher.serial,
      evidence.reportNo,
      evidence.invoiceNo,
    ])
    // Approved with a co-payment to make: "to pay", as the page says; nothing paid, nothing final.
    expect(file.row(2).slice(8, 13)).toEqual(['已批准，待支付', 400, 200, 200, undefined])
    expect(file.row(4).slice(8, 12)).toEqual(['待审批', 400, 200, 200])

    // The page's filter and sort go along: to confirm only; open ones by service date, oldest first.
    const toConfirm = await open(
      await call(enterpriseExport, mine.member.browser.get('/enterprise/bookings/export.xlsx?status=to-confirm')),
    )
    expect(toConfirm.rows().map((r) => r[8])).toEqual(['已交付，待确认'])
    const query = '?status=open&sort=service&dir=asc'
    const page = (await (
      await call(enterpriseList, mine.member.browser.get(`/enterprise/bookings${query}`))
    ).json()) as {
      rows: { id: string }[]
    }
    expect(page.rows.map((r) => r.id)).toEqual([requested, approved])
    const open_ = await open(
      await call(enterpriseExport, mine.member.browser.get(`/enterprise/bookings/export.xlsx${query}`)),
    )
    expect(open_.rows().map((r) => r[4])).toEqual(
      [requested, approved].map((id) => wallClock(created.get(id)!.startsAt!)),
    )
    const none = await open(
      await call(enterpriseExport, other.member.browser.get('/enterprise/bookings/export.xlsx?status=done')),
    )
    expect(none.sheet.rowCount).toBe(1)

    // English.
    const memberEn = await signedIn('enterprise_member', { enterpriseId: mine.enterprise.id }, 'en')
    const en = await call(enterpriseExport, memberEn.browser.get('/enterprise/bookings/export.xlsx?status=to-confirm'))
    expect(fileName(en)).toBe(`Bookings-${mine.enterprise.name}-${today()}.xlsx`)
    const enFile = await open(en)
    expect(enFile.row(1).slice(11, 14)).toEqual(['Co-payment due (yuan)', 'Co-payment paid (yuan)', 'Refunded (yuan)'])
    expect(enFile.row(2).slice(1, 14)).toEqual([
      'Scanning electron microscope',
      'Imaging',
      `${b.institution.name} (EN)`,
      wallClock(d.startsAt!),
      wallClock(d.endsAt!),
      2,
      'hour',
      'Delivered, to confirm',
      400,
      200,
      200,
      200,
      25,
    ])

    // The page's permission.
    expect((await call(enterpriseExport, a.staff.browser.get('/enterprise/bookings/export.xlsx'))).status).toBe(403)
    const visitor = await call(enterpriseExport, new Request(`${BASE}/enterprise/bookings/export.xlsx`))
    expect(visitor.status).toBe(302)
  })
})

describe('the bureau’s application queue export', () => {
  /** A programme open right now (the use cases run on the real clock). */
  async function openProgramme() {
    const now = Date.now()
    return createProgramme({
      year: new Date(now).getUTCFullYear(),
      applyFrom: new Date(now - DAY),
      applyTo: new Date(now + 30 * DAY),
      capFen: 20n * WAN,
      fundFen: 200n * WAN,
    })
  }

  async function apply(programmeId: string, enterpriseId: string, amountFen: bigint, purpose: string) {
    const applicant = await createUser()
    const outcome = await applyForVoucher(
      {},
      {
        enterpriseId,
        applicantId: applicant.id,
        programmeId,
        amountFen,
        purpose,
        plannedUse: null,
        idempotencyKey: randomUUID(),
      },
    )
    if (!outcome.ok) throw new Error(`application refused: ${outcome.reason}`)
    return outcome.value.applicationId
  }

  const county = (regionId: string) => ({ countyRegionIds: [regionId], city: false, canSuspend: false })
  const cityReach = { countyRegionIds: [], city: true, canSuspend: true }

  it('exports the queue’s filters within the officer’s reach, with both review steps, in Chinese or English', async () => {
    const programme = await openProgramme()
    const kaijiangEnt = await createEnterprise({ regionId: '511723' })
    const tongchuanEnt = await createEnterprise({ regionId: '511702' })
    const kaijiang = await signedIn('county_officer', { regionId: '511723' })
    const tongchuan = await signedIn('county_officer', { regionId: '511702' })
    const dazhu = await signedIn('county_officer', { regionId: '511724' })
    const city = await signedIn('city_officer', { regionId: '511700' })

    const issued = await apply(programme.id, kaijiangEnt.id, 80_000_00n, '锂电池隔膜材料热稳定性研究')
    const rejected = await apply(programme.id, tongchuanEnt.id, 12_345_67n, '天然气净化催化剂表征')
    const waiting = await apply(programme.id, kaijiangEnt.id, 5_000_00n, '苎麻纤维强度检测')
    const review = async (applicationId: string, action: string, reviewerId: string, officer: object) =>
      expect(
        await reviewApplication({
          applicationId,
          action: action as 'county_approve',
          reviewerId,
          officer: officer as ReturnType<typeof county>,
          reason: action.endsWith('reject') ? '申请用途与计划支持方向不符' : null,
        }),
      ).toMatchObject({ ok: true })
    await review(issued, 'county_approve', kaijiang.userId, county('511723'))
    await review(issued, 'city_approve', city.userId, cityReach)
    await review(rejected, 'county_reject', tongchuan.userId, county('511702'))
    const apps = new Map(
      (
        await db.voucherApplication.findMany({
          where: { programmeId: programme.id },
          include: { voucher: { select: { serial: true } } },
        })
      ).map((a) => [a.id, a]),
    )
    const serial = apps.get(issued)!.voucher!.serial

    // The city: every application of the programme, oldest first, as the queue with status=all.
    const query = `?status=all&programme=${programme.id}`
    const response = await call(applicationsExport, city.browser.get(`/bureau/applications/export.xlsx${query}`))
    expect(fileName(response)).toBe(`创新券申请-达州市-${today()}.xlsx`)
    const file = await open(response)
    expect(file.sheet.name).toBe('创新券申请')
    expect(file.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(file.row(1)).toEqual([
      '提交时间',
      '企业名称',
      '统一社会信用代码',
      '所在地',
      '创新券计划',
      '申请金额（元）',
      '申请用途',
      '状态',
      '区县审核人',
      '区县审核结论',
      '区县审核时间',
      '市局审核人',
      '市局审核结论',
      '市局审核时间',
      '创新券券号',
    ])
    const queue = (await (await call(queueLoader, city.browser.get(`/bureau/applications${query}`))).json()) as {
      rows: { id: string }[]
    }
    expect(queue.rows.map((r) => r.id)).toEqual([issued, rejected, waiting])
    const i = apps.get(issued)!
    expect(file.row(2)).toEqual([
      wallClock(i.createdAt),
      kaijiangEnt.name,
      kaijiangEnt.uscc,
      '开江县',
      programme.name,
      80_000,
      '锂电池隔膜材料热稳定性研究',
      '已通过，已发券',
      kaijiang.name,
      '通过',
      wallClock(i.countyReviewedAt!),
      city.name,
      '通过',
      wallClock(i.cityReviewedAt!),
      serial,
    ])
    const r = apps.get(rejected)!
    expect(file.row(3)).toEqual([
      wallClock(r.createdAt),
      tongchuanEnt.name,
      tongchuanEnt.uscc,
      '通川区',
      programme.name,
      12_345.67,
      '天然气净化催化剂表征',
      '未通过',
      tongchuan.name,
      '不通过',
      wallClock(r.countyReviewedAt!),
    ])
    expect(file.row(4).slice(1, 9)).toEqual([
      kaijiangEnt.name,
      kaijiangEnt.uscc,
      '开江县',
      programme.name,
      5_000,
      '苎麻纤维强度检测',
      '待区县初审',
    ])
    // The queue's totals after the rows.
    expect(file.row(5)).toEqual(['合计（3 份）', undefined, undefined, undefined, undefined, 97_345.67])
    expect(file.sheet.getRow(2).getCell(6).numFmt).toBe('#,##0.00')

    // The status filter, and the default "awaiting me" for each officer.
    const onlyRejected = await open(
      await call(
        applicationsExport,
        city.browser.get(`/bureau/applications/export.xlsx?status=rejected&programme=${programme.id}`),
      ),
    )
    expect(onlyRejected.rows().map((row) => row[0])).toEqual([wallClock(r.createdAt), '合计（1 份）'])
    const awaiting = await open(
      await call(
        applicationsExport,
        kaijiang.browser.get(`/bureau/applications/export.xlsx?programme=${programme.id}`),
      ),
    )
    expect(awaiting.rows().map((row) => row[6])).toEqual(['苎麻纤维强度检测', undefined])

    // A county officer's reach: their county's applications only; a county with none gets the header and a zero total.
    const kaijiangAll = await open(
      await call(applicationsExport, kaijiang.browser.get(`/bureau/applications/export.xlsx${query}`)),
    )
    expect(kaijiangAll.rows().map((row) => row[2])).toEqual([kaijiangEnt.uscc, kaijiangEnt.uscc, undefined])
    const tongchuanAll = await open(
      await call(applicationsExport, tongchuan.browser.get(`/bureau/applications/export.xlsx${query}`)),
    )
    expect(tongchuanAll.rows().map((row) => row[2])).toEqual([tongchuanEnt.uscc, undefined])
    const dazhuFile = await call(applicationsExport, dazhu.browser.get(`/bureau/applications/export.xlsx${query}`))
    expect(fileName(dazhuFile)).toBe(`创新券申请-大竹县-${today()}.xlsx`)
    const dazhuAll = await open(dazhuFile)
    expect(dazhuAll.row(1)[0]).toBe('提交时间')
    expect(dazhuAll.rows()).toEqual([['合计（0 份）', undefined, undefined, undefined, undefined, 0]])

    // English: headers, region, status and decisions.
    const cityEn = await signedIn('city_officer', { regionId: '511700' }, 'en')
    const en = await call(applicationsExport, cityEn.browser.get(`/bureau/applications/export.xlsx${query}`))
    expect(fileName(en)).toMatch(new RegExp(`^Voucher applications-Dazhou.*-${today()}\\.xlsx$`))
    const enFile = await open(en)
    expect(enFile.sheet.name).toBe('Voucher applications')
    expect(enFile.row(1).slice(0, 3)).toEqual(['Submitted at', 'Enterprise', 'USCC'])
    expect(enFile.row(2).slice(3, 4)).toEqual(['Kaijiang County'])
    expect(enFile.row(2).slice(7, 13)).toEqual([
      'Approved, voucher issued',
      kaijiang.name,
      'Approved',
      wallClock(i.countyReviewedAt!),
      city.name,
      'Approved',
    ])
    expect(enFile.row(3).slice(7, 10)).toEqual(['Not approved', tongchuan.name, 'Not approved'])
    expect(enFile.row(5)[0]).toBe('Total (3)')

    // The queue's permission: no enterprise member or institution staff; a visitor logs in first.
    const member = await signedIn('enterprise_member', { enterpriseId: kaijiangEnt.id })
    expect((await call(applicationsExport, member.browser.get('/bureau/applications/export.xlsx'))).status).toBe(403)
    const staff = await signedIn('institution_staff', { institutionId: (await createInstitution()).id })
    expect((await call(applicationsExport, staff.browser.get('/bureau/applications/export.xlsx'))).status).toBe(403)
    const visitor = await call(applicationsExport, new Request(`${BASE}/bureau/applications/export.xlsx`))
    expect(visitor.status).toBe(302)
  })
})
