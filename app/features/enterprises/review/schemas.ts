import { z } from 'zod'
import { ENTERPRISE_ACTIONS, REASON_MAX } from './review-flow'

// Messages are i18n keys (components/field-error.ts) in the 'enterprises' namespace.

/** An officer's decision on the detail page: which action, and the reason (required to reject or suspend). */
export const EnterpriseReviewSchema = z.object({
  intent: z.enum(ENTERPRISE_ACTIONS, { error: 'enterprises:errors.unknownAction' }),
  reason: z.string().trim().max(REASON_MAX, { error: 'enterprises:errors.reasonTooLong' }).optional(),
})
export type EnterpriseReviewInput = z.infer<typeof EnterpriseReviewSchema>

/** The queue's filters, from the URL. */
export const ENTERPRISE_QUEUE_FILTERS = [
  'awaiting',
  'pending',
  'county_reviewed',
  'verified',
  'rejected',
  'suspended',
  'all',
] as const
export type EnterpriseQueueFilter = (typeof ENTERPRISE_QUEUE_FILTERS)[number]

export function parseEnterpriseQueueParams(params: URLSearchParams): {
  status: EnterpriseQueueFilter
  order: 'asc' | 'desc'
} {
  const status = params.get('status') ?? ''
  const order = params.get('order') === 'desc' ? 'desc' : 'asc'
  return {
    status: (ENTERPRISE_QUEUE_FILTERS as readonly string[]).includes(status)
      ? (status as EnterpriseQueueFilter)
      : 'awaiting',
    order,
  }
}
