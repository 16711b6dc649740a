// Read side of the public catalogue: SQL only, no rules beyond "what is public" (catalogue.ts).
// Written as plain SQL so it can move to a read replica unchanged, and so the text match can be
// swapped for a bigram index later (see `textMatch`) without touching the routes.
import {
  Prisma,
  type BookingMode,
  type InstitutionType,
  type ServiceUnit,
  type SharingStatus,
} from '~/generated/prisma/client'
import type { Db, Tx } from '~/infra/db.server'
import {
  escapeLike,
  groupOpenHours,
  isUuid,
  PAGE_SIZE,
  PUBLIC_SHARING_STATUSES,
  type CatalogueQuery,
  type OpenDay,
} from './catalogue'

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

function terms(q: string): string[] {
  return q.split(' ').filter((t) => t.length > 0)
}

/**
 * Every term must occur in one of the searchable fields (the category's name included, so 色谱
 * finds a 天然气组分分析仪 filed under 色谱仪). ILIKE finds two-character Chinese
 * terms (色谱 in 气相色谱仪) that a trigram index cannot serve; a later change replaces this with
 * a bigram index behind the same signature.
 */
function textMatch(q: string): Prisma.Sql {
  const parts = terms(q).map((term) => {
    const pattern = `%${escapeLike(term)}%`
    return Prisma.sql`(i.name ILIKE ${pattern} OR i.name_en ILIKE ${pattern} OR i.model ILIKE ${pattern}
      OR i.manufacturer ILIKE ${pattern} OR i.specifications ILIKE ${pattern} OR i.uses ILIKE ${pattern}
      OR i.research_fields ILIKE ${pattern} OR c.name ILIKE ${pattern} OR c.name_en ILIKE ${pattern})`
  })
  return parts.length > 0 ? Prisma.sql`AND ${Prisma.join(parts, ' AND ')}` : Prisma.empty
}

function filters(query: CatalogueQuery): Prisma.Sql {
  return Prisma.sql`
    ${textMatch(query.q)}
    ${query.category ? Prisma.sql`AND (i.category_code = ${query.category} OR c.parent_code = ${query.category})` : Prisma.empty}
    ${query.region ? Prisma.sql`AND (inst.region_id = ${query.region} OR r.parent_id = ${query.region})` : Prisma.empty}
    ${query.institution ? Prisma.sql`AND inst.id = ${query.institution}::uuid` : Prisma.empty}`
}

function ordering(query: CatalogueQuery): Prisma.Sql {
  const first = terms(query.q)[0]
  // A hit in the category (色谱 → 色谱仪) ranks first, then a hit in the name, then the rest;
  // within each, the larger instruments first.
  const pattern = first ? `%${escapeLike(first)}%` : null
  const relevance = pattern
    ? Prisma.sql`(c.name ILIKE ${pattern} OR c.name_en ILIKE ${pattern}) DESC, (i.name ILIKE ${pattern} OR i.name_en ILIKE ${pattern}) DESC,`
    : Prisma.empty
  return Prisma.sql`ORDER BY ${relevance} i.original_value_fen DESC, i.id`
}

export async function searchInstruments(
  db: Db | Tx,
  query: CatalogueQuery,
  pageSize = PAGE_SIZE,
): Promise<CatalogueResults> {
  const where = filters(query)
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
      ${ordering(query)}
      LIMIT ${pageSize} OFFSET ${offset}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${publicFrom()} ${where}`,
  ])
  return { items, total: counted[0]?.total ?? 0, pageSize }
}

export type Facet = { id: string; name: string; nameEn: string; count: number }
export type RegionFacet = Facet & { isCity: boolean; isPartner: boolean }
export type CatalogueFacets = {
  categories: Facet[]
  regions: RegionFacet[]
  institutions: (Facet & { regionId: string })[]
}

/** Filter choices with the number of public instruments behind each (independent of the current filters). */
export async function catalogueFacets(db: Db | Tx): Promise<CatalogueFacets> {
  const [categories, counties, institutions] = await Promise.all([
    db.$queryRaw<Facet[]>`
      SELECT top.code AS id, top.name, top.name_en AS "nameEn", count(*)::int AS count
      ${publicFrom(Prisma.sql`JOIN instrument_category top ON top.code = coalesce(c.parent_code, c.code)`)}
      GROUP BY top.code, top.name, top.name_en, top.sort_order
      ORDER BY top.sort_order`,
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
      GROUP BY r.id, r.name, r.name_en, r.is_partner, r.sort_order, p.id, p.name, p.name_en, p.level
      ORDER BY r.is_partner, r.sort_order`,
    db.$queryRaw<(Facet & { regionId: string })[]>`
      SELECT inst.id::text AS id, inst.name, coalesce(inst.name_en, inst.name) AS "nameEn", inst.region_id AS "regionId", count(*)::int AS count
      ${publicFrom()}
      GROUP BY inst.id, inst.name, inst.name_en, inst.region_id, r.is_partner
      ORDER BY r.is_partner, count(*) DESC, inst.name`,
  ])
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
  return { categories, regions, institutions }
}

export type InstrumentDetail = {
  id: string
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
    },
  })
  if (!row) return null
  const { category, institution: inst } = row
  return {
    id: row.id,
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
    blackouts: row.blackouts.map((b) => ({
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      reason: b.reason,
    })),
  }
}
