import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import { appendAudit, type AuditInput } from '~/features/audit/audit.server'
import { GENESIS_HASH, chainHash } from '~/features/audit/canonical'
import { describeVerification, verifyAuditChains } from '~/features/audit/verify.server'
import { getDb } from '~/infra/db.server'

const at = new Date('2026-11-28T03:04:05.678Z')
const entry = (orgId: string, i: number, extra: Partial<AuditInput> = {}): AuditInput => ({
  actorUserId: null,
  orgType: 'enterprise',
  orgId,
  action: 'booking.requested',
  entityType: 'booking',
  entityId: `b-${i}`,
  before: i % 2 ? { status: 'requested', n: BigInt(i) } : undefined,
  after: {
    status: 'approved',
    feeFen: 12_345n * BigInt(i),
    at: new Date(at.getTime() + i),
    名称: '色谱仪',
    nested: { z: [1, 2, { y: null }], a: true },
  },
  at: new Date(at.getTime() + i * 1000),
  ...extra,
})

async function write(orgId: string, count: number) {
  const db = getDb()
  const ids: bigint[] = []
  for (let i = 1; i <= count; i++) ids.push((await db.$transaction((tx) => appendAudit(tx, entry(orgId, i)))).id)
  return ids
}

beforeEach(async () => {
  // Each test starts from empty chains (audit_log is not append-only-by-trigger: tamper tests need UPDATE/DELETE).
  await getDb().$executeRaw`TRUNCATE audit_log, audit_stream`
})

describe('appendAudit', () => {
  it('chains rows per organisation stream from the genesis hash', async () => {
    await write('e1', 3)
    await write('e2', 2)
    const rows = await getDb().auditLog.findMany({ orderBy: [{ stream: 'asc' }, { seq: 'asc' }] })
    const e1 = rows.filter((r) => r.stream === 'enterprise:e1')
    expect(e1.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(e1[0]!.prevHash).toBe(GENESIS_HASH)
    expect(e1[1]!.prevHash).toBe(e1[0]!.hash)
    expect(e1[2]!.prevHash).toBe(e1[1]!.hash)
    expect(rows.find((r) => r.stream === 'enterprise:e2' && r.seq === 1)!.prevHash).toBe(GENESIS_HASH)
    const head = await getDb().auditStream.findUniqueOrThrow({ where: { stream: 'enterprise:e1' } })
    expect(head).toEqual({ stream: 'enterprise:e1', lastSeq: 3, lastHash: e1[2]!.hash })
    // bigints are stored as strings, exactly as hashed
    expect((e1[0]!.after as Record<string, unknown>).feeFen).toBe('12345')
  })

  it('keeps the chain intact under concurrent appends to one stream and several streams', async () => {
    const db = getDb()
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.$transaction((tx) => appendAudit(tx, entry(i % 3 === 0 ? 'hot' : `cold${i % 3}`, i + 1))),
      ),
    )
    const hot = await db.auditLog.findMany({ where: { stream: 'enterprise:hot' }, orderBy: { seq: 'asc' } })
    expect(hot.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
    expect(await verifyAuditChains(db)).toEqual({ ok: true, checkedRows: 30, streams: 3 })
  })

  it('a rolled-back transaction leaves no row and no gap', async () => {
    const db = getDb()
    await write('e1', 1)
    await db
      .$transaction(async (tx) => {
        await appendAudit(tx, entry('e1', 2))
        throw new Error('rollback')
      })
      .catch(() => {})
    await write('e1', 1)
    expect(await verifyAuditChains(db)).toMatchObject({ ok: true, checkedRows: 2 })
  })
})

describe('verifyAuditChains', () => {
  it('reports OK over many streams, in small batches', async () => {
    for (let s = 0; s < 5; s++) await write(`org${s}`, 7)
    const result = await verifyAuditChains(getDb(), { batchSize: 4 })
    expect(result).toEqual({ ok: true, checkedRows: 35, streams: 5 })
    expect(describeVerification(result)).toBe('audit chain OK: 35 rows in 5 streams')
  })

  it('names exactly the row whose content was edited by hand', async () => {
    await write('a', 4)
    const ids = await write('b', 5)
    const victim = ids[2]! // stream enterprise:b, seq 3
    await getDb().$executeRaw`UPDATE audit_log SET after = jsonb_set(after, '{feeFen}', '"1"') WHERE id = ${victim}`
    const result = await verifyAuditChains(getDb(), { batchSize: 3 })
    expect(result.ok).toBe(false)
    expect(result.firstBroken).toEqual({
      id: victim,
      stream: 'enterprise:b',
      seq: 3,
      problem: 'hash does not match its content',
    })
    expect(describeVerification(result)).toContain(
      `TAMPERED: audit_log id ${victim} (stream enterprise:b, seq 3): hash does not match its content`,
    )
  })

  it('detects an edit of a plain column (actor, time)', async () => {
    const ids = await write('c', 3)
    await getDb().$executeRaw`UPDATE audit_log SET at = at + interval '1 millisecond' WHERE id = ${ids[0]!}`
    expect((await verifyAuditChains(getDb())).firstBroken).toMatchObject({
      id: ids[0],
      seq: 1,
      problem: 'hash does not match its content',
    })
  })

  it('an edit whose hash was recomputed by the forger still breaks the next link, or the head', async () => {
    const db = getDb()
    const ids = await write('d', 3)
    const forge = async (id: bigint) => {
      const row = await db.auditLog.findUniqueOrThrow({ where: { id } })
      const after = { ...(row.after as Record<string, unknown>), feeFen: '1' }
      const hash = chainHash(row.prevHash, { ...row, after })
      await db.$executeRaw`UPDATE audit_log SET after = ${JSON.stringify(after)}::jsonb, hash = ${hash} WHERE id = ${id}`
    }
    await forge(ids[0]!)
    expect((await verifyAuditChains(db)).firstBroken).toMatchObject({
      id: ids[1],
      seq: 2,
      problem: "prev_hash does not match the previous row's hash",
    })

    await db.$executeRaw`TRUNCATE audit_log, audit_stream`
    const again = await write('d', 2)
    await forge(again[1]!)
    expect((await verifyAuditChains(db)).firstBroken).toMatchObject({
      id: again[1],
      seq: 2,
      problem: "the head's hash does not match the last row's hash",
    })
  })

  it('detects a deleted row in the middle (seq gap) and at the end (head mismatch)', async () => {
    const ids = await write('e', 4)
    await getDb().$executeRaw`DELETE FROM audit_log WHERE id = ${ids[1]!}`
    expect((await verifyAuditChains(getDb())).firstBroken).toMatchObject({
      id: ids[2],
      stream: 'enterprise:e',
      seq: 3,
      problem: expect.stringContaining('seq gap'),
    })

    await getDb().$executeRaw`TRUNCATE audit_log, audit_stream`
    const again = await write('f', 3)
    await getDb().$executeRaw`DELETE FROM audit_log WHERE id = ${again[2]!}`
    expect((await verifyAuditChains(getDb())).firstBroken).toMatchObject({
      id: again[1],
      stream: 'enterprise:f',
      seq: 2,
      problem: expect.stringContaining('head says the chain ends at seq 3'),
    })
  })

  it('detects a stream whose rows were all deleted', async () => {
    await write('g', 2)
    await getDb().$executeRaw`DELETE FROM audit_log WHERE stream = 'enterprise:g'`
    expect(await verifyAuditChains(getDb())).toMatchObject({
      ok: false,
      firstBroken: { stream: 'enterprise:g', problem: expect.stringContaining('no rows') },
    })
  })

  it('npm run audit:verify prints the report and exits 1 when broken', async () => {
    const ids = await write('h', 3)
    const run = promisify(execFile)
    const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL! }
    const ok = await run('npx', ['tsx', 'scripts/audit-verify.ts'], { env })
    expect(ok.stdout.trim()).toBe('audit chain OK: 3 rows in 1 streams')
    await getDb().$executeRaw`UPDATE audit_log SET action = 'booking.approved' WHERE id = ${ids[1]!}`
    const failed = await run('npx', ['tsx', 'scripts/audit-verify.ts'], { env }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    )
    expect(failed?.code).toBe(1)
    expect(failed?.stdout).toContain(
      `TAMPERED: audit_log id ${ids[1]} (stream enterprise:h, seq 2): hash does not match its content`,
    )
  })
})
