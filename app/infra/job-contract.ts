import { z } from 'zod'

// The typed job contract (immich-style): every job names its queue and the zod schema of its
// payload. Payloads carry ids only. The worker refuses to boot when a job here has no processor.
// Pure module: imported by app code (to write outbox rows) and by jobs/ (to process them).

export const QUEUE_NAMES = ['notifications', 'timers', 'maintenance'] as const
export type QueueName = (typeof QUEUE_NAMES)[number]

const bookingRef = z.object({ bookingId: z.string().uuid() })

export const JOBS = {
  /** Outbox event after a booking is requested: mail the institution's staff (notify-booking, event 'request'). */
  'booking.requested': { queue: 'notifications', payload: bookingRef },
  /** Outbox event after every booking transition (fire.server.ts): tell whoever must act or would want to know. */
  'booking.notify': {
    queue: 'notifications',
    payload: z.object({ bookingId: z.string().uuid(), event: z.string().min(1), eventId: z.string().min(1) }),
  },
  /** Timer: a request not decided by its deadline expires and its hold is voided (DOMAIN: 3 days). */
  'booking.expire-if-undecided': { queue: 'timers', payload: bookingRef },
  /** Timer: an approved booking whose co-payment is unpaid at pay_by expires, its hold voided (DOMAIN: 24 h). */
  'booking.expire-if-unpaid': { queue: 'timers', payload: bookingRef },
  /** Timer: a delivered booking not confirmed by confirm_by is confirmed automatically (DOMAIN: 7 days). */
  'booking.auto-confirm': { queue: 'timers', payload: bookingRef },
  /** Scheduled sweep backing up the timers: every overdue booking (undecided, unpaid, unconfirmed) moves on. */
  'bookings.sweep-overdue-requests': { queue: 'maintenance', payload: z.object({}).strict() },
  /** Scheduled sweep: expire vouchers past their validity and lapse their free balance to the budget. */
  'vouchers.sweep-expired': { queue: 'maintenance', payload: z.object({}).strict() },
  /**
   * Refund the co-payment paid beyond what the booking owes (a cancellation fee, a lower final fee,
   * a payment that arrived after the booking ended) through Stripe. `refundKey` names this refund:
   * the payment_refund row and Stripe's idempotency key derive from it, so a rerun refunds once.
   */
  'payment.refund': {
    queue: 'notifications',
    payload: z.object({ bookingId: z.string().uuid(), refundKey: z.string().min(1).max(200) }),
  },
  /**
   * Cancel the PaymentIntent of a booking that ended (expired, failed, cancelled) before its
   * co-payment was paid, so it can no longer be paid (the engine's cancel-copay-intent effect).
   * Stripe's idempotency key derives from the booking: a rerun cancels once.
   */
  'payment.cancel-intent': { queue: 'notifications', payload: bookingRef },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>

export type JobName = keyof typeof JOBS
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].payload.parse(data) as JobPayload<N>
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name)
}

/**
 * A BullMQ job id built from a business key, so adding the same job twice (a retried request, a
 * second worker) yields one job while it is kept. BullMQ rejects custom ids that contain ':' (its
 * key separator) or that look like integers; the key is URI-encoded (':' → '%3A') and joined with
 * '@', which no job name contains, so distinct (name, key) pairs never map to the same id.
 */
export function jobIdFor(name: JobName, key: string): string {
  if (key === '') throw new Error(`jobIdFor(${name}): empty business key`)
  return `${name}@${encodeURIComponent(key)}`
}

/**
 * The job id the outbox relay gives a row (jobs/relay.ts): its id and its creation time (ms,
 * base 36). The id alone is not enough: a database dropped and created again restarts the outbox
 * ids, and BullMQ keeps completed jobs for days — a new row with a reused id would be taken for a
 * duplicate and never run. Both parts are fixed once the row exists, so a re-published row (a
 * relay that died before marking it sent) still gets the same id and is deduped.
 */
export function outboxJobId(row: { id: bigint | number | string; createdAt: Date }): string {
  return `outbox-${row.id}-${row.createdAt.getTime().toString(36)}`
}
