import { randomUUID } from 'node:crypto'
import type { Job, Queue } from 'bullmq'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyAuditChains } from '~/features/audit/verify.server'
import { expireBooking } from '~/features/bookings/expire-booking.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { TRANSFER_KIND } from '~/features/ledger/accounts'
import { getAccountBalances } from '~/features/ledger/ledger.server'
import { programmeFigures } from '~/features/programmes/figures.server'
import { findVouchersToLapse, lapseVoucher } from '~/features/vouchers/expire-voucher.server'
import { revokeVoucher } from '~/features/vouchers/revoke-voucher.server'
import { getDb } from '~/infra/db.server'
import { getEnv } from '~/infra/env.server'
import { QUEUE_NAMES } from '~/infra/job-contract'
import { getLogger } from '~/infra/logger.server'
import { addJob, createQueues } from '~/infra/queue.server'
import { createRedis, quitRedis } from '~/infra/redis.server'
import { vouchersSweepExpired } from '../../jobs/processors/vouchers-sweep-expired'
import { startWorker, type RunningWorker } from '../../jobs/worker'
import { createEnterprise, createInstrument, createProgramme, createUser, createVoucher } from '../support/factories'

// DOMAIN: unused balance lapses at expiry and returns to the programme budget; holds open at
// expiry stay until their bookings resolve. Every voucher here is issued 1 Feb 2026 (valid 12
// months: until 1 Feb 2027, 10:00 in Dazhou).
const db = getDb()
const requestedAt = new Date('2026-06-01T01:00:00.000Z')
const afterExpiry = new Date('2027-02-01T02:05:00.000Z')
const sweepCtx = (now: Date) => ({ db, now: () => now, logger: getLogger(), jobId: undefined })

/** A programme with one ¥50,000 voucher and one booking holding ¥200 of it (fee ¥400, share 50%). */
async function voucherWithOpenHold() {
  const programme = await createProgramme({ fundFen: 20_000_000n })
  const enterprise = await createEnterprise()
  const voucher = await createVoucher({ programmeId: programme.id, enterpriseId: enterprise.id, amountFen: 5_000_000n })
  expect(voucher.expiresAt.toISOString()).toBe('2027-02-01T02:00:00.000Z')
  const { serviceItem } = await createInstrument({ serviceItem: { feeFen: 20_000, unit: 'hour' } })
  const booked = await requestBooking(
    { db, now: requestedAt },
    {
      enterpriseId: enterprise.id,
      actorUserId: null,
      serviceItemId: serviceItem.id,
      voucherId: voucher.id,
      quantity: 2,
      idempotencyKey: randomUUID(),
    },
  )
  if (!booked.ok) throw new Error(`requestBooking refused: ${booked.reason}`)
  const booking = await db.booking.findUniqueOrThrow({ where: { id: booked.value.bookingId } })
  expect(booking.voucherShareFen).toBe(20_000n)
  return { programme, voucher, booking, holdTransferId: booking.holdTransferId! }
}

async function lapseTransfers(voucherAccountId: bigint) {
  return db.ledgerTransfer.findMany({
    where: { debitAccountId: voucherAccountId, kind: TRANSFER_KIND.voucherLapse },
    orderBy: { id: 'asc' },
  })
}

/** Double entry over the programme's accounts, and the budget's story told by its transfer kinds. */
async function expectProgrammeBalanced(programmeId: string) {
  const f = (await programmeFigures(db, programmeId))!
  expect(f.check.balanced).toBe(true)
  expect(f.check.debitsFen).toBe(f.check.creditsFen)
  expect(f.availableFen).toBe(f.fundedFen - f.issuedFen + f.lapsedFen + f.returnedFen)
  return f
}

describe('lapseVoucher', () => {
  it('does nothing before the end of validity', async () => {
    const { voucher } = await voucherWithOpenHold()
    const transfers = await db.ledgerTransfer.count()
    const outcome = await lapseVoucher(
      { db, now: new Date(voucher.expiresAt.getTime() - 1) },
      { voucherId: voucher.id },
    )
    expect(outcome).toEqual({ ok: true, value: { changed: false, lapsedFen: 0n } })
    expect((await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).status).toBe('active')
    expect(await db.ledgerTransfer.count()).toBe(transfers)
  })

  it('expires the voucher, lapses the free balance to the budget, leaves the open hold; a second run changes nothing', async () => {
    const { programme, voucher, holdTransferId } = await voucherWithOpenHold()
    const budgetBefore = await getAccountBalances(db, programme.budgetAccountId!)

    const outcome = await lapseVoucher({ db, now: afterExpiry }, { voucherId: voucher.id })
    expect(outcome).toEqual({ ok: true, value: { changed: true, lapsedFen: 4_980_000n } })

    const after = await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })
    expect(after).toMatchObject({ status: 'expired', expiredAt: afterExpiry })
    expect((await db.ledgerTransfer.findUniqueOrThrow({ where: { id: holdTransferId } })).status).toBe('pending')
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ available: 0n, debitsPending: 20_000n })
    expect((await getAccountBalances(db, programme.budgetAccountId!)).available).toBe(
      budgetBefore.available + 4_980_000n,
    )
    const lapses = await lapseTransfers(voucher.accountId)
    expect(lapses).toHaveLength(1)
    expect(lapses[0]).toMatchObject({
      idempotencyKey: `voucher-lapse:${voucher.id}:0`,
      creditAccountId: programme.budgetAccountId,
      amount: 4_980_000n,
      type: 'single',
      status: 'posted',
      refType: 'voucher',
      refId: voucher.id,
    })
    const audits = await db.auditLog.findMany({ where: { entityId: voucher.id, action: 'voucher.expired' } })
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ orgType: 'region', orgId: '511700', actorUserId: null })
    expect(audits[0]!.after).toMatchObject({ status: 'expired', lapsedFen: '4980000', heldFen: '20000' })

    const f = await expectProgrammeBalanced(programme.id)
    expect(f).toMatchObject({ lapsedFen: 4_980_000n, heldFen: 20_000n, issuedFen: 5_000_000n, returnedFen: 0n })

    // Again, later: nothing left to do.
    const transfers = await db.ledgerTransfer.count()
    const auditRows = await db.auditLog.count()
    const again = await lapseVoucher({ db, now: new Date(afterExpiry.getTime() + 3600_000) }, { voucherId: voucher.id })
    expect(again).toEqual({ ok: true, value: { changed: false, lapsedFen: 0n } })
    expect(await db.ledgerTransfer.count()).toBe(transfers)
    expect(await db.auditLog.count()).toBe(auditRows)
    expect((await db.voucher.findUniqueOrThrow({ where: { id: voucher.id } })).expiredAt).toEqual(afterExpiry)
  })

  it('two calls at once: exactly one expires and lapses', async () => {
    const { programme, voucher } = await voucherWithOpenHold()
    const results = await Promise.all([
      lapseVoucher({ db, now: afterExpiry }, { voucherId: voucher.id }),
      lapseVoucher({ db, now: afterExpiry }, { voucherId: voucher.id }),
    ])
    const values = results.map((r) => {
      if (!r.ok) throw new Error(`lapseVoucher refused: ${r.reason}`)
      return r.value
    })
    expect(values.sort((a, b) => Number(b.changed) - Number(a.changed))).toEqual([
      { changed: true, lapsedFen: 4_980_000n },
      { changed: false, lapsedFen: 0n },
    ])
    expect(await lapseTransfers(voucher.accountId)).toHaveLength(1)
    expect(await db.auditLog.count({ where: { entityId: voucher.id, action: 'voucher.expired' } })).toBe(1)
    await expectProgrammeBalanced(programme.id)
  })

  it('lapses later what a hold open at expiry gives back when its booking expires', async () => {
    const { programme, voucher, booking, holdTransferId } = await voucherWithOpenHold()
    expect(await lapseVoucher({ db, now: afterExpiry }, { voucherId: voucher.id })).toMatchObject({
      ok: true,
      value: { lapsedFen: 4_980_000n },
    })
    expect(await findVouchersToLapse({ db, now: afterExpiry, limit: 1000 })).not.toContain(voucher.id)

    // The booking resolves: its hold is voided and the ¥200 is free again on an expired voucher.
    expect(await expireBooking({ db, now: afterExpiry }, { bookingId: booking.id })).toEqual({
      ok: true,
      value: { changed: true },
    })
    expect((await db.ledgerTransfer.findUniqueOrThrow({ where: { id: holdTransferId } })).status).toBe('voided')
    expect((await getAccountBalances(db, voucher.accountId)).available).toBe(20_000n)
    const later = new Date(afterExpiry.getTime() + 600_000)
    expect(await findVouchersToLapse({ db, now: later, limit: 1000 })).toContain(voucher.id)

    const sweep = await vouchersSweepExpired({}, sweepCtx(later))
    expect(sweep).toMatchObject({ refused: {} })
    expect(await lapseTransfers(voucher.accountId)).toMatchObject([
      { idempotencyKey: `voucher-lapse:${voucher.id}:0`, amount: 4_980_000n },
      { idempotencyKey: `voucher-lapse:${voucher.id}:1`, amount: 20_000n },
    ])
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ available: 0n, debitsPending: 0n })
    const lapsedAudit = await db.auditLog.findMany({ where: { entityId: voucher.id, action: 'voucher.lapsed' } })
    expect(lapsedAudit).toHaveLength(1)
    expect(lapsedAudit[0]!.after).toMatchObject({ lapsedFen: '20000', heldFen: '0' })

    const f = await expectProgrammeBalanced(programme.id)
    expect(f).toMatchObject({ lapsedFen: 5_000_000n, heldFen: 0n, issuedFen: 5_000_000n })
    expect(f.availableFen).toBe(f.fundedFen)

    // The next sweep finds nothing for this voucher.
    const transfers = await db.ledgerTransfer.count()
    const auditRows = await db.auditLog.count()
    expect(await vouchersSweepExpired({}, sweepCtx(new Date(later.getTime() + 600_000)))).toMatchObject({
      changed: 0,
      lapsedFen: '0',
    })
    expect(await db.ledgerTransfer.count()).toBe(transfers)
    expect(await db.auditLog.count()).toBe(auditRows)
  })

  it('leaves a revoked voucher alone and refuses an unknown one', async () => {
    const { voucher } = await voucherWithOpenHold()
    const officer = await createUser()
    expect(
      await revokeVoucher(
        { db, now: afterExpiry },
        { voucherId: voucher.id, reason: '虚假发票', actorUserId: officer.id },
      ),
    ).toMatchObject({ ok: true })
    expect(await lapseVoucher({ db, now: afterExpiry }, { voucherId: voucher.id })).toEqual({
      ok: true,
      value: { changed: false, lapsedFen: 0n },
    })
    expect(await findVouchersToLapse({ db, now: afterExpiry, limit: 1000 })).not.toContain(voucher.id)
    expect(await lapseVoucher({ db, now: afterExpiry }, { voucherId: randomUUID() })).toMatchObject({
      ok: false,
      reason: 'voucher-not-found',
    })
  })
})

// ─── the scheduled job, through BullMQ ─────────────────────────────────────────────────────────

const connection = createRedis({ name: 'voucher-expiry-test' })
const queues = createQueues({ connection })
const running = new Set<RunningWorker>()

afterAll(async () => {
  await Promise.all([...running].map((w) => w.stop()))
  const q = createQueues({ connection, prefix: getEnv().QUEUE_PREFIX })
  for (const name of QUEUE_NAMES) await q.get(name).obliterate({ force: true })
  await q.close()
  await queues.close()
  await quitRedis(connection)
})

async function finished(queue: Queue, id: string, timeout = 20_000): Promise<Job> {
  await expect
    .poll(async () => (await queue.getJobState(id)) as string, { timeout, interval: 50 })
    .toMatch(/^(completed|failed)$/)
  const job = await queue.getJob(id)
  if (!job) throw new Error(`job ${id} finished but is gone`)
  return job
}

describe('vouchers.sweep-expired, two workers racing', () => {
  it('expires and lapses each due voucher exactly once; a later sweep changes nothing', async () => {
    const setups = [await voucherWithOpenHold(), await voucherWithOpenHold(), await voucherWithOpenHold()]
    // Every voucher of this database past its validity at the workers' clock (earlier tests' too).
    const clockAt = new Date('2027-03-01T00:00:00.000Z')
    const due = await findVouchersToLapse({ db, now: clockAt, limit: 1000 })
    for (const s of setups) expect(due).toContain(s.voucher.id)

    const start = async () => {
      const worker = await startWorker({ db, relay: false, schedules: false, clock: () => clockAt })
      running.add(worker)
      return worker
    }
    const [a, b] = [await start(), await start()]
    try {
      const maintenance = queues.get('maintenance')
      // Four sweeps at once over two workers: at least two run side by side.
      const jobs = await Promise.all([1, 2, 3, 4].map(() => addJob('vouchers.sweep-expired', {}, { queues })))
      const done = await Promise.all(jobs.map((j) => finished(maintenance, j.id!)))
      for (const job of done) expect(job.failedReason).toBeUndefined()
      const results = done.map((j) => j.returnvalue as { changed: number; lapsedFen: string; refused: object })
      expect(results.reduce((n, r) => n + r.changed, 0)).toBe(due.length)
      for (const r of results) expect(r.refused).toEqual({})

      for (const s of setups) {
        expect((await db.voucher.findUniqueOrThrow({ where: { id: s.voucher.id } })).status).toBe('expired')
        expect(await lapseTransfers(s.voucher.accountId)).toMatchObject([{ amount: 4_980_000n }])
        expect(await db.auditLog.count({ where: { entityId: s.voucher.id, action: 'voucher.expired' } })).toBe(1)
        expect((await db.ledgerTransfer.findUniqueOrThrow({ where: { id: s.holdTransferId } })).status).toBe('pending')
        await expectProgrammeBalanced(s.programme.id)
      }

      // Once more: nothing is due, nothing moves.
      const transfers = await db.ledgerTransfer.count()
      const auditRows = await db.auditLog.count()
      const again = await finished(maintenance, (await addJob('vouchers.sweep-expired', {}, { queues })).id!)
      expect(again.returnvalue).toEqual({ changed: 0, unchanged: 0, lapsedFen: '0', refused: {} })
      expect(await db.ledgerTransfer.count()).toBe(transfers)
      expect(await db.auditLog.count()).toBe(auditRows)
    } finally {
      await Promise.all([a, b].map(async (w) => (await w.stop(), running.delete(w))))
    }
    expect((await verifyAuditChains(db)).ok).toBe(true)
  })
})
