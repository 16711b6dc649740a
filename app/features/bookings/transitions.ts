// DOMAIN: booking states — requested → approved | rejected → (co-payment paid, or nothing to pay)
// → in service → delivered → confirmed | disputed → claimed → redeemed | claim rejected → settled.
// Cancelled is possible before service. Timers: an undecided request expires (default 3 days), an
// unpaid approval expires (24 h), a delivered booking is confirmed automatically after 7 days.
// DESIGN: the transitions are data; a use case fires one by name after `canFire` and its guard.

export const BOOKING_STATES = [
  'requested',
  'approved',
  'rejected',
  'paid',
  'in_service',
  'delivered',
  'confirmed',
  'disputed',
  'claimed',
  'redeemed',
  'claim_rejected',
  'settled',
  'cancelled',
  'expired',
] as const
export type BookingState = (typeof BOOKING_STATES)[number]

/** States that occupy the instrument: the exclusion constraint `booking_no_overlap` covers exactly these. */
export const ACTIVE_STATES = ['requested', 'approved', 'paid', 'in_service'] as const satisfies readonly BookingState[]

export const ACTORS = [
  'enterprise_member',
  'institution_staff',
  'county_officer',
  'city_officer',
  'platform_admin',
  'system',
] as const
export type Actor = (typeof ACTORS)[number]

export type Transition = {
  name: string
  from: BookingState
  to: BookingState
  actors: readonly Actor[]
  /** Condition the use case checks inside its transaction (needs data, so it is not part of canFire). */
  guard?: 'decide-by-passed' | 'pay-by-passed' | 'nothing-to-pay' | 'confirm-by-passed'
  /** What the use case must do in the same transaction besides the status change. */
  effects: readonly ('hold-voucher-share' | 'void-hold' | 'post-hold' | 'refund-copay' | 'notify')[]
}

export const TRANSITIONS = [
  { name: 'approve', from: 'requested', to: 'approved', actors: ['institution_staff'], effects: ['notify'] },
  {
    name: 'reject',
    from: 'requested',
    to: 'rejected',
    actors: ['institution_staff'],
    effects: ['void-hold', 'notify'],
  },
  {
    name: 'cancel',
    from: 'requested',
    to: 'cancelled',
    actors: ['enterprise_member'],
    effects: ['void-hold', 'notify'],
  },
  {
    name: 'expire',
    from: 'requested',
    to: 'expired',
    actors: ['system'],
    guard: 'decide-by-passed',
    effects: ['void-hold', 'notify'],
  },

  { name: 'pay', from: 'approved', to: 'paid', actors: ['enterprise_member', 'system'], effects: ['notify'] },
  {
    name: 'start-service',
    from: 'approved',
    to: 'in_service',
    actors: ['institution_staff'],
    guard: 'nothing-to-pay',
    effects: [],
  },
  {
    name: 'cancel',
    from: 'approved',
    to: 'cancelled',
    actors: ['enterprise_member', 'institution_staff'],
    effects: ['void-hold', 'notify'],
  },
  {
    name: 'expire-unpaid',
    from: 'approved',
    to: 'expired',
    actors: ['system'],
    guard: 'pay-by-passed',
    effects: ['void-hold', 'notify'],
  },

  { name: 'start-service', from: 'paid', to: 'in_service', actors: ['institution_staff'], effects: [] },
  {
    name: 'cancel',
    from: 'paid',
    to: 'cancelled',
    actors: ['enterprise_member', 'institution_staff'],
    effects: ['void-hold', 'refund-copay', 'notify'],
  },

  { name: 'deliver', from: 'in_service', to: 'delivered', actors: ['institution_staff'], effects: ['notify'] },

  { name: 'confirm', from: 'delivered', to: 'confirmed', actors: ['enterprise_member'], effects: [] },
  {
    name: 'auto-confirm',
    from: 'delivered',
    to: 'confirmed',
    actors: ['system'],
    guard: 'confirm-by-passed',
    effects: [],
  },
  { name: 'dispute', from: 'delivered', to: 'disputed', actors: ['enterprise_member'], effects: ['notify'] },
  { name: 'resolve-dispute', from: 'disputed', to: 'confirmed', actors: ['city_officer'], effects: ['notify'] },

  { name: 'claim', from: 'confirmed', to: 'claimed', actors: ['institution_staff'], effects: ['notify'] },
  {
    name: 'approve-claim',
    from: 'claimed',
    to: 'redeemed',
    actors: ['city_officer'],
    effects: ['post-hold', 'notify'],
  },
  {
    name: 'reject-claim',
    from: 'claimed',
    to: 'claim_rejected',
    actors: ['city_officer'],
    effects: ['void-hold', 'notify'],
  },
  { name: 'settle', from: 'redeemed', to: 'settled', actors: ['city_officer', 'system'], effects: [] },
] as const satisfies readonly Transition[]

export type TransitionName = (typeof TRANSITIONS)[number]['name']

/** The row a transition named `name` takes from `state`, if any. */
export function findTransition(name: TransitionName, state: BookingState): Transition | undefined {
  return (TRANSITIONS as readonly Transition[]).find((t) => t.name === name && t.from === state)
}

/** Whether `actor` may fire `name` from `state` (the data guard, if any, is checked by the use case). */
export function canFire(name: TransitionName, state: BookingState, actor: Actor): boolean {
  const t = findTransition(name, state)
  return t !== undefined && t.actors.includes(actor)
}

/** Transitions `actor` may fire from `state` (what a page offers as buttons). */
export function availableTransitions(state: BookingState, actor: Actor): Transition[] {
  return (TRANSITIONS as readonly Transition[]).filter((t) => t.from === state && t.actors.includes(actor))
}

export function isActive(state: BookingState): boolean {
  return (ACTIVE_STATES as readonly BookingState[]).includes(state)
}
