import { z } from 'zod'
import { REASON_MAX, type OrgReview } from './review-flow'

// Messages are i18n keys (components/field-error.ts) in the organisation's namespace (OrgReview.ns).

/** An officer's decision on the detail page: which action, and the reason (required to reject or suspend). */
export function orgReviewSchema<A extends string>(org: OrgReview<A>) {
  return z.object({
    intent: z.enum(org.actions, { error: `${org.ns}:errors.unknownAction` }),
    reason: z
      .string()
      .trim()
      .max(REASON_MAX, { error: `${org.ns}:errors.reasonTooLong` })
      .optional(),
  })
}

/** The queue's filters, from the URL. */
export const ORG_QUEUE_FILTERS = [
  'awaiting',
  'pending',
  'county_reviewed',
  'verified',
  'rejected',
  'suspended',
  'all',
] as const
export type OrgQueueFilter = (typeof ORG_QUEUE_FILTERS)[number]
export type OrgQueueParams = { status: OrgQueueFilter; order: 'asc' | 'desc' }

export function parseOrgQueueParams(params: URLSearchParams): OrgQueueParams {
  const status = params.get('status') ?? ''
  const order = params.get('order') === 'desc' ? 'desc' : 'asc'
  return {
    status: (ORG_QUEUE_FILTERS as readonly string[]).includes(status) ? (status as OrgQueueFilter) : 'awaiting',
    order,
  }
}
