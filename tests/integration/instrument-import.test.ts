import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { institutionTemplateRows } from '~/features/instruments/export.server'
import { checkUpload, loadCategories } from '~/features/instruments/import/import.server'
import { buildTemplateCsv, buildTemplateXlsx } from '~/features/instruments/import/template-file.server'
import { COLUMNS, type ColumnKey } from '~/features/instruments/import/template'
import { getDb } from '~/infra/db.server'
import { closeRateLimitStore } from '~/infra/rate-limit.server'
import { closeRedis } from '~/infra/redis.server'
import { loader as ownExport } from '~/routes/institution+/instruments+/export[.xlsx]'
import { action as importAction, loader as importPage } from '~/routes/institution+/instruments+/import'
import { loader as templateXlsx } from '~/routes/institution+/instruments+/template[.xlsx]'
import { loader as templateCsv } from '~/routes/institution+/instruments+/template[.csv]'
import { loader as catalogueExport } from '~/routes/instruments+/export[.xlsx]'
import { action as login } from '~/routes/login'
import { createEnterprise, createInstitution, createInstrument } from '../support/factories'
import { BASE, Browser, createLogin, run, submit } from './auth-support'

afterAll(async () => {
  await closeRateLimitStore()
  await closeRedis()
})

let ip = 0
async function signIn(credentials: { email: string; password: string }): Promise<Browser> {
  const browser = await Browser.open()
  const response = await submit(browser, login, '/login', credentials, { clientIp: `198.51.100.${++ip}` })
  expect(response.status).toBe(302)
  return browser
}

type Cells = Partial<Record<ColumnKey, string | number | Date | null>>

/** A filled-in template, built the way a person would: our XLSX template, rows typed from row 3. */
async function xlsxFile(rows: Cells[]): Promise<Uint8Array> {
  const template = await buildTemplateXlsx(await loadCategories(getDb()))
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(template as unknown as ArrayBuffer)
  const sheet = workbook.getWorksheet('仪器清单')!
  rows.forEach((cells, n) => {
    const row = sheet.getRow(3 + n)
    COLUMNS.forEach((c, i) => {
      const v = cells[c.key]
      if (v !== undefined && v !== null) row.getCell(i + 1).value = v
    })
    row.commit()
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

function csvFile(rows: Cells[]): Uint8Array {
  const header = buildTemplateCsv()
  const lines = rows.map((cells) =>
    COLUMNS.map((c) => {
      const v = cells[c.key]
      if (v === undefined || v === null) return ''
      const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v)
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    }).join(','),
  )
  return new TextEncoder().encode(`${header}${lines.join('\r\n')}\r\n`)
}

function upload(browser: Browser, fields: Record<string, string | { bytes: Uint8Array; name: string }>): Request {
  const form = new FormData()
  form.set('csrf', browser.csrfToken)
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') form.set(k, v)
    else form.set(k, new Blob([v.bytes as BlobPart]), v.name)
  }
  return new Request(`${BASE}/institution/instruments/import`, {
    method: 'POST',
    body: form,
    headers: { Cookie: browser.cookieHeader(), 'User-Agent': 'vitest' },
  })
}

type Problem = { row: number; column: ColumnKey; code: string; value: string; params?: Record<string, string> }
type ActionBody = {
  status: string
  problems?: Problem[]
  problemCount?: number
  validRows?: number
  totalRows?: number
  stagingId?: string | null
  summary?: {
    created: number
    updated: number
    unchanged: number
    skipped: { row: number; assetNo: string; codes: string[] }[]
  }
  ms?: number
  problem?: string
  reason?: string
}

async function post(browser: Browser, fields: Parameters<typeof upload>[1]) {
  const response = await run(importAction as (a: ActionFunctionArgs) => Promise<Response>, upload(browser, fields))
  return { status: response.status, body: (await response.json()) as ActionBody }
}

async function get(loader: (a: LoaderFunctionArgs) => Promise<Response>, browser: Browser | null, path: string) {
  const request = browser ? browser.get(path) : new Request(`${BASE}${path}`)
  return run(loader, request)
}

const base: Cells = {
  name: '气相色谱仪',
  originalValue: 380000,
  category: '0105',
  serviceName: '样品检测',
  unit: '小时',
  fee: 200,
}

// The template with errors the issue names: wrong category, negative fee, full-width digits,
// dates as Excel serial numbers, duplicate asset numbers (rows 3… as the spreadsheet numbers them).
const withErrors: Cells[] = [
  { ...base, assetNo: 'E-001', originalValue: '１，２８０，０００', fee: '２００', inUseSince: 44927 }, // row 3: valid
  { ...base, assetNo: 'E-002', category: '9999' }, // row 4: unknown category
  { ...base, assetNo: 'E-003', fee: -200 }, // row 5: negative fee
  { ...base, assetNo: 'E-DUP' }, // row 6: duplicate of row 8
  { ...base, assetNo: 'E-004', name: '液相色谱仪', category: '色谱仪', inUseSince: 43831, minQuantity: '２' }, // row 7: valid
  { ...base, assetNo: 'Ｅ－ＤＵＰ' }, // row 8: duplicate (full-width) of row 6
  { ...base, assetNo: 'E-005', inUseSince: 99999 }, // row 9: serial date in 2173
  { ...base, assetNo: 'E-006', fee: '２０Ｏ' }, // row 10: a letter O among full-width digits
  { ...base, assetNo: 'E-007', name: '', category: '01' }, // row 11: missing name, top-level category
]
const expectedProblems = [
  [4, 'category', 'categoryUnknown'],
  [5, 'fee', 'moneyNegative'],
  [6, 'assetNo', 'duplicateAssetNo'],
  [8, 'assetNo', 'duplicateAssetNo'],
  [9, 'inUseSince', 'dateOutOfRange'],
  [10, 'fee', 'moneyInvalid'],
  [11, 'name', 'required'],
  [11, 'category', 'categoryTopLevel'],
]

let staff: Browser
let other: Browser
let institutionId: string

async function instrumentsOf(id: string) {
  return getDb().instrument.findMany({
    where: { institutionId: id },
    include: { serviceItems: true },
    orderBy: { assetNo: 'asc' },
  })
}

beforeAll(async () => {
  institutionId = (await createInstitution()).id
  staff = await signIn(await createLogin('institution_staff', { institutionId }))
  const otherInstitution = await createInstitution()
  other = await signIn(await createLogin('institution_staff', { institutionId: otherInstitution.id }))
})

describe('instrument import: a file with errors', () => {
  for (const kind of ['xlsx', 'csv'] as const) {
    it(`${kind}: reports every problem by row and column and writes nothing`, async () => {
      const bytes = kind === 'xlsx' ? await xlsxFile(withErrors) : csvFile(withErrors)
      const { status, body } = await post(staff, { intent: 'check', file: { bytes, name: `list.${kind}` } })
      expect(status).toBe(422)
      expect(body.status).toBe('invalid')
      expect(body.problems!.map((p) => [p.row, p.column, p.code])).toEqual(expectedProblems)
      expect(body.problems!.find((p) => p.row === 6)!.params).toEqual({ rows: '8' })
      expect(body.problems!.find((p) => p.row === 8)!.params).toEqual({ rows: '6' })
      expect(body.problems!.find((p) => p.row === 4)!.value).toBe('9999')
      expect(body).toMatchObject({ totalRows: 9, validRows: 2, problemCount: 8 })
      expect(body.stagingId).toMatch(/^[0-9a-f]{32}$/)
      expect(await instrumentsOf(institutionId)).toEqual([])
    })
  }

  it('the problems read in the user language with the column and how to fix it', async () => {
    // The page renders t(`errors.${code}`); the keys exist for every code in both languages.
    const { importZhCN, importEn } = await import('~/i18n/ns/import')
    for (const [, , code] of expectedProblems) {
      expect(importZhCN.errors[code as keyof typeof importZhCN.errors]).toBeTruthy()
      expect(importEn.errors[code as keyof typeof importEn.errors]).toBeTruthy()
    }
  })

  it('imports exactly the valid rows when the user asks for it, and only with their own staged file', async () => {
    const bytes = await xlsxFile(withErrors)
    const checked = await post(staff, { intent: 'check', file: { bytes, name: 'list.xlsx' } })
    const stagingId = checked.body.stagingId!

    // Another institution's staff cannot use (or even probe) this staged file.
    const stolen = await post(other, { intent: 'import-valid', stagingId })
    expect(stolen.status).toBe(410)
    expect(stolen.body.problem).toBe('staleStaging')

    const { status, body } = await post(staff, { intent: 'import-valid', stagingId })
    expect(status).toBe(200)
    expect(body.summary).toMatchObject({ created: 2, updated: 0, unchanged: 0 })
    expect(body.summary!.skipped.map((s) => [s.row, s.codes])).toEqual([
      [4, ['categoryUnknown']],
      [5, ['moneyNegative']],
      [6, ['duplicateAssetNo']],
      [8, ['duplicateAssetNo']],
      [9, ['dateOutOfRange']],
      [10, ['moneyInvalid']],
      [11, ['required', 'categoryTopLevel']],
    ])
    const stored = await instrumentsOf(institutionId)
    expect(stored.map((i) => i.assetNo)).toEqual(['E-001', 'E-004'])
    // Full-width digits and Excel serial dates were read, not refused.
    expect(stored[0]).toMatchObject({ originalValueFen: 128_000_000n, inUseSince: new Date('2023-01-01T00:00:00Z') })
    expect(stored[0]!.serviceItems).toMatchObject([{ name: '样品检测', unit: 'hour', feeFen: 20_000, minQuantity: 1 }])
    expect(stored[1]).toMatchObject({
      name: '液相色谱仪',
      categoryCode: '0105',
      inUseSince: new Date('2020-01-01T00:00:00Z'),
    })
    expect(stored[1]!.serviceItems[0]!.minQuantity).toBe(2)

    // The staged file is gone after use.
    const again = await post(staff, { intent: 'import-valid', stagingId })
    expect(again.body.problem).toBe('staleStaging')

    const audits = await getDb().$queryRaw<{ action: string; n: number }[]>`
      SELECT action, count(*)::int AS n FROM audit_log
       WHERE org_id = ${institutionId} AND action LIKE 'instrument.import%' GROUP BY action ORDER BY action`
    expect(audits).toEqual([{ action: 'instrument.import', n: 1 }])
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { orgId: institutionId, action: 'instrument.import' },
    })
    expect(audit.after).toMatchObject({
      mode: 'valid-only',
      rows: 9,
      created: 2,
      skipped: expect.arrayContaining([{ row: 4, assetNo: 'E-002', codes: ['categoryUnknown'] }]),
      changes: [
        {
          op: 'create',
          row: 3,
          assetNo: 'E-001',
          instrumentId: stored[0]!.id,
          after: { originalValueFen: '128000000' },
        },
        { op: 'create', row: 7, assetNo: 'E-004', instrumentId: stored[1]!.id },
      ],
    })
  })
})

describe('instrument import: a valid file', () => {
  let id: string
  let browser: Browser
  const rows = (n: number, change = false): Cells[] =>
    Array.from({ length: n }, (_, i) => ({
      ...base,
      assetNo: `V-${String(i + 1).padStart(4, '0')}`,
      name: change && i % 2 === 0 ? `扫描电子显微镜${i}（已更新）` : `扫描电子显微镜${i}`,
      nameEn: 'Scanning electron microscope',
      model: 'SU8010',
      manufacturer: '日立',
      country: '日本',
      originalValue: 2_350_000.5,
      inUseSince: new Date(Date.UTC(2019, 5, 1)),
      category: '0101',
      lab: '分析测试中心',
      address: '通川区塔石路519号',
      specifications: '分辨率 1.0 nm（15 kV）',
      contactName: '王老师',
      contactPhone: '0818-2790000',
      sharingStatus: i === 0 ? '仅内部使用' : '开放共享',
      bookingMode: '机组操作',
      serviceName: '形貌观察',
      unit: '小时',
      fee: change ? 450 : 400,
      minQuantity: 1,
    }))

  beforeAll(async () => {
    id = (await createInstitution()).id
    browser = await signIn(await createLogin('institution_staff', { institutionId: id }))
  })

  it('imports every row in one go, and re-importing the same file changes nothing', async () => {
    const file = { bytes: await xlsxFile(rows(20)), name: 'ok.xlsx' }
    const first = await post(browser, { intent: 'check', file })
    expect(first.status).toBe(200)
    expect(first.body.summary).toMatchObject({ created: 20, updated: 0, unchanged: 0, skipped: [] })
    const again = await post(browser, { intent: 'check', file })
    expect(again.body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 20 })
    const stored = await instrumentsOf(id)
    expect(stored).toHaveLength(20)
    expect(stored[0]).toMatchObject({ sharingStatus: 'internal_only', originalValueFen: 235_000_050n })
    expect(stored.every((i) => i.serviceItems.length === 1)).toBe(true)
  })

  it('re-importing an edited file updates in place (counts unchanged, fields changed)', async () => {
    const { body } = await post(browser, { intent: 'check', file: { bytes: csvFile(rows(20, true)), name: 'ok.csv' } })
    expect(body.summary).toMatchObject({ created: 0, updated: 20, unchanged: 0 })
    const stored = await instrumentsOf(id)
    expect(stored).toHaveLength(20)
    expect(stored[0]!.name).toBe('扫描电子显微镜0（已更新）')
    expect(stored[1]!.name).toBe('扫描电子显微镜1')
    expect(stored.every((i) => i.serviceItems.length === 1 && i.serviceItems[0]!.feeFen === 45_000)).toBe(true)
    const audit = await getDb().auditLog.findFirstOrThrow({
      where: { orgId: id, action: 'instrument.import' },
      orderBy: { id: 'desc' },
    })
    const changes = (audit.after as { changes: { instrumentId: string; before: unknown; after: unknown }[] }).changes
    expect(changes).toHaveLength(20)
    expect(changes.find((c) => c.instrumentId === stored[0]!.id)).toMatchObject({
      op: 'update',
      before: { name: '扫描电子显微镜0', serviceItem: { feeFen: 40_000 } },
      after: { name: '扫描电子显微镜0（已更新）', serviceItem: { feeFen: 45_000 } },
    })
    // Only the changed fields are recorded.
    expect(Object.keys(changes.find((c) => c.instrumentId === stored[1]!.id)!.after as object)).toEqual(['serviceItem'])
  })

  it('export of the own list round-trips: parsed back it equals the stored data, and re-importing changes nothing', async () => {
    await createInstrument({ institutionId: id, assetNo: 'X-0001', sharingStatus: 'retired', inUseSince: null })
    const response = await get(ownExport, browser, '/institution/instruments/export.xlsx')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toMatch(/filename\*=UTF-8''%E6%9C%AC%E5%8D%95%E4%BD%8D/)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const parsed = await checkUpload(getDb(), bytes, new Date())
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.problems).toEqual([])
    const stored = await institutionTemplateRows(getDb(), id)
    expect(stored).toHaveLength(21)
    expect(parsed.rows).toEqual(stored)
    const { body } = await post(browser, { intent: 'check', file: { bytes, name: 'export.xlsx' } })
    expect(body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 21 })
  })

  it('imports 500 rows well within a few seconds', async () => {
    const file = { bytes: await xlsxFile(rows(500).map((r, i) => ({ ...r, assetNo: `B-${i}` }))), name: 'big.xlsx' }
    const started = performance.now()
    const { body } = await post(browser, { intent: 'check', file })
    const ms = performance.now() - started
    expect(body.summary).toMatchObject({ created: 500 })
    const startedAgain = performance.now()
    const again = await post(browser, {
      intent: 'check',
      file: { bytes: csvFile(rows(500, true).map((r, i) => ({ ...r, assetNo: `B-${i}` }))), name: 'big.csv' },
    })
    const msUpdate = performance.now() - startedAgain
    expect(again.body.summary).toMatchObject({ updated: 500 })
    console.info(`import 500 rows: create ${Math.round(ms)} ms, update ${Math.round(msUpdate)} ms`)
    // Measured on an idle 2-core box: well under 2 s each; the bound leaves room for a loaded CI
    // machine (most of a create is the catalogue's per-row search-index trigger).
    expect(ms).toBeLessThan(15_000)
    expect(msUpdate).toBeLessThan(15_000)
  })
})

describe('instrument import: files and access', () => {
  it('refuses files by content, not by name', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0])
    const r1 = await post(staff, { intent: 'check', file: { bytes: png, name: 'list.xlsx' } })
    expect(r1.body).toMatchObject({ status: 'file-error', problem: 'unknownType' })
    const noHeader = new TextEncoder().encode('a,b,c\n1,2,3\n')
    const r2 = await post(staff, { intent: 'check', file: { bytes: noHeader, name: 'list.csv' } })
    expect(r2.body).toMatchObject({ status: 'file-error', problem: 'noHeader' })
    const big = new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41)
    const r3 = await post(staff, { intent: 'check', file: { bytes: big, name: 'big.csv' } })
    expect(r3.status).toBe(413)
  })

  it('needs the CSRF token', async () => {
    const form = new FormData()
    form.set('intent', 'check')
    const response = await run(
      importAction as (a: ActionFunctionArgs) => Promise<Response>,
      new Request(`${BASE}/institution/instruments/import`, {
        method: 'POST',
        body: form,
        headers: { Cookie: staff.cookieHeader() },
      }),
    )
    expect(response.status).toBe(403)
  })

  it('is for institution staff only; a pending institution cannot import', async () => {
    const enterprise = await createEnterprise()
    const member = await signIn(await createLogin('enterprise_member', { enterpriseId: enterprise.id }))
    expect((await get(importPage, member, '/institution/instruments/import')).status).toBe(403)
    expect((await get(templateXlsx, null, '/institution/instruments/template.xlsx')).status).toBe(302)

    const pending = await createInstitution({ status: 'pending' })
    const pendingStaff = await signIn(await createLogin('institution_staff', { institutionId: pending.id }))
    const page = await get(importPage, pendingStaff, '/institution/instruments/import')
    expect(await page.json()).toMatchObject({ admitted: false })
    const { body } = await post(pendingStaff, {
      intent: 'check',
      file: { bytes: await xlsxFile([{ ...base, assetNo: 'P-1' }]), name: 'p.xlsx' },
    })
    expect(body).toMatchObject({ status: 'refused', reason: 'institution-not-admitted' })
    expect(await instrumentsOf(pending.id)).toEqual([])
  })

  it('serves the templates: Chinese headers, English line, BOM in the CSV', async () => {
    const csv = await get(templateCsv, staff, '/institution/instruments/template.csv')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes)).toContain('资产编号,仪器名称,英文名称')
    const xlsx = await get(templateXlsx, staff, '/institution/instruments/template.xlsx')
    expect(xlsx.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="instrument-import-template-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/,
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsx.arrayBuffer())
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['仪器清单', '填写说明', '类别代码'])
    const sheet = workbook.getWorksheet('仪器清单')!
    expect(sheet.getRow(1).getCell(1).value).toBe('资产编号')
    expect(sheet.getRow(2).getCell(1).value).toBe('Asset number (required, unique)')
    expect(workbook.getWorksheet('类别代码')!.getRow(2).getCell(1).value).toBe('0101')
  })
})

describe('catalogue export', () => {
  it('exports the filtered public catalogue with Chinese headers and fees as numbers', async () => {
    const inst = await createInstitution({ name: '达州导出测试中心' })
    await createInstrument({
      institutionId: inst.id,
      name: '导出测试色谱仪',
      serviceItem: { name: '导出检测', feeFen: 12_345 },
    })
    await createInstrument({ institutionId: inst.id, name: '导出测试内部仪器', sharingStatus: 'internal_only' })
    const response = await get(catalogueExport, null, `/instruments/export.xlsx?q=${encodeURIComponent('导出测试')}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('spreadsheetml')
    expect(response.headers.get('Content-Disposition')).toMatch(
      /filename\*=UTF-8''%E4%BB%AA%E5%99%A8%E7%9B%AE%E5%BD%95-\d{4}-\d{2}-\d{2}\.xlsx$/,
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.worksheets[0]!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(headers.slice(0, 3)).toEqual(['仪器名称', '英文名称', '型号'])
    expect(sheet.rowCount).toBe(2)
    const row = sheet.getRow(2)
    expect(row.getCell(1).value).toBe('导出测试色谱仪')
    const fee = row.getCell(headers.indexOf('收费标准（元）') + 1)
    expect(fee.value).toBe(123.45)
    expect(fee.numFmt).toBe('#,##0.00')
    expect(row.getCell(headers.indexOf('原值（元）') + 1).value).toBe(1_200_000)
  })
})
