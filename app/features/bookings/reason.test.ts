import { describe, expect, it } from 'vitest'
import { checkReason, REASON_MAX_LENGTH } from './reason'

describe('checkReason', () => {
  it('a required reason must not be blank', () => {
    expect(checkReason('  ', true)).toEqual({ ok: false, problem: 'reason-required' })
    expect(checkReason(null, true)).toEqual({ ok: false, problem: 'reason-required' })
    expect(checkReason(undefined, true)).toEqual({ ok: false, problem: 'reason-required' })
  })
  it('an optional reason may be absent (null), and is trimmed when given', () => {
    expect(checkReason('', false)).toEqual({ ok: true, reason: null })
    expect(checkReason('  仪器故障 ', false)).toEqual({ ok: true, reason: '仪器故障' })
    expect(checkReason(' 项目调整 ', true)).toEqual({ ok: true, reason: '项目调整' })
  })
  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(checkReason('检'.repeat(REASON_MAX_LENGTH), true)).toEqual({ ok: true, reason: '检'.repeat(500) })
    expect(checkReason('x'.repeat(REASON_MAX_LENGTH + 1), true)).toEqual({ ok: false, problem: 'reason-too-long' })
    expect(checkReason('𝒳'.repeat(REASON_MAX_LENGTH), true).ok).toBe(true)
  })
})
