// Pure rules of the public instrument catalogue: what is public, how the URL query is read,
// pagination, and how open hours and values are presented. No DB, no clock.
import type { OrgStatus, SharingStatus } from '~/generated/prisma/enums'
import { parseYuanToFen } from '~/features/money/money'
import { isUuid } from '~/infra/uuid'

export const PAGE_SIZE = 20
export const MAX_QUERY_LENGTH = 100

// DOMAIN: an instrument is public when its institution is admitted (入库, status verified) and
// it is shared: open, or open but temporarily under maintenance. Internal-only and retired
// instruments never appear.
export const PUBLIC_SHARING_STATUSES = ['open', 'maintenance'] as const satisfies readonly SharingStatus[]

export function isPubliclyListed(institutionStatus: OrgStatus, sharingStatus: SharingStatus): boolean {
  return (
    institutionStatus === 'verified' && (PUBLIC_SHARING_STATUSES as readonly SharingStatus[]).includes(sharingStatus)
  )
}

// DOMAIN: 原值 ≥ 50万元 marks a 大型科研仪器 (1万元 = 1,000,000 fen).
export const LARGE_INSTRUMENT_FEN = 50_000_000n

export function isLargeInstrument(originalValueFen: bigint): boolean {
  return originalValueFen >= LARGE_INSTRUMENT_FEN
}

export const SORTS = ['relevance', 'fee', 'value', 'newest'] as const
export type CatalogueSort = (typeof SORTS)[number]
export const ACCREDITATIONS = ['cma', 'cnas'] as const
export type Accreditation = (typeof ACCREDITATIONS)[number]
/** Fee bounds above this (¥10,000,000) are not fees anyone types on purpose: dropped. */
const MAX_FEE_FEN = 1_000_000_000

export type CatalogueQuery = {
  q: string
  /** A top-level (2 digits) or second-level (4 digits) category code. */
  category: string | null
  /** A region id: a county, or a city (then all its counties). */
  region: string | null
  institution: string | null
  /** Bounds on the cheapest active service item's fee, in fen (the URL carries yuan). */
  feeMin: number | null
  feeMax: number | null
  /** CMA / CNAS held by the institution or named in the instrument's accreditation text. */
  accreditation: Accreditation | null
  /** A local (Asia/Shanghai) date YYYY-MM-DD: only instruments open that day. */
  date: string | null
  sort: CatalogueSort
  page: number
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

function readFen(value: string | null): number | null {
  if (!value?.trim()) return null
  const fen = parseYuanToFen(value)
  return fen !== null && fen >= 0n && fen <= BigInt(MAX_FEE_FEN) ? Number(fen) : null
}

/** Reads the catalogue's URL query leniently: anything malformed is dropped, never an error. */
export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  const q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH)
  const category = params.get('category')?.trim() ?? ''
  const region = params.get('region')?.trim() ?? ''
  const institution = params.get('institution')?.trim() ?? ''
  const accreditation = params.get('acc')?.trim().toLowerCase() ?? ''
  const date = params.get('date')?.trim() ?? ''
  const sort = params.get('sort')?.trim() ?? ''
  const page = Number(params.get('page') ?? '1')
  let feeMin = readFen(params.get('fee_min'))
  let feeMax = readFen(params.get('fee_max'))
  // Bounds typed the wrong way round are swapped rather than giving nothing.
  if (feeMin !== null && feeMax !== null && feeMin > feeMax) [feeMin, feeMax] = [feeMax, feeMin]
  return {
    q,
    category: /^\d{2}(\d{2})?$/.test(category) ? category : null,
    region: /^\d{6}(-[A-Z]{1,4})?$/.test(region) ? region : null,
    institution: isUuid(institution) ? institution.toLowerCase() : null,
    feeMin,
    feeMax,
    accreditation: (ACCREDITATIONS as readonly string[]).includes(accreditation)
      ? (accreditation as Accreditation)
      : null,
    date: isCalendarDate(date) ? date : null,
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as CatalogueSort) : 'relevance',
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  }
}

/** Fen as the yuan a person typed: 12345 → "123.45", 20000 → "200". */
export function fenToYuanInput(fen: number): string {
  const whole = Math.floor(fen / 100)
  const cents = fen % 100
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`
}

/** Whether anything narrows the list (the text or any filter; sorting and paging do not). */
export function isFiltered(query: CatalogueQuery): boolean {
  return Boolean(
    query.q ||
    query.category ||
    query.region ||
    query.institution ||
    query.feeMin !== null ||
    query.feeMax !== null ||
    query.accreditation ||
    query.date,
  )
}

/** The URL of the catalogue with this query (defaults left out, so links stay short). */
export function catalogueHref(query: CatalogueQuery, overrides: Partial<CatalogueQuery> = {}): string {
  const merged = { ...query, ...overrides }
  const params = new URLSearchParams()
  if (merged.q) params.set('q', merged.q)
  if (merged.category) params.set('category', merged.category)
  if (merged.region) params.set('region', merged.region)
  if (merged.institution) params.set('institution', merged.institution)
  if (merged.feeMin !== null) params.set('fee_min', fenToYuanInput(merged.feeMin))
  if (merged.feeMax !== null) params.set('fee_max', fenToYuanInput(merged.feeMax))
  if (merged.accreditation) params.set('acc', merged.accreditation)
  if (merged.date) params.set('date', merged.date)
  if (merged.sort !== 'relevance') params.set('sort', merged.sort)
  if (merged.page > 1) params.set('page', String(merged.page))
  const search = params.toString()
  return search ? `/instruments?${search}` : '/instruments'
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize))
}

/** `%` and `_` typed by a person are literal characters, not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** 510 → "08:30"; 1440 → "24:00" (end of day). */
export function formatMinuteOfDay(minute: number): string {
  if (!Number.isInteger(minute) || minute < 0 || minute > 1440)
    throw new RangeError(`minute of day out of range: ${minute}`)
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

export type OpenHoursRow = { weekday: number; startMinute: number; endMinute: number }
export type OpenDay = { weekday: number; ranges: string[] }

/** Weekly open hours (weekday 1 = Monday … 7 = Sunday, minutes in Asia/Shanghai) as one line per open day. */
export function groupOpenHours(rows: readonly OpenHoursRow[]): OpenDay[] {
  const days = new Map<number, OpenHoursRow[]>()
  for (const row of rows) days.set(row.weekday, [...(days.get(row.weekday) ?? []), row])
  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([weekday, ranges]) => ({
      weekday,
      ranges: ranges
        .sort((a, b) => a.startMinute - b.startMinute)
        .map((r) => `${formatMinuteOfDay(r.startMinute)}–${formatMinuteOfDay(r.endMinute)}`),
    }))
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

/**
 * An instant as wall-clock time in Asia/Shanghai ("2026-12-03 08:30"). China has no daylight
 * saving, so a fixed +08:00 is exact; done by hand so server and browser render the same text.
 */
export function formatShanghaiDateTime(instant: Date): string {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString()
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`
}
