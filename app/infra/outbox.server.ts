import type { Tx } from './db.server'
import { JOBS, type JobName, type JobPayload } from './job-contract'

/**
 * Writes an outbox row inside the caller's transaction: the event exists if and only if the
 * change that caused it committed. The relay (jobs/relay.ts) publishes it to BullMQ with the
 * outbox id as job id, at least once; processors are idempotent.
 */
export async function enqueueOutbox<N extends JobName>(
  tx: Tx,
  name: N,
  payload: JobPayload<N>,
  options: { availableAt?: Date } = {},
): Promise<bigint> {
  const job = JOBS[name]
  const parsed = job.payload.parse(payload) as object
  const row = await tx.outbox.create({
    data: { queue: job.queue, name, payload: parsed, availableAt: options.availableAt ?? new Date() },
    select: { id: true },
  })
  return row.id
}
