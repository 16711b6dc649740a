// The import template: its columns (Chinese headers are the contract; the English line under them
// is for people), the allowed values, and how a header typed by a person is recognised. Pure.
import type { BookingMode, ServiceUnit, SharingStatus } from '~/generated/prisma/enums'
import { toHalfWidth } from './normalise'

export type ColumnKey =
  | 'assetNo'
  | 'name'
  | 'nameEn'
  | 'model'
  | 'manufacturer'
  | 'country'
  | 'originalValue'
  | 'inUseSince'
  | 'category'
  | 'lab'
  | 'address'
  | 'specifications'
  | 'researchFields'
  | 'uses'
  | 'accessories'
  | 'accreditation'
  | 'contactName'
  | 'contactPhone'
  | 'sharingStatus'
  | 'bookingMode'
  | 'serviceName'
  | 'unit'
  | 'fee'
  | 'minQuantity'

export type ColumnKind = 'text' | 'money' | 'date' | 'category' | 'enum' | 'phone' | 'count'

export type Column = {
  key: ColumnKey
  /** The header in the file (the contract). */
  zh: string
  /** The second header line, for people who read English. */
  en: string
  /** Other headers accepted for this column (older files, other wordings). */
  aliases?: readonly string[]
  required?: boolean
  kind: ColumnKind
  /** Longest text accepted (characters), as the single-instrument form allows. */
  max?: number
  /** Spreadsheet column width (characters). */
  width: number
}

// Lengths match app/features/instruments/manage/schemas.ts, so an imported row can be edited in the form.
export const COLUMNS: readonly Column[] = [
  {
    key: 'assetNo',
    zh: '资产编号',
    en: 'Asset number (required, unique)',
    required: true,
    kind: 'text',
    max: 50,
    width: 16,
  },
  { key: 'name', zh: '仪器名称', en: 'Instrument name (required)', required: true, kind: 'text', max: 100, width: 24 },
  { key: 'nameEn', zh: '英文名称', en: 'English name', kind: 'text', max: 200, width: 24 },
  { key: 'model', zh: '型号', en: 'Model', kind: 'text', max: 100, width: 16 },
  { key: 'manufacturer', zh: '生产厂商', en: 'Manufacturer', kind: 'text', max: 100, width: 16 },
  { key: 'country', zh: '产地国别', en: 'Country of origin', kind: 'text', max: 50, width: 10 },
  {
    key: 'originalValue',
    zh: '原值（元）',
    en: 'Original value, yuan (required)',
    aliases: ['原值', '原值(万元)'],
    required: true,
    kind: 'money',
    width: 16,
  },
  { key: 'inUseSince', zh: '启用日期', en: 'Date in use (YYYY-MM-DD)', aliases: ['启用时间'], kind: 'date', width: 13 },
  {
    key: 'category',
    zh: '仪器类别代码',
    en: 'Category code or name (required)',
    aliases: ['类别名称', '仪器类别', '类别代码', '仪器类别名称'],
    required: true,
    kind: 'category',
    width: 14,
  },
  { key: 'lab', zh: '所在实验室', en: 'Laboratory', kind: 'text', max: 100, width: 20 },
  { key: 'address', zh: '放置地址', en: 'Address', kind: 'text', max: 200, width: 24 },
  { key: 'specifications', zh: '主要技术指标', en: 'Main specifications', kind: 'text', max: 2000, width: 30 },
  { key: 'researchFields', zh: '研究领域', en: 'Research fields', kind: 'text', max: 500, width: 20 },
  {
    key: 'uses',
    zh: '主要功能及用途',
    en: 'Main uses',
    aliases: ['主要功能', '主要用途'],
    kind: 'text',
    max: 2000,
    width: 30,
  },
  { key: 'accessories', zh: '主要附件', en: 'Accessories', kind: 'text', max: 1000, width: 20 },
  { key: 'accreditation', zh: '认证资质', en: 'Accreditation (CMA / CNAS)', kind: 'text', max: 500, width: 20 },
  { key: 'contactName', zh: '联系人', en: 'Contact person', kind: 'text', max: 50, width: 10 },
  { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', kind: 'phone', width: 15 },
  { key: 'sharingStatus', zh: '共享状态', en: 'Sharing status (default 开放共享)', kind: 'enum', width: 12 },
  { key: 'bookingMode', zh: '服务方式', en: 'Booking mode (default 机组操作)', kind: 'enum', width: 12 },
  {
    key: 'serviceName',
    zh: '服务项目名称',
    en: 'Service item name',
    aliases: ['服务项目'],
    kind: 'text',
    max: 100,
    width: 20,
  },
  { key: 'unit', zh: '计费单位', en: 'Unit (小时/样/项)', kind: 'enum', width: 10 },
  {
    key: 'fee',
    zh: '收费标准（元）',
    en: 'Fee per unit, yuan',
    aliases: ['收费标准', '参考收费标准（元）'],
    kind: 'money',
    width: 14,
  },
  { key: 'minQuantity', zh: '最低数量', en: 'Minimum quantity (default 1)', kind: 'count', width: 10 },
]

export const COLUMN_BY_KEY: Record<ColumnKey, Column> = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<
  ColumnKey,
  Column
>

// The Chinese word in the file for each stored value (the first is what exports write).
export const SHARING_STATUS_LABELS: Record<SharingStatus, readonly string[]> = {
  open: ['开放共享', '开放', '共享', 'open'],
  internal_only: ['仅内部使用', '内部使用', '不对外开放', 'internal_only', 'internal only'],
  maintenance: ['维修中', '维修', '维护中', 'maintenance'],
  retired: ['已报废', '报废', 'retired'],
}
export const BOOKING_MODE_LABELS: Record<BookingMode, readonly string[]> = {
  operated: ['机组操作', '机组人员操作', '送样检测', 'operated'],
  self_operated: ['自主操作', '自主上机', 'self_operated', 'self operated'],
}
export const UNIT_LABELS: Record<ServiceUnit, readonly string[]> = {
  hour: ['小时', '机时', '时', 'hour', 'h'],
  sample: ['样', '样品', '个样', 'sample'],
  item: ['项', '次', '项次', 'item'],
}

export type EnumColumn = 'sharingStatus' | 'bookingMode' | 'unit'

export const ENUM_LABELS = {
  sharingStatus: SHARING_STATUS_LABELS,
  bookingMode: BOOKING_MODE_LABELS,
  unit: UNIT_LABELS,
} as const

/** The allowed words of an enum column, as the template's drop-down lists them. */
export function allowedLabels(column: EnumColumn): string[] {
  return Object.values(ENUM_LABELS[column] as Record<string, readonly string[]>).map((labels) => labels[0]!)
}

/** The label an export writes for a stored value. */
export function labelOf<C extends EnumColumn>(column: C, value: keyof (typeof ENUM_LABELS)[C]): string {
  return (ENUM_LABELS[column] as Record<string, readonly string[]>)[value as string]![0]!
}

/** A header as compared: half-width, no spaces, no parentheses' width differences, case-folded. */
export function headerKey(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').replace(/\*$/, '').toLowerCase()
}

const HEADER_LOOKUP = new Map<string, ColumnKey>()
for (const c of COLUMNS) {
  for (const h of [c.zh, ...(c.aliases ?? [])]) HEADER_LOOKUP.set(headerKey(h), c.key)
}
const ENGLISH_HEADERS = new Set(COLUMNS.map((c) => headerKey(c.en)))

/** Which column a header cell names, or null (unknown columns are ignored). */
export function columnForHeader(text: string): ColumnKey | null {
  return HEADER_LOOKUP.get(headerKey(text)) ?? null
}

/** True for the template's second header line (the English one), which is not data. */
export function isEnglishHeaderRow(cells: readonly string[]): boolean {
  const filled = cells.map(headerKey).filter((c) => c.length > 0)
  return filled.length > 0 && filled.filter((c) => ENGLISH_HEADERS.has(c)).length * 2 >= filled.length
}

/** 原值 given in 万元 (a header "原值(万元)"): the import multiplies by 10,000. */
export function isWanHeader(text: string): boolean {
  return headerKey(text).includes('万元')
}
