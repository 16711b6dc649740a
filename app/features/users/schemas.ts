import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import { normaliseControllerGroup } from '~/features/enterprises/controller-group'
import {
  OTHER_STATUSES,
  RELATED_PARTY_MAX,
  RELATIONS,
  SME_REG_YEAR_MIN,
  type Relation,
} from '~/features/enterprises/declarations'
import { normaliseUscc, validateUscc } from '~/features/enterprises/uscc'
import { AMOUNT_UNITS, parseAmountToFen, parseWanToFen } from '~/features/programmes/rules'
import { passwordProblem } from './password-rule'
import { isUuid } from '~/infra/uuid'

// One schema per form, used by the server action and by the browser (Conform) alike. Messages are
// i18n keys (see components/field-error.ts), translated when shown.

const email = z
  .string({ error: 'auth:errors.emailRequired' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'auth:errors.emailInvalid' })
  .email({ error: 'auth:errors.emailInvalid' })

/**
 * A USCC typed by a person: normalised (full-width, spaces, case), then checked against GB 32100,
 * naming the problem (length / which character / checksum). Shared by every form that asks for one.
 */
export const usccField = z
  .string({ error: 'auth:errors.usccRequired' })
  .transform(normaliseUscc)
  .superRefine((value, ctx) => {
    const result = validateUscc(value)
    if (result.ok) return
    const message =
      result.problem === 'length'
        ? errorKey('auth:errors.uscc.length', { count: value.length })
        : result.problem === 'character'
          ? errorKey('auth:errors.uscc.character', {
              position: result.position ?? 0,
              char: value[(result.position ?? 1) - 1] ?? '',
            })
          : 'auth:errors.uscc.checksum'
    ctx.addIssue({ code: 'custom', message })
  })

export const LoginSchema = z.object({
  email,
  password: z.string({ error: 'auth:errors.passwordRequired' }).max(200, { error: 'auth:errors.passwordRequired' }),
  remember: z.boolean().optional(),
  redirectTo: z.string().optional(),
})
export type LoginInput = z.infer<typeof LoginSchema>

// Mainland mobile (11 digits starting 1[3-9]) or a landline with area code (0818-2123456).
const PHONE_RE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/

const E = (key: string) => `auth:errors.${key}`

/** Full-width digits (１２３) as typed by Chinese input methods → ASCII. */
const halfWidthDigits = (v: string) => v.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))

/** Optional free text: trimmed, empty → undefined. */
const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, { error: tooLong })
    .optional()
    .transform((v) => (v ? v : undefined))

/** 1000亿元: a guard against a unit mix-up (元 typed as 万元), far above any SME. */
export const SIZE_AMOUNT_MAX_FEN = 10_000_000_000_000n
export const STAFF_COUNT_MAX = 1_000_000
export const RELATED_NOTE_MAX = 200
export const CONTROLLER_GROUP_MAX = 100

/** An amount of money ≥ 0 as typed (its unit is checked once known, see the refinements below). */
const sizeAmount = (required: string, invalid: string) =>
  z
    .string({ error: required })
    .trim()
    .refine((v) => v !== '', { error: required })
    .refine((v) => v === '' || parseWanToFen(v) !== null, { error: invalid })

const relatedPartyRow = z.object({
  institutionId: z.string().trim().optional(),
  relation: z.enum(RELATIONS, { error: E('relationInvalid') }).optional(),
  note: z
    .string()
    .trim()
    .max(RELATED_NOTE_MAX, { error: errorKey(E('relatedNoteTooLong'), { max: RELATED_NOTE_MAX }) })
    .optional(),
})

export type DeclaredRelatedParty = { institutionId: string; relation: Relation; note: string | null }

/**
 * Declared related parties (DOMAIN "Related parties"): the form offers a few rows of institution +
 * relation + note; untouched rows are dropped, a half-filled row says what is missing, and an
 * institution may be declared once. Whether the institution exists (and is admitted) is the use
 * case's check.
 */
const relatedParties = z
  .array(relatedPartyRow.optional())
  .max(RELATED_PARTY_MAX, { error: errorKey(E('relatedTooMany'), { max: RELATED_PARTY_MAX }) })
  .optional()
  .superRefine((rows, ctx) => {
    const seen = new Set<string>()
    rows?.forEach((row, i) => {
      if (!row) return
      const id = row.institutionId ?? ''
      if (id === '') {
        if (row.relation || row.note)
          ctx.addIssue({ code: 'custom', path: [i, 'institutionId'], message: E('relatedInstitutionRequired') })
        return
      }
      if (!isUuid(id)) {
        ctx.addIssue({ code: 'custom', path: [i, 'institutionId'], message: E('relatedInstitutionUnknown') })
      } else if (seen.has(id.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [i, 'institutionId'], message: E('relatedInstitutionTwice') })
      }
      seen.add(id.toLowerCase())
      if (!row.relation) ctx.addIssue({ code: 'custom', path: [i, 'relation'], message: E('relationRequired') })
      else if (row.relation === 'other' && !row.note)
        ctx.addIssue({ code: 'custom', path: [i, 'note'], message: E('relatedNoteRequired') })
    })
  })
  .transform((rows): DeclaredRelatedParty[] =>
    (rows ?? []).flatMap((row) =>
      row?.institutionId && row.relation
        ? [{ institutionId: row.institutionId.toLowerCase(), relation: row.relation, note: row.note || null }]
        : [],
    ),
  )

/** A refinement across fields runs once those fields parsed, even while other fields are wrong. */
const whenValid =
  (...paths: string[]) =>
  (payload: { issues: { path?: PropertyKey[] }[] }) =>
    !payload.issues.some((i) => paths.includes(String(i.path?.[0])))

/**
 * The registration form. `currentYear` (Asia/Shanghai) bounds the 科技型中小企业 registration year;
 * the route passes it in so the schema never reads the clock.
 */
export function registerSchema({ currentYear }: { currentYear: number }) {
  return z
    .object({
      name: z
        .string({ error: E('nameRequired') })
        .trim()
        .min(2, { error: E('nameTooShort') })
        .max(50, { error: E('nameTooLong') }),
      email,
      phone: z
        .string({ error: E('phoneRequired') })
        .transform((v) => v.replace(/[\s()（）]/g, '').replace(/^\+?86-?/, ''))
        .refine((v) => PHONE_RE.test(v), { error: E('phoneInvalid') }),
      password: z.string({ error: E('passwordRequired') }).superRefine((value, ctx) => {
        const problem = passwordProblem(value)
        if (problem) ctx.addIssue({ code: 'custom', message: E(`password.${problem}`) })
      }),
      confirmPassword: z.string({ error: E('confirmRequired') }),
      enterpriseName: z
        .string({ error: E('enterpriseNameRequired') })
        .trim()
        .min(2, { error: E('enterpriseNameTooShort') })
        .max(100, { error: E('enterpriseNameTooLong') }),
      uscc: usccField,
      // Optional in the form: the server defaults it from the USCC's region code (positions 3–8).
      regionId: z.string().optional(),
      legalRep: z
        .string({ error: E('legalRepRequired') })
        .trim()
        .min(2, { error: E('legalRepTooShort') })
        .max(50, { error: E('legalRepTooLong') }),
      address: z
        .string({ error: E('addressRequired') })
        .trim()
        .min(4, { error: E('addressTooShort') })
        .max(200, { error: E('addressTooLong') }),
      // DOMAIN: "holds a 科技型中小企业 registration number (free text) or another listed status".
      smeRegNo: optionalText(40, E('smeRegNoTooLong')),
      smeRegYear: z
        .string()
        .optional()
        .transform((v, ctx) => {
          const text = halfWidthDigits(v ?? '').trim()
          if (text === '') return undefined
          const range = errorKey(E('smeRegYearRange'), { min: SME_REG_YEAR_MIN, max: currentYear })
          if (!/^\d{4}$/.test(text)) {
            ctx.addIssue({ code: 'custom', message: /^\d+$/.test(text) ? range : E('smeRegYearInvalid') })
            return z.NEVER
          }
          const year = Number(text)
          if (year < SME_REG_YEAR_MIN || year > currentYear) {
            ctx.addIssue({ code: 'custom', message: range })
            return z.NEVER
          }
          return year
        }),
      otherStatus: z.enum(OTHER_STATUSES, { error: E('otherStatusInvalid') }).optional(),
      staffCount: z.string({ error: E('staffCountRequired') }).transform((v, ctx) => {
        const text = halfWidthDigits(v).replace(/[,，\s]/g, '')
        if (text === '') {
          ctx.addIssue({ code: 'custom', message: E('staffCountRequired') })
          return z.NEVER
        }
        if (!/^\d+$/.test(text)) {
          ctx.addIssue({ code: 'custom', message: E('staffCountNotInteger') })
          return z.NEVER
        }
        const count = Number(text)
        if (count < 1 || count > STAFF_COUNT_MAX) {
          ctx.addIssue({ code: 'custom', message: errorKey(E('staffCountRange'), { max: STAFF_COUNT_MAX }) })
          return z.NEVER
        }
        return count
      }),
      sales: sizeAmount(E('salesRequired'), E('salesInvalid')),
      salesUnit: z.enum(AMOUNT_UNITS, { error: E('unitRequired') }),
      assets: sizeAmount(E('assetsRequired'), E('assetsInvalid')),
      assetsUnit: z.enum(AMOUNT_UNITS, { error: E('unitRequired') }),
      // DOMAIN: "caps apply per controller group where one is declared"; stored trimmed with inner
      // white space collapsed, empty → null (controller-group.ts).
      controllerGroup: z
        .string()
        .optional()
        .transform((v) => normaliseControllerGroup(v))
        .refine((v) => v === null || v.length <= CONTROLLER_GROUP_MAX, {
          error: errorKey(E('controllerGroupTooLong'), { max: CONTROLLER_GROUP_MAX }),
        }),
      relatedParties,
    })
    .refine((v) => v.password === v.confirmPassword, {
      error: E('confirmMismatch'),
      path: ['confirmPassword'],
      // Say so even while other fields still have problems (zod 4 skips refinements otherwise).
      when: whenValid('password', 'confirmPassword'),
    })
    .superRefine(
      (v, ctx) => {
        if (v.smeRegNo && v.smeRegYear === undefined)
          ctx.addIssue({ code: 'custom', path: ['smeRegYear'], message: E('smeRegYearRequired') })
        else if (!v.smeRegNo && v.smeRegYear !== undefined)
          ctx.addIssue({ code: 'custom', path: ['smeRegNo'], message: E('smeRegNoRequired') })
        else if (!v.smeRegNo && !v.otherStatus)
          ctx.addIssue({ code: 'custom', path: ['smeRegNo'], message: E('smeOrStatusRequired') })
      },
      { when: whenValid('smeRegNo', 'smeRegYear', 'otherStatus') },
    )
    .superRefine(
      (v, ctx) => {
        for (const [field, unit] of [
          ['sales', v.salesUnit],
          ['assets', v.assetsUnit],
        ] as const) {
          const fen = parseAmountToFen(v[field], unit)
          if (fen === null) ctx.addIssue({ code: 'custom', path: [field], message: E(`${field}Invalid`) })
          else if (fen > SIZE_AMOUNT_MAX_FEN)
            ctx.addIssue({ code: 'custom', path: [field], message: E('amountTooLarge') })
        }
      },
      { when: whenValid('sales', 'salesUnit', 'assets', 'assetsUnit') },
    )
}
export type RegisterInput = z.infer<ReturnType<typeof registerSchema>>

/** What the use case stores: the validated form with the size figures in fen. */
export type Registration = Omit<RegisterInput, 'confirmPassword' | 'sales' | 'salesUnit' | 'assets' | 'assetsUnit'> & {
  salesFen: bigint
  assetsFen: bigint
}

/** A validated form → the values to store (the schema has already refused anything unparsable). */
export function toRegistration(v: RegisterInput): Registration {
  const { confirmPassword: _confirm, sales, salesUnit, assets, assetsUnit, ...rest } = v
  return {
    ...rest,
    salesFen: parseAmountToFen(sales, salesUnit)!,
    assetsFen: parseAmountToFen(assets, assetsUnit)!,
  }
}

export const SetLocaleSchema = z.object({
  lng: z.enum(['zh-CN', 'en']),
  redirectTo: z.string().optional(),
})
