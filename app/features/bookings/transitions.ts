// DOMAIN: booking states — requested → approved | rejected → (co-payment paid, or nothing to pay)
// → in service → delivered → confirmed | disputed → claimed → redeemed | claim rejected → settled.
// Cancelled is possible before service. Timers: an undecided request expires (default 3 days), an
// unpaid approval expires (24 h), a delivered booking is confirmed automatically after 7 days.
// DOMAIN (ADR 013): a failed payment attempt does not end the booking. It stays approved until its
// pay-by time (24 h after approval) and the enterprise may pay again on the same PaymentIntent —
// another card, Alipay, WeChat Pay; only the pay-by timer ('expire-unpaid') ends an unpaid booking,
// and that is when its voucher hold is voided and its PaymentIntent canceled.
// DESIGN: the transitions are data. The engine (fire.server.ts) fires one by name: it finds the row
// for (name, current status), checks the actor, the guard and the reason, then runs the row's
// effects in order, in the booking's transaction. Nothing else changes a booking's status.

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

/**
 * A condition the engine checks on the locked booking (it needs data, so it is not part of canFire).
 * When it is false, a timer's or a webhook's transition simply does not happen (`changed: false`:
 * a late, repeated or out-of-order event is harmless); a person's request is refused with a reason.
 */
export const GUARDS = {
  /** decide_by ≤ now (DOMAIN: a request not approved in 3 days expires). */
  'decide-by-passed': { whenFalse: 'unchanged' },
  /** pay_by ≤ now (DOMAIN: an unpaid approved booking expires after 24 h). */
  'pay-by-passed': { whenFalse: 'unchanged' },
  /** confirm_by ≤ now (DOMAIN: a delivered booking not confirmed in 7 days is confirmed automatically). */
  'confirm-by-passed': { whenFalse: 'unchanged' },
  /** A payment row of this booking carries the PaymentIntent id the webhook names (so the co-payment is > 0). */
  'payment-exists': { whenFalse: 'unchanged' },
  /** The claim is made only when the voucher pays part of the final fee. */
  'has-voucher-share': { whenFalse: 'unchanged' },
  /** Service may start from `approved` only when there is no co-payment (otherwise it starts from `paid`). */
  'nothing-to-pay': { whenFalse: 'refuse', reason: 'copay-unpaid' },
  /** The institution proposed another time that the enterprise can accept or decline. */
  'has-proposal': { whenFalse: 'refuse', reason: 'no-proposal' },
} as const satisfies Record<string, { whenFalse: 'unchanged' } | { whenFalse: 'refuse'; reason: string }>
export type Guard = keyof typeof GUARDS

/** What the engine does in the same transaction besides the status change, in the order listed. */
export const EFFECTS = [
  /** decided_at / decided_by (and reject_reason for a rejection). */
  'record-decision',
  /**
   * A failed payment attempt in the booking's history: Stripe's error (code, decline code, message)
   * as the event's reason, with the pay-by time by which the enterprise may pay again.
   */
  'record-payment-failure',
  /** A co-payment > 0: pay_by = now + 24 h and the 'booking.expire-if-unpaid' timer at pay_by. */
  'start-pay-timer',
  /** proposed_starts_at / proposed_ends_at / proposal_note: a free, valid range of the same length. */
  'record-proposal',
  /** The slot moves to the proposal (the exclusion constraint may refuse: 'slot-taken'). */
  'move-slot',
  'clear-proposal',
  /** Reason, side, who, when, and the cancellation fee (cancellation.ts). */
  'record-cancellation',
  /** The voucher hold returns to the voucher (DOMAIN: voided on rejection, cancellation or expiry). */
  'void-hold',
  /** Outbox 'payment.refund' for the co-payment paid beyond what is owed (cancellation fee or final co-payment). */
  'refund-copay',
  /**
   * Outbox 'payment.cancel-intent' when the booking's PaymentIntent could still be paid (neither
   * succeeded nor canceled): a booking that ended unpaid takes no payment any more. A payment that
   * succeeds just before the cancellation is refunded by the webhook (late payment).
   */
  'cancel-copay-intent',
  /** Usage, final fee / voucher share / co-payment (final-split.ts), report and invoice numbers and files. */
  'record-delivery',
  /** DOMAIN: a lower final fee releases part of the hold (void it, hold the lower share again). */
  'adjust-hold',
  /** confirm_by = now + 7 days and the 'booking.auto-confirm' timer at confirm_by. */
  'start-confirm-timer',
  'record-confirmation',
  'record-dispute',
  /** Fire 'claim' in the same transaction (its guard: a final voucher share > 0). */
  'claim',
  /** The redemption_claim row with its evidence (one per booking). */
  'record-claim',
  /** DOMAIN: the hold is posted when the redemption is approved. */
  'post-hold',
  /** The redemption_claim's status follows the booking (approved / rejected / settled). */
  'decide-claim',
  /** Outbox 'booking.notify' { bookingId, event, eventId }: the mail helper decides who is told. */
  'notify',
] as const
export type Effect = (typeof EFFECTS)[number]

export type Transition = {
  name: string
  from: BookingState
  to: BookingState
  actors: readonly Actor[]
  guard?: Guard
  effects: readonly Effect[]
  /** A non-blank reason must be given (it is stored on the booking and in its history). */
  reasonRequired?: boolean
}

export const TRANSITIONS = [
  // --- requested -------------------------------------------------------------------------------
  {
    name: 'approve',
    from: 'requested',
    to: 'approved',
    actors: ['institution_staff'],
    // Approving the time asked for withdraws any other time proposed.
    effects: ['record-decision', 'clear-proposal', 'start-pay-timer', 'notify'],
  },
  {
    name: 'reject',
    from: 'requested',
    to: 'rejected',
    actors: ['institution_staff'],
    reasonRequired: true,
    effects: ['record-decision', 'void-hold', 'notify'],
  },
  {
    name: 'propose-time',
    from: 'requested',
    to: 'requested',
    actors: ['institution_staff'],
    effects: ['record-proposal', 'notify'],
  },
  {
    name: 'accept-proposal',
    from: 'requested',
    to: 'approved',
    actors: ['enterprise_member'],
    guard: 'has-proposal',
    effects: ['move-slot', 'clear-proposal', 'record-decision', 'start-pay-timer', 'notify'],
  },
  {
    name: 'decline-proposal',
    from: 'requested',
    to: 'requested',
    actors: ['enterprise_member'],
    guard: 'has-proposal',
    effects: ['clear-proposal', 'notify'],
  },
  {
    name: 'cancel',
    from: 'requested',
    to: 'cancelled',
    actors: ['enterprise_member'],
    reasonRequired: true,
    effects: ['record-cancellation', 'void-hold', 'notify'],
  },
  {
    name: 'expire',
    from: 'requested',
    to: 'expired',
    actors: ['system'],
    guard: 'decide-by-passed',
    effects: ['void-hold', 'notify'],
  },

  // --- approved --------------------------------------------------------------------------------
  // The Stripe webhook: payment_intent.succeeded / payment_intent.payment_failed.
  { name: 'pay', from: 'approved', to: 'paid', actors: ['system'], guard: 'payment-exists', effects: ['notify'] },
  // DOMAIN (ADR 013): a declined attempt keeps the booking, its hold and its PaymentIntent (Stripe
  // leaves it in requires_payment_method so the payer can try again); the enterprise is told why and
  // by when to pay again. Only 'expire-unpaid' ends an unpaid booking.
  {
    name: 'fail-payment',
    from: 'approved',
    to: 'approved',
    actors: ['system'],
    guard: 'payment-exists',
    effects: ['record-payment-failure', 'notify'],
  },
  // DOMAIN: an unpaid approved booking expires at pay_by — after no attempt, or after attempts that
  // all failed: the hold returns to the voucher, the PaymentIntent is canceled.
  {
    name: 'expire-unpaid',
    from: 'approved',
    to: 'expired',
    actors: ['system'],
    guard: 'pay-by-passed',
    effects: ['void-hold', 'cancel-copay-intent', 'notify'],
  },
  {
    name: 'start-service',
    from: 'approved',
    to: 'in_service',
    actors: ['institution_staff'],
    guard: 'nothing-to-pay',
    effects: ['notify'],
  },
  {
    name: 'cancel',
    from: 'approved',
    to: 'cancelled',
    actors: ['enterprise_member', 'institution_staff'],
    reasonRequired: true,
    effects: ['record-cancellation', 'void-hold', 'cancel-copay-intent', 'notify'],
  },

  // --- paid ------------------------------------------------------------------------------------
  { name: 'start-service', from: 'paid', to: 'in_service', actors: ['institution_staff'], effects: ['notify'] },
  {
    name: 'cancel',
    from: 'paid',
    to: 'cancelled',
    actors: ['enterprise_member', 'institution_staff'],
    reasonRequired: true,
    effects: ['record-cancellation', 'void-hold', 'refund-copay', 'notify'],
  },

  // --- in service ------------------------------------------------------------------------------
  {
    name: 'deliver',
    from: 'in_service',
    to: 'delivered',
    actors: ['institution_staff'],
    effects: ['record-delivery', 'adjust-hold', 'refund-copay', 'start-confirm-timer', 'notify'],
  },

  // --- delivered / disputed --------------------------------------------------------------------
  {
    name: 'confirm',
    from: 'delivered',
    to: 'confirmed',
    actors: ['enterprise_member'],
    effects: ['record-confirmation', 'notify', 'claim'],
  },
  {
    name: 'auto-confirm',
    from: 'delivered',
    to: 'confirmed',
    actors: ['system'],
    guard: 'confirm-by-passed',
    effects: ['record-confirmation', 'notify', 'claim'],
  },
  {
    name: 'dispute',
    from: 'delivered',
    to: 'disputed',
    actors: ['enterprise_member'],
    reasonRequired: true,
    effects: ['record-dispute', 'notify'],
  },
  {
    name: 'resolve-dispute',
    from: 'disputed',
    to: 'confirmed',
    actors: ['city_officer'],
    effects: ['record-confirmation', 'notify', 'claim'],
  },

  // --- the redemption claim --------------------------------------------------------------------
  {
    name: 'claim',
    from: 'confirmed',
    to: 'claimed',
    actors: ['system'],
    guard: 'has-voucher-share',
    effects: ['record-claim', 'notify'],
  },
  {
    name: 'approve-claim',
    from: 'claimed',
    to: 'redeemed',
    actors: ['city_officer'],
    effects: ['post-hold', 'decide-claim', 'notify'],
  },
  {
    name: 'reject-claim',
    from: 'claimed',
    to: 'claim_rejected',
    actors: ['city_officer'],
    reasonRequired: true,
    effects: ['void-hold', 'decide-claim', 'notify'],
  },
  {
    name: 'settle',
    from: 'redeemed',
    to: 'settled',
    actors: ['city_officer', 'system'],
    effects: ['decide-claim', 'notify'],
  },
] as const satisfies readonly Transition[]

export type TransitionName = (typeof TRANSITIONS)[number]['name']

/** Every transition name, once (the order of first appearance in the table). */
export const TRANSITION_NAMES: readonly TransitionName[] = [...new Set(TRANSITIONS.map((t) => t.name))]

export function isTransitionName(name: string): name is TransitionName {
  return (TRANSITION_NAMES as readonly string[]).includes(name)
}

/** The audit action each transition writes (past tense, like 'booking.requested'). */
export const AUDIT_ACTIONS: Record<TransitionName, string> = {
  approve: 'booking.approved',
  reject: 'booking.rejected',
  'propose-time': 'booking.time-proposed',
  'accept-proposal': 'booking.proposal-accepted',
  'decline-proposal': 'booking.proposal-declined',
  cancel: 'booking.cancelled',
  expire: 'booking.expired',
  pay: 'booking.paid',
  'fail-payment': 'booking.payment-failed',
  'expire-unpaid': 'booking.expired-unpaid',
  'start-service': 'booking.service-started',
  deliver: 'booking.delivered',
  confirm: 'booking.confirmed',
  'auto-confirm': 'booking.auto-confirmed',
  dispute: 'booking.disputed',
  'resolve-dispute': 'booking.dispute-resolved',
  claim: 'booking.claimed',
  'approve-claim': 'booking.claim-approved',
  'reject-claim': 'booking.claim-rejected',
  settle: 'booking.settled',
}

/** The row a transition named `name` takes from `state`, if any. */
export function findTransition(name: TransitionName, state: BookingState): Transition | undefined {
  return (TRANSITIONS as readonly Transition[]).find((t) => t.name === name && t.from === state)
}

/** Whether `actor` may fire `name` from `state` (the data guard, if any, is checked by the engine). */
export function canFire(name: TransitionName, state: BookingState, actor: Actor): boolean {
  const t = findTransition(name, state)
  return t !== undefined && t.actors.includes(actor)
}

/**
 * Whether a booking in `state` already went through `name`: some row of that name leads into
 * `state` (and is not a loop). A repeated click, timer or webhook then changes nothing.
 */
export function alreadyFired(name: TransitionName, state: BookingState): boolean {
  return (TRANSITIONS as readonly Transition[]).some((t) => t.name === name && t.to === state && t.from !== t.to)
}

/** Transitions `actor` may fire from `state` (what a page offers as buttons). */
export function availableTransitions(state: BookingState, actor: Actor): Transition[] {
  return (TRANSITIONS as readonly Transition[]).filter((t) => t.from === state && t.actors.includes(actor))
}

export function isActive(state: BookingState): boolean {
  return (ACTIVE_STATES as readonly BookingState[]).includes(state)
}
