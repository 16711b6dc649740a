// A reason a person gives for a decision (reject, cancel, dispute, a claim rejected): stored on
// the booking and in its history, shown to the other side. Pure.

export const REASON_MAX_LENGTH = 500

export type ReasonCheck =
  { ok: true; reason: string | null } | { ok: false; problem: 'reason-required' | 'reason-too-long' }

/** Trims; a required reason must not be blank; at most REASON_MAX_LENGTH characters. */
export function checkReason(raw: string | null | undefined, required: boolean): ReasonCheck {
  const reason = (raw ?? '').trim()
  if (reason.length === 0) return required ? { ok: false, problem: 'reason-required' } : { ok: true, reason: null }
  if ([...reason].length > REASON_MAX_LENGTH) return { ok: false, problem: 'reason-too-long' }
  return { ok: true, reason }
}
