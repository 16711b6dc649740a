// Spreadsheet exports of instruments:
// - the public catalogue (or the part the catalogue's filters select) with Chinese headers, one
//   row per service item, fees in yuan as numbers in formatted cells;
// - an institution's own full list (non-public instruments too) in the import template's format,
//   so export → edit → re-import round-trips.
import type { Db, Tx } from '~/infra/db.server'
import type { CatalogueQuery } from './catalogue'
import type { ImportRow } from './import/rows'
import { labelOf } from './import/template'
import { buildTemplateCsv, buildTemplateXlsx } from './import/template-file.server'
import { loadCategories } from './import/import.server'
import { searchInstruments } from './queries.server'
import { listWorkbook, yuanCell, type ListColumn } from '~/features/export/list-sheet.server'

/** The most instruments one catalogue export carries (the whole Dazhou catalogue is far below). */
export const MAX_EXPORT_INSTRUMENTS = 5000

/** 仪器目录-2026-11-28.xlsx as a Content-Disposition value: ASCII fallback + RFC 5987 UTF-8 name. */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`
}

/** The calendar day in Asia/Shanghai (China has no daylight saving: a fixed +08:00). */
export function shanghaiDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const CATALOGUE_COLUMNS: ListColumn[] = [
  { header: '仪器名称', width: 24 },
  { header: '英文名称', width: 24 },
  { header: '型号', width: 16 },
  { header: '生产厂商', width: 16 },
  { header: '产地国别', width: 10 },
  { header: '原值（元）', width: 16, numFmt: '#,##0.00' },
  { header: '启用日期', width: 12, numFmt: 'yyyy-mm-dd' },
  { header: '类别代码', width: 10 },
  { header: '类别名称', width: 20 },
  { header: '服务机构', width: 24 },
  { header: '所在区县', width: 12 },
  { header: '所在实验室', width: 18 },
  { header: '放置地址', width: 24 },
  { header: '主要技术指标', width: 30 },
  { header: '研究领域', width: 18 },
  { header: '主要功能及用途', width: 30 },
  { header: '主要附件', width: 18 },
  { header: '认证资质', width: 18 },
  { header: '联系人', width: 10 },
  { header: '联系电话', width: 15 },
  { header: '共享状态', width: 10 },
  { header: '服务方式', width: 10 },
  { header: '服务项目名称', width: 20 },
  { header: '计费单位', width: 8 },
  { header: '收费标准（元）', width: 14, numFmt: '#,##0.00' },
  { header: '最低数量', width: 8 },
  { header: '详情页', width: 40 },
]

/**
 * The public catalogue as an XLSX: the same search as /instruments (same filters, same order),
 * every public field, one row per active service item. `origin` makes the detail links absolute.
 */
export async function exportCatalogueXlsx(
  db: Db | Tx,
  query: CatalogueQuery,
  origin: string,
): Promise<{ buffer: Buffer; instruments: number; truncated: boolean }> {
  const found = await searchInstruments(db, { ...query, page: 1 }, MAX_EXPORT_INSTRUMENTS)
  const ids = found.items.map((i) => i.id)
  const rows = await db.instrument.findMany({
    where: { id: { in: ids } },
    include: {
      category: true,
      institution: { include: { region: true } },
      serviceItems: { where: { isActive: true }, orderBy: [{ feeFen: 'asc' }, { name: 'asc' }] },
    },
  })
  const byId = new Map(rows.map((r) => [r.id, r]))

  const { workbook, sheet } = listWorkbook('仪器目录', CATALOGUE_COLUMNS, { freezeFirstColumn: true })
  for (const id of ids) {
    const i = byId.get(id)
    if (!i) continue
    const base = [
      i.name,
      i.nameEn,
      i.model,
      i.manufacturer,
      i.country,
      yuanCell(i.originalValueFen),
      i.inUseSince,
      i.categoryCode,
      i.category.name,
      i.institution.name,
      i.institution.region.name,
      i.lab,
      i.address,
      i.specifications,
      i.researchFields,
      i.uses,
      i.accessories,
      i.accreditation,
      i.contactName,
      i.contactPhone,
      labelOf('sharingStatus', i.sharingStatus),
      labelOf('bookingMode', i.bookingMode),
    ]
    const link = { text: `${origin}/instruments/${i.id}`, hyperlink: `${origin}/instruments/${i.id}` }
    const items = i.serviceItems.length > 0 ? i.serviceItems : [null]
    for (const s of items) {
      sheet.addRow([
        ...base,
        s?.name ?? null,
        s ? labelOf('unit', s.unit) : null,
        s ? yuanCell(BigInt(s.feeFen)) : null,
        s?.minQuantity ?? null,
        link,
      ])
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CATALOGUE_COLUMNS.length } }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
  return { buffer, instruments: ids.length, truncated: found.total > ids.length }
}

/** An institution's instruments (all of them, public or not) as template rows: one per instrument with its main service item. */
export async function institutionTemplateRows(db: Db | Tx, institutionId: string): Promise<ImportRow[]> {
  const instruments = await db.instrument.findMany({
    where: { institutionId },
    orderBy: [{ assetNo: 'asc' }],
    include: { serviceItems: { where: { isActive: true }, orderBy: [{ feeFen: 'asc' }, { name: 'asc' }], take: 1 } },
  })
  return instruments.map((i, n) => {
    const s = i.serviceItems[0]
    return {
      rowNumber: n + 3,
      instrument: {
        assetNo: i.assetNo,
        name: i.name,
        nameEn: i.nameEn,
        model: i.model,
        manufacturer: i.manufacturer,
        country: i.country,
        originalValueFen: i.originalValueFen,
        inUseSince: i.inUseSince,
        categoryCode: i.categoryCode,
        lab: i.lab,
        address: i.address,
        specifications: i.specifications,
        researchFields: i.researchFields,
        uses: i.uses,
        accessories: i.accessories,
        accreditation: i.accreditation,
        contactName: i.contactName,
        contactPhone: i.contactPhone,
        sharingStatus: i.sharingStatus,
        bookingMode: i.bookingMode,
      },
      serviceItem: s ? { name: s.name, unit: s.unit, feeFen: s.feeFen, minQuantity: s.minQuantity } : null,
    }
  })
}

/** The institution's full list in the template format (XLSX or CSV). */
export async function exportInstitutionList(
  db: Db | Tx,
  institutionId: string,
  format: 'xlsx' | 'csv',
): Promise<Buffer> {
  const rows = await institutionTemplateRows(db, institutionId)
  if (format === 'csv') return Buffer.from(buildTemplateCsv(rows), 'utf-8')
  return buildTemplateXlsx(await loadCategories(db), rows)
}

/** The empty template (XLSX or CSV). */
export async function templateFile(db: Db | Tx, format: 'xlsx' | 'csv'): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(buildTemplateCsv(), 'utf-8')
  return buildTemplateXlsx(await loadCategories(db))
}
