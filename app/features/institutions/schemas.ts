import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import { passwordProblem } from '~/features/users/password-rule'
import { usccField } from '~/features/users/schemas'
import { BANK_ACCOUNT_MAX, BANK_ACCOUNT_MIN, validateBankAccount, validateCmaNo, validateCnasNo } from './validators'

// One schema per form, shared by the server action and the browser (Conform). Messages are i18n
// keys (components/field-error.ts); the account fields reuse the auth namespace's messages.

export const INSTITUTION_TYPES = ['university', 'research_institute', 'testing_centre', 'enterprise_lab'] as const

// Mainland mobile (11 digits starting 1[3-9]) or a landline with area code (0818-2123456) — as on
// the enterprise register form.
const PHONE_RE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/

const text = (required: string, min: number, max: number, tooShort: string, tooLong: string) =>
  z.string({ error: required }).trim().min(min, { error: tooShort }).max(max, { error: tooLong })

const phone = z
  .string({ error: 'institutions:errors.contactPhoneRequired' })
  .transform((v) => v.replace(/[\s()（）]/g, '').replace(/^\+?86-?/, ''))
  .refine((v) => PHONE_RE.test(v), { error: 'auth:errors.phoneInvalid' })

const institutionFields = {
  name: text(
    'institutions:errors.nameRequired',
    2,
    100,
    'institutions:errors.nameTooShort',
    'institutions:errors.nameTooLong',
  ),
  nameEn: z.string().trim().max(200, { error: 'institutions:errors.nameEnTooLong' }).optional(),
  uscc: usccField,
  type: z.enum(INSTITUTION_TYPES, { error: 'institutions:errors.typeRequired' }),
  // Optional in the form: the server defaults it from the USCC's region code (positions 3–8).
  regionId: z.string().optional(),
  legalRep: text(
    'institutions:errors.legalRepRequired',
    2,
    50,
    'institutions:errors.legalRepTooShort',
    'institutions:errors.legalRepTooLong',
  ),
  cmaNo: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined
      const r = validateCmaNo(v)
      if (!r.ok) ctx.addIssue({ code: 'custom', message: 'institutions:errors.cmaFormat' })
      return r.ok ? r.value : v
    }),
  cnasNo: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return undefined
      const r = validateCnasNo(v)
      if (!r.ok) ctx.addIssue({ code: 'custom', message: 'institutions:errors.cnasFormat' })
      return r.ok ? r.value : v
    }),
  bankName: text(
    'institutions:errors.bankNameRequired',
    4,
    100,
    'institutions:errors.bankNameTooShort',
    'institutions:errors.bankNameTooLong',
  ),
  bankAccount: z.string({ error: 'institutions:errors.bankAccountRequired' }).transform((v, ctx) => {
    const r = validateBankAccount(v)
    if (r.ok) return r.account
    ctx.addIssue({
      code: 'custom',
      message:
        r.problem === 'digits'
          ? 'institutions:errors.bankAccountDigits'
          : errorKey('institutions:errors.bankAccountLength', {
              min: BANK_ACCOUNT_MIN,
              max: BANK_ACCOUNT_MAX,
              count: r.length,
            }),
    })
    return v
  }),
  contactName: text(
    'institutions:errors.contactNameRequired',
    2,
    50,
    'auth:errors.nameTooShort',
    'auth:errors.nameTooLong',
  ),
  contactPhone: phone,
  address: text(
    'institutions:errors.addressRequired',
    5,
    200,
    'institutions:errors.addressTooShort',
    'institutions:errors.addressTooLong',
  ),
}

/** The application by someone already signed in: the institution is attached to their account. */
export const ApplySchema = z.object(institutionFields)
export type ApplyInput = z.infer<typeof ApplySchema>

/** The application by a visitor: also opens their account (the contact person becomes staff). */
export const ApplyWithAccountSchema = z
  .object({
    ...institutionFields,
    email: z
      .string({ error: 'auth:errors.emailRequired' })
      .trim()
      .toLowerCase()
      .max(254, { error: 'auth:errors.emailInvalid' })
      .email({ error: 'auth:errors.emailInvalid' }),
    password: z.string({ error: 'auth:errors.passwordRequired' }).superRefine((value, ctx) => {
      const problem = passwordProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: `auth:errors.password.${problem}` })
    }),
    confirmPassword: z.string({ error: 'auth:errors.confirmRequired' }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    error: 'auth:errors.confirmMismatch',
    path: ['confirmPassword'],
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'password' || i.path?.[0] === 'confirmPassword'),
  })
export type ApplyWithAccountInput = z.infer<typeof ApplyWithAccountSchema>
