// Read side of the public catalogue: SQL only, no rules beyond "what is public" (catalogue.ts).
// Written as plain SQL so it can move to a read replica unchanged. The text match uses the CJK
// bigram tsvector (search/tokens.ts and its SQL mirror) through a GIN index.
import {
  Prisma,
  type BookingMode,
  type InstitutionType,
  type ServiceUnit,
  type SharingStatus,
} from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import { freeSlots, isoWeekday, shanghaiMidnight } from '~/features/availability/free-slots'
import { loadAvailabilityInputsMany } from '~/features/availability/queries.server'
import { groupOpenHours, PAGE_SIZE, PUBLIC_SHARING_STATUSES, type CatalogueQuery, type OpenDay } from './catalogue'
import { toTsqueryText } from './search/tokens'
import { isUuid } from '~/infra/uuid'

export type CatalogueItem = {
  id: string
  name: string
  nameEn: string | null
  model: string | null
  manufacturer: string | null
  sharingStatus: SharingStatus
  /** Fen as a decimal string (bigint does not survive JSON). */
  originalValueFen: string
  categoryCode: string
  categoryName: string
  categoryNameEn: string
  institutionId: string
  institutionName: string
  institutionNameEn: string | null
  regionName: string
  regionNameEn: string
  minFeeFen: number | null
  minFeeUnit: ServiceUnit | null
}

export type CatalogueResults = { items: CatalogueItem[]; total: number; pageSize: number }

// DOMAIN: public = institution admitted (verified) and the instrument shared (open / maintenance).
function publicFrom(joins: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
  FROM instrument i
  JOIN institution inst ON inst.id = i.institution_id
  JOIN instrument_category c ON c.code = i.category_code
  JOIN region r ON r.id = inst.region_id
  ${joins}
  WHERE inst.status = 'verified'
    AND i.sharing_status::text IN (${Prisma.join([...PUBLIC_SHARING_STATUSES])})`
}

// The cheapest active service item, shown as "from ¥…/unit".
const CHEAPEST_FEE = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT s.fee_fen, s.unit FROM service_item s
    WHERE s.instrument_id = i.id AND s.is_active
    ORDER BY s.fee_fen, s.name LIMIT 1
  ) fee ON true`

/**
 * The text condition: the CJK bigram tsvector (migration 20261128030000_catalogue_search, GIN
 * index) against the query's tokens AND-ed (search/tokens.ts). The tsquery text travels as a bound
 * parameter and is cast, not parsed again: tokens hold only Han characters, a–z and 0–9.
 * A query with nothing searchable in it (only punctuation) matches nothing.
 */
function textMatch(tsquery: string | null, q: string): Prisma.Sql {
  if (!q) return Prisma.empty
  if (tsquery === null) return Prisma.sql`AND false`
  return Prisma.sql`AND i.search_tsv @@ ${tsquery}::tsquery`
}

type FacetName = 'category' | 'region' | 'institution'

// The cheapest active fee, for the fee range (the same figure the list shows).
const CHEAPEST_FEE_VALUE = Prisma.sql`(SELECT min(s.fee_fen) FROM service_item s WHERE s.instrument_id = i.id AND s.is_active)`

function accreditationMatch(accreditation: CatalogueQuery['accreditation']): Prisma.Sql {
  // DOMAIN: accreditation held by the institution (CMA / CNAS numbers), or named in the
  // instrument's accreditation scope text (资质认定 is CMA, 认可 is CNAS).
  if (accreditation === 'cma')
    return Prisma.sql`AND (coalesce(inst.cma_no, '') <> '' OR i.accreditation ILIKE '%CMA%' OR i.accreditation LIKE '%资质认定%')`
  if (accreditation === 'cnas')
    return Prisma.sql`AND (coalesce(inst.cnas_no, '') <> '' OR i.accreditation ILIKE '%CNAS%' OR i.accreditation LIKE '%认可%')`
  return Prisma.empty
}

/**
 * "Available on date D", first approximated in SQL (availableOnDate below then makes it exact): the instrument is open (not under
 * maintenance), D lies inside its booking window (after now + minimum notice, before now +
 * maximum advance), and on D it has a weekly open range that no single blackout covers whole, or
 * an extra opening. Existing bookings and partial blackouts are not subtracted here.
 */
function openOnDate(date: string | null, now: Date): Prisma.Sql {
  if (!date) return Prisma.empty
  const dayStart = new Date(shanghaiMidnight(date))
  const dayEnd = new Date(dayStart.getTime() + 24 * 60 * 60 * 1000)
  const weekday = isoWeekday(date)
  return Prisma.sql`AND i.sharing_status = 'open'
    AND ${dayEnd}::timestamptz > ${now}::timestamptz + make_interval(hours => i.min_notice_hours)
    AND ${dayStart}::timestamptz < ${now}::timestamptz + make_interval(days => i.max_advance_days)
    AND (
      EXISTS (
        SELECT 1 FROM open_hours oh
        WHERE oh.instrument_id = i.id AND oh.weekday = ${weekday}
          AND NOT EXISTS (
            SELECT 1 FROM blackout b
            WHERE b.instrument_id = i.id AND NOT b.is_extra_open
              AND b.starts_at <= ${dayStart}::timestamptz + make_interval(mins => oh.start_minute)
              AND b.ends_at >= ${dayStart}::timestamptz + make_interval(mins => oh.end_minute)))
      OR EXISTS (
        SELECT 1 FROM blackout x
        WHERE x.instrument_id = i.id AND x.is_extra_open
          AND x.starts_at < ${dayEnd}::timestamptz AND x.ends_at > ${dayStart}::timestamptz))`
}

/**
 * "Available on date D", exact: of the instruments the SQL approximation above lets through (with
 * every filter but the facets, so facet counts stay right), those with at least one bookable slot on
 * D by features/availability — open hours, exceptions, active bookings with their buffers, notice,
 * horizon, minimum duration and the slot grid. Null when no date is asked for.
 */
async function availableOnDate(
  db: Db | Tx,
  query: CatalogueQuery,
  tsquery: string | null,
  now: Date,
): Promise<string[] | null> {
  const date = query.date
  if (!date) return null
  const unfaceted = { ...query, category: null, region: null, institution: null }
  const candidates = await db.$queryRaw<{ id: string }[]>`
    SELECT i.id::text AS id ${publicFrom()} ${filters(unfaceted, tsquery, now)} LIMIT ${MAX_DATE_CANDIDATES}`
  const inputs = await loadAvailabilityInputsMany(
    db,
    candidates.map((c) => c.id),
    { from: date, days: 1 },
  )
  return candidates
    .map((c) => c.id)
    .filter((id) => {
      const input = inputs.get(id)
      if (!input) return false
      const [day] = freeSlots({ ...input, from: date, days: 1, now, timeZone: 'Asia/Shanghai' })
      return day?.status === 'free'
    })
}

// The catalogue holds hundreds of instruments; a cap keeps a date query bounded if it grows.
const MAX_DATE_CANDIDATES = 5_000

/** Every condition of the query, except the facet being counted (so its other choices keep their counts). */
function filters(
  query: CatalogueQuery,
  tsquery: string | null,
  now: Date,
  except?: FacetName,
  available: string[] | null = null,
): Prisma.Sql {
  return Prisma.sql`
    ${textMatch(tsquery, query.q)}
    ${query.category && except !== 'category' ? Prisma.sql`AND (i.category_code = ${query.category} OR c.parent_code = ${query.category})` : Prisma.empty}
    ${query.region && except !== 'region' ? Prisma.sql`AND (inst.region_id = ${query.region} OR r.parent_id = ${query.region})` : Prisma.empty}
    ${query.institution && except !== 'institution' ? Prisma.sql`AND inst.id = ${query.institution}::uuid` : Prisma.empty}
    ${query.feeMin !== null ? Prisma.sql`AND ${CHEAPEST_FEE_VALUE} >= ${query.feeMin}` : Prisma.empty}
    ${query.feeMax !== null ? Prisma.sql`AND ${CHEAPEST_FEE_VALUE} <= ${query.feeMax}` : Prisma.empty}
    ${accreditationMatch(query.accreditation)}
    ${openOnDate(query.date, now)}
    ${available ? Prisma.sql`AND i.id = ANY(${available}::uuid[])` : Prisma.empty}`
}

function ordering(query: CatalogueQuery, tsquery: string | null): Prisma.Sql {
  switch (query.sort) {
    case 'fee':
      return Prisma.sql`ORDER BY fee.fee_fen ASC NULLS LAST, i.original_value_fen DESC, i.id`
    case 'value':
      return Prisma.sql`ORDER BY i.original_value_fen DESC, i.id`
    case 'newest':
      return Prisma.sql`ORDER BY i.created_at DESC, i.id`
    case 'relevance':
      // A hit in the name (weight A) first, then ts_rank (name A > English name and model B >
      // maker and category C > long texts D), then the larger instruments.
      return tsquery
        ? Prisma.sql`ORDER BY (ts_filter(i.search_tsv, '{a}') @@ ${tsquery}::tsquery) DESC,
            ts_rank(i.search_tsv, ${tsquery}::tsquery) DESC, i.original_value_fen DESC, i.id`
        : Prisma.sql`ORDER BY i.original_value_fen DESC, i.id`
  }
}

export type SearchOptions = { pageSize?: number; now?: Date }

export async function searchInstruments(
  db: Db | Tx,
  query: CatalogueQuery,
  options: SearchOptions | number = {},
): Promise<CatalogueResults> {
  const { pageSize = PAGE_SIZE, now = new Date() } = typeof options === 'number' ? { pageSize: options } : options
  const tsquery = toTsqueryText(query.q)
  const where = filters(query, tsquery, now, undefined, await availableOnDate(db, query, tsquery, now))
  const offset = (query.page - 1) * pageSize
  const [items, counted] = await Promise.all([
    db.$queryRaw<CatalogueItem[]>`
      SELECT i.id::text AS id, i.name, i.name_en AS "nameEn", i.model, i.manufacturer,
             i.sharing_status::text AS "sharingStatus", i.original_value_fen::text AS "originalValueFen",
             i.category_code AS "categoryCode", c.name AS "categoryName", c.name_en AS "categoryNameEn",
             inst.id::text AS "institutionId", inst.name AS "institutionName", inst.name_en AS "institutionNameEn",
             r.name AS "regionName", r.name_en AS "regionNameEn",
             fee.fee_fen AS "minFeeFen", fee.unit::text AS "minFeeUnit"
      ${publicFrom(CHEAPEST_FEE)}
      ${where}
      ${ordering(query, tsquery)}
      LIMIT ${pageSize} OFFSET ${offset}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${publicFrom()} ${where}`,
  ])
  return { items, total: counted[0]?.total ?? 0, pageSize }
}

export type Facet = { id: string; name: string; nameEn: string; count: number }
export type RegionFacet = Facet & { isCity: boolean; isPartner: boolean }
export type CatalogueFacets = {
  categories: (Facet & { parentId: string | null })[]
  regions: RegionFacet[]
  institutions: (Facet & { regionId: string })[]
}

/**
 * Filter choices with the number of public instruments behind each, as users expect: each facet
 * counted with every other filter applied but its own (so choosing 分析仪器 still shows how many
 * 通川区 has, and the other categories stay choosable). Categories come as top levels with their
 * second levels; a choice the current query selects is always listed, even at zero.
 */
export async function catalogueFacets(
  db: Db | Tx,
  query: CatalogueQuery = EMPTY_QUERY,
  { now = new Date() }: { now?: Date } = {},
): Promise<CatalogueFacets> {
  const tsquery = toTsqueryText(query.q)
  const available = await availableOnDate(db, query, tsquery, now)
  const [categoryRows, counties, institutions] = await Promise.all([
    db.$queryRaw<{ code: string; parentCode: string | null; count: number }[]>`
      SELECT c.code, c.parent_code AS "parentCode", count(*)::int AS count
      ${publicFrom()}
      ${filters(query, tsquery, now, 'category', available)}
      GROUP BY c.code, c.parent_code`,
    db.$queryRaw<
      (Facet & {
        parentId: string | null
        parentName: string | null
        parentNameEn: string | null
        parentLevel: string | null
        isPartner: boolean
      })[]
    >`
      SELECT r.id, r.name, r.name_en AS "nameEn", count(*)::int AS count, r.is_partner AS "isPartner",
             p.id AS "parentId", p.name AS "parentName", p.name_en AS "parentNameEn", p.level AS "parentLevel"
      ${publicFrom(Prisma.sql`LEFT JOIN region p ON p.id = r.parent_id`)}
      ${filters(query, tsquery, now, 'region', available)}
      GROUP BY r.id, r.name, r.name_en, r.is_partner, r.sort_order, p.id, p.name, p.name_en, p.level
      ORDER BY r.is_partner, r.sort_order`,
    db.$queryRaw<(Facet & { regionId: string })[]>`
      SELECT inst.id::text AS id, inst.name, coalesce(inst.name_en, inst.name) AS "nameEn", inst.region_id AS "regionId", count(*)::int AS count
      ${publicFrom()}
      ${filters(query, tsquery, now, 'institution', available)}
      GROUP BY inst.id, inst.name, inst.name_en, inst.region_id, r.is_partner
      ORDER BY r.is_partner, count(*) DESC, inst.name`,
  ])
  const categories = await categoryTree(db, categoryRows, query.category)
  if (query.institution && !institutions.some((i) => i.id === query.institution)) {
    const chosen = await db.institution.findFirst({ where: { id: query.institution, status: 'verified' } })
    if (chosen)
      institutions.push({
        id: chosen.id,
        name: chosen.name,
        nameEn: chosen.nameEn ?? chosen.name,
        regionId: chosen.regionId,
        count: 0,
      })
  }
  // A city with instruments in its counties is offered as a whole as well ("达州市（全市）").
  const regions: RegionFacet[] = []
  for (const county of counties) {
    if (county.parentId && county.parentLevel === 'city') {
      const city = regions.find((r) => r.id === county.parentId)
      if (city) city.count += county.count
      else
        regions.push({
          id: county.parentId,
          name: county.parentName ?? county.parentId,
          nameEn: county.parentNameEn ?? county.parentId,
          count: county.count,
          isCity: true,
          isPartner: county.isPartner,
        })
    }
    regions.push({
      id: county.id,
      name: county.name,
      nameEn: county.nameEn,
      count: county.count,
      isCity: false,
      isPartner: county.isPartner,
    })
  }
  if (query.region && !regions.some((r) => r.id === query.region)) {
    const chosen = await db.region.findUnique({ where: { id: query.region } })
    if (chosen)
      regions.push({
        id: chosen.id,
        name: chosen.name,
        nameEn: chosen.nameEn,
        count: 0,
        isCity: chosen.level === 'city',
        isPartner: chosen.isPartner,
      })
  }
  return { categories, regions, institutions }
}

/** Top-level categories with a count (the sum of their own and their children's), each followed by its second levels with instruments. */
async function categoryTree(
  db: Db | Tx,
  rows: { code: string; parentCode: string | null; count: number }[],
  selected: string | null,
): Promise<(Facet & { parentId: string | null })[]> {
  const all = await db.instrumentCategory.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] })
  const counts = new Map<string, number>()
  for (const row of rows) {
    counts.set(row.code, (counts.get(row.code) ?? 0) + row.count)
    if (row.parentCode) counts.set(row.parentCode, (counts.get(row.parentCode) ?? 0) + row.count)
  }
  const out: (Facet & { parentId: string | null })[] = []
  for (const top of all.filter((c) => c.parentCode === null)) {
    const count = counts.get(top.code) ?? 0
    if (count === 0 && selected !== top.code && !selected?.startsWith(top.code)) continue
    out.push({ id: top.code, name: top.name, nameEn: top.nameEn, count, parentId: null })
    for (const child of all.filter((c) => c.parentCode === top.code)) {
      const childCount = counts.get(child.code) ?? 0
      if (childCount === 0 && selected !== child.code) continue
      out.push({ id: child.code, name: child.name, nameEn: child.nameEn, count: childCount, parentId: top.code })
    }
  }
  return out
}

const EMPTY_QUERY: CatalogueQuery = {
  q: '',
  category: null,
  region: null,
  institution: null,
  feeMin: null,
  feeMax: null,
  accreditation: null,
  date: null,
  sort: 'relevance',
  page: 1,
}

export type InstrumentDetail = {
  id: string
  /** Server-chosen file names, served by /media/instrument-photos/:file. */
  photos: string[]
  name: string
  nameEn: string | null
  model: string | null
  manufacturer: string | null
  country: string | null
  originalValueFen: string
  /** YYYY-MM-DD */
  inUseSince: string | null
  category: { code: string; name: string; nameEn: string }
  parentCategory: { code: string; name: string; nameEn: string } | null
  lab: string | null
  address: string | null
  specifications: string | null
  researchFields: string | null
  uses: string | null
  accessories: string | null
  accreditation: string | null
  contactName: string | null
  contactPhone: string | null
  sharingStatus: SharingStatus
  bookingMode: BookingMode
  institution: {
    id: string
    name: string
    nameEn: string | null
    type: InstitutionType
    regionName: string
    regionNameEn: string
    isPartnerRegion: boolean
    cmaNo: string | null
    cnasNo: string | null
    contactName: string | null
    contactPhone: string | null
    address: string | null
  }
  serviceItems: {
    id: string
    name: string
    nameEn: string | null
    unit: ServiceUnit
    feeFen: number
    minQuantity: number
    description: string | null
  }[]
  openHours: OpenDay[]
  /** Booking rules (notice, horizon, grid, durations, buffer) as the institution set them. */
  rules: {
    minNoticeHours: number
    maxAdvanceDays: number
    slotMinutes: number
    minDurationMinutes: number
    maxDurationMinutes: number
    bufferMinutes: number
    requiresApproval: boolean
  }
  /** Closures that have not ended yet, soonest first (ISO instants). */
  blackouts: { startsAt: string; endsAt: string; reason: string | null }[]
}

/** A public instrument with everything its page shows; null when unknown or not public. */
export async function getPublicInstrument(db: Db | Tx, id: string, now: Date): Promise<InstrumentDetail | null> {
  if (!isUuid(id)) return null
  const row = await db.instrument.findFirst({
    where: { id, sharingStatus: { in: [...PUBLIC_SHARING_STATUSES] }, institution: { status: 'verified' } },
    include: {
      category: { include: { parent: true } },
      institution: { include: { region: true } },
      serviceItems: { where: { isActive: true }, orderBy: [{ feeFen: 'asc' }, { name: 'asc' }] },
      openHours: { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] },
      blackouts: { where: { endsAt: { gt: now }, isExtraOpen: false }, orderBy: { startsAt: 'asc' }, take: 10 },
      photos: { orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }], select: { fileName: true } },
    },
  })
  if (!row) return null
  const { category, institution: inst } = row
  return {
    id: row.id,
    photos: row.photos.map((p) => p.fileName),
    name: row.name,
    nameEn: row.nameEn,
    model: row.model,
    manufacturer: row.manufacturer,
    country: row.country,
    originalValueFen: row.originalValueFen.toString(),
    inUseSince: row.inUseSince ? row.inUseSince.toISOString().slice(0, 10) : null,
    category: { code: category.code, name: category.name, nameEn: category.nameEn },
    parentCategory: category.parent
      ? { code: category.parent.code, name: category.parent.name, nameEn: category.parent.nameEn }
      : null,
    lab: row.lab,
    address: row.address,
    specifications: row.specifications,
    researchFields: row.researchFields,
    uses: row.uses,
    accessories: row.accessories,
    accreditation: row.accreditation,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    sharingStatus: row.sharingStatus,
    bookingMode: row.bookingMode,
    institution: {
      id: inst.id,
      name: inst.name,
      nameEn: inst.nameEn,
      type: inst.type,
      regionName: inst.region.name,
      regionNameEn: inst.region.nameEn,
      isPartnerRegion: inst.region.isPartner,
      cmaNo: inst.cmaNo,
      cnasNo: inst.cnasNo,
      contactName: inst.contactName,
      contactPhone: inst.contactPhone,
      address: inst.address,
    },
    serviceItems: row.serviceItems.map((s) => ({
      id: s.id,
      name: s.name,
      nameEn: s.nameEn,
      unit: s.unit,
      feeFen: s.feeFen,
      minQuantity: s.minQuantity,
      description: s.description,
    })),
    openHours: groupOpenHours(row.openHours),
    rules: {
      minNoticeHours: row.minNoticeHours,
      maxAdvanceDays: row.maxAdvanceDays,
      slotMinutes: row.slotMinutes,
      minDurationMinutes: row.minDurationMinutes,
      maxDurationMinutes: row.maxDurationMinutes,
      bufferMinutes: row.bufferMinutes,
      requiresApproval: row.requiresApproval,
    },
    blackouts: row.blackouts.map((b) => ({
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      reason: b.reason,
    })),
  }
}
