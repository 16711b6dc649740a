import { randomUUID } from 'node:crypto'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { QUEUE_NAMES, outboxJobId } from '~/infra/job-contract'
import { enqueueOutbox } from '~/infra/outbox.server'
import { addJob, createQueues, jobIdFor } from '~/infra/queue.server'
import { createRedis, quitRedis } from '~/infra/redis.server'
import { relayOnce, startRelay } from '../../jobs/relay'

// Real PostgreSQL (this file's own database) and Redis (this file's own QUEUE_PREFIX). No worker
// runs here, so published jobs stay in the queues where the tests can look at them.
const connection = createRedis({ name: 'jobs-relay-test' })
const queues = createQueues({ connection })
const db = getDb()
const secondDb = createDb(getEnv().DATABASE_URL, 3) // a second "process" for the concurrency tests

afterAll(async () => {
  for (const name of QUEUE_NAMES) await queues.get(name).obliterate({ force: true })
  await queues.close()
  await quitRedis(connection)
  await secondDb.$disconnect()
})

async function drain(client = db, batchSize = 100) {
  let total = 0
  for (;;) {
    const n = await relayOnce({ db: client, queues, batchSize })
    if (n === 0) return total
    total += n
  }
}

async function requested(count: number, availableAt?: Date) {
  return db.$transaction(async (tx) => {
    const ids: bigint[] = []
    for (let i = 0; i < count; i++) {
      ids.push(await enqueueOutbox(tx, 'booking.requested', { bookingId: randomUUID() }, { availableAt }))
    }
    return ids
  })
}

/** The job id the relay gives an outbox row (its id and creation time). */
async function jobIdOf(id: bigint): Promise<string> {
  const row = await db.outbox.findUniqueOrThrow({ where: { id }, select: { id: true, createdAt: true } })
  return outboxJobId(row)
}

async function unsentCount() {
  return db.outbox.count({ where: { sentAt: null } })
}

beforeEach(async () => {
  await drain()
})

describe('outbox relay', () => {
  it('publishes committed rows once, as jobs with id outbox-<id>-<created>, and marks them sent', async () => {
    const ids = await requested(3)
    const now = new Date()
    expect(await relayOnce({ db, queues, now })).toBe(3)
    expect(await relayOnce({ db, queues, now })).toBe(0)

    const queue = queues.get('notifications')
    for (const id of ids) {
      const row = await db.outbox.findUniqueOrThrow({ where: { id } })
      expect(row.sentAt).toEqual(now)
      const job = await queue.getJob(await jobIdOf(id))
      expect(job).toBeDefined()
      expect(job!.name).toBe('booking.requested')
      expect(job!.data).toEqual(row.payload)
      expect(await job!.getState()).toBe('waiting')
    }
  })

  it('re-publishing a row (crash between add and mark) does not duplicate its job', async () => {
    const [id] = await requested(1)
    const queue = queues.get('notifications')
    await drain()
    const before = await queue.getJobCounts('waiting', 'delayed')
    // The relay died after adding the job but before its commit: the row is still unsent.
    await db.outbox.update({ where: { id: id! }, data: { sentAt: null } })
    expect(await relayOnce({ db, queues })).toBe(1)
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual(before)
    expect(await unsentCount()).toBe(0)
  })

  it('a database created again (outbox ids restart) still gets its jobs published and run', async () => {
    const [id] = await requested(1)
    await drain()
    const queue = queues.get('notifications')
    const first = await jobIdOf(id!)
    // The database is dropped and created again while Redis keeps the old job: the next row gets
    // the same id, but a new creation time.
    await db.outbox.delete({ where: { id: id! } })
    await db.$executeRaw`INSERT INTO outbox (id, queue, name, payload, created_at)
      VALUES (${id!}, 'notifications', 'booking.requested', ${JSON.stringify({ bookingId: randomUUID() })}::jsonb,
              now() + interval '1 second')`
    expect(await drain()).toBe(1)
    const second = await jobIdOf(id!)
    expect(second).not.toBe(first)
    expect(await queue.getJob(first)).toBeDefined()
    expect(await queue.getJob(second)).toBeDefined()
  })

  it('never publishes rows of a rolled-back transaction', async () => {
    let rolledBackId: bigint | undefined
    await expect(
      db.$transaction(async (tx) => {
        rolledBackId = await enqueueOutbox(tx, 'booking.requested', { bookingId: randomUUID() })
        throw new Error('business failure after the outbox write')
      }),
    ).rejects.toThrow('business failure')
    expect(rolledBackId).toBeDefined()
    expect(await relayOnce({ db, queues })).toBe(0)
    expect(await db.outbox.findUnique({ where: { id: rolledBackId! } })).toBeNull()
    const published = await queues.get('notifications').getJobs(['waiting', 'delayed'])
    expect(published.filter((j) => j.id?.startsWith(`outbox-${rolledBackId}-`))).toEqual([])
  })

  it('skips rows another relay holds (FOR UPDATE SKIP LOCKED) and publishes them once released', async () => {
    const ids = await requested(6)
    const lockedIds = ids.slice(0, 2)
    let release!: () => void
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    // The other relay, mid-batch: it holds the first two rows in an open transaction.
    const other = secondDb.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM outbox WHERE id = ANY(${lockedIds}::bigint[]) FOR UPDATE`
      locked()
      await new Promise<void>((resolve) => (release = resolve))
    })
    await isLocked
    expect(await relayOnce({ db, queues })).toBe(4)
    expect(await unsentCount()).toBe(2)
    release()
    await other
    expect(await relayOnce({ db, queues })).toBe(2)
    for (const id of ids) expect(await queues.get('notifications').getJob(await jobIdOf(id))).toBeDefined()
  })

  it('two relays draining at once publish every row exactly once', async () => {
    const ids = await requested(120)
    // Small batches so the two relays interleave many times.
    const [a, b] = await Promise.all([drain(db, 7), drain(secondDb, 7)])
    expect(a + b).toBe(120) // each relay returns what it claimed: a row published twice would count twice
    expect(await unsentCount()).toBe(0)
    const queue = queues.get('notifications')
    const jobs = await Promise.all(ids.map(async (id) => queue.getJob(await jobIdOf(id))))
    expect(jobs.every((j) => j !== undefined)).toBe(true)
  })

  it('publishes a row that is not yet due at once, as a delayed job (the timer lives in Redis)', async () => {
    const now = new Date('2026-11-28T08:00:00.000Z')
    const dueAt = new Date(now.getTime() + 72 * 3600_000) // DOMAIN: a request expires after 3 days
    const bookingId = randomUUID()
    const id = await db.$transaction((tx) =>
      enqueueOutbox(tx, 'booking.expire-if-undecided', { bookingId }, { availableAt: dueAt }),
    )
    const pastId = await db.$transaction((tx) =>
      enqueueOutbox(tx, 'booking.expire-if-undecided', { bookingId }, { availableAt: new Date(now.getTime() - 1000) }),
    )
    expect(await relayOnce({ db, queues, now })).toBe(2)

    const timers = queues.get('timers')
    const delayed = await timers.getJob(await jobIdOf(id))
    expect(await delayed!.getState()).toBe('delayed')
    expect(delayed!.delay).toBe(72 * 3600_000)
    const due = await timers.getJob(await jobIdOf(pastId))
    expect(await due!.getState()).toBe('waiting')
    expect(due!.data).toEqual({ bookingId })
  })

  it('is woken by NOTIFY without waiting for its poll', async () => {
    const stop = await startRelay({ db, queues, pollMs: 60_000 })
    try {
      const [id] = await requested(1)
      const queue = queues.get('notifications')
      const jobId = await jobIdOf(id!)
      await expect.poll(() => queue.getJob(jobId), { timeout: 5_000, interval: 50 }).toBeDefined()
      // The job is added before the row is marked sent in the same (not yet committed) transaction.
      await expect
        .poll(async () => (await db.outbox.findUniqueOrThrow({ where: { id: id! } })).sentAt, {
          timeout: 5_000,
          interval: 50,
        })
        .not.toBeNull()
    } finally {
      await stop()
    }
  })

  it('drains rows written while no relay ran as soon as it starts', async () => {
    await requested(5)
    const stop = await startRelay({ db, queues, pollMs: 60_000, batchSize: 2 })
    try {
      await expect.poll(unsentCount, { timeout: 5_000, interval: 50 }).toBe(0)
    } finally {
      await stop()
    }
  })
})

describe('addJob', () => {
  it('builds BullMQ-safe job ids from business keys, deduping repeats', async () => {
    const key = 'org:42/2026-11' // ':' is BullMQ's key separator and must not reach it raw
    const a = await addJob('booking.requested', { bookingId: randomUUID() }, { key, queues })
    const b = await addJob('booking.requested', { bookingId: randomUUID() }, { key, queues })
    expect(a.id).toBe(jobIdFor('booking.requested', key))
    expect(a.id).not.toContain(':')
    expect(b.id).toBe(a.id)
    expect((await queues.get('notifications').getJob(a.id!))!.data).toEqual(a.data)
  })

  it('rejects a payload that breaks the contract', async () => {
    await expect(addJob('booking.requested', { bookingId: 'not-a-uuid' }, { queues })).rejects.toThrow()
  })
})
