import { describe, expect, it } from 'vitest'
import {
  ACTIVE_STATES,
  ACTORS,
  AUDIT_ACTIONS,
  BOOKING_STATES,
  EFFECTS,
  GUARDS,
  TRANSITION_NAMES,
  TRANSITIONS,
  alreadyFired,
  availableTransitions,
  canFire,
  findTransition,
  isActive,
  isTransitionName,
  type Actor,
  type BookingState,
  type TransitionName,
} from './transitions'

// The expected truth, written out by hand (not derived from the table): one line per allowed
// (from, transition, actor) with the state it leads to. Every other combination of the 14 states ×
// 6 actors × 20 transition names must be refused by canFire.
const ALLOWED = `
requested   approve          institution_staff  approved
requested   reject           institution_staff  rejected
requested   propose-time     institution_staff  requested
requested   accept-proposal  enterprise_member  approved
requested   decline-proposal enterprise_member  requested
requested   cancel           enterprise_member  cancelled
requested   expire           system             expired
approved    pay              system             paid
approved    fail-payment     system             approved
approved    expire-unpaid    system             expired
approved    start-service    institution_staff  in_service
approved    cancel           enterprise_member  cancelled
approved    cancel           institution_staff  cancelled
paid        start-service    institution_staff  in_service
paid        cancel           enterprise_member  cancelled
paid        cancel           institution_staff  cancelled
in_service  deliver          institution_staff  delivered
delivered   confirm          enterprise_member  confirmed
delivered   auto-confirm     system             confirmed
delivered   dispute          enterprise_member  disputed
disputed    resolve-dispute  city_officer       confirmed
confirmed   claim            system             claimed
claimed     approve-claim    city_officer       redeemed
claimed     reject-claim     city_officer       claim_rejected
redeemed    settle           city_officer       settled
redeemed    settle           system             settled
`
  .trim()
  .split('\n')
  .map((line) => {
    const [from, name, actor, to] = line.trim().split(/\s+/) as [BookingState, TransitionName, Actor, BookingState]
    return { from, name, actor, to }
  })

const NAMES: TransitionName[] = [
  'approve',
  'reject',
  'propose-time',
  'accept-proposal',
  'decline-proposal',
  'cancel',
  'expire',
  'pay',
  'fail-payment',
  'expire-unpaid',
  'start-service',
  'deliver',
  'confirm',
  'auto-confirm',
  'dispute',
  'resolve-dispute',
  'claim',
  'approve-claim',
  'reject-claim',
  'settle',
]

describe('canFire: every state × every actor × every transition', () => {
  it('the names are exactly these twenty', () => {
    expect([...TRANSITION_NAMES].sort()).toEqual([...NAMES].sort())
  })

  for (const state of BOOKING_STATES) {
    it(`from ${state}`, () => {
      for (const actor of ACTORS) {
        for (const name of NAMES) {
          const expected = ALLOWED.some((a) => a.from === state && a.name === name && a.actor === actor)
          expect(canFire(name, state, actor), `${name} from ${state} by ${actor}`).toBe(expected)
        }
      }
    })
  }

  it('each allowed transition leads where the list says', () => {
    for (const a of ALLOWED) expect(findTransition(a.name, a.from)?.to, `${a.name} from ${a.from}`).toBe(a.to)
  })

  it('offers each actor the buttons of the list', () => {
    expect(availableTransitions('requested', 'institution_staff').map((t) => t.name)).toEqual([
      'approve',
      'reject',
      'propose-time',
    ])
    expect(availableTransitions('requested', 'enterprise_member').map((t) => t.name)).toEqual([
      'accept-proposal',
      'decline-proposal',
      'cancel',
    ])
    expect(availableTransitions('approved', 'institution_staff').map((t) => t.name)).toEqual([
      'start-service',
      'cancel',
    ])
    expect(availableTransitions('delivered', 'enterprise_member').map((t) => t.name)).toEqual(['confirm', 'dispute'])
    expect(availableTransitions('in_service', 'enterprise_member')).toEqual([])
    expect(availableTransitions('disputed', 'county_officer')).toEqual([])
    for (const state of BOOKING_STATES) expect(availableTransitions(state, 'platform_admin')).toEqual([])
  })
})

describe('the rows', () => {
  const row = (name: TransitionName, from: BookingState) => findTransition(name, from)!

  it('one row per (name, from): firing is unambiguous', () => {
    const keys = TRANSITIONS.map((t) => `${t.name}@${t.from}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('a reason is required to reject, cancel, dispute and reject a claim — and only there', () => {
    const required = TRANSITIONS.filter((t) => 'reasonRequired' in t && t.reasonRequired).map(
      (t) => `${t.name}@${t.from}`,
    )
    expect(required.sort()).toEqual(
      [
        'reject@requested',
        'cancel@requested',
        'cancel@approved',
        'cancel@paid',
        'dispute@delivered',
        'reject-claim@claimed',
      ].sort(),
    )
  })

  it('guards: the timers, the webhook, the co-payment, the proposal, the claim', () => {
    const guards = Object.fromEntries(
      TRANSITIONS.filter((t) => 'guard' in t).map((t) => [`${t.name}@${t.from}`, 'guard' in t ? t.guard : null]),
    )
    expect(guards).toEqual({
      'accept-proposal@requested': 'has-proposal',
      'decline-proposal@requested': 'has-proposal',
      'expire@requested': 'decide-by-passed',
      'pay@approved': 'payment-exists',
      'fail-payment@approved': 'payment-exists',
      'expire-unpaid@approved': 'pay-by-passed',
      'start-service@approved': 'nothing-to-pay',
      'auto-confirm@delivered': 'confirm-by-passed',
      'claim@confirmed': 'has-voucher-share',
    })
    // A timer's or a webhook's guard being false is not an error; a person's is a refusal.
    expect(GUARDS['pay-by-passed'].whenFalse).toBe('unchanged')
    expect(GUARDS['payment-exists'].whenFalse).toBe('unchanged')
    expect(GUARDS['nothing-to-pay']).toEqual({ whenFalse: 'refuse', reason: 'copay-unpaid' })
    expect(GUARDS['has-proposal']).toEqual({ whenFalse: 'refuse', reason: 'no-proposal' })
  })

  it('effects: holds, timers, refunds, the claim', () => {
    expect(row('approve', 'requested').effects).toEqual([
      'record-decision',
      'clear-proposal',
      'start-pay-timer',
      'notify',
    ])
    expect(row('accept-proposal', 'requested').effects).toEqual([
      'move-slot',
      'clear-proposal',
      'record-decision',
      'start-pay-timer',
      'notify',
    ])
    expect(row('cancel', 'paid').effects).toEqual(['record-cancellation', 'void-hold', 'refund-copay', 'notify'])
    expect(row('cancel', 'approved').effects).toEqual([
      'record-cancellation',
      'void-hold',
      'cancel-copay-intent',
      'notify',
    ])
    // DOMAIN (ADR 013): only the pay-by timer ends an unpaid booking; a declined attempt keeps the
    // booking, its hold and its PaymentIntent, and records why.
    expect(row('expire-unpaid', 'approved').effects).toEqual(['void-hold', 'cancel-copay-intent', 'notify'])
    expect(row('fail-payment', 'approved')).toMatchObject({
      from: 'approved',
      to: 'approved',
      actors: ['system'],
      guard: 'payment-exists',
      effects: ['record-payment-failure', 'notify'],
    })
    expect(row('deliver', 'in_service').effects).toEqual([
      'record-delivery',
      'adjust-hold',
      'refund-copay',
      'start-confirm-timer',
      'notify',
    ])
    for (const name of ['confirm', 'auto-confirm'] as const)
      expect(row(name, 'delivered').effects).toEqual(['record-confirmation', 'notify', 'claim'])
    expect(row('resolve-dispute', 'disputed').effects).toEqual(['record-confirmation', 'notify', 'claim'])
    expect(row('claim', 'confirmed').effects).toEqual(['record-claim', 'notify'])
    expect(row('approve-claim', 'claimed').effects).toEqual(['post-hold', 'decide-claim', 'notify'])
  })

  it('every row notifies, and lists only known effects', () => {
    for (const t of TRANSITIONS) {
      expect(t.effects, t.name).toContain('notify')
      for (const e of t.effects) expect(EFFECTS).toContain(e)
    }
  })

  it('leaving an active state without service, or a rejected claim, voids the hold', () => {
    for (const t of TRANSITIONS) {
      if (['cancelled', 'expired', 'rejected', 'claim_rejected'].includes(t.to))
        expect(t.effects, `${t.name}@${t.from}`).toContain('void-hold')
    }
  })

  it('leaving approved without a payment cancels the PaymentIntent; nothing else does', () => {
    // DOMAIN: a booking that ended unpaid takes no payment any more (a paid one is refunded instead).
    for (const t of TRANSITIONS) {
      const endsUnpaid = t.from === 'approved' && ['cancelled', 'expired'].includes(t.to)
      expect((t.effects as readonly string[]).includes('cancel-copay-intent'), `${t.name}@${t.from}`).toBe(endsUnpaid)
    }
  })

  it('timed transitions are fired by the system only', () => {
    for (const t of TRANSITIONS) {
      if ('guard' in t && t.guard?.endsWith('-passed')) expect(t.actors).toEqual(['system'])
    }
  })

  it('every transition has its audit action', () => {
    for (const name of NAMES) expect(AUDIT_ACTIONS[name]).toMatch(/^booking\.[a-z-]+$/)
    expect(AUDIT_ACTIONS.expire).toBe('booking.expired') // what the decide-by timer always wrote
  })
})

describe('the graph', () => {
  it('terminal states have no way out', () => {
    for (const state of ['rejected', 'settled', 'cancelled', 'expired', 'claim_rejected'] as const) {
      for (const actor of ACTORS) expect(availableTransitions(state, actor)).toEqual([])
    }
  })

  it('every state is reachable from requested', () => {
    const seen = new Set<BookingState>(['requested'])
    let grew = true
    while (grew) {
      grew = false
      for (const t of TRANSITIONS) {
        if (seen.has(t.from) && !seen.has(t.to)) {
          seen.add(t.to)
          grew = true
        }
      }
    }
    expect([...seen].sort()).toEqual([...BOOKING_STATES].sort())
  })

  it('cancel only before service: requested, approved, paid', () => {
    for (const state of BOOKING_STATES) {
      const can = ACTORS.some((a) => canFire('cancel', state, a))
      expect(can, state).toBe(['requested', 'approved', 'paid'].includes(state))
    }
  })

  it('alreadyFired: the booking is where the transition leads (loops never count)', () => {
    expect(alreadyFired('approve', 'approved')).toBe(true)
    expect(alreadyFired('cancel', 'cancelled')).toBe(true)
    expect(alreadyFired('expire-unpaid', 'expired')).toBe(true)
    expect(alreadyFired('confirm', 'confirmed')).toBe(true)
    expect(alreadyFired('approve', 'paid')).toBe(false)
    expect(alreadyFired('propose-time', 'requested')).toBe(false)
    expect(alreadyFired('decline-proposal', 'requested')).toBe(false)
    // A declined attempt can be followed by another (each one recorded).
    expect(alreadyFired('fail-payment', 'approved')).toBe(false)
  })

  it('isTransitionName', () => {
    expect(isTransitionName('approve')).toBe(true)
    expect(isTransitionName('approved')).toBe(false)
  })

  it('active states match the exclusion constraint booking_no_overlap', () => {
    expect([...ACTIVE_STATES]).toEqual(['requested', 'approved', 'paid', 'in_service'])
    expect(isActive('delivered')).toBe(false)
    expect(isActive('paid')).toBe(true)
  })
})
