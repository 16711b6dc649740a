import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import { normaliseUscc, validateUscc } from '~/features/enterprises/uscc'
import { passwordProblem } from './password-rule'

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

export const RegisterSchema = z
  .object({
    name: z
      .string({ error: 'auth:errors.nameRequired' })
      .trim()
      .min(2, { error: 'auth:errors.nameTooShort' })
      .max(50, { error: 'auth:errors.nameTooLong' }),
    email,
    phone: z
      .string({ error: 'auth:errors.phoneRequired' })
      .transform((v) => v.replace(/[\s()（）]/g, '').replace(/^\+?86-?/, ''))
      .refine((v) => PHONE_RE.test(v), { error: 'auth:errors.phoneInvalid' }),
    password: z.string({ error: 'auth:errors.passwordRequired' }).superRefine((value, ctx) => {
      const problem = passwordProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: `auth:errors.password.${problem}` })
    }),
    confirmPassword: z.string({ error: 'auth:errors.confirmRequired' }),
    enterpriseName: z
      .string({ error: 'auth:errors.enterpriseNameRequired' })
      .trim()
      .min(2, { error: 'auth:errors.enterpriseNameTooShort' })
      .max(100, { error: 'auth:errors.enterpriseNameTooLong' }),
    uscc: usccField,
    // Optional in the form: the server defaults it from the USCC's region code (positions 3–8).
    regionId: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    error: 'auth:errors.confirmMismatch',
    path: ['confirmPassword'],
    // Say so even while other fields still have problems (zod 4 skips refinements otherwise).
    when: (payload) => !payload.issues.some((i) => i.path?.[0] === 'password' || i.path?.[0] === 'confirmPassword'),
  })
export type RegisterInput = z.infer<typeof RegisterSchema>

export const SetLocaleSchema = z.object({
  lng: z.enum(['zh-CN', 'en']),
  redirectTo: z.string().optional(),
})
