import { createHash } from 'node:crypto'

// The audit chain's hash input, defined once (pure): what is hashed must be exactly what is
// stored, so `toJsonValue` normalises before/after before they are written and hashed.

export const GENESIS_HASH = '0'.repeat(64)

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/**
 * Makes a value JSON-safe and deterministic: bigints become decimal strings, Dates ISO strings,
 * undefined object members are dropped (undefined in arrays becomes null), non-finite numbers throw.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('invalid Date in audit payload')
    return value.toISOString()
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`non-finite number in audit payload: ${value}`)
    return value
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v))
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = toJsonValue(v)
    }
    return out
  }
  throw new TypeError(`cannot put a ${typeof value} into an audit payload`)
}

/** JSON with object keys sorted at every depth (code-unit order) and no whitespace. */
export function canonicalJson(value: unknown): string {
  const v = toJsonValue(value)
  const write = (x: JsonValue): string => {
    if (x === null || typeof x !== 'object') return JSON.stringify(x)
    if (Array.isArray(x)) return `[${x.map(write).join(',')}]`
    const keys = Object.keys(x).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(x[k]!)}`).join(',')}}`
  }
  return write(v)
}

export type AuditContent = {
  stream: string
  seq: number
  actorUserId: string | null
  orgType: string
  orgId: string
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
  at: Date
}

/** The canonical text of one audit row (everything but its id and hashes). */
export function canonicalAuditRow(row: AuditContent): string {
  return canonicalJson({
    stream: row.stream,
    seq: row.seq,
    actorUserId: row.actorUserId,
    orgType: row.orgType,
    orgId: row.orgId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    at: row.at.toISOString(),
  })
}

/** hash = sha256(prev_hash ‖ canonical row), hex. */
export function chainHash(prevHash: string, row: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalAuditRow(row)).digest('hex')
}

export function streamOf(orgType: string, orgId: string): string {
  return `${orgType}:${orgId}`
}
