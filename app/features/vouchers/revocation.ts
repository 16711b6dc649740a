// DOMAIN: a voucher can be revoked (fraud) by a city officer, with a reason the auditor reads.
// Pure module: the form (client and server) and the use case share these checks.

/** The longest reason kept; longer text belongs in the case file, not the audit trail. */
export const REVOKE_REASON_MAX_LENGTH = 500

export type RevokeReasonProblem = 'reason-required' | 'reason-too-long'

/** The reason as stored (trimmed), or the problem with it: blank or whitespace only, or too long. */
export function checkRevokeReason(
  reason: string,
): { ok: true; reason: string } | { ok: false; problem: RevokeReasonProblem } {
  const trimmed = reason.trim()
  if (trimmed.length === 0) return { ok: false, problem: 'reason-required' }
  // Counted in code points, as a reader counts 汉字 (an astral character is one, not two).
  if ([...trimmed].length > REVOKE_REASON_MAX_LENGTH) return { ok: false, problem: 'reason-too-long' }
  return { ok: true, reason: trimmed }
}

/** The flag the auditor sees on every booking the revoked voucher funded (booking_flag.kind). */
export const VOUCHER_REVOKED_FLAG = 'voucher-revoked'
