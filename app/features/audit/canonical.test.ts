import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  GENESIS_HASH,
  canonicalAuditRow,
  canonicalJson,
  chainHash,
  streamOf,
  toJsonValue,
  type AuditContent,
} from './canonical'

const row: AuditContent = {
  stream: 'enterprise:e1',
  seq: 1,
  actorUserId: null,
  orgType: 'enterprise',
  orgId: 'e1',
  action: 'booking.requested',
  entityType: 'booking',
  entityId: 'b1',
  before: null,
  after: { feeFen: 1000n, status: 'requested' },
  at: new Date('2026-11-28T01:02:03.456Z'),
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    )
  })
  it('does not depend on insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }))
  })
  it('writes bigints as strings and dates as ISO', () => {
    expect(canonicalJson({ n: 12345678901234567890n, t: new Date(0) })).toBe(
      '{"n":"12345678901234567890","t":"1970-01-01T00:00:00.000Z"}',
    )
  })
  it('drops undefined members, keeps null, escapes unicode keys consistently', () => {
    expect(canonicalJson({ a: undefined, b: null, 名称: '仪器' })).toBe('{"b":null,"名称":"仪器"}')
  })
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite/)
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/)
  })
  it('round-trips through JSON (what jsonb gives back) unchanged', () => {
    const v = toJsonValue({ b: [1, 'x', null, true], a: { n: 5n, d: new Date(1000) } })
    expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(canonicalJson(v))
  })
})

describe('chainHash', () => {
  it('is sha256 of the previous hash followed by the canonical row', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalAuditRow(row))
      .digest('hex')
    expect(chainHash(GENESIS_HASH, row)).toBe(expected)
    expect(GENESIS_HASH).toMatch(/^0{64}$/)
  })
  it('changes when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, row)
    expect(chainHash('1'.repeat(64), row)).not.toBe(base)
    expect(chainHash(GENESIS_HASH, { ...row, seq: 2 })).not.toBe(base)
    expect(chainHash(GENESIS_HASH, { ...row, after: { feeFen: '1001', status: 'requested' } })).not.toBe(base)
    expect(chainHash(GENESIS_HASH, { ...row, at: new Date(row.at.getTime() + 1) })).not.toBe(base)
    expect(chainHash(GENESIS_HASH, { ...row, actorUserId: 'u' })).not.toBe(base)
  })
  it('treats a bigint and its decimal string alike (what is stored is what is hashed)', () => {
    expect(chainHash(GENESIS_HASH, row)).toBe(
      chainHash(GENESIS_HASH, { ...row, after: { status: 'requested', feeFen: '1000' } }),
    )
  })
  it('names streams by organisation', () => {
    expect(streamOf('enterprise', 'e1')).toBe('enterprise:e1')
  })
})
