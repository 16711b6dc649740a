import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import {
  AMOUNT_UNITS,
  BUDGET_MAX_FEN,
  GRACE_MAX,
  GRACE_MIN,
  isCalendarDate,
  parseAmountToFen,
  PREFIX_RE,
  SHARE_MAX_PERCENT,
  SHARE_MIN_PERCENT,
  shareBpFromPercent,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
  VALIDITY_MAX,
  VALIDITY_MIN,
  YEAR_MAX,
  YEAR_MIN,
} from './rules'

// One schema per form, shared by the action and the browser (Conform). Messages are i18n keys
// in the 'programmes' namespace. Amounts are typed as text with a unit and become fen here.

const E = (k: string) => `programmes:errors.${k}`

const int = (required: string, min: number, max: number, range: string) =>
  z.number({ error: required }).int({ error: range }).min(min, { error: range }).max(max, { error: range })

/** A positive amount in some unit (the unit-specific decimals are checked once the unit is known). */
const amount = (required: string, invalid: string) =>
  z
    .string({ error: required })
    .trim()
    .refine((v) => (parseAmountToFen(v, 'wan') ?? 0n) > 0n, { error: invalid })

const date = (required: string) =>
  z
    .string({ error: required })
    .trim()
    .refine(isCalendarDate, { error: E('dateInvalid') })

export const ProgrammeSchema = z
  .object({
    name: z
      .string({ error: E('nameRequired') })
      .trim()
      .min(4, { error: E('nameTooShort') })
      .max(100, { error: E('nameTooLong') }),
    year: int(E('yearRequired'), YEAR_MIN, YEAR_MAX, errorKey(E('yearRange'), { min: YEAR_MIN, max: YEAR_MAX })),
    serialPrefix: z
      .string({ error: E('prefixRequired') })
      .trim()
      .transform((v) => v.toUpperCase())
      .refine((v) => PREFIX_RE.test(v), { error: E('prefixInvalid') }),
    totalBudget: amount(E('budgetRequired'), E('budgetInvalid')),
    budgetUnit: z.enum(AMOUNT_UNITS, { error: E('unitRequired') }),
    applyFrom: date(E('applyFromRequired')),
    applyTo: date(E('applyToRequired')),
    cap: amount(E('capRequired'), E('capInvalid')),
    capUnit: z.enum(AMOUNT_UNITS, { error: E('unitRequired') }),
    sharePercent: int(
      E('shareRequired'),
      SHARE_MIN_PERCENT,
      SHARE_MAX_PERCENT,
      errorKey(E('shareRange'), { min: SHARE_MIN_PERCENT, max: SHARE_MAX_PERCENT }),
    ),
    allowedCategories: z.array(z.string().trim().min(1)).optional(),
    validityMonths: int(
      E('validityRequired'),
      VALIDITY_MIN,
      VALIDITY_MAX,
      errorKey(E('validityRange'), { min: VALIDITY_MIN, max: VALIDITY_MAX }),
    ),
    redemptionGraceMonths: int(
      E('graceRequired'),
      GRACE_MIN,
      GRACE_MAX,
      errorKey(E('graceRange'), { min: GRACE_MIN, max: GRACE_MAX }),
    ),
    acceptPartnerRegions: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    const budget = parseAmountToFen(v.totalBudget, v.budgetUnit)
    if (budget === null || budget <= 0n)
      ctx.addIssue({ code: 'custom', path: ['totalBudget'], message: E('budgetInvalid') })
    else if (budget > BUDGET_MAX_FEN)
      ctx.addIssue({ code: 'custom', path: ['totalBudget'], message: E('budgetTooLarge') })
    const cap = parseAmountToFen(v.cap, v.capUnit)
    if (cap === null || cap <= 0n) ctx.addIssue({ code: 'custom', path: ['cap'], message: E('capInvalid') })
    else if (budget !== null && budget > 0n && cap > budget)
      ctx.addIssue({ code: 'custom', path: ['cap'], message: E('capAboveBudget') })
    if (v.applyFrom && v.applyTo && isCalendarDate(v.applyFrom) && isCalendarDate(v.applyTo) && v.applyTo < v.applyFrom)
      ctx.addIssue({ code: 'custom', path: ['applyTo'], message: E('applyToBeforeFrom') })
  })

export type ProgrammeForm = z.infer<typeof ProgrammeSchema>

/** What the use cases store: fen, basis points, instants. */
export type ProgrammeFields = {
  name: string
  year: number
  serialPrefix: string
  totalBudgetFen: bigint
  applyFrom: Date
  applyTo: Date
  capFen: bigint
  shareBp: number
  allowedCategories: string[]
  validityMonths: number
  redemptionGraceMonths: number
  acceptPartnerRegions: boolean
}

/** A validated form → stored values (the schema has already refused anything unparsable). */
export function toProgrammeFields(v: ProgrammeForm): ProgrammeFields {
  return {
    name: v.name,
    year: v.year,
    serialPrefix: v.serialPrefix,
    totalBudgetFen: parseAmountToFen(v.totalBudget, v.budgetUnit)!,
    applyFrom: shanghaiStartOfDay(v.applyFrom),
    applyTo: shanghaiEndOfDay(v.applyTo),
    capFen: parseAmountToFen(v.cap, v.capUnit)!,
    shareBp: shareBpFromPercent(v.sharePercent),
    allowedCategories: [...new Set(v.allowedCategories ?? [])].sort(),
    validityMonths: v.validityMonths,
    redemptionGraceMonths: v.redemptionGraceMonths,
    acceptPartnerRegions: v.acceptPartnerRegions ?? false,
  }
}

export const REASON_MAX = 200

export const FundSchema = z
  .object({
    amount: amount(E('fundAmountRequired'), E('fundAmountInvalid')),
    unit: z.enum(AMOUNT_UNITS, { error: E('unitRequired') }),
    reason: z
      .string({ error: E('fundReasonRequired') })
      .trim()
      .min(2, { error: E('fundReasonRequired') })
      .max(REASON_MAX, { error: errorKey(E('fundReasonTooLong'), { max: REASON_MAX }) }),
    idempotencyKey: z.string({ error: E('formExpired') }).regex(/^[A-Za-z0-9-]{8,64}$/, { error: E('formExpired') }),
  })
  .superRefine((v, ctx) => {
    const fen = parseAmountToFen(v.amount, v.unit)
    if (fen === null || fen <= 0n) ctx.addIssue({ code: 'custom', path: ['amount'], message: E('fundAmountInvalid') })
  })

export type FundForm = z.infer<typeof FundSchema>
