import type { Db, Tx } from '~/infra/db.server'
import { GENESIS_HASH, chainHash } from './canonical'

export type AuditVerification = {
  ok: boolean
  checkedRows: number
  streams: number
  firstBroken?: { id: bigint; stream: string; seq: number; problem: string }
}

type Row = {
  id: bigint
  stream: string
  seq: number
  actor_user_id: string | null
  org_type: string
  org_id: string
  action: string
  entity_type: string
  entity_id: string
  before: unknown
  after: unknown
  at: Date
  prev_hash: string
  hash: string
}

/**
 * Walks every chain in (stream, seq) order, in batches (keyset pagination, never the whole log in
 * memory), inside one REPEATABLE READ snapshot so rows appended meanwhile cannot look like a break.
 * Stops at the first broken row: seq gap (a row deleted), prev_hash not the previous row's hash,
 * hash not matching the row's content, or the stream head disagreeing with the chain's end.
 */
export async function verifyAuditChains(db: Db, { batchSize = 1000 } = {}): Promise<AuditVerification> {
  return db.$transaction((tx) => walk(tx, batchSize), { isolationLevel: 'RepeatableRead', timeout: 60 * 60_000 })
}

async function walk(tx: Tx, batchSize: number): Promise<AuditVerification> {
  let checkedRows = 0
  let streams = 0
  let cur: { stream: string; expectedSeq: number; prevHash: string; lastId: bigint } | null = null
  let after: { stream: string; seq: number } | null = null

  const broken = (id: bigint, stream: string, seq: number, problem: string): AuditVerification => ({
    ok: false,
    checkedRows,
    streams,
    firstBroken: { id, stream, seq, problem },
  })

  const checkHead = async (c: NonNullable<typeof cur>): Promise<AuditVerification | null> => {
    const heads = await tx.$queryRaw<
      { last_seq: number; last_hash: string }[]
    >`SELECT last_seq, last_hash FROM audit_stream WHERE stream = ${c.stream}`
    const lastSeq = c.expectedSeq - 1
    const head = heads[0]
    if (!head) return broken(c.lastId, c.stream, lastSeq, 'the stream has rows but no head in audit_stream')
    if (head.last_seq !== lastSeq) {
      return broken(
        c.lastId,
        c.stream,
        lastSeq,
        `the head says the chain ends at seq ${head.last_seq} but it ends at seq ${lastSeq} (rows deleted or added outside appendAudit)`,
      )
    }
    if (head.last_hash !== c.prevHash)
      return broken(c.lastId, c.stream, lastSeq, "the head's hash does not match the last row's hash")
    return null
  }

  for (;;) {
    const rows: Row[] = after
      ? await tx.$queryRaw<Row[]>`
          SELECT id, stream, seq, actor_user_id::text AS actor_user_id, org_type, org_id, action, entity_type, entity_id, before, after, at, prev_hash, hash
            FROM audit_log WHERE (stream, seq) > (${after.stream}, ${after.seq}) ORDER BY stream, seq LIMIT ${batchSize}`
      : await tx.$queryRaw<Row[]>`
          SELECT id, stream, seq, actor_user_id::text AS actor_user_id, org_type, org_id, action, entity_type, entity_id, before, after, at, prev_hash, hash
            FROM audit_log ORDER BY stream, seq LIMIT ${batchSize}`
    for (const row of rows) {
      if (!cur || cur.stream !== row.stream) {
        if (cur) {
          const headProblem = await checkHead(cur)
          if (headProblem) return headProblem
        }
        cur = { stream: row.stream, expectedSeq: 1, prevHash: GENESIS_HASH, lastId: 0n }
        streams++
      }
      if (row.seq !== cur.expectedSeq) {
        return broken(
          row.id,
          row.stream,
          row.seq,
          `seq gap: expected seq ${cur.expectedSeq}, found ${row.seq} (a row was deleted)`,
        )
      }
      if (row.prev_hash !== cur.prevHash) {
        return broken(row.id, row.stream, row.seq, "prev_hash does not match the previous row's hash")
      }
      const expected = chainHash(row.prev_hash, {
        stream: row.stream,
        seq: row.seq,
        actorUserId: row.actor_user_id,
        orgType: row.org_type,
        orgId: row.org_id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
        at: row.at,
      })
      if (expected !== row.hash) return broken(row.id, row.stream, row.seq, 'hash does not match its content')
      checkedRows++
      cur.prevHash = row.hash
      cur.expectedSeq++
      cur.lastId = row.id
    }
    const last = rows[rows.length - 1]
    if (!last || rows.length < batchSize) break
    after = { stream: last.stream, seq: last.seq }
  }
  if (cur) {
    const headProblem = await checkHead(cur)
    if (headProblem) return headProblem
  }
  // A head whose stream lost every row.
  const orphans = await tx.$queryRaw<{ stream: string; last_seq: number }[]>`
    SELECT s.stream, s.last_seq FROM audit_stream s
     WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.stream = s.stream) ORDER BY s.stream LIMIT 1`
  const orphan = orphans[0]
  if (orphan)
    return broken(
      0n,
      orphan.stream,
      orphan.last_seq,
      `the head says the chain ends at seq ${orphan.last_seq} but the stream has no rows`,
    )
  return { ok: true, checkedRows, streams }
}

/** One line a person can act on. */
export function describeVerification(v: AuditVerification): string {
  if (v.ok) return `audit chain OK: ${v.checkedRows} rows in ${v.streams} streams`
  const b = v.firstBroken!
  const where =
    b.id > 0n ? `audit_log id ${b.id} (stream ${b.stream}, seq ${b.seq})` : `stream ${b.stream} (seq ${b.seq})`
  return `TAMPERED: ${where}: ${b.problem} — ${v.checkedRows} rows in ${v.streams} streams checked before it`
}
