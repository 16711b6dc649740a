import { describe, expect, it } from 'vitest'
import { JOBS, jobIdFor, outboxJobId } from '~/infra/job-contract'
import { checkProcessorMap } from './processor-map'

const noop = async () => undefined

describe('checkProcessorMap', () => {
  const names = ['a.one', 'b.two']

  it('accepts exactly one processor per job', () => {
    expect(checkProcessorMap(names, { 'a.one': noop, 'b.two': noop })).toEqual({ ok: true })
  })

  it('names the jobs that have no processor', () => {
    const result = checkProcessorMap(names, { 'a.one': noop })
    expect(result).toMatchObject({ ok: false, missing: ['b.two'], unknown: [] })
    expect(result.ok || result.message).toContain('jobs without a processor: b.two')
  })

  it('names processors that belong to no job', () => {
    const result = checkProcessorMap(names, { 'a.one': noop, 'b.two': noop, 'c.three': noop })
    expect(result).toMatchObject({ ok: false, missing: [], unknown: ['c.three'] })
    expect(result.ok || result.message).toContain('processors for no job in the contract: c.three')
  })

  it('treats a key whose value is not a function as missing', () => {
    expect(checkProcessorMap(names, { 'a.one': noop, 'b.two': undefined })).toMatchObject({
      ok: false,
      missing: ['b.two'],
    })
  })

  it('holds for the real contract and the real map', async () => {
    // The real map imports server modules; importing it lazily keeps the rest of this file pure.
    const { processors } = await import('./processors/index')
    expect(checkProcessorMap(Object.keys(JOBS), processors)).toEqual({ ok: true })
  })
})

describe('job ids', () => {
  it('never contain ":" (BullMQ rejects them) and stay distinct per key', () => {
    const a = jobIdFor('booking.expire-if-undecided', 'x:y')
    const b = jobIdFor('booking.expire-if-undecided', 'x%3Ay')
    expect(a).not.toContain(':')
    expect(a).not.toBe(b)
    expect(jobIdFor('booking.requested', '7')).toBe('booking.requested@7')
  })

  it('refuse an empty key', () => {
    expect(() => jobIdFor('booking.requested', '')).toThrow(/empty business key/)
  })

  it('give outbox rows an id from their id and creation time (a re-created database reuses ids)', () => {
    const createdAt = new Date('2026-11-28T08:00:00.000Z')
    expect(outboxJobId({ id: 42n, createdAt })).toBe(`outbox-42-${createdAt.getTime().toString(36)}`)
    expect(outboxJobId({ id: 42n, createdAt: new Date(createdAt.getTime() + 1) })).not.toBe(
      outboxJobId({ id: 42n, createdAt }),
    )
    expect(outboxJobId({ id: 42n, createdAt })).not.toContain(':')
  })
})
