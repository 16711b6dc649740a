import { Queue, type Job, type JobsOptions } from 'bullmq'
import { getEnv } from './env.server'
import {
  JOBS,
  QUEUE_NAMES,
  jobIdFor,
  parsePayload,
  type JobName,
  type JobPayload,
  type QueueName,
} from './job-contract'
import { getRedis, type Redis } from './redis.server'

export { jobIdFor }

/**
 * Every job retries with backoff (processors are idempotent); finished jobs are kept long enough
 * that a re-added job id (an outbox row published twice after a relay crash) is still deduped.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const satisfies JobsOptions

export type Queues = {
  get(name: QueueName): Queue
  /** Closes every Queue created so far (not the connection: its owner quits it). */
  close(): Promise<void>
}

/** A set of Queues sharing one connection, created on first use. */
export function createQueues({
  connection,
  prefix = getEnv().QUEUE_PREFIX,
}: {
  connection: Redis
  prefix?: string
}): Queues {
  const queues = new Map<QueueName, Queue>()
  return {
    get(name) {
      if (!QUEUE_NAMES.includes(name)) throw new Error(`Unknown queue "${name}" (known: ${QUEUE_NAMES.join(', ')})`)
      let queue = queues.get(name)
      if (!queue) {
        queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })
        queues.set(name, queue)
      }
      return queue
    },
    async close() {
      const all = [...queues.values()]
      queues.clear()
      await Promise.all(all.map((q) => q.close()))
    },
  }
}

const globalForQueues = globalThis as unknown as { __queues?: Queues }

function processQueues(): Queues {
  globalForQueues.__queues ??= createQueues({ connection: getRedis() })
  return globalForQueues.__queues
}

/** The process-wide Queue for `name`, with prefix QUEUE_PREFIX, on the shared connection. */
export function getQueue(name: QueueName): Queue {
  return processQueues().get(name)
}

/** Closes the process-wide Queues; then `closeRedis()` quits their connection. */
export async function closeQueues(): Promise<void> {
  const queues = globalForQueues.__queues
  globalForQueues.__queues = undefined
  await queues?.close()
}

/**
 * Adds a job straight to BullMQ, typed and validated by the contract. For work that must happen
 * if and only if a transaction commits, write an outbox row instead (`enqueueOutbox`). `key`
 * gives the job a business-key id (`jobIdFor`) so adding it twice yields one job.
 */
export async function addJob<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  opts: Omit<JobsOptions, 'jobId'> & { key?: string; queues?: Queues } = {},
): Promise<Job> {
  const { key, queues, ...jobOpts } = opts
  const data = parsePayload(name, payload)
  const queue = (queues ?? processQueues()).get(JOBS[name].queue)
  return queue.add(name, data, { ...jobOpts, ...(key === undefined ? {} : { jobId: jobIdFor(name, key) }) })
}
