import { describe, expect, it } from 'vitest'
import { checkRevokeReason, REVOKE_REASON_MAX_LENGTH } from './revocation'

describe('checkRevokeReason', () => {
  it('keeps a reason, trimmed', () => {
    expect(checkRevokeReason('  虚报发票，骗取补贴 ')).toEqual({ ok: true, reason: '虚报发票，骗取补贴' })
  })
  it('refuses a blank or whitespace-only reason', () => {
    expect(checkRevokeReason('')).toEqual({ ok: false, problem: 'reason-required' })
    expect(checkRevokeReason(' \n\t\u3000')).toEqual({ ok: false, problem: 'reason-required' })
  })
  it('allows exactly the maximum and refuses one more, counting characters not UTF-16 units', () => {
    expect(checkRevokeReason('欺'.repeat(REVOKE_REASON_MAX_LENGTH)).ok).toBe(true)
    expect(checkRevokeReason('𠀀'.repeat(REVOKE_REASON_MAX_LENGTH)).ok).toBe(true)
    expect(checkRevokeReason('欺'.repeat(REVOKE_REASON_MAX_LENGTH + 1))).toEqual({
      ok: false,
      problem: 'reason-too-long',
    })
  })
})
