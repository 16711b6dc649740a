// The downloadable template (XLSX and CSV), optionally filled with an institution's instruments
// (the export that round-trips: export → edit → re-import). Money goes into cells as numbers of
// yuan; the fen → yuan step is integer arithmetic into a decimal string (fenToYuanText).
import ExcelJS from 'exceljs'
import { csvField } from './file-format'
import type { ImportRow } from './rows'
import { allowedLabels, COLUMNS, labelOf, type ColumnKey } from './template'
import { fenToYuanText } from '~/features/money/money'
import { yuanCell } from '~/features/export/list-sheet.server'

export type CategoryRow = { code: string; name: string; nameEn: string; parentCode: string | null }

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** A row's cells in the template's column order, as an XLSX writes them. */
function rowCells(row: ImportRow): Record<ColumnKey, string | number | Date | null> {
  const i = row.instrument
  const s = row.serviceItem
  return {
    assetNo: i.assetNo,
    name: i.name,
    nameEn: i.nameEn,
    model: i.model,
    manufacturer: i.manufacturer,
    country: i.country,
    originalValue: yuanCell(i.originalValueFen),
    inUseSince: i.inUseSince,
    category: i.categoryCode,
    lab: i.lab,
    address: i.address,
    specifications: i.specifications,
    researchFields: i.researchFields,
    uses: i.uses,
    accessories: i.accessories,
    accreditation: i.accreditation,
    contactName: i.contactName,
    contactPhone: i.contactPhone,
    sharingStatus: labelOf('sharingStatus', i.sharingStatus),
    bookingMode: labelOf('bookingMode', i.bookingMode),
    serviceName: s?.name ?? null,
    unit: s ? labelOf('unit', s.unit) : null,
    fee: s ? yuanCell(BigInt(s.feeFen)) : null,
    minQuantity: s?.minQuantity ?? null,
  }
}

const NOTES: Record<ColumnKey, { zh: string; example: string }> = {
  assetNo: { zh: '单位固定资产编号，用于匹配：同一编号再次导入时更新原记录，不会重复新增', example: 'ZC-2020-0001' },
  name: { zh: '仪器中文名称', example: '气相色谱-质谱联用仪' },
  nameEn: { zh: '可选', example: 'Gas chromatograph-mass spectrometer' },
  model: { zh: '可选', example: 'GCMS-QP2020' },
  manufacturer: { zh: '可选', example: '岛津' },
  country: { zh: '可选', example: '日本' },
  originalValue: { zh: '单位：元，最多两位小数；可写 1280000、1,280,000.00 或 128万', example: '1280000' },
  inUseSince: { zh: '日期格式，如 2020-09-01、2020/9/1 或 2020年9月1日', example: '2020-09-01' },
  category: { zh: '四位二级类别代码（见“类别代码”表）或类别中文名称', example: '0105 或 色谱仪' },
  lab: { zh: '可选', example: '分析测试中心' },
  address: { zh: '可选', example: '达州市通川区塔石路519号 实验楼B201' },
  specifications: { zh: '可选，最多 2000 字', example: '质量范围 1.5–1090 m/z；分辨率 R≥2M' },
  researchFields: { zh: '可选', example: '化学；环境科学' },
  uses: { zh: '可选，最多 2000 字', example: '挥发性有机物定性定量分析' },
  accessories: { zh: '可选', example: '自动进样器 AOC-20i' },
  accreditation: { zh: '可选，如 CMA / CNAS 证书编号', example: 'CMA 2022xxxx' },
  contactName: { zh: '可选', example: '王老师' },
  contactPhone: { zh: '手机或带区号的座机', example: '0818-2790000' },
  sharingStatus: {
    zh: `可选，默认“开放共享”；可填：${allowedLabels('sharingStatus').join('、')}`,
    example: '开放共享',
  },
  bookingMode: { zh: `可选，默认“机组操作”；可填：${allowedLabels('bookingMode').join('、')}`, example: '机组操作' },
  serviceName: { zh: '主要服务项目；填写后计费单位和收费标准必填。按“仪器+项目名称”匹配更新', example: '样品检测' },
  unit: { zh: `可填：${allowedLabels('unit').join('、')}`, example: '小时' },
  fee: { zh: '每计费单位的参考收费标准，单位：元，不能为负数', example: '200' },
  minQuantity: { zh: '可选，默认 1', example: '1' },
}

const DATA_SHEET = '仪器清单'
const CATEGORY_SHEET = '类别代码'
const VALIDATED_ROWS = 2000

function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** The template as an XLSX: data sheet (Chinese headers, English line, drop-downs), notes, categories. */
export async function buildTemplateXlsx(
  categories: readonly CategoryRow[],
  rows: readonly ImportRow[] = [],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '达州市科技创新券与大型仪器共享平台'
  workbook.created = new Date()

  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] })
  sheet.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }))
  const zh = sheet.getRow(1)
  const en = sheet.getRow(2)
  COLUMNS.forEach((c, i) => {
    const head = zh.getCell(i + 1)
    head.value = c.zh
    head.font = { bold: true, color: { argb: c.required ? 'FFB91C1C' : 'FF0F172A' } }
    head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } }
    head.note = `${NOTES[c.key].zh}\n例：${NOTES[c.key].example}`
    const sub = en.getCell(i + 1)
    sub.value = c.en
    sub.font = { italic: true, size: 9, color: { argb: 'FF475569' } }
  })
  zh.commit()
  en.commit()

  for (const row of rows) sheet.addRow(rowCells(row))

  const last = Math.max(VALIDATED_ROWS, rows.length + 2 + 500)
  COLUMNS.forEach((c, i) => {
    const col = sheet.getColumn(i + 1)
    if (c.key === 'originalValue' || c.key === 'fee') col.numFmt = '#,##0.00'
    if (c.key === 'inUseSince') col.numFmt = 'yyyy-mm-dd'
    if (c.key === 'assetNo' || c.key === 'category' || c.key === 'contactPhone') col.numFmt = '@'
    const range = `${columnLetter(i)}3:${columnLetter(i)}${last}`
    // exceljs 4.4 writes a range-keyed validation as one sqref; its typings omit the collection.
    const validations = (
      sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations
    const list = (formula: string, title: string) =>
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: title,
        error: NOTES[c.key].zh,
      })
    if (c.key === 'sharingStatus' || c.key === 'bookingMode' || c.key === 'unit')
      list(`"${allowedLabels(c.key).join(',')}"`, c.zh)
    if (c.key === 'category') {
      const second = categories.filter((cat) => cat.parentCode !== null).length
      list(`'${CATEGORY_SHEET}'!$A$2:$A$${second + 1}`, c.zh)
    }
    if (c.key === 'fee' || c.key === 'originalValue')
      validations.add(range, {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [0],
        showErrorMessage: true,
        errorStyle: 'warning',
        error: NOTES[c.key].zh,
      })
  })
  // The header rows keep their own (text) format.
  for (const r of [1, 2]) COLUMNS.forEach((_c, i) => (sheet.getRow(r).getCell(i + 1).numFmt = '@'))

  const notes = workbook.addWorksheet('填写说明')
  notes.columns = [
    { header: '列名', key: 'zh', width: 16 },
    { header: 'Column', key: 'en', width: 32 },
    { header: '必填', key: 'required', width: 8 },
    { header: '说明', key: 'note', width: 60 },
    { header: '示例', key: 'example', width: 32 },
  ]
  notes.getRow(1).font = { bold: true }
  for (const c of COLUMNS) {
    notes.addRow({
      zh: c.zh,
      en: c.en,
      required: c.required ? '是' : '',
      note: NOTES[c.key].zh,
      example: NOTES[c.key].example,
    })
  }
  notes.addRow({})
  for (const line of [
    '每行一台仪器及其主要服务项目；从第 3 行开始填写（第 2 行为英文说明，导入时自动跳过）。',
    '导入时逐行检查，所有问题按“第 N 行 · 列名”列出；整个文件无误才会写入，也可以选择仅导入无误的行。',
    '按“资产编号”匹配：已有的仪器会被更新（开放时间、预约规则、照片和其他服务项目不变），新的资产编号会新增仪器。',
    'One row per instrument with its main service item. Rows are matched on the asset number: re-importing updates, never duplicates.',
  ])
    notes.addRow({ zh: line })

  const cats = workbook.addWorksheet(CATEGORY_SHEET)
  cats.columns = [
    { header: '类别代码', key: 'code', width: 10 },
    { header: '类别名称', key: 'name', width: 28 },
    { header: 'Category', key: 'nameEn', width: 36 },
    { header: '一级类别', key: 'parent', width: 20 },
  ]
  cats.getRow(1).font = { bold: true }
  cats.getColumn(1).numFmt = '@'
  const byCode = new Map(categories.map((c) => [c.code, c]))
  for (const c of categories.filter((cat) => cat.parentCode !== null)) {
    const parent = byCode.get(c.parentCode!)
    cats.addRow({ code: c.code, name: c.name, nameEn: c.nameEn, parent: parent ? `${parent.code} ${parent.name}` : '' })
  }

  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The template as a CSV (UTF-8 with a BOM, so Excel opens the Chinese headers correctly), CRLF lines. */
export function buildTemplateCsv(rows: readonly ImportRow[] = []): string {
  const lines = [COLUMNS.map((c) => csvField(c.zh)).join(','), COLUMNS.map((c) => csvField(c.en)).join(',')]
  for (const row of rows) {
    const cells = rowCells(row)
    lines.push(
      COLUMNS.map((c) => {
        const v = cells[c.key]
        if (v === null) return ''
        if (v instanceof Date) return isoDate(v)
        if (c.key === 'originalValue') return fenToYuanText(row.instrument.originalValueFen)
        if (c.key === 'fee' && row.serviceItem) return fenToYuanText(BigInt(row.serviceItem.feeFen))
        return csvField(String(v))
      }).join(','),
    )
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
