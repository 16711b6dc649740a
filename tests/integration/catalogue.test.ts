import { beforeAll, describe, expect, it } from 'vitest'
import type { CatalogueFacets, CatalogueItem, InstrumentDetail } from '~/features/instruments/queries.server'
import { indexTokens } from '~/features/instruments/search/tokens'
import { getDb } from '~/infra/db.server'
import { loader as detailLoader } from '~/routes/instruments+/$id'
import { loader as listLoader } from '~/routes/instruments+/_index'
import { createEnterprise, createInstrument } from '../support/factories'
import { seedInstitutions, seedInstruments } from '../../seeds/demo/seed-organisations'

// The public catalogue, through its route loaders, against the demo instruments.

type ListData = { results: { items: CatalogueItem[]; total: number }; pages: number; facets: CatalogueFacets }

async function list(search: string): Promise<ListData> {
  const response = await listLoader({ request: new Request(`http://x/instruments${search}`), params: {}, context: {} })
  expect(response.status).toBe(200)
  return (await response.json()) as ListData
}

async function listAll(search = ''): Promise<CatalogueItem[]> {
  const first = await list(search)
  const items = [...first.results.items]
  for (let page = 2; page <= first.pages; page++) {
    items.push(...(await list(`${search}${search ? '&' : '?'}page=${page}`)).results.items)
  }
  return items
}

async function detail(id: string): Promise<Response> {
  try {
    return await detailLoader({ request: new Request(`http://x/instruments/${id}`), params: { id }, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

let publicIds: Set<string>
let hidden: { id: string; why: string }[]

beforeAll(async () => {
  const db = getDb()
  await seedInstruments(db, await seedInstitutions(db))
  const all = await db.instrument.findMany({ include: { institution: true } })
  publicIds = new Set(
    all
      .filter(
        (i) => i.institution.status === 'verified' && (i.sharingStatus === 'open' || i.sharingStatus === 'maintenance'),
      )
      .map((i) => i.id),
  )
  hidden = all
    .filter((i) => !publicIds.has(i.id))
    .map((i) => ({
      id: i.id,
      why: i.institution.status !== 'verified' ? `institution ${i.institution.status}` : i.sharingStatus,
    }))
})

describe('/instruments', () => {
  it('finds chromatographs with a two-character query (色谱)', async () => {
    const data = await list(`?q=${encodeURIComponent('色谱')}`)
    expect(data.results.total).toBeGreaterThan(5)
    const items = await listAll(`?q=${encodeURIComponent('色谱')}`)
    expect(items).toHaveLength(data.results.total)
    const names = new Set(items.map((i) => i.name))
    expect(names).toContain('气相色谱仪')
    expect(names).toContain('高效液相色谱仪')
    // A name hit ranks first.
    expect(items[0]!.name).toContain('色谱')
    // Every chromatograph (category 0105) that is public is found.
    const chromatographs = await getDb().instrument.findMany({
      where: { categoryCode: '0105', id: { in: [...publicIds] } },
    })
    expect(chromatographs.length).toBeGreaterThan(0)
    for (const c of chromatographs) expect(items.map((i) => i.id)).toContain(c.id)
  })

  it('matches model, maker and English name, every term required', async () => {
    const sem = await listAll('?q=SEM')
    expect(sem.map((i) => i.name)).toContain('扫描电子显微镜')
    const agilent = await listAll(`?q=${encodeURIComponent('色谱 Agilent')}`)
    expect(agilent.length).toBeGreaterThan(0)
    for (const i of agilent) expect(i.manufacturer).toMatch(/Agilent/)
    expect((await list(`?q=${encodeURIComponent('不存在的仪器名称')}`)).results.total).toBe(0)
  })

  it('filters by top-level and second-level category', async () => {
    const analytical = await listAll('?category=01')
    expect(analytical.length).toBeGreaterThan(0)
    for (const i of analytical) expect(i.categoryCode.startsWith('01')).toBe(true)
    const medical = await listAll('?category=13')
    expect(medical.length).toBeGreaterThan(0)
    for (const i of medical) expect(i.categoryCode.startsWith('13')).toBe(true)
    const chroma = await listAll('?category=0105')
    for (const i of chroma) expect(i.categoryCode).toBe('0105')
    const all = await list('')
    expect(analytical.length + medical.length).toBeLessThan(all.results.total)
  })

  it('filters by county, by the whole city and by institution', async () => {
    const tongchuan = await listAll('?region=511702')
    expect(tongchuan.length).toBeGreaterThan(0)
    for (const i of tongchuan) expect(i.regionName).toBe('通川区')
    const dazhou = await listAll('?region=511700')
    const wanzhou = await listAll('?region=500101')
    expect(wanzhou.length).toBeGreaterThan(0)
    expect(dazhou.length + wanzhou.length).toBe(publicIds.size)
    const { facets } = await list('')
    const sasu = facets.institutions.find((f) => f.name === '四川文理学院')!
    const own = await listAll(`?institution=${sasu.id}`)
    expect(own).toHaveLength(sasu.count)
    for (const i of own) expect(i.institutionName).toBe('四川文理学院')
  })

  it('pages by 20 and redirects past the last page', async () => {
    const first = await list('')
    expect(first.results.total).toBe(publicIds.size)
    expect(first.results.items).toHaveLength(20)
    expect(first.pages).toBe(Math.ceil(publicIds.size / 20))
    const all = await listAll('')
    expect(new Set(all.map((i) => i.id)).size).toBe(publicIds.size)
    const last = await list(`?page=${first.pages}`)
    expect(last.results.items).toHaveLength(publicIds.size - 20 * (first.pages - 1))
    const beyond = await listLoader({
      request: new Request('http://x/instruments?q=%E8%89%B2%E8%B0%B1&page=99'),
      params: {},
      context: {},
    }).catch((r: unknown) => r)
    expect(beyond).toBeInstanceOf(Response)
    expect((beyond as Response).status).toBe(302)
    expect((beyond as Response).headers.get('Location')).toMatch(/^\/instruments\?q=%E8%89%B2%E8%B0%B1(&page=\d+)?$/)
  })

  it('never lists internal-only, retired or unadmitted institutions’ instruments', async () => {
    expect(hidden.map((h) => h.why)).toEqual(
      expect.arrayContaining(['internal_only', 'retired', 'institution pending']),
    )
    const listed = new Set((await listAll('')).map((i) => i.id))
    for (const h of hidden) expect(listed.has(h.id), h.why).toBe(false)
    // The pending institution's gas chromatograph does not leak through the text search either.
    const found = new Set((await listAll(`?q=${encodeURIComponent('色谱')}`)).map((i) => i.id))
    for (const h of hidden) expect(found.has(h.id), h.why).toBe(false)
    const { facets } = await list('')
    expect(facets.institutions.map((f) => f.name)).not.toContain('渠县农产品检验检测中心')
  })

  it('shows the cheapest active fee of each instrument', async () => {
    const [item] = (await list('?q=SEM')).results.items
    const items = await getDb().serviceItem.findMany({
      where: { instrumentId: item!.id, isActive: true },
      orderBy: { feeFen: 'asc' },
    })
    expect(item!.minFeeFen).toBe(items[0]!.feeFen)
    expect(item!.minFeeUnit).toBe(items[0]!.unit)
  })
})

describe('bigram search', () => {
  it('the SQL tokenizer gives exactly the tokens of the TypeScript one', async () => {
    const inputs = [
      '气相色谱仪',
      '气相色谱-质谱联用仪 GCMS-QP2020 NX',
      'Agilent 安捷伦 8890-5977B',
      'ＧＣ－２０３０（全角）',
      'X射线衍射仪 XRD',
      '场发射扫描电子显微镜（SEM），分辨率 1.0 nm @ 15 kV',
      "'; DROP TABLE instrument; -- 注入",
      'Café ÉCOLE Ω 㐀 豈 丽',
      '',
      '单',
    ]
    for (const input of inputs) {
      const [row] = await getDb().$queryRaw<{ tokens: string[] }[]>`SELECT search_index_tokens(${input}) AS tokens`
      expect(row!.tokens, input).toEqual(indexTokens(input))
    }
  })

  it('finds mass spectrometers with 质谱, and 色谱 and 质谱 together narrows to GC-MS / LC-MS', async () => {
    const ms = await listAll(`?q=${encodeURIComponent('质谱')}`)
    expect(ms.length).toBeGreaterThan(3)
    expect(ms.map((i) => i.name)).toEqual(expect.arrayContaining([expect.stringContaining('质谱')]))
    expect(ms[0]!.name).toContain('质谱')
    const both = await listAll(`?q=${encodeURIComponent('色谱 质谱')}`)
    expect(both.length).toBeGreaterThan(0)
    expect(both.length).toBeLessThan(ms.length)
  })

  it('finds a model number, whole or by its number alone, and full-width input', async () => {
    const gc = await listAll('?q=GC-2030')
    expect(gc.length).toBeGreaterThan(0)
    for (const i of gc) expect(i.model).toMatch(/GC-2030/i)
    const n8890 = await listAll('?q=8890')
    expect(n8890.length).toBeGreaterThan(0)
    for (const i of n8890) expect(i.model).toMatch(/8890/)
    // The letters-and-digits part alone finds a model, and so does its number.
    const { instrument } = await createInstrument({ model: 'GCMS-QP2020 NX' })
    for (const q of ['QP2020', 'qp20', 'gcms-qp2020', '2020']) {
      expect(
        (await listAll(`?q=${encodeURIComponent(q)}`)).map((i) => i.id),
        q,
      ).toContain(instrument.id)
    }
    expect(await listAll(`?q=${encodeURIComponent('ＧＣ－２０３０')}`)).toHaveLength(gc.length)
  })

  it('a query matching nothing, or only punctuation, gives the empty state', async () => {
    expect((await list(`?q=${encodeURIComponent('量子纠缠测量仪')}`)).results.total).toBe(0)
    expect((await list(`?q=${encodeURIComponent('？？！')}`)).results.total).toBe(0)
    expect((await list(`?q=${encodeURIComponent("zzqx' | !: & (*")}`)).results.total).toBe(0)
  })

  it('serves the text match from the GIN index', async () => {
    const plan = await getDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off')
      return tx.$queryRaw<{ 'QUERY PLAN': string }[]>`
        EXPLAIN SELECT id FROM instrument WHERE search_tsv @@ ${"'色谱'"}::tsquery`
    })
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Bitmap Index Scan on instrument_search_tsv_idx/)
  })

  it('keeps the search text in step when an instrument or its category changes', async () => {
    const db = getDb()
    const [one] = await db.$queryRaw<
      { id: string }[]
    >`SELECT id::text AS id FROM instrument WHERE category_code = '0105' LIMIT 1`
    await db.instrument.update({ where: { id: one!.id }, data: { uses: '用于测定磷虾油中的虾青素' } })
    const krill = await listAll(`?q=${encodeURIComponent('磷虾')}`)
    expect(krill.map((i) => i.id)).toContain(one!.id)
    const category = await db.instrumentCategory.findUniqueOrThrow({ where: { code: '0105' } })
    await db.instrumentCategory.update({ where: { code: '0105' }, data: { name: '层析色谱仪' } })
    try {
      expect((await listAll(`?q=${encodeURIComponent('层析')}`)).map((i) => i.id)).toContain(one!.id)
    } finally {
      await db.instrumentCategory.update({ where: { code: '0105' }, data: { name: category.name } })
    }
    expect((await listAll(`?q=${encodeURIComponent('层析')}`)).map((i) => i.id)).not.toContain(one!.id)
  })
})

describe('filters and facets', () => {
  it('counts each facet with the other filters applied, not its own', async () => {
    const all = await list('')
    const analytical = await list('?category=01')
    // The category facet keeps every category's full count while one is chosen…
    expect(analytical.facets.categories.find((c) => c.id === '13')!.count).toBe(
      all.facets.categories.find((c) => c.id === '13')!.count,
    )
    // …while the region and institution facets count analytical instruments only.
    const cityAll = all.facets.regions.find((r) => r.id === '511700')!.count
    const cityAnalytical = analytical.facets.regions.find((r) => r.id === '511700')!.count
    expect(cityAnalytical).toBeLessThan(cityAll)
    const byInstitution = analytical.facets.institutions.reduce((sum, f) => sum + f.count, 0)
    expect(byInstitution).toBe(analytical.results.total)
    // Second levels are listed under their top level and add up to it.
    const top = all.facets.categories.find((c) => c.id === '01')!
    const children = all.facets.categories.filter((c) => c.parentId === '01')
    expect(children.length).toBeGreaterThan(1)
    expect(children.reduce((sum, c) => sum + c.count, 0)).toBeLessThanOrEqual(top.count)
    const chroma = children.find((c) => c.id === '0105')!
    expect((await list('?category=0105')).results.total).toBe(chroma.count)
    // With a text query, facets count the matches.
    const search = await list(`?q=${encodeURIComponent('色谱')}`)
    expect(search.facets.institutions.reduce((sum, f) => sum + f.count, 0)).toBe(search.results.total)
  })

  it('filters by the cheapest active fee, in yuan', async () => {
    const cheap = await listAll('?fee_max=100')
    expect(cheap.length).toBeGreaterThan(0)
    for (const i of cheap) expect(i.minFeeFen!).toBeLessThanOrEqual(10_000)
    const band = await listAll('?fee_min=200&fee_max=500')
    expect(band.length).toBeGreaterThan(0)
    for (const i of band) {
      expect(i.minFeeFen!).toBeGreaterThanOrEqual(20_000)
      expect(i.minFeeFen!).toBeLessThanOrEqual(50_000)
    }
    const all = await list('')
    expect(band.length + cheap.length).toBeLessThan(all.results.total)
    const byFee = (await list('?sort=fee')).results.items.map((i) => i.minFeeFen ?? Infinity)
    expect(byFee).toEqual([...byFee].sort((a, b) => a - b))
  })

  it('filters by CMA / CNAS held by the institution or named by the instrument', async () => {
    const db = getDb()
    const cnas = await listAll('?acc=cnas')
    expect(cnas.length).toBeGreaterThan(0)
    const withCnas = new Set((await db.institution.findMany({ where: { cnasNo: { not: null } } })).map((i) => i.id))
    for (const i of cnas) {
      if (withCnas.has(i.institutionId)) continue
      const row = await db.instrument.findUniqueOrThrow({ where: { id: i.id } })
      expect(row.accreditation ?? '').toMatch(/CNAS|认可/)
    }
    const cma = await listAll('?acc=cma')
    expect(cma.length).toBeGreaterThan(0)
    expect(cma.length).toBeLessThan(publicIds.size)
    // An institution with neither never appears.
    const neither = await db.institution.findFirst({ where: { cmaNo: null, cnasNo: null, status: 'verified' } })
    if (neither) {
      const own = await db.instrument.findMany({ where: { institutionId: neither.id } })
      const cnasIds = new Set(cnas.map((i) => i.id))
      for (const i of own) if (!/CNAS|认可/.test(i.accreditation ?? '')) expect(cnasIds.has(i.id)).toBe(false)
    }
  })

  it('"available on date" keeps instruments open that weekday and drops full-day blackouts', async () => {
    const db = getDb()
    // A Wednesday far enough ahead for the default notice, inside the default 60-day horizon.
    const wednesday = new Date(Date.now() + 10 * 86_400_000)
    while (wednesday.getUTCDay() !== 3) wednesday.setUTCDate(wednesday.getUTCDate() + 1)
    const date = wednesday.toISOString().slice(0, 10)
    const open = await listAll(`?date=${date}`)
    expect(open.length).toBeGreaterThan(0)
    for (const i of open) expect(i.sharingStatus).toBe('open')
    const [victim] = open
    await db.blackout.create({
      data: {
        instrumentId: victim!.id,
        startsAt: new Date(`${date}T00:00:00+08:00`),
        endsAt: new Date(`${date}T23:59:00+08:00`),
        reason: '年度检定',
      },
    })
    expect((await listAll(`?date=${date}`)).map((i) => i.id)).not.toContain(victim!.id)

    // Exact, not only open hours: an instrument whose every open minute that day is booked (an
    // active booking row over the whole day) drops out; its facet counts follow.
    const [booked] = open.filter((i) => i.id !== victim!.id)
    const item = await db.serviceItem.findFirstOrThrow({ where: { instrumentId: booked!.id } })
    const enterprise = await createEnterprise()
    const from = new Date(`${date}T00:00:00+08:00`)
    const to = new Date(`${date}T23:59:00+08:00`)
    await db.$executeRaw`
      INSERT INTO booking (enterprise_id, instrument_id, service_item_id, status, during, starts_at, ends_at,
                           quantity, unit, unit_fee_fen, fee_fen, share_bp, voucher_share_fen, copay_fen, idempotency_key)
      VALUES (${enterprise.id}::uuid, ${booked!.id}::uuid, ${item.id}::uuid, 'approved',
              tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)'), ${from}, ${to},
              1, ${item.unit}::service_unit, ${item.feeFen}, ${item.feeFen}, 0, 0, ${item.feeFen}, 'catalogue-full-day')`
    const after = await list(`?date=${date}`)
    const afterIds = (await listAll(`?date=${date}`)).map((i) => i.id)
    expect(afterIds).not.toContain(booked!.id)
    expect(afterIds.length).toBe(open.length - 2)
    expect(after.results.total).toBe(open.length - 2)
    const institutionCount = after.facets.institutions.reduce((sum, i) => sum + i.count, 0)
    expect(institutionCount).toBe(open.length - 2)
    // Beyond every instrument's booking horizon nothing is available.
    expect((await list('?date=2099-01-07')).results.total).toBe(0)
  })
})

describe('/instruments/:id', () => {
  it('shows a public instrument with its fees, open hours and institution', async () => {
    const [item] = (await list(`?q=${encodeURIComponent('气相色谱仪')}`)).results.items
    const response = await detail(item!.id)
    expect(response.status).toBe(200)
    const { instrument } = (await response.json()) as { instrument: InstrumentDetail }
    expect(instrument.name).toBe(item!.name)
    expect(instrument.serviceItems.length).toBeGreaterThan(0)
    expect(instrument.openHours.length).toBeGreaterThan(0)
    expect(instrument.openHours[0]).toEqual({
      weekday: 1,
      ranges: expect.arrayContaining([expect.stringMatching(/^\d{2}:\d{2}–\d{2}:\d{2}$/)]),
    })
    expect(instrument.institution.name).toBe(item!.institutionName)
    expect(instrument.category.code).toBe(item!.categoryCode)
  })

  it('is 404 for unknown, malformed and non-public ids', async () => {
    expect((await detail('00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await detail('not-a-uuid')).status).toBe(404)
    expect((await detail("1' OR '1'='1")).status).toBe(404)
    for (const h of hidden) expect((await detail(h.id)).status, h.why).toBe(404)
  })
})
