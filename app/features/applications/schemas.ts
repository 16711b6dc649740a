import { z } from 'zod'
import { errorKey } from '~/components/field-error'
import { parseYuanToFen } from '~/features/money/money'
import { APPLICATION_ACTIONS, PLANNED_USE_MAX, PURPOSE_MAX, REASON_MAX } from './rules'
import { UUID_RE, isUuid } from '~/infra/uuid'

// Messages are i18n keys (components/field-error.ts) in the 'applications' namespace.

/** The enterprise's application form; the amount is typed in yuan and becomes fen here. */
export const ApplySchema = z.object({
  programmeId: z
    .string({ error: 'applications:errors.programmeRequired' })
    .regex(UUID_RE, { error: 'applications:errors.programmeRequired' }),
  amount: z
    .string({ error: 'applications:errors.amountRequired' })
    .trim()
    .min(1, { error: 'applications:errors.amountRequired' })
    .transform((value, ctx) => {
      const fen = parseYuanToFen(value)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: 'applications:errors.amountInvalid' })
        return z.NEVER
      }
      if (fen <= 0n) {
        ctx.addIssue({ code: 'custom', message: 'applications:errors.amountPositive' })
        return z.NEVER
      }
      return fen
    }),
  purpose: z
    .string({ error: 'applications:errors.purposeRequired' })
    .trim()
    .min(1, { error: 'applications:errors.purposeRequired' })
    .refine((s) => [...s].length <= PURPOSE_MAX, {
      error: errorKey('applications:errors.purposeTooLong', { max: PURPOSE_MAX }),
    }),
  plannedUse: z
    .string()
    .trim()
    .refine((s) => [...s].length <= PLANNED_USE_MAX, {
      error: errorKey('applications:errors.plannedUseTooLong', { max: PLANNED_USE_MAX }),
    })
    .optional()
    .transform((s) => (s ? s : null)),
  idempotencyKey: z.string().regex(UUID_RE, { error: 'applications:errors.unknownAction' }),
})
export type ApplyForm = z.infer<typeof ApplySchema>

/** An officer's decision on the detail page. */
export const ApplicationReviewSchema = z.object({
  intent: z.enum(APPLICATION_ACTIONS, { error: 'applications:errors.unknownAction' }),
  reason: z.string().trim().max(REASON_MAX, { error: 'applications:errors.reasonTooLong' }).optional(),
})

export const APPLICATION_QUEUE_FILTERS = [
  'awaiting',
  'submitted',
  'county_approved',
  'approved',
  'rejected',
  'all',
] as const
export type ApplicationQueueFilter = (typeof APPLICATION_QUEUE_FILTERS)[number]

export const QUEUE_PAGE_SIZE = 25

export function parseApplicationQueueParams(params: URLSearchParams) {
  const status = params.get('status') ?? ''
  const programmeId = params.get('programme') ?? ''
  const page = Number.parseInt(params.get('page') ?? '1', 10)
  return {
    status: (APPLICATION_QUEUE_FILTERS as readonly string[]).includes(status)
      ? (status as ApplicationQueueFilter)
      : 'awaiting',
    programmeId: isUuid(programmeId) ? programmeId : null,
    q: (params.get('q') ?? '').trim().slice(0, 100) || null,
    order: params.get('order') === 'desc' ? ('desc' as const) : ('asc' as const),
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    pageSize: QUEUE_PAGE_SIZE,
  }
}
