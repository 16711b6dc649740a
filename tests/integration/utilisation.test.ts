import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { instrumentUsage, type UtilisationReport } from '~/features/utilisation/queries.server'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { loader as bureauUtilisation } from '~/routes/bureau+/utilisation'
import { loader as institutionUtilisation } from '~/routes/institution+/utilisation'
import { action as login } from '~/routes/login'
import { createEnterprise, createInstitution, createInstrument } from '../support/factories'
import { body, Browser, createLogin, run, submit } from './auth-support'

// Utilisation figures from seeded completed bookings, through the staff and bureau pages.

afterAll(closeRateLimitStore)

type Loader = (args: LoaderFunctionArgs) => Promise<Response>
type Report = Omit<UtilisationReport, 'instruments' | 'institutions' | 'total'> & {
  instruments: (UtilisationReport['instruments'][number] & { figures: { incomeFen: string } })[]
  institutions: UtilisationReport['institutions']
  total: UtilisationReport['total']
}
let ip = 0

async function signIn(role: Parameters<typeof createLogin>[0], scope: Parameters<typeof createLogin>[1]) {
  const credentials = await createLogin(role, scope)
  const browser = await Browser.open()
  const { email, password } = credentials
  const response = await submit(browser, login, '/login', { email, password }, { clientIp: `192.0.2.${++ip}` })
  expect(response.status).toBe(302)
  return browser
}

async function report(browser: Browser, loader: Loader, path: string): Promise<Report> {
  const response = await run(loader, browser.get(path))
  expect(response.status).toBe(200)
  return (await body<{ report: Report }>(response)).report
}

const at = (iso: string) => new Date(`${iso}+08:00`)
let instA1: string
let instA2: string
let instB: string
let institutionA: string
let institutionB: string

async function booking(
  instrumentId: string,
  serviceItemId: string,
  status: string,
  range: [Date, Date] | null,
  { quantity = 1, unitFeeFen = 30_000, unit = 'hour' }: { quantity?: number; unitFeeFen?: number; unit?: string } = {},
) {
  const enterprise = await createEnterprise()
  const fee = quantity * unitFeeFen
  await getDb().$executeRaw`
    INSERT INTO booking (enterprise_id, instrument_id, service_item_id, status, during, starts_at, ends_at,
                         quantity, unit, unit_fee_fen, fee_fen, share_bp, voucher_share_fen, copay_fen, idempotency_key, created_at,
                         reject_reason, cancel_reason, cancelled_at)
    VALUES (${enterprise.id}::uuid, ${instrumentId}::uuid, ${serviceItemId}::uuid, ${status}::booking_status,
            ${range ? rangeText(range) : null}::tstzrange, ${range?.[0] ?? null}::timestamptz, ${range?.[1] ?? null}::timestamptz,
            ${quantity}, ${unit}::service_unit, ${unitFeeFen}, ${fee}, 0, 0, ${fee}, ${`u-${Math.random()}`},
            ${at('2026-03-01T10:00:00')},
            ${status === 'rejected' ? '测试' : null}, ${status === 'cancelled' ? '测试' : null},
            ${status === 'cancelled' ? at('2026-03-01T10:00:00') : null}::timestamptz)`
}
// tstzrange literal text for a bound parameter ([start, end)).
function rangeText([start, end]: [Date, Date]): string {
  return `[${start.toISOString()},${end.toISOString()})`
}

beforeAll(async () => {
  const db = getDb()
  institutionA = (await createInstitution({ regionId: '511702' })).id
  institutionB = (await createInstitution({ regionId: '511722' })).id
  const a1 = await createInstrument({ institutionId: institutionA, name: '液相色谱仪A1' })
  const a2 = await createInstrument({ institutionId: institutionA, name: '扫描电镜A2' })
  const b = await createInstrument({ institutionId: institutionB, name: '质谱仪B' })
  instA1 = a1.instrument.id
  instA2 = a2.instrument.id
  instB = b.instrument.id
  // A1 in 2026: delivered 3 h (¥900), settled 2 h (¥600), confirmed per-hour without a range (4 h, ¥1,200),
  // a per-sample one without a range (0 h, ¥500); not counted: cancelled, in service, and a 2025 one.
  await booking(instA1, a1.serviceItem.id, 'delivered', [at('2026-03-02T09:00:00'), at('2026-03-02T12:00:00')], {
    quantity: 3,
  })
  await booking(instA1, a1.serviceItem.id, 'settled', [at('2026-05-02T14:00:00'), at('2026-05-02T16:00:00')], {
    quantity: 2,
  })
  await booking(instA1, a1.serviceItem.id, 'confirmed', null, { quantity: 4 })
  await booking(instA1, a1.serviceItem.id, 'redeemed', null, { quantity: 5, unitFeeFen: 10_000, unit: 'sample' })
  await booking(instA1, a1.serviceItem.id, 'cancelled', [at('2026-06-01T09:00:00'), at('2026-06-01T12:00:00')], {
    quantity: 3,
  })
  await booking(instA1, a1.serviceItem.id, 'in_service', [at('2026-06-02T09:00:00'), at('2026-06-02T12:00:00')], {
    quantity: 3,
  })
  await booking(instA1, a1.serviceItem.id, 'settled', [at('2025-12-31T22:00:00'), at('2025-12-31T23:00:00')])
  // A booking starting at 00:30 on 1 January, Beijing time (still 2025 in UTC), is 2026's.
  await booking(instA2, a2.serviceItem.id, 'claimed', [at('2026-01-01T00:30:00'), at('2026-01-01T01:30:00')])
  // Internal use: A1 21 h, A2 9 h in 2026; B only internal use.
  await db.instrumentInternalUse.createMany({
    data: [
      { instrumentId: instA1, year: 2026, minutes: 21 * 60 },
      { instrumentId: instA2, year: 2026, minutes: 9 * 60 },
      { instrumentId: instB, year: 2026, minutes: 160 * 60 },
      { instrumentId: instB, year: 2025, minutes: 999 * 60 },
    ],
  })
})

describe('utilisation', () => {
  it('counts completed booking hours and fees, plus internal use, per instrument', async () => {
    const rows = await instrumentUsage(getDb(), { year: 2026, reach: { kind: 'any' } })
    const a1 = rows.find((r) => r.instrumentId === instA1)!
    expect(a1).toMatchObject({ externalMinutes: (3 + 2 + 4) * 60, internalMinutes: 21 * 60, completedBookings: 4 })
    expect(a1.incomeFen).toBe(90_000n + 60_000n + 120_000n + 50_000n)
    const a2 = rows.find((r) => r.instrumentId === instA2)!
    expect(a2).toMatchObject({ externalMinutes: 60, internalMinutes: 9 * 60, completedBookings: 1 })
  })

  it('shows institution staff their own instruments with the figures', async () => {
    const staff = await signIn('institution_staff', { institutionId: institutionA })
    const r = await report(staff, institutionUtilisation, '/institution/utilisation?year=2026')
    expect(r.instruments.map((i) => i.instrumentId).sort()).toEqual([instA1, instA2].sort())
    const a1 = r.instruments.find((i) => i.instrumentId === instA1)!.figures
    // Effective 9 + 21 = 30 h; sharing 9 ÷ 30 = 30 %; utilisation 30 ÷ 1,600 = 1.875 % → 188 bp.
    expect(a1).toMatchObject({
      effectiveHours: 30,
      externalHours: 9,
      internalHours: 21,
      sharingRateBp: 3000,
      utilisationBp: 188,
    })
    expect(a1.incomeFen).toBe('320000')
    // The institution: 40 h effective over two instruments and 1,600 h each.
    expect(r.total).toMatchObject({
      effectiveHours: 40,
      externalHours: 10,
      instruments: 2,
      sharingRateBp: 2500,
      utilisationBp: 125,
    })
    const norm800 = await report(staff, institutionUtilisation, '/institution/utilisation?year=2026&norm=800')
    expect(norm800.total.utilisationBp).toBe(250)
    const y2025 = await report(staff, institutionUtilisation, '/institution/utilisation?year=2025')
    expect(y2025.instruments.find((i) => i.instrumentId === instA1)!.figures).toMatchObject({
      externalHours: 1,
      completedBookings: 1,
    })
  })

  it('shows the bureau every institution, a county officer only the county', async () => {
    const city = await signIn('city_officer', { regionId: '511700' })
    const all = await report(city, bureauUtilisation, '/bureau/utilisation?year=2026')
    const a = all.institutions.find((i) => i.institutionId === institutionA)!
    const b = all.institutions.find((i) => i.institutionId === institutionB)!
    expect(a.figures).toMatchObject({ effectiveHours: 40, instruments: 2 })
    expect(b.figures).toMatchObject({ effectiveHours: 160, externalHours: 0, sharingRateBp: 0, utilisationBp: 1000 })
    const county = await signIn('county_officer', { regionId: '511722' })
    const xuanhan = await report(county, bureauUtilisation, '/bureau/utilisation?year=2026')
    expect(xuanhan.institutions.map((i) => i.institutionId)).toContain(institutionB)
    expect(xuanhan.institutions.map((i) => i.institutionId)).not.toContain(institutionA)
  })

  it('refuses enterprises, and staff cannot reach the bureau page', async () => {
    const enterprise = await createEnterprise()
    const member = await signIn('enterprise_member', { enterpriseId: enterprise.id })
    expect((await run(institutionUtilisation, member.get('/institution/utilisation'))).status).toBe(403)
    expect((await run(bureauUtilisation, member.get('/bureau/utilisation'))).status).toBe(403)
    const staff = await signIn('institution_staff', { institutionId: institutionB })
    expect((await run(bureauUtilisation, staff.get('/bureau/utilisation'))).status).toBe(403)
    const own = await report(staff, institutionUtilisation, '/institution/utilisation?year=2026')
    expect(own.instruments.map((i) => i.instrumentId)).toEqual([instB])
  })
})
