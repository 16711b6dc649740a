import type { Db, Tx } from './db.server'

/**
 * An expected business outcome met inside a transaction ("the voucher has too little left", "the
 * slot is taken"). Throwing it rolls the transaction back; `inTransaction` turns it into a value.
 * Anything else thrown is a broken invariant and stays an exception.
 */
export class Refusal extends Error {
  override name = 'Refusal'
  constructor(
    public readonly reason: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(
      details
        ? `${reason} ${JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`
        : reason,
    )
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string; details?: Record<string, unknown> }

export function refused(
  reason: string,
  details?: Record<string, unknown>,
): { ok: false; reason: string; details?: Record<string, unknown> } {
  return details ? { ok: false, reason, details } : { ok: false, reason }
}

/** Runs `fn` in one interactive transaction (options from createDb); a thrown Refusal becomes `{ ok: false }`. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  try {
    const value = await db.$transaction(fn)
    return { ok: true, value }
  } catch (error) {
    if (error instanceof Refusal) return refused(error.reason, error.details)
    throw error
  }
}

/**
 * The PostgreSQL SQLSTATE behind an error, wherever the layers put it: Prisma raw queries (P2010)
 * and model calls (P2002 …) carry `meta.driverAdapterError.cause.originalCode`; a bare adapter
 * error carries `cause.originalCode`; node-postgres errors carry `code` itself.
 */
export function sqlStateOf(error: unknown): string | undefined {
  const seen = new Set<unknown>()
  const visit = (value: unknown, depth: number): string | undefined => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return undefined
    seen.add(value)
    const record = value as Record<string, unknown>
    if (typeof record.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(record.originalCode)) return record.originalCode
    const meta = record.meta as Record<string, unknown> | undefined
    return (
      visit(meta?.driverAdapterError, depth + 1) ??
      visit(record.driverAdapterError, depth + 1) ??
      visit(record.cause, depth + 1) ??
      // node-postgres DatabaseError: `code` is the SQLSTATE (Prisma's own codes look like P2010).
      (typeof record.code === 'string' && /^[0-9A-Z]{5}$/.test(record.code) && !/^P\d{4}$/.test(record.code)
        ? record.code
        : undefined)
    )
  }
  return visit(error, 0)
}

export const SQLSTATE = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  exclusionViolation: '23P01',
  restrictViolation: '23001',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const
