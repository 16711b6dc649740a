import { describe, expect, it } from 'vitest'
import { freeSlots } from '~/features/availability/free-slots'
import {
  categoryAllowed,
  defaultVoucherId,
  durationChoices,
  hoursForSlot,
  relatedPartyCheck,
  serviceEndFor,
  slotCheck,
  startsForDuration,
  voucherProblem,
  wantedByProblem,
  type BookingFacts,
  type PartyFacts,
  type SlotCheckInput,
  type VoucherFacts,
} from './eligibility'

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)

describe('relatedPartyCheck (DOMAIN "Related parties")', () => {
  const enterprise: PartyFacts = {
    uscc: '91511702MA62A1B2C3',
    legalRep: '张 伟',
    phone: '+86 138 0818 0101',
    address: '四川省达州市通川区西外大道 100 号',
    bankAccount: '6217 0000 1111 2222',
  }
  const stranger: PartyFacts = {
    uscc: '12511700450000000X',
    legalRep: '李娜',
    phone: '0818-2790000',
    address: '四川省达州市通川区塔石路519号',
    bankAccount: '6217000099998888',
  }

  it('a declared link, the same USCC or the same legal representative blocks', () => {
    expect(relatedPartyCheck({ declared: true, enterprise, institution: stranger })).toEqual({
      blocked: 'declared',
      matches: [],
    })
    expect(
      relatedPartyCheck({ declared: false, enterprise, institution: { ...stranger, uscc: '91511702ma62a1b2c3' } }),
    ).toMatchObject({ blocked: 'same-uscc' })
    expect(
      relatedPartyCheck({ declared: false, enterprise, institution: { ...stranger, legalRep: '张伟' } }),
    ).toMatchObject({ blocked: 'same-legal-rep' })
    expect(relatedPartyCheck({ declared: false, enterprise, institution: stranger })).toEqual({
      blocked: null,
      matches: [],
    })
  })

  it('a matching phone, address or bank account only flags, whatever the spacing', () => {
    const lookalike: PartyFacts = {
      ...stranger,
      phone: '138-0818-0101',
      address: '四川省达州市通川区西外大道100号',
      bankAccount: '6217000011112222',
    }
    expect(relatedPartyCheck({ declared: false, enterprise, institution: lookalike })).toEqual({
      blocked: null,
      matches: ['phone', 'address', 'bank-account'],
    })
  })

  it('empty or short values never match', () => {
    const blank: PartyFacts = { uscc: '', legalRep: null, phone: '', address: '', bankAccount: null }
    expect(relatedPartyCheck({ declared: false, enterprise: blank, institution: blank })).toEqual({
      blocked: null,
      matches: [],
    })
    const short: PartyFacts = { uscc: 'A', legalRep: '张', phone: '110', address: '达州', bankAccount: '123' }
    expect(relatedPartyCheck({ declared: false, enterprise: { ...short, uscc: 'B' }, institution: short })).toEqual({
      blocked: null,
      matches: [],
    })
  })
})

describe('voucherProblem', () => {
  const now = new Date('2026-06-01T01:00:00.000Z')
  const voucher: VoucherFacts = {
    enterpriseId: 'e1',
    status: 'active',
    expiresAt: new Date('2026-12-31T16:00:00.000Z'),
    allowedCategories: [],
    acceptPartnerRegions: true,
  }
  const booking: BookingFacts = {
    enterpriseId: 'e1',
    topCategoryCode: '01',
    institutionIsPartner: false,
    relatedParty: { blocked: null, matches: [] },
    serviceEndsAt: new Date('2026-06-10T03:00:00.000Z'),
  }

  it('lets a usable voucher pay', () => {
    expect(voucherProblem(voucher, booking, now)).toBeNull()
    // A match only flags.
    expect(voucherProblem(voucher, { ...booking, relatedParty: { blocked: null, matches: ['phone'] } }, now)).toBeNull()
  })

  it("refuses another enterprise's, a revoked and an expired voucher", () => {
    expect(voucherProblem({ ...voucher, enterpriseId: 'e2' }, booking, now)).toEqual({
      reason: 'voucher-not-usable',
      problem: 'wrong-enterprise',
    })
    expect(voucherProblem({ ...voucher, status: 'revoked' }, booking, now)).toMatchObject({ problem: 'revoked' })
    expect(voucherProblem({ ...voucher, status: 'expired' }, booking, now)).toMatchObject({ problem: 'expired' })
    expect(voucherProblem({ ...voucher, expiresAt: now }, booking, now)).toMatchObject({ problem: 'expired' })
  })

  it('refuses a related party', () => {
    expect(
      voucherProblem(voucher, { ...booking, relatedParty: { blocked: 'declared', matches: ['address'] } }, now),
    ).toEqual({ reason: 'related-party', problem: 'declared' })
  })

  it('refuses a category the programme does not cover (empty list = all)', () => {
    expect(categoryAllowed([], '07')).toBe(true)
    expect(categoryAllowed(['01', '02'], '02')).toBe(true)
    expect(voucherProblem({ ...voucher, allowedCategories: ['02', '03'] }, booking, now)).toEqual({
      reason: 'category-not-allowed',
      category: '01',
      allowed: ['02', '03'],
    })
    expect(voucherProblem({ ...voucher, allowedCategories: ['01'] }, booking, now)).toBeNull()
  })

  it('refuses a partner-region institution when the programme does not accept them', () => {
    const partner = { ...booking, institutionIsPartner: true }
    expect(voucherProblem(voucher, partner, now)).toBeNull()
    expect(voucherProblem({ ...voucher, acceptPartnerRegions: false }, partner, now)).toEqual({
      reason: 'partner-region-not-accepted',
    })
    expect(voucherProblem({ ...voucher, acceptPartnerRegions: false }, booking, now)).toBeNull()
  })

  it('refuses a voucher that expires before the service ends; no service date, no such check', () => {
    const expiresAt = new Date('2026-06-10T02:00:00.000Z')
    expect(voucherProblem({ ...voucher, expiresAt }, booking, now)).toEqual({
      reason: 'voucher-expires-before-service',
      expiresAt,
      serviceEndsAt: booking.serviceEndsAt,
    })
    expect(voucherProblem({ ...voucher, expiresAt: booking.serviceEndsAt! }, booking, now)).toBeNull()
    expect(voucherProblem({ ...voucher, expiresAt }, { ...booking, serviceEndsAt: null }, now)).toBeNull()
  })

  it('reports the voucher before the institution, the institution before the dates', () => {
    const everything = {
      ...booking,
      relatedParty: { blocked: 'same-uscc' as const, matches: [] },
      institutionIsPartner: true,
    }
    const bad = { ...voucher, allowedCategories: ['09'], acceptPartnerRegions: false }
    expect(voucherProblem({ ...bad, status: 'revoked' }, everything, now)).toMatchObject({
      reason: 'voucher-not-usable',
    })
    expect(voucherProblem(bad, everything, now)).toMatchObject({ reason: 'related-party' })
    expect(voucherProblem(bad, { ...everything, relatedParty: booking.relatedParty }, now)).toMatchObject({
      reason: 'category-not-allowed',
    })
  })
})

describe('serviceEndFor and wantedByProblem', () => {
  it('the slot end, else the end of the wanted-by day in Asia/Shanghai', () => {
    const endsAt = new Date('2026-06-10T03:00:00.000Z')
    expect(serviceEndFor({ endsAt, wantedBy: '2026-07-01' })).toBe(endsAt)
    expect(serviceEndFor({ wantedBy: '2026-07-01' })?.toISOString()).toBe('2026-07-01T16:00:00.000Z')
    expect(serviceEndFor({})).toBeNull()
  })

  it('a wanted-by date is a real date, today or later (Shanghai)', () => {
    const now = new Date('2026-06-01T17:00:00.000Z') // 2026-06-02 01:00 in Shanghai
    expect(wantedByProblem(null, now)).toBeNull()
    expect(wantedByProblem('2026-06-02', now)).toBeNull()
    expect(wantedByProblem('2026-06-01', now)).toBe('invalid-wanted-by')
    expect(wantedByProblem('2026-02-30', now)).toBe('invalid-wanted-by')
    expect(wantedByProblem('next week', now)).toBe('invalid-wanted-by')
  })

  it('an hourly booking is billed by its started hours', () => {
    expect(hoursForSlot(at('2026-06-10', '09:00'), at('2026-06-10', '11:00'))).toBe(2)
    expect(hoursForSlot(at('2026-06-10', '09:00'), at('2026-06-10', '10:30'))).toBe(2)
  })
})

describe('defaultVoucherId', () => {
  const v = (id: string, expires: string, availableFen: bigint, blocked = false) => ({
    id,
    serial: `DZ2026-${id}`,
    expiresAt: new Date(expires),
    availableFen,
    blocked,
  })
  it('proposes the usable voucher that expires first', () => {
    expect(
      defaultVoucherId([
        v('a', '2026-12-31', 10_000n),
        v('b', '2026-08-01', 10_000n),
        v('c', '2026-07-01', 0n),
        v('d', '2026-06-15', 10_000n, true),
      ]),
    ).toBe('b')
    expect(defaultVoucherId([v('c', '2026-07-01', 0n)])).toBeNull()
    expect(defaultVoucherId([])).toBeNull()
  })
})

describe('slotCheck (the instrument page’s free-time rules)', () => {
  // Wednesday 2026-06-10, open 08:30–12:00 and 14:00–17:30 on weekdays; grid 30 min, 1–4 h.
  const now = at('2026-06-01', '09:00')
  const base: Omit<SlotCheckInput, 'startsAt' | 'endsAt'> = {
    openHours: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, startMinute: 510, endMinute: 720 },
      { weekday, startMinute: 840, endMinute: 1050 },
    ]),
    exceptions: [],
    bookings: [],
    rules: {
      minNoticeHours: 24,
      maxAdvanceDays: 30,
      slotMinutes: 30,
      minDurationMinutes: 60,
      maxDurationMinutes: 240,
      bufferMinutes: 30,
    },
    now,
  }
  const check = (start: string, end: string, overrides: Partial<SlotCheckInput> = {}) =>
    slotCheck({ ...base, startsAt: at('2026-06-10', start), endsAt: at('2026-06-10', end), ...overrides })

  it('accepts a slot inside the open hours on the grid', () => {
    expect(check('09:00', '11:00')).toEqual({ ok: true })
    expect(check('08:30', '12:00')).toEqual({ ok: true })
  })

  it('refuses a slot off the grid, too short, too long', () => {
    expect(check('09:15', '11:15')).toMatchObject({ reason: 'slot-not-available', problem: 'off-grid' })
    expect(check('09:00', '10:45')).toMatchObject({ problem: 'off-grid' })
    expect(check('09:00', '09:30')).toMatchObject({ problem: 'too-short' })
    expect(check('08:30', '12:00', { rules: { ...base.rules, maxDurationMinutes: 180 } })).toMatchObject({
      problem: 'too-long',
    })
  })

  it('refuses a slot outside the open hours, across the lunch break, or in a blackout', () => {
    expect(check('07:00', '09:00')).toMatchObject({ problem: 'closed' })
    expect(check('11:00', '15:00')).toMatchObject({ problem: 'closed' })
    expect(
      check('09:00', '11:00', {
        exceptions: [{ startsAt: at('2026-06-10', '10:00'), endsAt: at('2026-06-10', '10:30'), isExtraOpen: false }],
      }),
    ).toMatchObject({ problem: 'closed' })
    // Saturday: closed; an extra opening makes it bookable.
    const saturday = { startsAt: at('2026-06-13', '09:00'), endsAt: at('2026-06-13', '10:00') }
    expect(slotCheck({ ...base, ...saturday })).toMatchObject({ problem: 'closed' })
    expect(
      slotCheck({
        ...base,
        ...saturday,
        exceptions: [{ startsAt: at('2026-06-13', '08:00'), endsAt: at('2026-06-13', '12:00'), isExtraOpen: true }],
      }),
    ).toEqual({ ok: true })
  })

  it('refuses a slot inside the minimum notice or beyond the maximum advance', () => {
    expect(check('09:00', '11:00', { now: at('2026-06-09', '10:00') })).toMatchObject({ problem: 'notice' })
    expect(check('09:00', '11:00', { now: at('2026-05-01', '09:00') })).toMatchObject({ problem: 'horizon' })
  })

  it('an active booking (with the buffer) makes the slot taken; an ended one does not', () => {
    const booked = (status: 'requested' | 'cancelled') => ({
      bookings: [{ startsAt: at('2026-06-10', '11:00'), endsAt: at('2026-06-10', '12:00'), status }],
    })
    expect(check('09:00', '10:30', booked('requested'))).toEqual({ ok: true })
    expect(check('09:00', '11:00', booked('requested'))).toEqual({ ok: false, reason: 'slot-taken' })
    expect(check('09:00', '11:00', booked('cancelled'))).toEqual({ ok: true })
  })

  it('an instrument open around the clock can be booked across midnight', () => {
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }))
    expect(
      slotCheck({
        ...base,
        openHours: allWeek,
        startsAt: at('2026-06-10', '23:00'),
        endsAt: at('2026-06-11', '01:00'),
      }),
    ).toEqual({ ok: true })
  })
})

describe('durationChoices and startsForDuration', () => {
  it('whole hours within the bounds and the minimum quantity', () => {
    expect(durationChoices({ minDurationMinutes: 60, maxDurationMinutes: 240 })).toEqual([60, 120, 180, 240])
    expect(durationChoices({ minDurationMinutes: 90, maxDurationMinutes: 240 }, 1)).toEqual([120, 180, 240])
    expect(durationChoices({ minDurationMinutes: 60, maxDurationMinutes: 240 }, 3)).toEqual([180, 240])
    expect(durationChoices({ minDurationMinutes: 15, maxDurationMinutes: 45 })).toEqual([15])
    expect(durationChoices({ minDurationMinutes: 60, maxDurationMinutes: 120 }, 5)).toEqual([])
  })

  it('keeps the starts where the longer slot still fits', () => {
    const [day] = freeSlots({
      openHours: [{ weekday: 3, startMinute: 540, endMinute: 720 }],
      exceptions: [],
      bookings: [],
      rules: { minNoticeHours: 0, maxAdvanceDays: 30, slotMinutes: 30, minDurationMinutes: 60, bufferMinutes: 0 },
      from: '2026-06-10',
      days: 1,
      now: at('2026-06-01', '09:00'),
      timeZone: 'Asia/Shanghai',
    })
    expect(day!.starts).toEqual([540, 570, 600, 630, 660])
    expect(startsForDuration(day!, 120)).toEqual([540, 570, 600])
    expect(startsForDuration(day!, 240)).toEqual([])
  })
})
