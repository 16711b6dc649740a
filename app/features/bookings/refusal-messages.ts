// A booking rule that blocks — shown on the booking page before submitting (per voucher) and as
// the refusal after — turned into one i18n key with its parameters ('bookings' namespace), so
// both say the same thing in plain Chinese or English. Pure.
import { errorKey } from '~/components/field-error'
import type { SubmitErrors } from './enterprise-schemas'

export type RefusalDetails = {
  problem?: unknown
  allowed?: unknown
  expiresAt?: unknown
  minQuantity?: unknown
  available?: unknown
}

export type MessageContext = {
  /** A top-level category code → its name in the reader's language. */
  categoryName: (code: string) => string
  /** An instant → a date in the reader's language (Asia/Shanghai). */
  formatDate: (iso: string) => string
  /** The list separator of the reader's language ('、' or ', '). */
  separator: string
}

const KNOWN_SLOT_PROBLEMS = ['off-grid', 'too-short', 'too-long', 'notice', 'horizon', 'closed']
const KNOWN_VOUCHER_PROBLEMS = ['wrong-enterprise', 'revoked', 'expired', 'not-found']
const KNOWN_RELATED = ['declared', 'same-uscc', 'same-legal-rep']

function isoOf(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value
  return null
}

/** The message key for a refusal reason (requestBooking's) or a page blocker. */
export function refusalKey(reason: string, details: RefusalDetails | undefined, ctx: MessageContext): string {
  const problem = typeof details?.problem === 'string' ? details.problem : ''
  switch (reason) {
    case 'related-party':
      return `bookings:refusal.related-party.${KNOWN_RELATED.includes(problem) ? problem : 'declared'}`
    case 'voucher-not-usable':
      return `bookings:refusal.voucher-not-usable.${KNOWN_VOUCHER_PROBLEMS.includes(problem) ? problem : 'not-found'}`
    case 'category-not-allowed': {
      const allowed = Array.isArray(details?.allowed) ? (details.allowed as unknown[]).map(String) : []
      return errorKey('bookings:refusal.category-not-allowed', {
        allowed: allowed.map(ctx.categoryName).join(ctx.separator),
      })
    }
    case 'voucher-expires-before-service': {
      const expiresAt = isoOf(details?.expiresAt)
      return errorKey('bookings:refusal.voucher-expires-before-service', {
        date: expiresAt ? ctx.formatDate(expiresAt) : '',
      })
    }
    case 'slot-not-available':
      return `bookings:refusal.slot-not-available.${KNOWN_SLOT_PROBLEMS.includes(problem) ? problem : 'closed'}`
    case 'invalid-time-range':
      return problem === 'quantity-does-not-match-slot'
        ? 'bookings:refusal.quantity-does-not-match-slot'
        : 'bookings:refusal.invalid-time-range'
    case 'quantity-below-minimum':
      return errorKey('bookings:refusal.quantity-below-minimum', {
        min: typeof details?.minQuantity === 'number' ? details.minQuantity : 1,
      })
    case 'partner-region-not-accepted':
    case 'insufficient-voucher-balance':
    case 'slot-taken':
    case 'invalid-wanted-by':
    case 'instrument-not-bookable':
    case 'enterprise-not-verified':
      return `bookings:refusal.${reason}`
    default:
      return 'bookings:refusal.generic'
  }
}

/** Which field of the booking form a refusal belongs to. */
export function refusalField(reason: string): keyof SubmitErrors {
  switch (reason) {
    case 'related-party':
    case 'voucher-not-usable':
    case 'category-not-allowed':
    case 'partner-region-not-accepted':
    case 'voucher-expires-before-service':
    case 'insufficient-voucher-balance':
      return 'voucher'
    case 'slot-taken':
    case 'slot-not-available':
    case 'invalid-time-range':
      return 'start'
    case 'quantity-below-minimum':
      return 'quantity'
    case 'invalid-wanted-by':
      return 'wantedBy'
    default:
      return 'form'
  }
}
