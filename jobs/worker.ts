import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { getDb, type Db } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { JOBS, QUEUE_NAMES, isJobName, parsePayload, type QueueName } from '~/infra/job-contract'
import { getLogger, type Logger } from '~/infra/logger.server'
import { createQueues, type Queues } from '~/infra/queue.server'
import { createRedis, quitRedis } from '~/infra/redis.server'
import { checkProcessorMap, type AnyProcessor, type ProcessorContext } from './processor-map'
import { processors as defaultProcessors } from './processors/index'
import { startRelay } from './relay'
import { SCHEDULES, upsertSchedules, type Schedule } from './schedules'

/** Jobs processed at once per queue: notifications and timers are short and independent; the
 * maintenance sweeps walk many rows and gain nothing from running side by side. */
export const DEFAULT_CONCURRENCY: Record<QueueName, number> = { notifications: 5, timers: 5, maintenance: 1 }

export class WorkerBootError extends Error {
  override name = 'WorkerBootError'
}

export type StartWorkerOptions = {
  /** The Prisma client processors use; `getDb()` by default (then `stop()` disconnects it). */
  db?: Db
  /** For the relay's LISTEN connection; DATABASE_URL by default. */
  databaseUrl?: string
  redisUrl?: string
  /** BullMQ key prefix; QUEUE_PREFIX by default. */
  prefix?: string
  /** Checked against the contract before anything connects; the real map by default. */
  processors?: Readonly<Record<string, AnyProcessor>>
  clock?: () => Date
  logger?: Logger
  concurrency?: Partial<Record<QueueName, number>>
  /** Run the outbox relay in this process (default true), optionally with its poll interval. */
  relay?: boolean | { pollMs?: number }
  /** Upsert the declared schedules at start (default true). */
  schedules?: boolean | readonly Schedule[]
}

export type RunningWorker = {
  /** Graceful: stop the relay, wait for running jobs, close queues, quit Redis (and Prisma if owned). */
  stop(): Promise<void>
  queues: Queues
  workers: ReadonlyMap<QueueName, Worker>
}

/**
 * Starts the worker in this process: one BullMQ Worker per queue dispatching to the processor
 * map, the outbox relay and the declared schedules. Throws `WorkerBootError` (before opening any
 * connection) when the processor map does not match the job contract.
 */
export async function startWorker(options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const processors = options.processors ?? defaultProcessors
  const check = checkProcessorMap(Object.keys(JOBS), processors)
  if (!check.ok) throw new WorkerBootError(check.message)

  const env = getEnv()
  const ownsDb = options.db === undefined
  const db = options.db ?? getDb()
  const clock = options.clock ?? (() => new Date())
  const rootLogger = options.logger ?? getLogger()
  const logger = rootLogger.child({ component: 'worker' })
  const prefix = options.prefix ?? env.QUEUE_PREFIX
  const connection = createRedis({ url: options.redisUrl, name: 'worker' })
  const queues = createQueues({ connection, prefix })
  const workers = new Map<QueueName, Worker>()
  let stopRelay: (() => Promise<void>) | undefined
  let stopping: Promise<void> | undefined

  function stop(): Promise<void> {
    stopping ??= (async () => {
      logger.info('worker stopping')
      await stopRelay?.()
      // close() without force waits for the jobs in progress to finish.
      await Promise.all([...workers.values()].map((w) => w.close()))
      await queues.close()
      await quitRedis(connection)
      if (ownsDb) await db.$disconnect()
      logger.info('worker stopped')
    })()
    return stopping
  }

  try {
    for (const queueName of QUEUE_NAMES) {
      const worker = new Worker(queueName, (job: Job) => dispatch(queueName, job), {
        connection,
        prefix,
        concurrency: options.concurrency?.[queueName] ?? DEFAULT_CONCURRENCY[queueName],
      })
      worker.on('failed', (job, error) => {
        logger.error(
          { err: error, queue: queueName, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, data: job?.data },
          'job failed',
        )
      })
      worker.on('error', (error) => logger.error({ err: error, queue: queueName }, 'worker error'))
      workers.set(queueName, worker)
    }
    await Promise.all([...workers.values()].map((w) => w.waitUntilReady()))

    if (options.schedules !== false) {
      await upsertSchedules(
        queues,
        logger,
        options.schedules === true || options.schedules === undefined ? SCHEDULES : options.schedules,
      )
    }
    if (options.relay !== false) {
      stopRelay = await startRelay({
        db,
        queues,
        databaseUrl: options.databaseUrl,
        clock,
        logger: rootLogger,
        pollMs: typeof options.relay === 'object' ? options.relay.pollMs : undefined,
      })
    }
  } catch (error) {
    await stop().catch(() => {})
    throw error
  }
  logger.info({ prefix, queues: QUEUE_NAMES }, 'worker started')
  return { stop, queues, workers }

  async function dispatch(queueName: QueueName, job: Job): Promise<unknown> {
    // Retrying cannot fix a job that does not belong to the contract or this queue, or whose
    // payload is malformed: fail it at once (it stays in the failed set for inspection).
    if (!isJobName(job.name))
      throw new UnrecoverableError(`Job ${job.id} has name "${job.name}", which is not in the job contract`)
    if (JOBS[job.name].queue !== queueName) {
      throw new UnrecoverableError(
        `Job ${job.id} (${job.name}) arrived on queue "${queueName}", expected "${JOBS[job.name].queue}"`,
      )
    }
    let payload: unknown
    try {
      payload = parsePayload(job.name, job.data)
    } catch (error) {
      throw new UnrecoverableError(`Job ${job.id} (${job.name}) has an invalid payload: ${(error as Error).message}`)
    }
    const ctx: ProcessorContext = {
      db,
      now: clock,
      logger: logger.child({ job: job.name, jobId: job.id }),
      jobId: job.id,
    }
    // The map was checked at boot: this processor exists and takes this job's payload.
    const processor = processors[job.name] as (payload: unknown, ctx: ProcessorContext) => Promise<unknown>
    return processor(payload, ctx)
  }
}

/** The process entry (`npm run worker`): start, and shut down gracefully on SIGTERM / SIGINT. */
async function main() {
  let running: RunningWorker
  try {
    running = await startWorker()
  } catch (error) {
    if (error instanceof WorkerBootError) {
      console.error(`Worker refuses to boot: ${error.message}`)
    } else {
      console.error('Worker failed to start:', error)
    }
    process.exit(1)
  }
  const logger = getLogger()
  let signalled = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting without waiting for running jobs')
        process.exit(1)
      }
      signalled = true
      logger.info({ signal }, 'shutting down: waiting for running jobs')
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
    })
  }
}

function isEntry() {
  const script = process.argv[1]
  if (!script) return false
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href
  } catch {
    return false
  }
}

if (isEntry()) await main()
