// What institution staff may do with a booking now: the transition table's rows for the staff
// (transitions.ts), narrowed by what the booking itself allows — a proposal needs a slot to move;
// service starts from `approved` only when there is nothing to pay (the table's guard
// 'nothing-to-pay'; otherwise it waits for the payment). Pure.
import { availableTransitions, type BookingState, type TransitionName } from './transitions'

export const STAFF_INTENTS = ['approve', 'reject', 'propose', 'start', 'cancel', 'deliver'] as const
export type StaffIntent = (typeof STAFF_INTENTS)[number]

export const INTENT_TRANSITION: Record<StaffIntent, TransitionName> = {
  approve: 'approve',
  reject: 'reject',
  propose: 'propose-time',
  start: 'start-service',
  cancel: 'cancel',
  deliver: 'deliver',
}

export function isStaffIntent(value: unknown): value is StaffIntent {
  return typeof value === 'string' && (STAFF_INTENTS as readonly string[]).includes(value)
}

export function staffActions(booking: { status: BookingState; startsAt: unknown; copayFen: bigint }): StaffIntent[] {
  const names = new Set<string>(availableTransitions(booking.status, 'institution_staff').map((t) => t.name))
  return STAFF_INTENTS.filter((intent) => {
    if (!names.has(INTENT_TRANSITION[intent])) return false
    if (intent === 'propose') return booking.startsAt !== null && booking.startsAt !== undefined
    if (intent === 'start' && booking.status === 'approved') return booking.copayFen <= 0n
    return true
  })
}
