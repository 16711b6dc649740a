// One zod schema per form on the instrument-management pages, used by the server action and by
// the browser (Conform) alike. Messages are i18n keys in the 'manage' namespace
// (components/field-error.ts translates them when shown).
import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import {
  bookingRulesProblems,
  CANCEL_RULE_BOUNDS,
  DEFAULT_CANCEL_RULES,
  parsePercentToBp,
  RULE_BOUNDS,
  SLOT_MINUTES,
  type RuleProblem,
} from './booking-rules'
import { parseFee, parseOriginalValue } from './money-input'
import { parseDayRanges, WEEKDAYS, type MinuteRange } from './open-hours'
import { parseIsoDate, parseShanghaiDateTime } from './shanghai-time'
import { parseWholeNumber, toHalfWidth } from './text-normalise'

const required = (key: string, max: number) =>
  z
    .string({ error: `manage:errors.${key}Required` })
    .trim()
    .min(1, { error: `manage:errors.${key}Required` })
    .max(max, { error: errorKey('manage:errors.tooLong', { max }) })

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: errorKey('manage:errors.tooLong', { max }) })
    .optional()
    .transform((v) => (v ? v : null))

// Mainland mobile, or a landline with area code (0818-2123456), optionally with an extension.
const PHONE_RE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/

const optionalPhone = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? toHalfWidth(v)
          .replace(/[\s()（）]/g, '')
          .replace(/^\+?86-?/, '')
      : null,
  )
  .refine((v) => v === null || PHONE_RE.test(v), { error: 'manage:errors.phoneInvalid' })

/** A whole number field; full-width digits welcome. */
const wholeNumber = (key: string) =>
  z.string({ error: `manage:errors.${key}Required` }).transform((value, ctx) => {
    const n = parseWholeNumber(value)
    if (n === null) {
      ctx.issues.push({ code: 'custom', message: 'manage:errors.wholeNumber', input: value })
      return z.NEVER
    }
    return n
  })

export const SHARING_STATUSES = ['open', 'internal_only', 'maintenance', 'retired'] as const
export const EDITABLE_SHARING_STATUSES = ['open', 'internal_only', 'maintenance'] as const
export const BOOKING_MODES = ['operated', 'self_operated'] as const
export const SERVICE_UNITS = ['hour', 'sample', 'item'] as const

function ruleMessage(p: RuleProblem): string {
  return errorKey(`manage:errors.rules.${p.problem}`, p.params ?? {})
}

/** The fields alone (what the browser's constraint attributes come from). */
export const InstrumentFields = z.object({
  assetNo: required('assetNo', 50).transform((v) => toHalfWidth(v).trim()),
  name: required('name', 100),
  nameEn: optional(200),
  model: optional(100),
  manufacturer: optional(100),
  country: optional(50),
  originalValue: z.string({ error: 'manage:errors.originalValueRequired' }),
  valueUnit: z.enum(['yuan', 'wan'], { error: 'manage:errors.valueUnitRequired' }),
  inUseSince: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return null
      const date = parseIsoDate(value)
      if (!date || date.getUTCFullYear() < 1950) {
        ctx.issues.push({ code: 'custom', message: 'manage:errors.dateInvalid', input: value })
        return z.NEVER
      }
      return date
    }),
  categoryCode: z
    .string({ error: 'manage:errors.categoryRequired' })
    .regex(/^\d{2}(\d{2})?$/, { error: 'manage:errors.categoryRequired' }),
  lab: optional(100),
  address: optional(200),
  specifications: optional(2000),
  researchFields: optional(500),
  uses: optional(2000),
  accessories: optional(1000),
  accreditation: optional(500),
  contactName: optional(50),
  contactPhone: optionalPhone,
  sharingStatus: z.enum(SHARING_STATUSES, { error: 'manage:errors.sharingStatusRequired' }),
  bookingMode: z.enum(BOOKING_MODES, { error: 'manage:errors.bookingModeRequired' }),
  minNoticeHours: wholeNumber('minNoticeHours'),
  maxAdvanceDays: wholeNumber('maxAdvanceDays'),
  slotMinutes: z
    .enum(SLOT_MINUTES.map(String) as ['15', '30', '60'], { error: 'manage:errors.slotRequired' })
    .transform(Number),
  minDurationMinutes: wholeNumber('minDuration'),
  maxDurationMinutes: wholeNumber('maxDuration'),
  bufferMinutes: wholeNumber('buffer'),
  requiresApproval: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === 'true'),
  // Cancellation rules: left empty (or not sent at all), the defaults apply — 24 hours, no fee.
  cancelFreeHours: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return DEFAULT_CANCEL_RULES.cancelFreeHours
      const n = parseWholeNumber(value)
      const { min, max } = CANCEL_RULE_BOUNDS.cancelFreeHours
      if (n === null || n < min || n > max) {
        ctx.issues.push({ code: 'custom', message: errorKey('manage:errors.between', { min, max }), input: value })
        return z.NEVER
      }
      return n
    }),
  cancelFeePercent: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return DEFAULT_CANCEL_RULES.cancelFeeBp
      const bp = parsePercentToBp(value)
      if (bp === null) {
        ctx.issues.push({ code: 'custom', message: 'manage:errors.cancelFeePercent', input: value })
        return z.NEVER
      }
      return bp
    }),
})

export const InstrumentSchema = InstrumentFields
  // Both checks run even while other fields still have problems (zod 4 skips refinements after a
  // failed field otherwise), each only on the fields it reads being present.
  .superRefine(
    (v, ctx) => {
      if (typeof v.originalValue !== 'string' || (v.valueUnit !== 'yuan' && v.valueUnit !== 'wan')) return
      const value = parseOriginalValue(v.originalValue, v.valueUnit)
      if (!value.ok) {
        ctx.addIssue({ code: 'custom', path: ['originalValue'], message: `manage:errors.amount.${value.problem}` })
      }
    },
    { when: () => true },
  )
  .superRefine(
    (v, ctx) => {
      const fields = [
        v.minNoticeHours,
        v.maxAdvanceDays,
        v.slotMinutes,
        v.minDurationMinutes,
        v.maxDurationMinutes,
        v.bufferMinutes,
      ] as unknown[]
      if (!fields.every((n) => typeof n === 'number')) return
      for (const p of bookingRulesProblems(v))
        ctx.addIssue({ code: 'custom', path: [p.field], message: ruleMessage(p) })
    },
    { when: () => true },
  )
  .transform((v) => {
    const { originalValue, valueUnit, cancelFeePercent, ...rest } = v
    const value = parseOriginalValue(originalValue, valueUnit)
    return { ...rest, cancelFeeBp: cancelFeePercent, originalValueFen: value.ok ? value.fen : 0n }
  })
export type InstrumentInput = z.output<typeof InstrumentSchema>

export { RULE_BOUNDS }

export const ServiceItemFields = z.object({
  name: required('serviceName', 100),
  nameEn: optional(200),
  unit: z.enum(SERVICE_UNITS, { error: 'manage:errors.unitRequired' }),
  fee: z.string({ error: 'manage:errors.feeRequired' }),
  minQuantity: wholeNumber('minQuantity').refine((n) => n >= 1 && n <= 10000, {
    error: errorKey('manage:errors.between', { min: 1, max: 10000 }),
  }),
  description: optional(500),
})

export const ServiceItemSchema = ServiceItemFields.superRefine(
  (v, ctx) => {
    if (typeof v.fee !== 'string') return
    const fee = parseFee(v.fee)
    if (!fee.ok) ctx.addIssue({ code: 'custom', path: ['fee'], message: `manage:errors.amount.${fee.problem}` })
  },
  { when: () => true },
).transform(({ fee, ...rest }) => {
  const parsed = parseFee(fee)
  return { ...rest, feeFen: parsed.ok ? parsed.fen : 0 }
})
export type ServiceItemInput = z.output<typeof ServiceItemSchema>

const dayField = (weekday: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const result = parseDayRanges(value ?? '')
      if (result.ok) return result.ranges
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: errorKey(`manage:errors.hours.${result.problem}`, {
          index: result.index,
          text: result.text,
          other: result.other ?? 0,
          weekday,
        }),
      })
      return z.NEVER
    })

export const OpenHoursSchema = z.object({
  day1: dayField(1),
  day2: dayField(2),
  day3: dayField(3),
  day4: dayField(4),
  day5: dayField(5),
  day6: dayField(6),
  day7: dayField(7),
})

/** The rows to store for a parsed week: weekday 1 = Monday … 7 = Sunday. */
export function weekRows(week: z.output<typeof OpenHoursSchema>): (MinuteRange & { weekday: number })[] {
  return WEEKDAYS.flatMap((weekday) => week[`day${weekday}`].map((r) => ({ weekday, ...r })))
}

const shanghaiDateTime = (key: string) =>
  z.string({ error: `manage:errors.${key}Required` }).transform((value, ctx) => {
    const at = parseShanghaiDateTime(value)
    if (!at) {
      ctx.issues.push({ code: 'custom', message: 'manage:errors.dateTimeInvalid', input: value })
      return z.NEVER
    }
    return at
  })

// An exception longer than a year is a typo in the year.
const MAX_EXCEPTION_MS = 366 * 24 * 60 * 60 * 1000

export const ExceptionSchema = z
  .object({
    kind: z.enum(['blackout', 'extra'], { error: 'manage:errors.kindRequired' }),
    startsAt: shanghaiDateTime('startsAt'),
    endsAt: shanghaiDateTime('endsAt'),
    reason: optional(200),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt.getTime() <= v.startsAt.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'manage:errors.endBeforeStart' })
    } else if (v.endsAt.getTime() - v.startsAt.getTime() > MAX_EXCEPTION_MS) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'manage:errors.exceptionTooLong' })
    }
  })
export type ExceptionInput = z.output<typeof ExceptionSchema>
