import { JOBS, QUEUE_NAMES, parsePayload, type JobName, type JobPayload } from '~/infra/job-contract'
import type { Logger } from '~/infra/logger.server'
import type { Queues } from '~/infra/queue.server'

export type Schedule<N extends JobName = JobName> = {
  /** The scheduler id in BullMQ; stable, so upserting at every boot updates it in place. */
  id: string
  job: N
  payload: JobPayload<N>
  /** Milliseconds between runs. */
  every: number
}

/**
 * Every schedule of the system, declared here and nowhere else. Upserted at each worker start;
 * any number of workers may do so at once (BullMQ makes one job per iteration).
 */
export const SCHEDULES: readonly Schedule[] = [
  // Backs up the per-booking timers (a lost or late timer): DOMAIN: a request not approved in N
  // days expires and its voucher hold is voided; so does an approval unpaid after 24 h; a delivery
  // not confirmed in 7 days is confirmed. Each is one indexed (status, deadline) read a minute.
  { id: 'bookings.sweep-overdue-requests', job: 'bookings.sweep-overdue-requests', payload: {}, every: 60_000 },
  // DOMAIN: unused balance lapses at expiry and returns to the programme budget. Every 10 minutes:
  // a voucher stops being usable at its exact end (a booking request checks expires_at itself), so
  // the sweep only moves the lapsed money back; a lag of minutes costs nothing, while a run every
  // minute would scan the expired vouchers' balances ten times as often for no gain.
  { id: 'vouchers.sweep-expired', job: 'vouchers.sweep-expired', payload: {}, every: 600_000 },
]

/**
 * Upserts every declared schedule and removes schedulers this file no longer declares, so a
 * schedule deleted from the code stops running after the next deploy.
 */
export async function upsertSchedules(
  queues: Pick<Queues, 'get'>,
  logger: Logger,
  schedules: readonly Schedule[] = SCHEDULES,
) {
  const declared = new Set(schedules.map((s) => s.id))
  for (const s of schedules) {
    await queues.get(JOBS[s.job].queue).upsertJobScheduler(
      s.id,
      { every: s.every },
      {
        name: s.job,
        data: parsePayload(s.job, s.payload),
        // A failed sweep is not retried: the next iteration is a minute away. Keep a short history.
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
      },
    )
  }
  for (const queueName of QUEUE_NAMES) {
    const queue = queues.get(queueName)
    for (const existing of await queue.getJobSchedulers()) {
      if (!declared.has(existing.key)) {
        await queue.removeJobScheduler(existing.key)
        logger.info({ queue: queueName, scheduler: existing.key }, 'removed a job scheduler no longer declared')
      }
    }
  }
  logger.info({ schedules: schedules.map((s) => s.id) }, 'job schedulers upserted')
}
