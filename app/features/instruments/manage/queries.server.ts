// Read side of the instrument-management pages. Every query carries the institution in its WHERE
// clause (indie-stack style): staff of one institution cannot read another's instruments by id.
import type { Db, Tx } from '~/infra/db.server'
import { bpToPercentText } from './booking-rules'
import { originalValueInput } from './money-input'
import { isUuid } from '~/infra/uuid'

export type OwnScope = { institutionId: string }

/** The institution's instruments (retired ones last), with what the list page shows. */
export async function listOwnInstruments(db: Db | Tx, { institutionId }: OwnScope) {
  const rows = await db.$queryRaw<
    {
      id: string
      assetNo: string
      name: string
      nameEn: string | null
      model: string | null
      sharingStatus: 'open' | 'internal_only' | 'maintenance' | 'retired'
      originalValueFen: string
      categoryName: string
      categoryNameEn: string
      minFeeFen: number | null
      maxFeeFen: number | null
      serviceCount: number
      photoCount: number
      hoursCount: number
    }[]
  >`
    SELECT i.id::text AS id, i.asset_no AS "assetNo", i.name, i.name_en AS "nameEn", i.model,
           i.sharing_status::text AS "sharingStatus", i.original_value_fen::text AS "originalValueFen",
           c.name AS "categoryName", c.name_en AS "categoryNameEn",
           (SELECT min(s.fee_fen) FROM service_item s WHERE s.instrument_id = i.id AND s.is_active) AS "minFeeFen",
           (SELECT max(s.fee_fen) FROM service_item s WHERE s.instrument_id = i.id AND s.is_active) AS "maxFeeFen",
           (SELECT count(*)::int FROM service_item s WHERE s.instrument_id = i.id AND s.is_active) AS "serviceCount",
           (SELECT count(*)::int FROM instrument_photo p WHERE p.instrument_id = i.id) AS "photoCount",
           (SELECT count(*)::int FROM open_hours h WHERE h.instrument_id = i.id) AS "hoursCount"
      FROM instrument i
      JOIN instrument_category c ON c.code = i.category_code
     WHERE i.institution_id = ${institutionId}::uuid
     ORDER BY (i.sharing_status = 'retired'), i.updated_at DESC, i.asset_no`
  return rows
}

/** One of the institution's instruments with everything the edit pages need; null when not theirs (or no such id). */
export async function getOwnInstrument(db: Db | Tx, id: string, { institutionId }: OwnScope) {
  if (!isUuid(id)) return null
  return db.instrument.findFirst({
    where: { id, institutionId },
    include: {
      category: { select: { code: true, name: true, nameEn: true, parentCode: true } },
      serviceItems: { orderBy: [{ isActive: 'desc' }, { feeFen: 'asc' }, { name: 'asc' }] },
      openHours: { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] },
      blackouts: { orderBy: { startsAt: 'asc' } },
      photos: { orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }] },
      institution: { select: { name: true, nameEn: true } },
    },
  })
}
export type OwnInstrument = NonNullable<Awaited<ReturnType<typeof getOwnInstrument>>>

/** Categories for the two-level select: top levels as groups, their children as options; a top level without children is itself selectable. */
export async function listCategoryOptions(db: Db | Tx) {
  const all = await db.instrumentCategory.findMany({
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: { code: true, name: true, nameEn: true, parentCode: true },
  })
  const tops = all.filter((c) => c.parentCode === null)
  return tops.map((top) => ({
    code: top.code,
    name: top.name,
    nameEn: top.nameEn,
    children: all.filter((c) => c.parentCode === top.code),
  }))
}

/** Whether a category code can be filed under: a second-level code, or a top level that has none. */
export async function isSelectableCategory(db: Db | Tx, code: string): Promise<boolean> {
  const category = await db.instrumentCategory.findUnique({
    where: { code },
    select: { code: true, parentCode: true, _count: { select: { children: true } } },
  })
  return !!category && (category.parentCode !== null || category._count.children === 0)
}

/** The header fields every management page shows, JSON-safe. */
export function headerOf(i: OwnInstrument) {
  return {
    id: i.id,
    name: i.name,
    nameEn: i.nameEn,
    assetNo: i.assetNo,
    model: i.model,
    sharingStatus: i.sharingStatus,
    originalValueFen: i.originalValueFen.toString(),
  }
}

/** The record as the edit form's default values (strings, as inputs hold them). */
export function formValuesOf(i: OwnInstrument) {
  const value = originalValueInput(i.originalValueFen)
  const opt = (v: string | null) => v ?? ''
  return {
    assetNo: i.assetNo,
    name: i.name,
    nameEn: opt(i.nameEn),
    model: opt(i.model),
    manufacturer: opt(i.manufacturer),
    country: opt(i.country),
    originalValue: value.value,
    valueUnit: value.unit,
    inUseSince: i.inUseSince ? i.inUseSince.toISOString().slice(0, 10) : '',
    categoryCode: i.categoryCode,
    lab: opt(i.lab),
    address: opt(i.address),
    specifications: opt(i.specifications),
    researchFields: opt(i.researchFields),
    uses: opt(i.uses),
    accessories: opt(i.accessories),
    accreditation: opt(i.accreditation),
    contactName: opt(i.contactName),
    contactPhone: opt(i.contactPhone),
    sharingStatus: i.sharingStatus,
    bookingMode: i.bookingMode,
    minNoticeHours: String(i.minNoticeHours),
    maxAdvanceDays: String(i.maxAdvanceDays),
    slotMinutes: String(i.slotMinutes) as '15' | '30' | '60',
    minDurationMinutes: String(i.minDurationMinutes),
    maxDurationMinutes: String(i.maxDurationMinutes),
    bufferMinutes: String(i.bufferMinutes),
    requiresApproval: i.requiresApproval ? 'on' : '',
    cancelFreeHours: String(i.cancelFreeHours),
    cancelFeePercent: bpToPercentText(i.cancelFeeBp),
  }
}
