import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { Job, Queue } from 'bullmq'
import { afterAll, describe, expect, it } from 'vitest'
import { expireBooking } from '~/features/bookings/expire-booking.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { getAccountBalances } from '~/features/ledger/ledger.server'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { QUEUE_NAMES, outboxJobId } from '~/infra/job-contract'
import { addJob, createQueues } from '~/infra/queue.server'
import { createRedis, quitRedis } from '~/infra/redis.server'
import { processors } from '../../jobs/processors/index'
import { startWorker, WorkerBootError, type RunningWorker } from '../../jobs/worker'
import { createInstrument, createVoucher } from '../support/factories'

// End to end on real PostgreSQL (this file's database) and Redis (this file's QUEUE_PREFIX):
// the worker runs in this process, the test looks at its queues through a connection of its own.
const DAY = 24 * 3600_000
const db = getDb()
const connection = createRedis({ name: 'jobs-worker-test' })
const queues = createQueues({ connection })
const running = new Set<RunningWorker>()
const extraPrefixes: string[] = []

async function start(options: Parameters<typeof startWorker>[0] = {}) {
  const worker = await startWorker({ db, ...options })
  running.add(worker)
  return {
    worker,
    stop: async () => {
      await worker.stop()
      running.delete(worker)
    },
  }
}

afterAll(async () => {
  await Promise.all([...running].map((w) => w.stop()))
  for (const prefix of [getEnv().QUEUE_PREFIX, ...extraPrefixes]) {
    const q = createQueues({ connection, prefix })
    for (const name of QUEUE_NAMES) await q.get(name).obliterate({ force: true })
    await q.close()
  }
  await queues.close()
  await quitRedis(connection)
})

async function finished(queue: Queue, id: string, timeout = 15_000): Promise<Job> {
  await expect
    .poll(async () => (await queue.getJobState(id)) as string, { timeout, interval: 50 })
    .toMatch(/^(completed|failed)$/)
  // Read the job after it finished: a copy read while it ran has no return value yet.
  const job = await queue.getJob(id)
  if (!job) throw new Error(`job ${id} finished but is gone`)
  return job
}

/** A `requested` booking with a voucher hold, requested four days ago: its decide-by (3 days) has passed. */
async function overdueBooking() {
  const { serviceItem } = await createInstrument()
  const voucher = await createVoucher()
  const requestedAt = new Date(Date.now() - 4 * DAY)
  const availableBefore = (await getAccountBalances(db, voucher.accountId)).available
  const outcome = await requestBooking(
    { db, now: requestedAt },
    {
      enterpriseId: voucher.enterpriseId,
      actorUserId: null,
      serviceItemId: serviceItem.id,
      voucherId: voucher.id,
      quantity: 2,
      idempotencyKey: randomUUID(),
    },
  )
  if (!outcome.ok) throw new Error(`requestBooking refused: ${outcome.reason}`)
  const booking = await db.booking.findUniqueOrThrow({ where: { id: outcome.value.bookingId } })
  expect(booking.status).toBe('requested')
  expect(booking.decideBy!.getTime()).toBeLessThan(Date.now())
  expect(booking.holdTransferId).not.toBeNull()
  expect((await getAccountBalances(db, voucher.accountId)).available).toBeLessThan(availableBefore)
  return {
    bookingId: booking.id,
    holdTransferId: booking.holdTransferId!,
    voucherAccountId: voucher.accountId,
    availableBefore,
  }
}

type Overdue = Awaited<ReturnType<typeof overdueBooking>>

/** Expired, hold voided exactly once, voucher balance back where it was, one audit row. */
async function expectExpiredOnce(b: Overdue) {
  expect((await db.booking.findUniqueOrThrow({ where: { id: b.bookingId } })).status).toBe('expired')
  expect((await db.ledgerTransfer.findUniqueOrThrow({ where: { id: b.holdTransferId } })).status).toBe('voided')
  const resolutions = await db.ledgerTransfer.findMany({ where: { pendingId: b.holdTransferId } })
  expect(resolutions.map((t) => t.type)).toEqual(['void_pending'])
  expect((await getAccountBalances(db, b.voucherAccountId)).available).toBe(b.availableBefore)
  expect(await db.auditLog.count({ where: { entityId: b.bookingId, action: 'booking.expired' } })).toBe(1)
}

describe('worker process', () => {
  it('boots with node --import tsx and exits 0 on SIGTERM', async () => {
    const prefix = `${getEnv().QUEUE_PREFIX}cli`
    extraPrefixes.push(prefix)
    const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/worker.ts'], {
      env: { ...process.env, QUEUE_PREFIX: prefix, LOG_LEVEL: 'info', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await expect.poll(() => out, { timeout: 30_000, interval: 100 }).toContain('"msg":"worker started"')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(out).toContain('"msg":"worker stopped"')
  })
})

describe('boot check', () => {
  it('refuses to boot when a job of the contract has no processor', async () => {
    const { 'bookings.sweep-overdue-requests': _dropped, ...incomplete } = processors
    await expect(startWorker({ db, processors: incomplete })).rejects.toThrow(WorkerBootError)
    await expect(startWorker({ db, processors: incomplete })).rejects.toThrow(
      /jobs without a processor: bookings\.sweep-overdue-requests/,
    )
  })

  it('refuses to boot when a processor belongs to no job', async () => {
    await expect(
      startWorker({ db, processors: { ...processors, 'booking.renamed': async () => undefined } }),
    ).rejects.toThrow(/processors for no job in the contract: booking\.renamed/)
  })
})

describe('scheduled sweep of overdue requests', () => {
  it('expires every overdue requested booking and voids its hold; a second run changes nothing', async () => {
    const bookings = [await overdueBooking(), await overdueBooking()]
    // The timers were lost (say Redis was restored from an old snapshot): only the sweep is left.
    await db.outbox.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } })
    const { stop } = await start({ relay: false, schedules: false })
    try {
      const maintenance = queues.get('maintenance')
      const first = await finished(maintenance, (await addJob('bookings.sweep-overdue-requests', {}, { queues })).id!)
      expect(first.returnvalue).toEqual({ expired: 2, confirmed: 0, unchanged: 0, refused: {} })
      for (const b of bookings) await expectExpiredOnce(b)

      const transfers = await db.ledgerTransfer.count()
      const audits = await db.auditLog.count()
      const second = await finished(maintenance, (await addJob('bookings.sweep-overdue-requests', {}, { queues })).id!)
      expect(second.returnvalue).toEqual({ expired: 0, confirmed: 0, unchanged: 0, refused: {} })
      expect(await db.ledgerTransfer.count()).toBe(transfers)
      expect(await db.auditLog.count()).toBe(audits)
      for (const b of bookings) await expectExpiredOnce(b)
    } finally {
      await stop()
    }
  })

  it('is upserted at worker start, and schedulers no longer declared are removed', async () => {
    const maintenance = queues.get('maintenance')
    await maintenance.upsertJobScheduler(
      'bookings.retired-sweep',
      { every: 3_600_000 },
      { name: 'bookings.retired-sweep', data: {} },
    )
    const { stop } = await start({ relay: false })
    try {
      const schedulers = await maintenance.getJobSchedulers()
      expect(
        schedulers
          .map((s) => ({ key: s.key, every: s.every, name: s.name }))
          .sort((a, b) => a.key.localeCompare(b.key)),
      ).toEqual([
        { key: 'bookings.sweep-overdue-requests', every: 60_000, name: 'bookings.sweep-overdue-requests' },
        { key: 'vouchers.sweep-expired', every: 600_000, name: 'vouchers.sweep-expired' },
      ])
    } finally {
      await stop()
    }
  })
})

describe('timers through the outbox, with two workers', () => {
  it('expires each overdue booking exactly once while two workers race timers and sweeps', async () => {
    const bookings = [await overdueBooking(), await overdueBooking(), await overdueBooking()]
    const timerRows = await db.outbox.findMany({ where: { name: 'booking.expire-if-undecided', sentAt: null } })
    expect(timerRows.length).toBe(3)
    // Both workers run a relay and upsert the sweep schedule, whose first run starts at once.
    const a = await start({ relay: { pollMs: 200 } })
    const b = await start({ relay: { pollMs: 200 } })
    try {
      const timers = queues.get('timers')
      const results = await Promise.all(
        timerRows.map(async (row) => (await finished(timers, outboxJobId(row))).returnvalue),
      )
      for (const r of results) expect(r).toHaveProperty('changed') // completed (a late timer finds the guard false)
      for (const b2 of bookings) await expectExpiredOnce(b2)
      expect(await db.outbox.count({ where: { sentAt: null } })).toBe(0)
      // The notifications went out once per booking too (job id = outbox id).
      const notifications = queues.get('notifications')
      const requestedRows = await db.outbox.findMany({
        where: { name: 'booking.requested', payload: { path: ['bookingId'], equals: bookings[0]!.bookingId } },
      })
      expect(requestedRows.length).toBe(1)
      expect((await finished(notifications, outboxJobId(requestedRows[0]!))).returnvalue).toMatchObject({
        notified: true,
        channel: 'mail',
      })

      // A timer delivered again (at least once) changes nothing.
      const transfers = await db.ledgerTransfer.count()
      const again = await addJob('booking.expire-if-undecided', { bookingId: bookings[0]!.bookingId }, { queues })
      expect((await finished(timers, again.id!)).returnvalue).toEqual({ changed: false })
      expect(await db.ledgerTransfer.count()).toBe(transfers)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})

describe('graceful stop', () => {
  it('waits for the job in progress to finish before it resolves', async () => {
    let started!: () => void
    const isStarted = new Promise<void>((resolve) => (started = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let finishedWork = false
    const slow: (typeof processors)['booking.requested'] = async (payload, ctx) => {
      started()
      await released
      finishedWork = true
      return processors['booking.requested'](payload, ctx)
    }
    const { stop } = await start({
      relay: false,
      schedules: false,
      processors: { ...processors, 'booking.requested': slow },
    })
    const job = await addJob('booking.requested', { bookingId: randomUUID() }, { queues })
    await isStarted

    let stopped = false
    const stopping = stop().then(() => (stopped = true))
    await new Promise((r) => setTimeout(r, 300))
    expect(stopped).toBe(false) // still waiting for the running job
    release()
    await stopping
    expect(finishedWork).toBe(true)
    expect(await (await queues.get('notifications').getJob(job.id!))!.getState()).toBe('completed')
  })

  it('leaves the use case idempotent for a booking that does not exist', async () => {
    // The timer of a booking that was deleted in a test reset: an expected outcome, not a crash.
    expect(await expireBooking({ db, now: new Date() }, { bookingId: randomUUID() })).toMatchObject({
      ok: false,
      reason: 'booking-not-found',
    })
  })
})
