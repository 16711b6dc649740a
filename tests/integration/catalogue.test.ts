import { beforeAll, describe, expect, it } from 'vitest'
import type { CatalogueFacets, CatalogueItem, InstrumentDetail } from '~/features/instruments/queries.server'
import { getDb } from '~/infra/db.server'
import { loader as detailLoader } from '~/routes/instruments+/$id'
import { loader as listLoader } from '~/routes/instruments+/_index'
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
