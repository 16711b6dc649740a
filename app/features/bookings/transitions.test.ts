import { describe, expect, it } from 'vitest'
import {
  ACTIVE_STATES,
  ACTORS,
  BOOKING_STATES,
  TRANSITIONS,
  availableTransitions,
  canFire,
  findTransition,
  isActive,
  type Actor,
  type BookingState,
  type TransitionName,
} from './transitions'

// The expected truth for the request rows, written out by hand (not derived from the table).
const REQUEST_ROWS: Record<string, { to: BookingState; actors: Actor[] }> = {
  approve: { to: 'approved', actors: ['institution_staff'] },
  reject: { to: 'rejected', actors: ['institution_staff'] },
  cancel: { to: 'cancelled', actors: ['enterprise_member'] },
  expire: { to: 'expired', actors: ['system'] },
}

describe('transitions from requested', () => {
  for (const [name, row] of Object.entries(REQUEST_ROWS)) {
    it(`${name}: requested → ${row.to} only for ${row.actors.join(', ')}`, () => {
      for (const actor of ACTORS) {
        expect(canFire(name as TransitionName, 'requested', actor), `${name} by ${actor}`).toBe(
          row.actors.includes(actor),
        )
      }
      expect(findTransition(name as TransitionName, 'requested')?.to).toBe(row.to)
    })
  }
  it('expire only from requested; from every other state nobody may fire it', () => {
    for (const state of BOOKING_STATES) {
      for (const actor of ACTORS) {
        expect(canFire('expire', state, actor), `expire from ${state} by ${actor}`).toBe(
          state === 'requested' && actor === 'system',
        )
      }
    }
  })
  it('approve and reject only from requested, whoever asks', () => {
    for (const state of BOOKING_STATES) {
      for (const actor of ACTORS) {
        const expected = state === 'requested' && actor === 'institution_staff'
        expect(canFire('approve', state, actor)).toBe(expected)
        expect(canFire('reject', state, actor)).toBe(expected)
      }
    }
  })
  it('cancel only before service: requested, approved, paid', () => {
    for (const state of BOOKING_STATES) {
      const can = ACTORS.some((a) => canFire('cancel', state, a))
      expect(can, state).toBe(['requested', 'approved', 'paid'].includes(state))
    }
  })
})

describe('the table as a whole', () => {
  it('every state × actor × transition answer agrees with the rows', () => {
    const names = [...new Set(TRANSITIONS.map((t) => t.name))] as TransitionName[]
    for (const state of BOOKING_STATES) {
      for (const actor of ACTORS) {
        for (const name of names) {
          const rows = TRANSITIONS.filter((t) => t.name === name && t.from === state)
          expect(rows.length).toBeLessThanOrEqual(1) // one row per (name, from): firing is unambiguous
          expect(canFire(name, state, actor)).toBe(rows.some((r) => (r.actors as readonly Actor[]).includes(actor)))
        }
      }
    }
  })
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
  it('leaving an active state through cancel/expire/reject voids the hold', () => {
    for (const t of TRANSITIONS) {
      if (['cancelled', 'expired', 'rejected', 'claim_rejected'].includes(t.to))
        expect(t.effects, t.name).toContain('void-hold')
    }
  })
  it('active states match the exclusion constraint booking_no_overlap', () => {
    expect([...ACTIVE_STATES]).toEqual(['requested', 'approved', 'paid', 'in_service'])
    expect(isActive('delivered')).toBe(false)
    expect(isActive('paid')).toBe(true)
  })
  it('timed transitions are fired by the system only', () => {
    for (const t of TRANSITIONS) {
      if ('guard' in t && t.guard?.endsWith('-passed')) expect(t.actors).toEqual(['system'])
    }
  })
})
