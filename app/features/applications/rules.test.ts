import { describe, expect, it } from 'vitest'
import type { OfficerReach } from '~/features/org-review/review-flow'
import {
  APPLICATION_ACTIONS,
  APPLICATION_TRANSITIONS,
  availableApplicationActions,
  budgetRoom,
  capAllowsIssue,
  capRoom,
  checkApplication,
  checkApplicationReview,
  hasCountyStep,
  nextApplicationReviewer,
  type ApplyFacts,
} from './rules'

const WAN = 1_000_000n
const now = new Date('2026-06-01T02:00:00Z')

function facts(over: Partial<ApplyFacts> = {}): ApplyFacts {
  return {
    now,
    amountFen: 5n * WAN,
    enterprise: { status: 'verified', eligible: true, inProgrammeRegion: true },
    programme: {
      applyFrom: new Date('2026-01-01T00:00:00+08:00'),
      applyTo: new Date('2026-12-31T23:59:59+08:00'),
      funded: true,
    },
    cap: { capFen: 20n * WAN, issuedFen: 0n, pendingFen: 0n },
    budgetAvailableFen: 2000n * WAN,
    pendingInProgrammeFen: 0n,
    ...over,
  }
}

describe('cap arithmetic', () => {
  it('counts issued vouchers and applications under review against the cap', () => {
    expect(capRoom({ capFen: 20n * WAN, issuedFen: 8n * WAN, pendingFen: 5n * WAN })).toBe(7n * WAN)
    expect(capRoom({ capFen: 20n * WAN, issuedFen: 20n * WAN, pendingFen: 0n })).toBe(0n)
  })
  it('never returns a negative room when the cap was lowered after issue', () => {
    expect(capRoom({ capFen: 10n * WAN, issuedFen: 15n * WAN, pendingFen: 1n })).toBe(0n)
    expect(budgetRoom(100n, 250n)).toBe(0n)
  })
  it('an application exactly filling the cap passes; one fen more is refused with the room left', () => {
    const cap = { capFen: 20n * WAN, issuedFen: 12n * WAN, pendingFen: 3n * WAN }
    expect(checkApplication(facts({ amountFen: 5n * WAN, cap }))).toEqual({ ok: true })
    expect(checkApplication(facts({ amountFen: 5n * WAN + 1n, cap }))).toEqual({
      ok: false,
      reason: 'over-cap',
      details: { roomFen: 5n * WAN },
    })
  })
  it('at approval, issued + amount may reach the cap but not pass it', () => {
    expect(capAllowsIssue(20n * WAN, 15n * WAN, 5n * WAN)).toBe(true)
    expect(capAllowsIssue(20n * WAN, 15n * WAN, 5n * WAN + 1n)).toBe(false)
  })
})

describe('checkApplication', () => {
  it('accepts an ordinary application', () => {
    expect(checkApplication(facts())).toEqual({ ok: true })
  })
  it('refuses in the order a person needs to hear it', () => {
    expect(checkApplication(facts({ amountFen: 0n })).ok).toBe(false)
    const unverified = facts({ enterprise: { status: 'pending', eligible: false, inProgrammeRegion: false } })
    expect(checkApplication(unverified)).toMatchObject({ reason: 'enterprise-not-verified' })
    const ineligible = facts({ enterprise: { status: 'verified', eligible: false, inProgrammeRegion: false } })
    expect(checkApplication(ineligible)).toMatchObject({ reason: 'enterprise-not-eligible' })
    const elsewhere = facts({ enterprise: { status: 'verified', eligible: true, inProgrammeRegion: false } })
    expect(checkApplication(elsewhere)).toMatchObject({ reason: 'region-not-covered' })
  })
  it('is open from the first to the last millisecond of the window', () => {
    const p = facts().programme
    expect(checkApplication(facts({ now: p.applyFrom })).ok).toBe(true)
    expect(checkApplication(facts({ now: p.applyTo })).ok).toBe(true)
    expect(checkApplication(facts({ now: new Date(p.applyFrom.getTime() - 1) }))).toMatchObject({
      reason: 'window-not-open',
      details: { opensAt: p.applyFrom },
    })
    expect(checkApplication(facts({ now: new Date(p.applyTo.getTime() + 1) }))).toMatchObject({
      reason: 'window-closed',
    })
  })
  it('refuses an unfunded programme and an amount above the remaining budget (net of applications under review)', () => {
    expect(checkApplication(facts({ programme: { ...facts().programme, funded: false } }))).toMatchObject({
      reason: 'programme-not-funded',
    })
    expect(
      checkApplication(facts({ amountFen: 5n * WAN, budgetAvailableFen: 12n * WAN, pendingInProgrammeFen: 8n * WAN })),
    ).toEqual({ ok: false, reason: 'over-budget', details: { roomFen: 4n * WAN } })
  })
})

const county = (regionId: string): OfficerReach => ({ countyRegionIds: [regionId], city: false, canSuspend: false })
const city: OfficerReach = { countyRegionIds: [], city: true, canSuspend: true }
const inCounty = (status: 'submitted' | 'county_approved' | 'approved' | 'rejected') => ({
  status,
  regionId: '511722',
  countyStep: true,
})

describe('application review', () => {
  it('county first, then city; the city cannot skip the county in a county', () => {
    expect(availableApplicationActions(inCounty('submitted'), county('511722'))).toEqual([
      'county_approve',
      'county_reject',
    ])
    expect(availableApplicationActions(inCounty('submitted'), city)).toEqual([])
    expect(availableApplicationActions(inCounty('county_approved'), city)).toEqual(['city_approve', 'city_reject'])
    expect(availableApplicationActions(inCounty('county_approved'), county('511722'))).toEqual([])
  })
  it('a county officer acts in their own county only', () => {
    expect(checkApplicationReview('county_approve', inCounty('submitted'), county('511702'))).toEqual({
      ok: false,
      reason: 'not-in-region',
    })
  })
  it('rejection is final: nothing can be fired on a rejected or approved application', () => {
    for (const status of ['approved', 'rejected'] as const) {
      for (const officer of [county('511722'), city]) {
        expect(availableApplicationActions(inCounty(status), officer)).toEqual([])
      }
    }
  })
  it('a rejection needs a reason; an approval does not', () => {
    expect(checkApplicationReview('county_reject', inCounty('submitted'), county('511722'), '  ')).toEqual({
      ok: false,
      reason: 'reason-required',
    })
    expect(checkApplicationReview('county_approve', inCounty('submitted'), county('511722'), '')).toMatchObject({
      ok: true,
      to: 'county_approved',
    })
    expect(checkApplicationReview('city_reject', inCounty('county_approved'), city, 'x'.repeat(501))).toEqual({
      ok: false,
      reason: 'reason-too-long',
    })
  })
  it('an enterprise under the city itself goes straight to the city', () => {
    const direct = { status: 'submitted' as const, regionId: '511700', countyStep: false }
    expect(availableApplicationActions(direct, city)).toEqual(['city_approve', 'city_reject'])
    expect(nextApplicationReviewer(direct)).toBe('city')
    expect(nextApplicationReviewer(inCounty('submitted'))).toBe('county')
    expect(nextApplicationReviewer(inCounty('county_approved'))).toBe('city')
    expect(nextApplicationReviewer(inCounty('rejected'))).toBeNull()
  })
  it('county steps exist for Dazhou counties and the high-tech zone, not for the city or partner regions', () => {
    expect(hasCountyStep({ level: 'county', isPartner: false })).toBe(true)
    expect(hasCountyStep({ level: 'city', isPartner: false })).toBe(false)
    expect(hasCountyStep({ level: 'county', isPartner: true })).toBe(false)
  })
  it('only the city approval issues (the one transition whose target is approved)', () => {
    expect(APPLICATION_ACTIONS.filter((a) => APPLICATION_TRANSITIONS[a].to === 'approved')).toEqual(['city_approve'])
  })
})
