import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { expireBooking } from '~/features/bookings/expire-booking.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { getAccountBalances, postPendingTransfer } from '~/features/ledger/ledger.server'
import { VOUCHER_EXPORT_COLUMNS } from '~/features/vouchers/wallet-export.server'
import type { MovementData, VoucherDetailData, VoucherSummaryData } from '~/features/vouchers/wallet-data'
import type { RoleName } from '~/generated/prisma/client'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { createSession } from '~/infra/session.server'
import { action as revokeAction, loader as bureauDetailLoader } from '~/routes/bureau+/vouchers.$id'
import { loader as bureauListLoader } from '~/routes/bureau+/vouchers._index'
import { loader as exportLoader } from '~/routes/bureau+/vouchers.export[.xlsx]'
import { loader as mineDetailLoader } from '~/routes/enterprise+/vouchers.$id'
import { loader as mineListLoader } from '~/routes/enterprise+/vouchers._index'
import { loader as enterpriseHome } from '~/routes/enterprise+/_index'
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

// The voucher wallet through its pages: figures and movements from the ledger, ownership and
// county reach in the queries, the bureau's filters and export, and the revoke form.

afterAll(closeRateLimitStore)

const db = getDb()
const DAY = 86_400_000

async function signedIn(role: RoleName, scope: { regionId?: string; enterpriseId?: string } = {}) {
  const user = await createUser({ memberships: { create: { role, ...scope } } })
  const browser = await Browser.open()
  const session = await createSession(new Request(BASE), { userId: user.id, remember: false })
  browser.absorb([session.setCookie])
  return { browser, userId: user.id, name: user.name }
}

/**
 * A ¥5,000 voucher of an enterprise in 开江县 (issued through fundProgramme + issueVoucher by the
 * factories), expiring in 10½ days, with three ¥400 bookings (programme share 50%: ¥200 held each):
 * A still held, B expired undecided (hold voided), C redeemed for ¥150 of its ¥200 (the hold
 * posted: stands in for an approved redemption, issue 5).
 */
async function walletInUse() {
  const now = new Date()
  const programme = await createProgramme({ fundFen: 10_000_000n })
  const enterprise = await createEnterprise({ regionId: '511723' })
  const voucher = await createVoucher({ programmeId: programme.id, enterpriseId: enterprise.id, amountFen: 500_000n })
  await db.voucher.update({ where: { id: voucher.id }, data: { expiresAt: new Date(now.getTime() + 10.5 * DAY) } })
  const book = async (name: string, dayOffset: number) => {
    const { instrument, serviceItem } = await createInstrument({ name, serviceItem: { feeFen: 20_000, unit: 'hour' } })
    await openAroundTheClock(instrument.id)
    // On the hour: slots start on the instrument's grid.
    const startsAt = new Date(Math.ceil((now.getTime() + dayOffset * DAY) / 3600_000) * 3600_000)
    const outcome = await requestBooking(
      { db, now },
      {
        enterpriseId: enterprise.id,
        actorUserId: null,
        serviceItemId: serviceItem.id,
        voucherId: voucher.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
        quantity: 2,
        idempotencyKey: randomUUID(),
      },
    )
    if (!outcome.ok) throw new Error(`requestBooking refused: ${outcome.reason}`)
    return db.booking.findUniqueOrThrow({ where: { id: outcome.value.bookingId } })
  }
  const held = await book('扫描电子显微镜A', 5)
  const voided = await book('X射线衍射仪B', 6)
  const redeemed = await book('激光共聚焦显微镜C', 7)
  expect(
    await expireBooking({ db, now: new Date(voided.decideBy!.getTime() + 1) }, { bookingId: voided.id }),
  ).toMatchObject({ ok: true, value: { changed: true } })
  await db.$transaction((tx) =>
    postPendingTransfer(tx, {
      idempotencyKey: `booking-hold:${redeemed.id}:post`,
      pendingId: redeemed.holdTransferId!,
      amount: 15_000n,
    }),
  )
  expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({
    available: 465_000n,
    debitsPending: 20_000n,
    debitsPosted: 15_000n,
  })
  return { programme, enterprise, voucher, held, voided, redeemed }
}

const figuresOf = (v: VoucherSummaryData) => ({
  face: v.figures.faceFen,
  available: v.figures.availableFen,
  held: v.figures.heldFen,
  used: v.figures.usedFen,
  returned: v.figures.returnedFen,
})

describe('the enterprise wallet', () => {
  it('shows the figures and every movement from the ledger; another enterprise gets 404', async () => {
    const { enterprise, voucher, held, voided, redeemed } = await walletInUse()
    const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })

    const list = await body<{ vouchers: VoucherSummaryData[] }>(
      await call(mineListLoader as never, member.browser.get('/enterprise/vouchers')),
    )
    expect(list.vouchers).toHaveLength(1)
    const card = list.vouchers[0]!
    expect(card).toMatchObject({ id: voucher.id, serial: voucher.serial, status: 'active' })
    // face = available + held + used + returned
    expect(figuresOf(card)).toEqual({
      face: '500000',
      available: '465000',
      held: '20000',
      used: '15000',
      returned: '0',
    })
    expect(card.figures.balanced).toBe(true)
    expect(card.expiry).toEqual({ kind: 'soon', days: 10 })

    const response = await call(mineDetailLoader as never, member.browser.get(`/enterprise/vouchers/${voucher.id}`), {
      id: voucher.id,
    })
    expect(response.status).toBe(200)
    const detail = (await body<{ voucher: VoucherDetailData }>(response)).voucher
    expect(detail.consistent).toBe(true)
    expect(detail.programme.sharePercent).toBe('50')
    const rows = detail.movements.map((m: MovementData) => [
      m.what,
      m.holdState,
      m.availableChangeFen,
      m.availableAfterFen,
      m.booking?.id ?? null,
    ])
    expect(rows).toEqual([
      ['issue', null, '500000', '500000', null],
      ['hold', 'pending', '-20000', '480000', held.id],
      ['hold', 'voided', '-20000', '460000', voided.id],
      ['hold', 'posted', '-20000', '440000', redeemed.id],
      ['released', null, '20000', '460000', voided.id],
      ['redeemed', null, '5000', '465000', redeemed.id],
    ])
    const redeemedRow = detail.movements.at(-1)!
    expect(redeemedRow).toMatchObject({ amountFen: '15000', releasedFen: '5000' })
    expect(redeemedRow.booking).toMatchObject({
      instrumentName: '激光共聚焦显微镜C',
      quantity: 2,
      unit: 'hour',
      status: 'requested',
      date: redeemed.startsAt!.toISOString(),
    })
    expect(detail.movements[2]!.booking).toMatchObject({ instrumentName: 'X射线衍射仪B', status: 'expired' })

    // The dashboard shows the same available balance as the wallet, and the bookings in the enterprise's words.
    const home = await body<{
      vouchers: { id: string; faceValueFen: string; availableFen: string }[]
      bookings: { id: string; status: string; copayFen: string }[]
    }>(await call(enterpriseHome as never, member.browser.get('/enterprise')))
    expect(home.vouchers).toEqual([
      expect.objectContaining({ id: voucher.id, faceValueFen: '500000', availableFen: '465000' }),
    ])
    expect(home.bookings.map((b) => b.id).sort()).toEqual([held.id, voided.id, redeemed.id].sort())

    // Another enterprise's member: the voucher is not found, and not in their list.
    const other = await createEnterprise({ regionId: '511723' })
    const stranger = await signedIn('enterprise_member', { enterpriseId: other.id })
    const denied = await call(mineDetailLoader as never, stranger.browser.get(`/enterprise/vouchers/${voucher.id}`), {
      id: voucher.id,
    })
    expect(denied.status).toBe(404)
    const theirs = await body<{ vouchers: VoucherSummaryData[] }>(
      await call(mineListLoader as never, stranger.browser.get('/enterprise/vouchers')),
    )
    expect(theirs.vouchers).toEqual([])
    // Not a voucher id at all: 404 too, no database error.
    expect(
      (await call(mineDetailLoader as never, member.browser.get('/enterprise/vouchers/x'), { id: 'x' })).status,
    ).toBe(404)
    // An officer is not an enterprise member: no wallet page.
    const officer = await signedIn('city_officer', { regionId: '511700' })
    expect((await call(mineListLoader as never, officer.browser.get('/enterprise/vouchers'))).status).toBe(403)
  })
})

describe('the bureau vouchers', () => {
  it('county reach, filters, totals, and an export whose rows match the list', async () => {
    const { programme, enterprise, voucher } = await walletInUse()
    const tongchuan = await createEnterprise({ regionId: '511702', name: `通川区钒钛新材料有限公司${randomUUID()}` })
    const second = await createVoucher({ programmeId: programme.id, enterpriseId: tongchuan.id, amountFen: 300_000n })
    const city = await signedIn('city_officer', { regionId: '511700' })
    const kaijiang = await signedIn('county_officer', { regionId: '511723' })
    const tongchuanOfficer = await signedIn('county_officer', { regionId: '511702' })

    // The 开江县 officer opens the voucher; the 通川区 officer gets 404 (its existence is not revealed).
    const own = await call(bureauDetailLoader as never, kaijiang.browser.get(`/bureau/vouchers/${voucher.id}`), {
      id: voucher.id,
    })
    expect(own.status).toBe(200)
    const ownData = await body<{ voucher: VoucherDetailData; canRevoke: boolean }>(own)
    expect(ownData.canRevoke).toBe(false)
    expect(ownData.voucher.enterprise.id).toBe(enterprise.id)
    expect(
      (
        await call(bureauDetailLoader as never, tongchuanOfficer.browser.get(`/bureau/vouchers/${voucher.id}`), {
          id: voucher.id,
        })
      ).status,
    ).toBe(404)
    // An enterprise member has no bureau pages.
    const member = await signedIn('enterprise_member', { enterpriseId: enterprise.id })
    expect((await call(bureauListLoader as never, member.browser.get('/bureau/vouchers'))).status).toBe(403)

    type ListData = {
      rows: VoucherSummaryData[]
      totals: { count: number; faceFen: string; availableFen: string; heldFen: string; usedFen: string }
    }
    const list = async (who: { browser: Browser }, query: string) =>
      body<ListData>(await call(bureauListLoader as never, who.browser.get(`/bureau/vouchers?${query}`)))

    const all = await list(city, `programme=${programme.id}&sort=face&dir=desc`)
    expect(all.rows.map((r) => r.serial)).toEqual([voucher.serial, second.serial])
    expect(all.totals).toEqual({
      count: 2,
      faceFen: '800000',
      availableFen: String(465_000 + 300_000),
      heldFen: '20000',
      usedFen: '15000',
    })
    expect((await list(city, `programme=${programme.id}&sort=face&dir=asc`)).rows.map((r) => r.serial)).toEqual([
      second.serial,
      voucher.serial,
    ])
    // Counties: each officer sees their own county's voucher only, whatever they ask for.
    expect((await list(kaijiang, `programme=${programme.id}`)).rows.map((r) => r.id)).toEqual([voucher.id])
    expect((await list(tongchuanOfficer, `programme=${programme.id}`)).rows.map((r) => r.id)).toEqual([second.id])
    expect((await list(tongchuanOfficer, `programme=${programme.id}&county=511723`)).rows).toEqual([])
    expect((await list(city, `programme=${programme.id}&county=511702`)).rows.map((r) => r.id)).toEqual([second.id])
    // Search by serial or enterprise name.
    expect((await list(city, `q=${encodeURIComponent(second.serial)}`)).rows.map((r) => r.id)).toEqual([second.id])
    expect((await list(city, `q=${encodeURIComponent(tongchuan.name)}`)).rows.map((r) => r.id)).toEqual([second.id])

    // The city officer revokes the second voucher through the form.
    const path = `/bureau/vouchers/${second.id}`
    const page = await body<{ canRevoke: boolean }>(
      await call(bureauDetailLoader as never, city.browser.get(path), { id: second.id }),
    )
    expect(page.canRevoke).toBe(true)
    const noReason = await call(revokeAction as never, city.browser.post(path, { reason: '   ', confirm: 'on' }), {
      id: second.id,
    })
    expect(noReason.status).toBe(400)
    expect((await body<{ errors: Record<string, string[]> }>(noReason)).errors).toEqual({
      reason: ['wallet:errors.reasonRequired'],
    })
    const unconfirmed = await call(revokeAction as never, city.browser.post(path, { reason: '虚构检测业务套取补贴' }), {
      id: second.id,
    })
    expect(unconfirmed.status).toBe(400)
    expect((await body<{ errors: Record<string, string[]>; reason: string }>(unconfirmed)).errors).toEqual({
      confirm: ['wallet:errors.confirmRequired'],
    })
    // A county officer may read but not revoke.
    expect(
      (
        await call(
          revokeAction as never,
          tongchuanOfficer.browser.post(path, { reason: '虚构检测业务套取补贴', confirm: 'on' }),
          { id: second.id },
        )
      ).status,
    ).toBe(403)
    expect((await db.voucher.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('active')

    const done = await call(
      revokeAction as never,
      city.browser.post(path, { reason: '  虚构检测业务套取补贴  ', confirm: 'on' }),
      { id: second.id },
    )
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`${path}?done=revoked`)
    expect(await db.voucher.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      status: 'revoked',
      revokeReason: '虚构检测业务套取补贴',
      revokedById: city.userId,
      clawbackFen: 0n,
    })
    const revoked = await body<{ voucher: VoucherDetailData; canRevoke: boolean }>(
      await call(bureauDetailLoader as never, city.browser.get(`${path}?done=revoked`), { id: second.id }),
    )
    expect(revoked.canRevoke).toBe(false)
    expect(revoked.voucher.revocation).toMatchObject({
      byName: city.name,
      reason: '虚构检测业务套取补贴',
      clawbackFen: '0',
    })
    expect(figuresOf(revoked.voucher)).toEqual({
      face: '300000',
      available: '0',
      held: '0',
      used: '0',
      returned: '300000',
    })
    expect(revoked.voucher.movements.map((m) => [m.what, m.availableChangeFen, m.availableAfterFen])).toEqual([
      ['issue', '300000', '300000'],
      ['revocation', '-300000', '0'],
    ])
    const again = await call(revokeAction as never, city.browser.post(path, { reason: '重复提交', confirm: 'on' }), {
      id: second.id,
    })
    expect(again.status).toBe(409)
    expect((await body<{ errors: { form: string } }>(again)).errors.form).toBe('wallet:errors.alreadyRevoked')

    // Status filter.
    const active = await list(city, `programme=${programme.id}&status=active`)
    expect(active.rows.map((r) => r.id)).toEqual([voucher.id])
    const revokedOnly = await list(city, `programme=${programme.id}&status=revoked`)
    expect(revokedOnly.rows.map((r) => [r.id, r.status])).toEqual([[second.id, 'revoked']])
    expect(revokedOnly.totals).toMatchObject({ count: 1, faceFen: '300000', availableFen: '0' })

    // The export of the filtered list: same rows, Chinese headers, yuan as numbers, a totals row.
    const exported = await call(
      exportLoader as never,
      city.browser.get(`/bureau/vouchers/export.xlsx?programme=${programme.id}&sort=serial&dir=asc`),
    )
    expect(exported.status).toBe(200)
    expect(exported.headers.get('Content-Type')).toMatch(/spreadsheetml/)
    expect(exported.headers.get('Content-Disposition')).toMatch(/vouchers-\d{4}-\d{2}-\d{2}\.xlsx/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await exported.arrayBuffer())
    const sheet = workbook.getWorksheet('创新券')!
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(values(1)).toEqual(VOUCHER_EXPORT_COLUMNS.map((c) => c.header))
    expect(values(1).slice(0, 10)).toEqual([
      '券号',
      '企业名称',
      '统一社会信用代码',
      '所在区县',
      '创新券计划',
      '面额（元）',
      '可用（元）',
      '冻结（元）',
      '已使用（元）',
      '已退回（元）',
    ])
    const listed = await list(city, `programme=${programme.id}&sort=serial&dir=asc`)
    expect(sheet.rowCount).toBe(1 + listed.rows.length + 1)
    expect(values(2).slice(0, 11)).toEqual([
      voucher.serial,
      enterprise.name,
      enterprise.uscc,
      '开江县',
      programme.name,
      5000,
      4650,
      200,
      150,
      0,
      '有效',
    ])
    expect(values(3).slice(0, 11)).toEqual([
      second.serial,
      tongchuan.name,
      tongchuan.uscc,
      '通川区',
      programme.name,
      3000,
      0,
      0,
      0,
      3000,
      '已撤销',
    ])
    expect(values(2)[12]).toBeInstanceOf(Date)
    expect(values(4).slice(0, 10)).toEqual([
      '合计（2 张）',
      undefined,
      undefined,
      undefined,
      undefined,
      8000,
      4650,
      200,
      150,
      3000,
    ])
    // Filtered export: the status filter applies to the file too; a county officer exports their county only.
    const activeFile = new ExcelJS.Workbook()
    await activeFile.xlsx.load(
      await (
        await call(
          exportLoader as never,
          city.browser.get(`/bureau/vouchers/export.xlsx?programme=${programme.id}&status=active`),
        )
      ).arrayBuffer(),
    )
    const activeSheet = activeFile.getWorksheet('创新券')!
    expect(activeSheet.rowCount).toBe(3)
    expect(activeSheet.getRow(2).getCell(1).value).toBe(voucher.serial)
    const countyFile = new ExcelJS.Workbook()
    await countyFile.xlsx.load(
      await (
        await call(
          exportLoader as never,
          tongchuanOfficer.browser.get(`/bureau/vouchers/export.xlsx?programme=${programme.id}`),
        )
      ).arrayBuffer(),
    )
    expect(countyFile.getWorksheet('创新券')!.getRow(2).getCell(1).value).toBe(second.serial)
    expect(countyFile.getWorksheet('创新券')!.rowCount).toBe(3)
  })
})
