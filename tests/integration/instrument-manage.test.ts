import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { describeVerification, verifyAuditChains } from '~/features/audit/verify.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { MAX_PHOTO_BYTES } from '~/features/instruments/manage/image-type'
import { photoDir } from '~/features/instruments/photos.server'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { sqlStateOf } from '~/infra/tx.server'
import { action as editAction, loader as editLoader } from '~/routes/institution+/instruments+/$id+/_index'
import { action as hoursAction, loader as hoursLoader } from '~/routes/institution+/instruments+/$id+/hours'
import { action as photosAction, loader as photosLoader } from '~/routes/institution+/instruments+/$id+/photos'
import { action as servicesAction, loader as servicesLoader } from '~/routes/institution+/instruments+/$id+/services'
import { loader as listLoader } from '~/routes/institution+/instruments+/_index'
import { action as newAction, loader as newLoader } from '~/routes/institution+/instruments+/new'
import { action as login } from '~/routes/login'
import { loader as photoFile } from '~/routes/media+/instrument-photos.$file'
import { createEnterprise, createInstitution, createInstrument, openAroundTheClock } from '../support/factories'
import { BASE, body, Browser, createLogin, submit } from './auth-support'

// Photos go to a directory of this test file's own (set before anything reads the environment).
const uploadRoot = vi.hoisted(() => {
  const dir = `/tmp/instrument-manage-test-${process.pid}-${Date.now()}`
  process.env.UPLOAD_DIR = dir
  return dir
})

afterAll(async () => {
  await closeRateLimitStore()
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

let ip = 0
async function signIn(role: Parameters<typeof createLogin>[0], scope: Parameters<typeof createLogin>[1]) {
  const account = await createLogin(role, scope)
  const browser = await Browser.open()
  const response = await submit(
    browser,
    login,
    '/login',
    { email: account.email, password: account.password },
    { clientIp: `198.51.100.${++ip}` },
  )
  expect(response.status).toBe(302)
  return { browser, userId: account.user.id }
}

const baseFields = {
  assetNo: 'ZC-2019-0001',
  name: '气相色谱-质谱联用仪',
  nameEn: 'GC-MS',
  model: 'GCMS-QP2020 NX',
  manufacturer: '岛津',
  country: '日本',
  originalValue: '120',
  valueUnit: 'wan',
  inUseSince: '2019-06-01',
  categoryCode: '0105',
  lab: '分析测试中心',
  address: '四川文理学院莲湖校区 3 号楼 302',
  specifications: '质量范围 1.5–1090 u',
  researchFields: '化学；环境科学',
  uses: '挥发性有机物定性定量分析',
  accessories: '自动进样器',
  accreditation: 'CMA 2019-001',
  contactName: '张老师',
  contactPhone: '13800000000',
  sharingStatus: 'open',
  bookingMode: 'operated',
  minNoticeHours: '24',
  maxAdvanceDays: '60',
  slotMinutes: '30',
  minDurationMinutes: '60',
  maxDurationMinutes: '480',
  bufferMinutes: '15',
  requiresApproval: 'on',
}

function location(response: Response): string {
  expect(response.status).toBe(302)
  return response.headers.get('Location') ?? ''
}

function idFromLocation(response: Response): string {
  const match = /^\/institution\/instruments\/([0-9a-f-]{36})/.exec(location(response))
  expect(match).not.toBeNull()
  return match![1]!
}

async function errorsOf(response: Response) {
  expect(response.status).toBe(400)
  const data = await body<{ result: { error?: Record<string, string[] | null> } }>(response)
  return data.result.error ?? {}
}

function multipart(browser: Browser, pathName: string, fields: Record<string, string | File>): Request {
  const form = new FormData()
  form.set('csrf', browser.csrfToken)
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  return new Request(`${BASE}${pathName}`, {
    method: 'POST',
    body: form,
    headers: { Cookie: browser.cookieHeader(), 'User-Agent': 'vitest' },
  })
}

// A 1×1 PNG (signature, IHDR, IDAT, IEND).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

let institutionA: string
let institutionB: string
let staffA: { browser: Browser; userId: string }
let staffB: { browser: Browser; userId: string }
let member: { browser: Browser; userId: string }
let instrumentId: string

beforeAll(async () => {
  institutionA = (await createInstitution()).id
  institutionB = (await createInstitution()).id
  staffA = await signIn('institution_staff', { institutionId: institutionA })
  staffB = await signIn('institution_staff', { institutionId: institutionB })
  member = await signIn('enterprise_member', { enterpriseId: (await createEnterprise()).id })
})

describe('create, edit, retire', () => {
  it('shows an empty list that says what to do next', async () => {
    const response = await call(listLoader, staffA.browser.get('/institution/instruments'))
    expect(response.status).toBe(200)
    expect((await body<{ instruments: unknown[] }>(response)).instruments).toEqual([])
    expect((await call(newLoader, staffA.browser.get('/institution/instruments/new'))).status).toBe(200)
  })

  it('creates an instrument with every field, the value in fen, and an audit row', async () => {
    const response = await call(newAction, staffA.browser.post('/institution/instruments/new', baseFields))
    instrumentId = idFromLocation(response)
    expect(location(response)).toContain('?done=created')
    const row = await getDb().instrument.findUniqueOrThrow({ where: { id: instrumentId } })
    expect(row).toMatchObject({
      institutionId: institutionA,
      assetNo: 'ZC-2019-0001',
      originalValueFen: 120_000_000n,
      categoryCode: '0105',
      contactPhone: '13800000000',
      bufferMinutes: 15,
      requiresApproval: true,
      sharingStatus: 'open',
    })
    expect(row.inUseSince?.toISOString().slice(0, 10)).toBe('2019-06-01')
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { entityId: instrumentId, action: 'instrument.create' },
    })
    expect(audit.stream).toBe(`institution:${institutionA}`)
    expect(audit.actorUserId).toBe(staffA.userId)
    expect(audit.after).toMatchObject({ assetNo: 'ZC-2019-0001', originalValueFen: '120000000' })
  })

  it('adds a service item with its fee in fen, and weekly hours with several ranges', async () => {
    const services = `/institution/instruments/${instrumentId}/services`
    const added = await call(
      servicesAction,
      staffA.browser.post(services, {
        intent: 'add',
        name: '样品检测（按小时）',
        unit: 'hour',
        fee: '200',
        minQuantity: '2',
      }),
      { id: instrumentId },
    )
    expect(location(added)).toBe(`${services}?done=serviceAdded`)
    const items = await getDb().serviceItem.findMany({ where: { instrumentId } })
    expect(items).toMatchObject([{ feeFen: 20_000, minQuantity: 2, unit: 'hour', isActive: true }])

    const hours = `/institution/instruments/${instrumentId}/hours`
    const saved = await call(
      hoursAction,
      staffA.browser.post(hours, { intent: 'week', day1: '08:30-12:00, 14:00-17:30', day3: '０９：００－１１：３０' }),
      { id: instrumentId },
    )
    expect(location(saved)).toBe(`${hours}?done=hoursSaved`)
    const rows = await getDb().openHours.findMany({
      where: { instrumentId },
      orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }],
      select: { weekday: true, startMinute: true, endMinute: true },
    })
    expect(rows).toEqual([
      { weekday: 1, startMinute: 510, endMinute: 720 },
      { weekday: 1, startMinute: 840, endMinute: 1050 },
      { weekday: 3, startMinute: 540, endMinute: 690 },
    ])
    const page = await body<{ week: Record<string, string> }>(
      await call(hoursLoader, staffA.browser.get(hours), { id: instrumentId }),
    )
    expect(page.week.day1).toBe('08:30-12:00, 14:00-17:30')

    const overlapping = await call(
      hoursAction,
      staffA.browser.post(hours, { intent: 'week', day2: '08:00-12:00, 11:00-13:00' }),
      { id: instrumentId },
    )
    const errors = await errorsOf(overlapping)
    expect(errors.day2?.[0]).toMatch(/^manage:errors\.hours\.overlap\?index=2/)
    expect(await getDb().openHours.count({ where: { instrumentId } })).toBe(3)
  })

  it('adds and removes a blackout given in Shanghai time, stored as UTC', async () => {
    const hours = `/institution/instruments/${instrumentId}/hours`
    const added = await call(
      hoursAction,
      staffA.browser.post(hours, {
        intent: 'add-exception',
        kind: 'blackout',
        startsAt: '2026-10-01T00:00',
        endsAt: '2026-10-08T00:00',
        reason: '国庆假期',
      }),
      { id: instrumentId },
    )
    expect(location(added)).toContain('done=exceptionAdded')
    const blackout = await getDb().blackout.findFirstOrThrow({ where: { instrumentId } })
    expect(blackout.startsAt.toISOString()).toBe('2026-09-30T16:00:00.000Z')
    expect(blackout.isExtraOpen).toBe(false)
    // Staff of another institution cannot remove it.
    const foreign = await call(
      hoursAction,
      staffB.browser.post(`/institution/instruments/${instrumentId}/hours`, {
        intent: 'remove-exception',
        exceptionId: blackout.id,
      }),
      { id: instrumentId },
    )
    expect(foreign.status).toBe(404)
    const removed = await call(
      hoursAction,
      staffA.browser.post(hours, { intent: 'remove-exception', exceptionId: blackout.id }),
      { id: instrumentId },
    )
    expect(location(removed)).toContain('done=exceptionRemoved')
    expect(await getDb().blackout.count({ where: { instrumentId } })).toBe(0)
  })

  it('edits the record and audits before and after', async () => {
    const path_ = `/institution/instruments/${instrumentId}`
    const loaded = await body<{ values: Record<string, string> }>(
      await call(editLoader, staffA.browser.get(path_), { id: instrumentId }),
    )
    expect(loaded.values).toMatchObject({
      originalValue: '120',
      valueUnit: 'wan',
      bufferMinutes: '15',
      requiresApproval: 'on',
    })
    const response = await call(
      editAction,
      staffA.browser.post(path_, {
        ...baseFields,
        name: '气相色谱-质谱联用仪（新）',
        bufferMinutes: '30',
        requiresApproval: '',
      }),
      { id: instrumentId },
    )
    expect(location(response)).toBe(`${path_}?done=saved`)
    const row = await getDb().instrument.findUniqueOrThrow({ where: { id: instrumentId } })
    expect(row).toMatchObject({ name: '气相色谱-质谱联用仪（新）', bufferMinutes: 30, requiresApproval: false })
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { entityId: instrumentId, action: 'instrument.update' },
    })
    expect(audit.before).toMatchObject({ name: '气相色谱-质谱联用仪', bufferMinutes: 15 })
    expect(audit.after).toMatchObject({ name: '气相色谱-质谱联用仪（新）', bufferMinutes: 30 })
  })

  it('reports a field error, with the typed values kept, when the rules do not fit together', async () => {
    const response = await call(
      editAction,
      staffA.browser.post(`/institution/instruments/${instrumentId}`, {
        ...baseFields,
        minDurationMinutes: '600',
        maxDurationMinutes: '480',
      }),
      { id: instrumentId },
    )
    const data = await body<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(
      response,
    )
    expect(data.result.error.maxDurationMinutes).toEqual(['manage:errors.rules.min-above-max?min=600'])
    expect(data.result.initialValue.minDurationMinutes).toBe('600')
  })

  it('refuses an asset number already used in the institution as a field error, but not in another', async () => {
    const response = await call(
      newAction,
      staffA.browser.post('/institution/instruments/new', { ...baseFields, name: '另一台' }),
    )
    const errors = await errorsOf(response)
    expect(errors.assetNo?.[0]).toMatch(/^manage:errors\.assetNoTaken\?assetNo=ZC-2019-0001/)
    expect(await getDb().instrument.count({ where: { institutionId: institutionA } })).toBe(1)
    // The same number at institution B is fine (unique per institution).
    const other = await call(newAction, staffB.browser.post('/institution/instruments/new', baseFields))
    expect(location(other)).toMatch(/^\/institution\/instruments\//)
  })

  it('retires (never deletes) only with the confirmation ticked', async () => {
    const path_ = `/institution/instruments/${instrumentId}`
    const unconfirmed = await call(editAction, staffA.browser.post(path_, { intent: 'retire' }), { id: instrumentId })
    expect(unconfirmed.status).toBe(400)
    const response = await call(editAction, staffA.browser.post(path_, { intent: 'retire', confirm: 'on' }), {
      id: instrumentId,
    })
    expect(location(response)).toBe(`${path_}?done=retired`)
    const row = await getDb().instrument.findUniqueOrThrow({ where: { id: instrumentId } })
    expect(row.sharingStatus).toBe('retired')
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { entityId: instrumentId, action: 'instrument.retire' },
    })
    expect(audit.before).toEqual({ sharingStatus: 'open' })
    const list = await body<{ instruments: { id: string; sharingStatus: string; minFeeFen: number }[] }>(
      await call(listLoader, staffA.browser.get('/institution/instruments')),
    )
    expect(list.instruments).toMatchObject([{ id: instrumentId, sharingStatus: 'retired', minFeeFen: 20_000 }])
  })
})

describe('the schema as the first line', () => {
  it('refuses overlapping open hours of one instrument on one weekday, allows touching ones', async () => {
    const { instrument } = await createInstrument({ institutionId: institutionA })
    const db = getDb()
    await db.openHours.create({ data: { instrumentId: instrument.id, weekday: 2, startMinute: 480, endMinute: 720 } })
    await db.openHours.create({ data: { instrumentId: instrument.id, weekday: 2, startMinute: 720, endMinute: 840 } })
    await db.openHours.create({ data: { instrumentId: instrument.id, weekday: 3, startMinute: 600, endMinute: 700 } })
    const error = await db.openHours
      .create({ data: { instrumentId: instrument.id, weekday: 2, startMinute: 600, endMinute: 660 } })
      .catch((e: unknown) => e)
    expect(sqlStateOf(error)).toBe('23P01')
  })
})

describe('fee edits and bookings', () => {
  it('a new fee never changes a booking already made (the booking keeps its snapshot)', async () => {
    const { instrument, serviceItem } = await createInstrument({ institutionId: institutionA })
    await openAroundTheClock(instrument.id)
    const enterprise = await createEnterprise()
    const now = new Date('2026-03-02T01:00:00.000Z')
    const booked = await requestBooking(
      { now },
      {
        enterpriseId: enterprise.id,
        actorUserId: null,
        serviceItemId: serviceItem.id,
        startsAt: new Date('2026-03-05T01:00:00.000Z'),
        endsAt: new Date('2026-03-05T03:00:00.000Z'),
        quantity: 2,
        idempotencyKey: 'fee-snapshot',
      },
    )
    expect(booked.ok).toBe(true)
    const bookingId = booked.ok ? booked.value.bookingId : ''

    const services = `/institution/instruments/${instrument.id}/services`
    const response = await call(
      servicesAction,
      staffA.browser.post(services, {
        intent: 'update',
        itemId: serviceItem.id,
        name: serviceItem.name,
        unit: 'hour',
        fee: '350',
        minQuantity: '1',
      }),
      { id: instrument.id },
    )
    expect(location(response)).toBe(`${services}?done=serviceSaved`)
    expect((await getDb().serviceItem.findUniqueOrThrow({ where: { id: serviceItem.id } })).feeFen).toBe(35_000)
    const booking = await getDb().booking.findUniqueOrThrow({ where: { id: bookingId } })
    expect(booking.unitFeeFen).toBe(20_000)
    expect(booking.feeFen).toBe(40_000n)
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { entityId: serviceItem.id, action: 'service_item.update_fee' },
    })
    expect(audit.before).toMatchObject({ feeFen: 20_000 })
    expect(audit.after).toMatchObject({ feeFen: 35_000 })

    const deactivated = await call(
      servicesAction,
      staffA.browser.post(services, { intent: 'deactivate', itemId: serviceItem.id }),
      { id: instrument.id },
    )
    expect(location(deactivated)).toContain('serviceDeactivated')
    expect((await getDb().serviceItem.findUniqueOrThrow({ where: { id: serviceItem.id } })).isActive).toBe(false)
  })
})

describe('ownership', () => {
  it("staff of institution B can neither load nor change institution A's instrument (404)", async () => {
    const { instrument, serviceItem } = await createInstrument({ institutionId: institutionA })
    const params = { id: instrument.id }
    const base = `/institution/instruments/${instrument.id}`
    for (const [loader, p] of [
      [editLoader, base],
      [servicesLoader, `${base}/services`],
      [hoursLoader, `${base}/hours`],
      [photosLoader, `${base}/photos`],
    ] as const) {
      expect((await call(loader, staffB.browser.get(p), params)).status).toBe(404)
    }
    expect((await call(editAction, staffB.browser.post(base, { ...baseFields, assetNo: 'X-1' }), params)).status).toBe(
      404,
    )
    expect(
      (await call(editAction, staffB.browser.post(base, { intent: 'retire', confirm: 'on' }), params)).status,
    ).toBe(404)
    expect(
      (
        await call(
          servicesAction,
          staffB.browser.post(`${base}/services`, {
            intent: 'update',
            itemId: serviceItem.id,
            name: '改价',
            unit: 'hour',
            fee: '1',
            minQuantity: '1',
          }),
          params,
        )
      ).status,
    ).toBe(404)
    expect(
      (await call(hoursAction, staffB.browser.post(`${base}/hours`, { intent: 'week', day1: '08:00-09:00' }), params))
        .status,
    ).toBe(404)
    const upload = await call(
      photosAction,
      multipart(staffB.browser, `${base}/photos`, { intent: 'upload', photo: new File([PNG], 'a.png') }),
      params,
    )
    expect(upload.status).toBe(404)
    // Nothing changed.
    const row = await getDb().instrument.findUniqueOrThrow({
      where: { id: instrument.id },
      include: { serviceItems: true },
    })
    expect(row.sharingStatus).toBe('open')
    expect(row.serviceItems[0]!.feeFen).toBe(20_000)
    expect(await getDb().openHours.count({ where: { instrumentId: instrument.id } })).toBe(0)
    // Their own list does not show it either.
    const list = await body<{ instruments: { id: string }[] }>(
      await call(listLoader, staffB.browser.get('/institution/instruments')),
    )
    expect(list.instruments.map((i) => i.id)).not.toContain(instrument.id)
  })

  it('a user who is not institution staff gets 403; a visitor is sent to log in', async () => {
    const { instrument } = await createInstrument({ institutionId: institutionA })
    const params = { id: instrument.id }
    expect((await call(listLoader, member.browser.get('/institution/instruments'))).status).toBe(403)
    expect((await call(newLoader, member.browser.get('/institution/instruments/new'))).status).toBe(403)
    expect(
      (await call(editLoader, member.browser.get(`/institution/instruments/${instrument.id}`), params)).status,
    ).toBe(403)
    expect(
      (await call(newAction, member.browser.post('/institution/instruments/new', { ...baseFields, assetNo: 'M-1' })))
        .status,
    ).toBe(403)
    const visitor = await Browser.open()
    const response = await call(listLoader, visitor.get('/institution/instruments'))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
  })

  it('refuses a form without the CSRF token', async () => {
    const response = await call(
      newAction,
      staffA.browser.post('/institution/instruments/new', { ...baseFields, assetNo: 'CSRF-1' }, { csrf: false }),
    )
    expect(response.status).toBe(403)
  })
})

describe('photos', () => {
  it('accepts a real image, stores it under a server-side name outside the web root, and serves it back', async () => {
    const { instrument } = await createInstrument({ institutionId: institutionA })
    const params = { id: instrument.id }
    const p = `/institution/instruments/${instrument.id}/photos`
    // Named like a script: the name is never used.
    const response = await call(
      photosAction,
      multipart(staffA.browser, p, {
        intent: 'upload',
        photo: new File([PNG], '../../evil.php', { type: 'text/html' }),
      }),
      params,
    )
    expect(location(response)).toBe(`${p}?done=photoAdded`)
    const photo = await getDb().instrumentPhoto.findFirstOrThrow({ where: { instrumentId: instrument.id } })
    expect(photo.fileName).toMatch(/^[0-9a-f-]{36}\.png$/)
    expect(photo).toMatchObject({ contentType: 'image/png', byteSize: PNG.byteLength, width: 1, height: 1 })
    expect(photoDir().startsWith(path.resolve(uploadRoot))).toBe(true)
    expect(existsSync(path.join(photoDir(), photo.fileName))).toBe(true)
    expect(await getDb().auditLog.count({ where: { entityId: photo.id, action: 'instrument.photo_add' } })).toBe(1)

    // Served to anyone (the instrument is public), with its type and nosniff.
    const served = await call(photoFile, new Request(`${BASE}/media/instrument-photos/${photo.fileName}`), {
      file: photo.fileName,
    })
    expect(served.status).toBe(200)
    expect(served.headers.get('Content-Type')).toBe('image/png')
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(served.headers.get('Cache-Control')).toContain('max-age=')
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)
    // Unknown names are not served, even if such a file existed.
    const unknown = await call(photoFile, new Request(`${BASE}/media/instrument-photos/x`), {
      file: '0b6f2a52-7d0e-4c36-9a35-3f4f8d1e2c10.png',
    })
    expect(unknown.status).toBe(404)

    // Deleting removes the row and the file.
    const deleted = await call(
      photosAction,
      multipart(staffA.browser, p, { intent: 'delete', photoId: photo.id }),
      params,
    )
    expect(location(deleted)).toBe(`${p}?done=photoRemoved`)
    expect(await getDb().instrumentPhoto.count({ where: { instrumentId: instrument.id } })).toBe(0)
    expect(existsSync(path.join(photoDir(), photo.fileName))).toBe(false)
  })

  it('refuses a PDF named .jpg, an oversized file and an empty submit, storing nothing', async () => {
    const { instrument } = await createInstrument({ institutionId: institutionA })
    const params = { id: instrument.id }
    const p = `/institution/instruments/${instrument.id}/photos`
    const pdf = new File([Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')], 'photo.jpg', { type: 'image/jpeg' })
    const asPdf = await call(photosAction, multipart(staffA.browser, p, { intent: 'upload', photo: pdf }), params)
    expect(asPdf.status).toBe(400)
    expect(await body(asPdf)).toEqual({ problem: 'not-an-image' })

    const big = new Uint8Array(MAX_PHOTO_BYTES + 1)
    big.set(PNG.subarray(0, 16))
    const tooBig = await call(
      photosAction,
      multipart(staffA.browser, p, { intent: 'upload', photo: new File([big], 'big.png') }),
      params,
    )
    expect(tooBig.status).toBe(400)
    expect(await body(tooBig)).toEqual({ problem: 'too-large' })

    const none = await call(
      photosAction,
      multipart(staffA.browser, p, { intent: 'upload', photo: new File([], '') }),
      params,
    )
    expect(none.status).toBe(400)
    expect(await getDb().instrumentPhoto.count({ where: { instrumentId: instrument.id } })).toBe(0)
  })

  it("hides photos of an instrument not in the catalogue from everyone but its institution's staff", async () => {
    const { instrument } = await createInstrument({ institutionId: institutionA, sharingStatus: 'internal_only' })
    const p = `/institution/instruments/${instrument.id}/photos`
    const response = await call(
      photosAction,
      multipart(staffA.browser, p, { intent: 'upload', photo: new File([PNG], 'a.png') }),
      {
        id: instrument.id,
      },
    )
    expect(response.status).toBe(302)
    const photo = await getDb().instrumentPhoto.findFirstOrThrow({ where: { instrumentId: instrument.id } })
    const get = (b: Browser | null) =>
      call(
        photoFile,
        b
          ? b.get(`/media/instrument-photos/${photo.fileName}`)
          : new Request(`${BASE}/media/instrument-photos/${photo.fileName}`),
        { file: photo.fileName },
      )
    expect((await get(null)).status).toBe(404)
    expect((await get(staffB.browser)).status).toBe(404)
    const own = await get(staffA.browser)
    expect(own.status).toBe(200)
    expect(own.headers.get('Cache-Control')).toContain('private')
  })
})

describe('audit', () => {
  it("every change above sits in the institution's intact hash chain", async () => {
    const result = await verifyAuditChains(getDb())
    expect(result.ok, describeVerification(result)).toBe(true)
    const actions = await getDb().auditLog.findMany({
      where: { stream: `institution:${institutionA}` },
      select: { action: true },
      distinct: ['action'],
    })
    expect(actions.map((a) => a.action).sort()).toEqual(
      expect.arrayContaining([
        'instrument.create',
        'instrument.update',
        'instrument.retire',
        'instrument.open_hours',
        'instrument.exception_add',
        'instrument.exception_remove',
        'service_item.create',
        'service_item.update_fee',
        'service_item.deactivate',
        'instrument.photo_add',
        'instrument.photo_remove',
      ]),
    )
  })
})
