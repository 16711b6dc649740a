// Row validation for the instrument import: every row is read with a zod schema built from the
// template's columns and the pure cell readers, and every problem is kept with its row number (as
// the spreadsheet shows it) and its column, so the page can say "第 5 行 · 收费标准（元） · …". Pure.
import { z } from 'zod'
import type { BookingMode, ServiceUnit, SharingStatus } from '~/generated/prisma/enums'
import {
  cellText,
  isBlank,
  lookupCategory,
  normaliseCode,
  parseDate,
  parseEnum,
  parseMoney,
  parsePhone,
  parseWholeNumber,
  type CategoryRef,
  type CellValue,
} from './normalise'
import { COLUMN_BY_KEY, COLUMNS, ENUM_LABELS, type ColumnKey } from './template'

/** A data row of the file: its row number in the spreadsheet and the cells under known headers. */
export type RawRow = { rowNumber: number; cells: Partial<Record<ColumnKey, CellValue>> }

export type InstrumentFields = {
  assetNo: string
  name: string
  nameEn: string | null
  model: string | null
  manufacturer: string | null
  country: string | null
  originalValueFen: bigint
  inUseSince: Date | null
  categoryCode: string
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
}

export type ServiceItemFields = { name: string; unit: ServiceUnit; feeFen: number; minQuantity: number }

export type ImportRow = { rowNumber: number; instrument: InstrumentFields; serviceItem: ServiceItemFields | null }

export type ProblemCode =
  | 'required'
  | 'tooLong'
  | 'moneyInvalid'
  | 'moneyNegative'
  | 'moneyTooLarge'
  | 'dateInvalid'
  | 'dateOutOfRange'
  | 'categoryUnknown'
  | 'categoryTopLevel'
  | 'enumInvalid'
  | 'phoneInvalid'
  | 'countInvalid'
  | 'duplicateAssetNo'
  | 'serviceNameMissing'

export type RowProblem = {
  row: number
  column: ColumnKey
  code: ProblemCode
  /** The cell as found (shortened), so the person sees what was read. */
  value: string
  params?: Record<string, string | number>
}

export type ValidationContext = {
  categories: readonly CategoryRef[]
  today: Date
  /** The 原值 column is headed "原值(万元)": plain numbers are 万元. */
  originalValueInWan?: boolean
}

// 100亿元 is far above any single instrument; service_item.fee_fen is a 32-bit integer.
export const MAX_ORIGINAL_VALUE_FEN = 1_000_000_000_000n
export const MAX_FEE_FEN = 2_147_483_647n
export const MIN_QUANTITY_MAX = 10_000

const MONEY_PROBLEMS = { invalid: 'moneyInvalid', negative: 'moneyNegative', 'too-large': 'moneyTooLarge' } as const

type IssueParams = { code: ProblemCode; params?: Record<string, string | number> }

function fail(ctx: z.RefinementCtx, problem: IssueParams): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: problem.code, params: problem })
  return z.NEVER
}

const cell = z.custom<CellValue>(() => true)

function text(key: ColumnKey) {
  const column = COLUMN_BY_KEY[key]
  return cell.transform((value, ctx): string | null => {
    const t = key === 'assetNo' || key === 'model' ? normaliseCode(value ?? null) : cellText(value ?? null)
    if (t === '') return column.required ? fail(ctx, { code: 'required' }) : null
    const length = [...t].length
    if (column.max && length > column.max) return fail(ctx, { code: 'tooLong', params: { max: column.max, length } })
    return t
  })
}

function rowSchema(context: ValidationContext) {
  const enumField = <K extends 'sharingStatus' | 'bookingMode' | 'unit'>(key: K, fallback: string | null) =>
    cell.transform((value, ctx) => {
      type Stored = keyof (typeof ENUM_LABELS)[K] & string
      if (isBlank(value ?? null)) return fallback as Stored | null
      const stored = parseEnum(value ?? null, ENUM_LABELS[key] as Record<Stored, readonly string[]>)
      if (stored === null) {
        const allowed = Object.values(ENUM_LABELS[key] as Record<string, readonly string[]>).map((w) => w[0]!)
        return fail(ctx, { code: 'enumInvalid', params: { allowed: allowed.join(' / ') } })
      }
      return stored
    })
  const money = (key: 'originalValue' | 'fee', max: bigint, unit: 'yuan' | 'wan' = 'yuan') =>
    cell.transform((value, ctx): bigint | null => {
      if (isBlank(value ?? null)) return COLUMN_BY_KEY[key].required ? fail(ctx, { code: 'required' }) : null
      const parsed = parseMoney(value ?? null, { max, unit })
      if (!parsed.ok) return fail(ctx, { code: MONEY_PROBLEMS[parsed.problem] })
      return parsed.value
    })

  return z
    .object({
      assetNo: text('assetNo'),
      name: text('name'),
      nameEn: text('nameEn'),
      model: text('model'),
      manufacturer: text('manufacturer'),
      country: text('country'),
      originalValue: money('originalValue', MAX_ORIGINAL_VALUE_FEN, context.originalValueInWan ? 'wan' : 'yuan'),
      inUseSince: cell.transform((value, ctx): Date | null => {
        if (isBlank(value ?? null)) return null
        const parsed = parseDate(value ?? null, context.today)
        if (!parsed.ok) return fail(ctx, { code: parsed.problem === 'invalid' ? 'dateInvalid' : 'dateOutOfRange' })
        return parsed.value
      }),
      category: cell.transform((value, ctx): string => {
        if (isBlank(value ?? null)) return fail(ctx, { code: 'required' })
        const found = lookupCategory(value ?? null, context.categories)
        if (!found.ok) return fail(ctx, { code: found.problem === 'unknown' ? 'categoryUnknown' : 'categoryTopLevel' })
        return found.value
      }),
      lab: text('lab'),
      address: text('address'),
      specifications: text('specifications'),
      researchFields: text('researchFields'),
      uses: text('uses'),
      accessories: text('accessories'),
      accreditation: text('accreditation'),
      contactName: text('contactName'),
      contactPhone: cell.transform((value, ctx): string | null => {
        if (isBlank(value ?? null)) return null
        return parsePhone(value ?? null) ?? fail(ctx, { code: 'phoneInvalid' })
      }),
      sharingStatus: enumField('sharingStatus', 'open'),
      bookingMode: enumField('bookingMode', 'operated'),
      serviceName: text('serviceName'),
      unit: enumField('unit', null),
      fee: money('fee', MAX_FEE_FEN),
      minQuantity: cell.transform((value, ctx): number | null => {
        if (isBlank(value ?? null)) return null
        const n = parseWholeNumber(value ?? null)
        if (n === null || n < 1 || n > MIN_QUANTITY_MAX)
          return fail(ctx, { code: 'countInvalid', params: { min: 1, max: MIN_QUANTITY_MAX } })
        return n
      }),
    })
    .superRefine(
      (v, ctx) => {
        // A service item needs its name, unit and fee together; a row may also carry no service item.
        const given = [v.unit, v.fee, v.minQuantity].some((x) => x !== null && x !== undefined)
        if (v.serviceName === null && given) {
          ctx.addIssue({
            code: 'custom',
            path: ['serviceName'],
            message: 'serviceNameMissing',
            params: { code: 'serviceNameMissing' },
          })
        }
        if (v.serviceName) {
          if (v.unit === null)
            ctx.addIssue({ code: 'custom', path: ['unit'], message: 'required', params: { code: 'required' } })
          if (v.fee === null)
            ctx.addIssue({ code: 'custom', path: ['fee'], message: 'required', params: { code: 'required' } })
        }
      },
      { when: () => true },
    )
}

const SHOWN_VALUE_LENGTH = 40

function shown(value: CellValue | undefined): string {
  const t = cellText(value ?? null)
  return [...t].length > SHOWN_VALUE_LENGTH ? `${[...t].slice(0, SHOWN_VALUE_LENGTH).join('')}…` : t
}

export type InvalidRow = { row: number; assetNo: string }
export type Validation = { rows: ImportRow[]; problems: RowProblem[]; invalidRows: InvalidRow[] }

/**
 * Validates every row (none is skipped after a first error). `rows` holds the valid rows only;
 * `problems` every problem, sorted by row then column order; `invalidRows` the rows with at least
 * one problem (row number and asset number as read). Two rows with the same asset number are both reported.
 */
export function validateRows(raw: readonly RawRow[], context: ValidationContext): Validation {
  const schema = rowSchema(context)
  const problems: RowProblem[] = []
  const parsed: ImportRow[] = []
  for (const { rowNumber, cells } of raw) {
    const input = Object.fromEntries(COLUMNS.map((c) => [c.key, cells[c.key] ?? null]))
    const result = schema.safeParse(input)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const column = issue.path[0] as ColumnKey
        const params = (issue as { params?: IssueParams }).params
        problems.push({
          row: rowNumber,
          column,
          code: params?.code ?? 'required',
          value: shown(cells[column]),
          ...(params?.params ? { params: params.params } : {}),
        })
      }
      continue
    }
    const v = result.data
    parsed.push({
      rowNumber,
      instrument: {
        assetNo: v.assetNo!,
        name: v.name!,
        nameEn: v.nameEn,
        model: v.model,
        manufacturer: v.manufacturer,
        country: v.country,
        originalValueFen: v.originalValue!,
        inUseSince: v.inUseSince,
        categoryCode: v.category,
        lab: v.lab,
        address: v.address,
        specifications: v.specifications,
        researchFields: v.researchFields,
        uses: v.uses,
        accessories: v.accessories,
        accreditation: v.accreditation,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        sharingStatus: v.sharingStatus! as SharingStatus,
        bookingMode: v.bookingMode! as BookingMode,
      },
      serviceItem: v.serviceName
        ? { name: v.serviceName, unit: v.unit! as ServiceUnit, feeFen: Number(v.fee!), minQuantity: v.minQuantity ?? 1 }
        : null,
    })
  }

  // Duplicate asset numbers, including rows that have other problems too.
  const byAsset = new Map<string, number[]>()
  for (const { rowNumber, cells } of raw) {
    const assetNo = normaliseCode(cells.assetNo ?? null)
    if (assetNo) byAsset.set(assetNo, [...(byAsset.get(assetNo) ?? []), rowNumber])
  }
  for (const [assetNo, rowNumbers] of byAsset) {
    if (rowNumbers.length < 2) continue
    for (const row of rowNumbers) {
      problems.push({
        row,
        column: 'assetNo',
        code: 'duplicateAssetNo',
        value: assetNo,
        params: { rows: rowNumbers.filter((r) => r !== row).join(', ') },
      })
    }
  }

  const order = new Map(COLUMNS.map((c, i) => [c.key, i]))
  problems.sort((a, b) => a.row - b.row || order.get(a.column)! - order.get(b.column)!)
  const invalid = new Set(problems.map((p) => p.row))
  const invalidRows = raw
    .filter((r) => invalid.has(r.rowNumber))
    .map((r) => ({ row: r.rowNumber, assetNo: normaliseCode(r.cells.assetNo ?? null) }))
  return { rows: parsed.filter((r) => !invalid.has(r.rowNumber)), problems, invalidRows }
}
