import { describe, expect, it } from 'vitest'
import { validateRows, type RawRow } from './rows'
import { columnForHeader, isEnglishHeaderRow, COLUMNS } from './template'

const categories = [
  { code: '01', name: '分析仪器', parentCode: null },
  { code: '0105', name: '色谱仪', parentCode: '01' },
]
const context = { categories, today: new Date('2026-11-28T00:00:00Z') }

function row(rowNumber: number, cells: RawRow['cells'] = {}): RawRow {
  return {
    rowNumber,
    cells: {
      assetNo: `ZC-${rowNumber}`,
      name: '气相色谱仪',
      originalValue: '380000',
      category: '0105',
      serviceName: '样品检测',
      unit: '小时',
      fee: '200',
      ...cells,
    },
  }
}

describe('validateRows', () => {
  it('reads a valid row into stored values, with defaults', () => {
    const v = validateRows([row(3, { inUseSince: 44927, minQuantity: '２' })], context)
    expect(v.problems).toEqual([])
    expect(v.rows).toEqual([
      {
        rowNumber: 3,
        instrument: expect.objectContaining({
          assetNo: 'ZC-3',
          originalValueFen: 38_000_000n,
          inUseSince: new Date('2023-01-01T00:00:00Z'),
          categoryCode: '0105',
          sharingStatus: 'open',
          bookingMode: 'operated',
          nameEn: null,
        }),
        serviceItem: { name: '样品检测', unit: 'hour', feeFen: 20_000, minQuantity: 2 },
      },
    ])
  })

  it('reports every problem of every row with its row and column', () => {
    const v = validateRows(
      [
        row(3, { category: '9999', fee: '-200' }),
        row(4, { name: '', originalValue: 'abc', inUseSince: '2023-13-01' }),
        row(5, { sharingStatus: '开放吧', unit: '天', contactPhone: '123', minQuantity: '0' }),
        row(6, { specifications: '指'.repeat(2001), category: '01' }),
        row(7),
      ],
      context,
    )
    expect(v.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'category', 'categoryUnknown'],
      [3, 'fee', 'moneyNegative'],
      [4, 'name', 'required'],
      [4, 'originalValue', 'moneyInvalid'],
      [4, 'inUseSince', 'dateInvalid'],
      [5, 'contactPhone', 'phoneInvalid'],
      [5, 'sharingStatus', 'enumInvalid'],
      [5, 'unit', 'enumInvalid'],
      [5, 'minQuantity', 'countInvalid'],
      [6, 'category', 'categoryTopLevel'],
      [6, 'specifications', 'tooLong'],
    ])
    expect(v.problems.find((p) => p.code === 'tooLong')?.params).toEqual({ max: 2000, length: 2001 })
    expect(v.problems.find((p) => p.code === 'categoryUnknown')?.value).toBe('9999')
    expect(v.rows.map((r) => r.rowNumber)).toEqual([7])
    expect(v.invalidRows.map((r) => r.row)).toEqual([3, 4, 5, 6])
  })

  it('reports both rows of a duplicate asset number (full-width and half-width are the same number)', () => {
    const v = validateRows([row(3, { assetNo: 'ZC-001' }), row(4), row(5, { assetNo: 'ＺＣ－００１' })], context)
    expect(v.problems).toEqual([
      { row: 3, column: 'assetNo', code: 'duplicateAssetNo', value: 'ZC-001', params: { rows: '5' } },
      { row: 5, column: 'assetNo', code: 'duplicateAssetNo', value: 'ZC-001', params: { rows: '3' } },
    ])
    expect(v.rows.map((r) => r.rowNumber)).toEqual([4])
  })

  it('requires the service item fields together, and allows a row without a service item', () => {
    const v = validateRows(
      [
        row(3, { unit: '', fee: '' }),
        row(4, { serviceName: '', unit: '', fee: '' }),
        row(5, { serviceName: '', fee: '100' }),
      ],
      context,
    )
    expect(v.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'unit', 'required'],
      [3, 'fee', 'required'],
      [5, 'serviceName', 'serviceNameMissing'],
    ])
    expect(v.rows[0]!.serviceItem).toBeNull()
  })

  it('requires the asset number, name, original value and category', () => {
    const v = validateRows([{ rowNumber: 9, cells: { model: 'X' } }], context)
    expect(v.problems.map((p) => p.column)).toEqual(['assetNo', 'name', 'originalValue', 'category'])
    expect(v.problems.every((p) => p.code === 'required')).toBe(true)
  })

  it('reads 原值 as 万元 when the column says so', () => {
    const v = validateRows([row(3, { originalValue: 38 })], { ...context, originalValueInWan: true })
    expect(v.rows[0]!.instrument.originalValueFen).toBe(38_000_000n)
  })
})

describe('template headers', () => {
  it('recognises headers with either width of parentheses, spaces and aliases', () => {
    expect(columnForHeader('原值（元）')).toBe('originalValue')
    expect(columnForHeader('原值 (元)')).toBe('originalValue')
    expect(columnForHeader('类别名称')).toBe('category')
    expect(columnForHeader('仪器类别代码')).toBe('category')
    expect(columnForHeader('备注')).toBeNull()
  })
  it('knows the English header line', () => {
    expect(isEnglishHeaderRow(COLUMNS.map((c) => c.en))).toBe(true)
    expect(isEnglishHeaderRow(['ZC-1', '气相色谱仪', '', '380000'])).toBe(false)
  })
})
