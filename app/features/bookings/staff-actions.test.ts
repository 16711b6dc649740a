import { describe, expect, it } from 'vitest'
import { staffActions } from './staff-actions'

const slot = new Date('2026-06-10T01:00:00.000Z')

describe('staffActions', () => {
  it('offers the decision on a request, a proposal only for a slot booking', () => {
    expect(staffActions({ status: 'requested', startsAt: slot, copayFen: 100n })).toEqual([
      'approve',
      'reject',
      'propose',
    ])
    expect(staffActions({ status: 'requested', startsAt: null, copayFen: 100n })).toEqual(['approve', 'reject'])
  })

  it('starts the service from approved only when there is nothing to pay', () => {
    expect(staffActions({ status: 'approved', startsAt: slot, copayFen: 100n })).toEqual(['cancel'])
    expect(staffActions({ status: 'approved', startsAt: slot, copayFen: 0n })).toEqual(['start', 'cancel'])
    expect(staffActions({ status: 'paid', startsAt: slot, copayFen: 100n })).toEqual(['start', 'cancel'])
  })

  it('records the delivery in service and offers nothing after it', () => {
    expect(staffActions({ status: 'in_service', startsAt: null, copayFen: 0n })).toEqual(['deliver'])
    for (const status of ['delivered', 'disputed', 'confirmed', 'claimed', 'rejected', 'cancelled', 'expired'] as const)
      expect(staffActions({ status, startsAt: slot, copayFen: 0n })).toEqual([])
  })
})
