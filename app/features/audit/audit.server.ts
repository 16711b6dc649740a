import type { Tx } from '~/infra/db.server'
import { GENESIS_HASH, chainHash, streamOf, toJsonValue } from './canonical'

export type OrgType = 'enterprise' | 'institution' | 'region' | 'platform'

export type AuditInput = {
  actorUserId: string | null
  orgType: OrgType
  orgId: string
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
  at: Date
}

/**
 * Appends one row to the organisation's hash chain, inside the caller's transaction.
 * DESIGN: one chain per organisation stream, so the lock is that stream's head row and two
 * organisations never wait for each other. The upsert both creates a missing head and locks it.
 */
export async function appendAudit(
  tx: Tx,
  input: AuditInput,
): Promise<{ id: bigint; stream: string; seq: number; hash: string }> {
  const stream = streamOf(input.orgType, input.orgId)
  const heads = await tx.$queryRaw<{ last_seq: number; last_hash: string }[]>`
    INSERT INTO audit_stream (stream, last_seq, last_hash) VALUES (${stream}, 1, ${GENESIS_HASH})
    ON CONFLICT (stream) DO UPDATE SET last_seq = audit_stream.last_seq + 1
    RETURNING last_seq, last_hash`
  const head = heads[0]
  if (!head) throw new Error(`audit stream ${stream}: head row neither inserted nor locked`)
  const seq = head.last_seq
  const prevHash = head.last_hash
  // Store exactly what is hashed: bigints as strings, dates as ISO, undefined dropped.
  const before = input.before === undefined ? null : toJsonValue(input.before)
  const after = input.after === undefined ? null : toJsonValue(input.after)
  const hash = chainHash(prevHash, {
    stream,
    seq,
    actorUserId: input.actorUserId,
    orgType: input.orgType,
    orgId: input.orgId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before,
    after,
    at: input.at,
  })
  const inserted = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO audit_log (stream, seq, actor_user_id, org_type, org_id, action, entity_type, entity_id, before, after, at, prev_hash, hash)
    VALUES (${stream}, ${seq}, ${input.actorUserId}::uuid, ${input.orgType}, ${input.orgId}, ${input.action}, ${input.entityType}, ${input.entityId},
            ${before === null ? null : JSON.stringify(before)}::jsonb, ${after === null ? null : JSON.stringify(after)}::jsonb,
            ${input.at}::timestamptz, ${prevHash}, ${hash})
    RETURNING id`
  await tx.$executeRaw`UPDATE audit_stream SET last_hash = ${hash} WHERE stream = ${stream}`
  return { id: inserted[0]!.id, stream, seq, hash }
}
