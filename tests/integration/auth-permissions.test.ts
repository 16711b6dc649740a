import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { loader as adminHome } from '~/routes/admin+/_index'
import { loader as bureauHome } from '~/routes/bureau+/_index'
import { loader as enterpriseHome } from '~/routes/enterprise+/_index'
import { loader as institutionHome } from '~/routes/institution+/_index'
import { action as login } from '~/routes/login'
import { createEnterprise, createInstrument, createVoucher } from '../support/factories'
import { body, Browser, createLogin, expectRedirect, run, submit } from './auth-support'

afterAll(closeRateLimitStore)

type Loader = (args: LoaderFunctionArgs) => Promise<Response>
let ip = 0

async function signIn(login_: { email: string; password: string }, locale?: 'en'): Promise<Browser> {
  const browser = await Browser.open()
  if (locale) browser.cookies.set('lng', Buffer.from(JSON.stringify(locale)).toString('base64'))
  const response = await submit(browser, login, '/login', login_, { clientIp: `192.0.2.${++ip}` })
  expect(response.status).toBe(302)
  return browser
}

async function load(browser: Browser, loader: Loader, path: string) {
  return run(loader, browser.get(path))
}

// Two counties: 宣汉县 (511722) and 通川区 (511702).
let xuanhan: { enterprises: string[] }
let enterpriseId: string
let institutionId: string

beforeAll(async () => {
  const db = getDb()
  const e1 = await createEnterprise({ regionId: '511722', status: 'pending' })
  const e2 = await createEnterprise({ regionId: '511722', status: 'county_reviewed' })
  const e3 = await createEnterprise({ regionId: '511702', status: 'pending' })
  await createEnterprise({ regionId: '511702', status: 'pending' })
  xuanhan = { enterprises: [e1.id, e2.id] }
  enterpriseId = e1.id
  // A 5万元 voucher in 宣汉县, a 3万元 one in 通川区.
  await createVoucher({ enterpriseId: e1.id, amountFen: 5_000_000n })
  await createVoucher({ enterpriseId: e3.id, amountFen: 3_000_000n })
  const { instrument, serviceItem, institutionId: inst } = await createInstrument()
  institutionId = inst
  const booking = (enterprise: string, status: 'requested' | 'approved', key: string) =>
    db.booking.create({
      data: {
        enterpriseId: enterprise,
        instrumentId: instrument.id,
        serviceItemId: serviceItem.id,
        status,
        quantity: 2,
        unit: 'hour',
        unitFeeFen: 20_000,
        feeFen: 40_000n,
        shareBp: 5000,
        voucherShareFen: 0n,
        copayFen: 40_000n,
        idempotencyKey: key,
      },
    })
  await booking(e1.id, 'requested', 'a')
  await booking(e1.id, 'approved', 'b')
  await booking(e3.id, 'requested', 'c')
})

describe('who may open which workspace', () => {
  it('sends a visitor to /login and back', async () => {
    const browser = await Browser.open()
    for (const [loader, path] of [
      [enterpriseHome, '/enterprise'],
      [bureauHome, '/bureau'],
      [adminHome, '/admin?x=1'],
    ] as const) {
      expectRedirect(await load(browser, loader, path), `/login?redirectTo=${encodeURIComponent(path)}`)
    }
  })

  it('refuses an enterprise member the bureau, institution and admin pages (403)', async () => {
    const browser = await signIn(await createLogin('enterprise_member', { enterpriseId }))
    for (const [loader, path] of [
      [bureauHome, '/bureau'],
      [institutionHome, '/institution'],
      [adminHome, '/admin'],
    ] as const) {
      const response = await load(browser, loader, path)
      expect(response.status, path).toBe(403)
      expect((await body<{ message: string }>(response)).message).toMatch(/没有访问此页面的权限/)
    }
    expect((await load(browser, enterpriseHome, '/enterprise')).status).toBe(200)
  })

  it('refuses the city officer the enterprise page: their reach names no enterprise', async () => {
    const browser = await signIn(await createLogin('city_officer', { regionId: '511700' }))
    expect((await load(browser, enterpriseHome, '/enterprise')).status).toBe(403)
  })

  it('answers 403 in English for an English user', async () => {
    const browser = await signIn(await createLogin('institution_staff', { institutionId }), 'en')
    const response = await load(browser, adminHome, '/admin')
    expect(response.status).toBe(403)
    expect((await body<{ message: string }>(response)).message).toMatch(/may not open this page/)
  })
})

describe('role home pages show the organisation’s own data', () => {
  it('enterprise: its status, its vouchers and its recent bookings only', async () => {
    const browser = await signIn(await createLogin('enterprise_member', { enterpriseId }))
    const data = await body<{
      enterprise: { id: string; status: string }
      vouchers: { faceValueFen: string; serial: string }[]
      bookings: { status: string; feeFen: string }[]
    }>(await load(browser, enterpriseHome, '/enterprise'))
    expect(data.enterprise).toMatchObject({ id: enterpriseId, status: 'pending' })
    expect(data.vouchers.map((v) => v.faceValueFen)).toEqual(['5000000'])
    expect(data.bookings.map((b) => b.status).sort()).toEqual(['approved', 'requested'])
  })

  it('institution: its instrument count and booking requests', async () => {
    const browser = await signIn(await createLogin('institution_staff', { institutionId }))
    const data = await body<{ instrumentCount: number; pendingCount: number; requests: unknown[] }>(
      await load(browser, institutionHome, '/institution'),
    )
    expect(data.instrumentCount).toBe(1)
    expect(data.pendingCount).toBe(2)
    expect(data.requests).toHaveLength(3)
  })

  it('county officer: figures scoped to their county', async () => {
    const browser = await signIn(await createLogin('county_officer', { regionId: '511722' }))
    const data = await body<{
      pendingCounty: number
      pendingCity: number
      vouchersIssued: number
      vouchersFaceValueFen: string
      bookingsByStatus: { status: string; count: number }[]
      scope: string
    }>(await load(browser, bureauHome, '/bureau'))
    expect(xuanhan.enterprises).toHaveLength(2)
    expect(data.pendingCounty).toBe(1)
    expect(data.pendingCity).toBe(1)
    expect(data.vouchersIssued).toBe(1)
    expect(data.vouchersFaceValueFen).toBe('5000000')
    expect(data.bookingsByStatus).toEqual([
      { status: 'requested', count: 1 },
      { status: 'approved', count: 1 },
    ])
    expect(data.scope).toBe('统计范围：宣汉县')
  })

  it('city officer: every county', async () => {
    const browser = await signIn(await createLogin('city_officer', { regionId: '511700' }))
    const data = await body<{
      pendingCounty: number
      vouchersFaceValueFen: string
      bookingsByStatus: { status: string; count: number }[]
    }>(await load(browser, bureauHome, '/bureau'))
    expect(data.pendingCounty).toBe(3)
    expect(data.vouchersFaceValueFen).toBe('8000000')
    expect(data.bookingsByStatus).toEqual([
      { status: 'requested', count: 2 },
      { status: 'approved', count: 1 },
    ])
  })

  it('admin: users by role', async () => {
    const browser = await signIn(await createLogin('platform_admin'))
    const data = await body<{ totalUsers: number; byRole: { role: string; count: number }[]; activeSessions: number }>(
      await load(browser, adminHome, '/admin'),
    )
    expect(data.totalUsers).toBeGreaterThanOrEqual(1)
    expect(data.byRole.find((r) => r.role === 'platform_admin')?.count).toBeGreaterThanOrEqual(1)
    expect(data.activeSessions).toBeGreaterThanOrEqual(1)
  })
})
