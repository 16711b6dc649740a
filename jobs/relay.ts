import pg from 'pg'
import type { Db } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { JOBS, outboxJobId, type JobName } from '~/infra/job-contract'
import { getLogger, type Logger } from '~/infra/logger.server'
import { getQueue, type Queues } from '~/infra/queue.server'

type OutboxRow = { id: bigint; name: string; payload: unknown; available_at: Date; created_at: Date }

const KNOWN_JOBS = Object.keys(JOBS)

export type RelayOptions = {
  db: Db
  now?: Date
  /** Queues to publish to; the process-wide ones by default. */
  queues?: Pick<Queues, 'get'>
  batchSize?: number
}

/**
 * Publishes one batch of unsent outbox rows to BullMQ and marks them sent; returns how many.
 *
 * The rows are claimed with `FOR UPDATE SKIP LOCKED` inside a transaction, so any number of
 * relays can run at once and each row is claimed by one of them. A row that is not yet available
 * is published at once as a *delayed* job (delay = available_at − now): timers live in Redis,
 * not in a poll over PostgreSQL.
 *
 * At least once: the job is added before the row is marked sent; should the relay die (or the
 * commit fail) in between, the row is published again with the same job id (`outbox-<id>-<created>`), which
 * BullMQ dedupes while the first job is kept. Processors are idempotent for the rest.
 *
 * Only names this build knows are claimed: during a rolling deploy an older relay leaves a newer
 * job to a newer relay instead of publishing a job no worker of its version can process.
 */
export async function relayOnce({ db, now = new Date(), queues, batchSize = 100 }: RelayOptions): Promise<number> {
  const queueFor = queues
    ? (name: JobName) => queues.get(JOBS[name].queue)
    : (name: JobName) => getQueue(JOBS[name].queue)
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<OutboxRow[]>`
      SELECT id, name, payload, available_at, created_at
        FROM outbox
       WHERE sent_at IS NULL AND name = ANY(${KNOWN_JOBS}::text[])
       ORDER BY id
       LIMIT ${batchSize}
         FOR UPDATE SKIP LOCKED`
    if (rows.length === 0) return 0

    // Group by queue: one addBulk (one round trip) per queue.
    const byQueue = new Map<ReturnType<typeof queueFor>, Parameters<ReturnType<typeof queueFor>['addBulk']>[0]>()
    for (const row of rows) {
      const name = row.name as JobName // filtered by the query above
      const queue = queueFor(name)
      const delay = Math.max(0, row.available_at.getTime() - now.getTime())
      const list = byQueue.get(queue) ?? []
      list.push({
        name,
        data: row.payload,
        opts: { jobId: outboxJobId({ id: row.id, createdAt: row.created_at }), ...(delay > 0 ? { delay } : {}) },
      })
      byQueue.set(queue, list)
    }
    for (const [queue, jobs] of byQueue) await queue.addBulk(jobs)

    const ids = rows.map((r) => r.id)
    await tx.$executeRaw`UPDATE outbox SET sent_at = ${now} WHERE id = ANY(${ids}::bigint[])`
    return rows.length
  })
}

export type StartRelayOptions = Omit<RelayOptions, 'now'> & {
  /** For the LISTEN connection (Prisma cannot LISTEN); DATABASE_URL by default. */
  databaseUrl?: string
  /** Backup poll in case a notification is lost (reconnects, a relay that was down). */
  pollMs?: number
  clock?: () => Date
  logger?: Logger
}

/**
 * Runs the relay until the returned `stop()`: woken by `NOTIFY outbox` (trigger `outbox_notify`
 * on insert, delivered at commit) and by a poll every `pollMs` as a backup. Each wake-up drains
 * the outbox batch by batch. `stop()` waits for the batch in flight and closes the listener.
 */
export async function startRelay(options: StartRelayOptions): Promise<() => Promise<void>> {
  const { databaseUrl = getEnv().DATABASE_URL, pollMs = 2_000, clock = () => new Date(), batchSize = 100 } = options
  const logger = (options.logger ?? getLogger()).child({ component: 'outbox-relay' })
  let stopped = false
  let running: Promise<void> | undefined
  let again = false

  async function drain() {
    do {
      again = false
      try {
        let published: number
        do {
          published = await relayOnce({ db: options.db, queues: options.queues, batchSize, now: clock() })
          if (published > 0) logger.debug({ published }, 'outbox rows published')
        } while (published === batchSize && !stopped)
      } catch (error) {
        // The rows stay unsent and the next wake-up (at the latest the poll) retries them.
        logger.error({ err: error }, 'outbox relay batch failed')
      }
    } while (again && !stopped)
  }

  function wake() {
    if (stopped) return
    if (running) {
      again = true // coalesce: one more pass after the current one
      return
    }
    running = drain().finally(() => {
      running = undefined
    })
  }

  let listener: pg.Client | undefined
  let reconnectTimer: NodeJS.Timeout | undefined
  async function listen() {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'outbox-relay' })
    client.on('notification', wake)
    client.on('error', (error) => {
      logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back')
      client.end().catch(() => {})
      if (listener === client) listener = undefined
      scheduleReconnect()
    })
    try {
      await client.connect()
      await client.query('LISTEN outbox')
    } catch (error) {
      await client.end().catch(() => {})
      throw error
    }
    if (stopped) {
      await client.end()
      return
    }
    listener = client
  }
  function scheduleReconnect() {
    if (stopped || reconnectTimer) return
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined
      listen().then(wake, (error: unknown) => {
        logger.warn({ err: error }, 'outbox LISTEN reconnect failed')
        scheduleReconnect()
      })
    }, 1_000)
  }

  await listen() // fail fast at boot if the database is unreachable
  const poll = setInterval(wake, pollMs)
  wake() // publish what accumulated while no relay ran
  logger.info({ pollMs, batchSize }, 'outbox relay started')

  return async function stop() {
    if (stopped) return
    stopped = true
    clearInterval(poll)
    if (reconnectTimer) clearTimeout(reconnectTimer)
    await running
    const client = listener
    listener = undefined
    await client?.end()
    logger.info('outbox relay stopped')
  }
}
