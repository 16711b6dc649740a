import { describe, expect, it } from 'vitest'
import { requestBooking, type RequestBookingInput } from '~/features/bookings/request-booking.server'
import { getAccountBalances } from '~/features/ledger/ledger.server'
import { getDb } from '~/infra/db.server'
import {
  createEnterprise,
  createInstitution,
  createInstrument,
  createProgramme,
  createVoucher,
  openAroundTheClock,
} from '../support/factories'

// The rules requestBooking enforces (eligibility.ts), each refusal with its reason, through the
// real database: related parties, the programme's categories and partner regions, the voucher's
// validity against the service, the instrument's open hours and booking rules, sample bookings.

const now = new Date('2026-06-01T01:00:00.000Z') // 09:00 in Shanghai, Monday
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)
let keys = 0
const key = () => `rule-${Date.now()}-${++keys}`

type Setup = {
  programme?: Parameters<typeof createProgramme>[0]
  institution?: Parameters<typeof createInstitution>[0]
  enterprise?: Parameters<typeof createEnterprise>[0]
  instrument?: Parameters<typeof createInstrument>[0]
  open?: boolean
}

/** An enterprise with a ¥500 voucher and an hourly ¥200 service on a GC-MS (category 0105 under 01). */
async function setup(opts: Setup = {}) {
  const db = getDb()
  const institution = await createInstitution(opts.institution)
  const enterprise = await createEnterprise(opts.enterprise)
  const programme = await createProgramme(opts.programme)
  const voucher = await createVoucher({ programmeId: programme.id, enterpriseId: enterprise.id, amountFen: 50_000n })
  const { instrument, serviceItem } = await createInstrument({
    institutionId: institution.id,
    ...opts.instrument,
    serviceItem: { feeFen: 20_000, unit: 'hour', ...opts.instrument?.serviceItem },
  })
  if (opts.open !== false) await openAroundTheClock(instrument.id)
  const base: RequestBookingInput = {
    enterpriseId: enterprise.id,
    actorUserId: null,
    serviceItemId: serviceItem.id,
    voucherId: voucher.id,
    startsAt: at('2026-06-10', '09:00'),
    endsAt: at('2026-06-10', '11:00'),
    quantity: 2,
    idempotencyKey: key(),
  }
  return { db, institution, enterprise, programme, voucher, instrument, serviceItem, base }
}

const again = (base: RequestBookingInput, change: Partial<RequestBookingInput> = {}) => ({
  ...base,
  idempotencyKey: key(),
  ...change,
})

describe('related parties (DOMAIN "Related parties")', () => {
  it('a declared related party blocks the voucher; the same booking without a voucher is fine', async () => {
    const { db, enterprise, institution, voucher, base } = await setup()
    await db.enterpriseRelatedParty.create({
      data: { enterpriseId: enterprise.id, institutionId: institution.id, relation: 'shareholding' },
    })
    expect(await requestBooking({ db, now }, base)).toMatchObject({
      ok: false,
      reason: 'related-party',
      details: { voucherId: voucher.id, institutionId: institution.id, problem: 'declared' },
    })
    expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ debitsPending: 0n })
    expect(await requestBooking({ db, now }, again(base, { voucherId: null }))).toMatchObject({
      ok: true,
      value: { created: true },
    })
  })

  it('the same USCC or the same legal representative blocks', async () => {
    const sameRep = await setup({ enterprise: { legalRep: '王建国' }, institution: { legalRep: '王 建国' } })
    expect(await requestBooking({ db: sameRep.db, now }, sameRep.base)).toMatchObject({
      ok: false,
      reason: 'related-party',
      details: { problem: 'same-legal-rep' },
    })
    const enterprise = await createEnterprise()
    const sameUscc = await setup({ enterprise: {}, institution: { uscc: enterprise.uscc } })
    const voucher = await createVoucher({ programmeId: sameUscc.programme.id, enterpriseId: enterprise.id })
    expect(
      await requestBooking(
        { db: sameUscc.db, now },
        again(sameUscc.base, { enterpriseId: enterprise.id, voucherId: voucher.id }),
      ),
    ).toMatchObject({ ok: false, reason: 'related-party', details: { problem: 'same-uscc' } })
  })

  it('a matching phone, address or bank account books, and flags the booking for the auditor', async () => {
    const { db, base, institution } = await setup({
      enterprise: {
        contactPhone: '0818-2345678',
        address: '四川省达州市通川区朝阳东路 18 号',
        bankAccount: '6217 0000 5555 6666',
      },
      institution: {
        contactPhone: '0818 2345678',
        address: '四川省达州市通川区朝阳东路18号',
        bankAccount: '6217000055556666',
      },
    })
    const outcome = await requestBooking({ db, now }, base)
    expect(outcome).toMatchObject({ ok: true, value: { created: true } })
    const bookingId = outcome.ok ? outcome.value.bookingId : ''
    const flags = await db.bookingFlag.findMany({ where: { bookingId } })
    expect(flags).toMatchObject([
      {
        kind: 'related-party-match',
        status: 'open',
        detail: { matches: ['phone', 'address', 'bank-account'], institutionId: institution.id },
      },
    ])
    // Without a voucher there is no redemption to review: no flag.
    const plain = await requestBooking(
      { db, now },
      again(base, {
        voucherId: null,
        startsAt: at('2026-06-11', '09:00'),
        endsAt: at('2026-06-11', '10:00'),
        quantity: 1,
      }),
    )
    expect(await db.bookingFlag.count({ where: { bookingId: plain.ok ? plain.value.bookingId : '' } })).toBe(0)
  })
})

describe("the programme's rules", () => {
  it('refuses an instrument category the programme does not cover (top-level code; empty = all)', async () => {
    const refused = await setup({ programme: { allowedCategories: ['02', '03'] } })
    expect(await requestBooking({ db: refused.db, now }, refused.base)).toMatchObject({
      ok: false,
      reason: 'category-not-allowed',
      details: { category: '01', allowed: ['02', '03'] },
    })
    const allowed = await setup({ programme: { allowedCategories: ['01'] } })
    expect(await requestBooking({ db: allowed.db, now }, allowed.base)).toMatchObject({ ok: true })
  })

  it('refuses a partner-region institution when the programme does not accept partner regions', async () => {
    const refused = await setup({ programme: { acceptPartnerRegions: false }, institution: { regionId: '500101' } })
    expect(await requestBooking({ db: refused.db, now }, refused.base)).toMatchObject({
      ok: false,
      reason: 'partner-region-not-accepted',
    })
    const accepted = await setup({ programme: { acceptPartnerRegions: true }, institution: { regionId: '500101' } })
    expect(await requestBooking({ db: accepted.db, now }, accepted.base)).toMatchObject({ ok: true })
  })

  it('refuses a voucher that expires before the slot ends', async () => {
    const { db, voucher, base } = await setup()
    await db.voucher.update({ where: { id: voucher.id }, data: { expiresAt: at('2026-06-10', '10:00') } })
    expect(await requestBooking({ db, now }, base)).toMatchObject({
      ok: false,
      reason: 'voucher-expires-before-service',
      details: { expiresAt: at('2026-06-10', '10:00'), serviceEndsAt: at('2026-06-10', '11:00') },
    })
    // A slot that ends when the voucher expires is still covered.
    expect(
      await requestBooking(
        { db, now },
        again(base, { startsAt: at('2026-06-10', '09:00'), endsAt: at('2026-06-10', '10:00'), quantity: 1 }),
      ),
    ).toMatchObject({ ok: true })
  })
})

describe("the instrument's open hours and booking rules (with or without a voucher)", () => {
  it('refuses a slot outside the open hours, off the grid, too soon, too far ahead or too long', async () => {
    const { db, base, instrument } = await setup({
      open: false,
      instrument: { minNoticeHours: 24, maxAdvanceDays: 30, slotMinutes: 30, maxDurationMinutes: 240 },
    })
    // Weekdays 08:30–12:00 and 14:00–17:30.
    await db.openHours.createMany({
      data: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { instrumentId: instrument.id, weekday, startMinute: 510, endMinute: 720 },
        { instrumentId: instrument.id, weekday, startMinute: 840, endMinute: 1050 },
      ]),
    })
    const slot = (start: Date, end: Date, quantity: number) =>
      again(base, { voucherId: null, startsAt: start, endsAt: end, quantity })
    const problem = async (input: RequestBookingInput) => {
      const o = await requestBooking({ db, now }, input)
      return o.ok ? 'ok' : `${o.reason}:${String(o.details?.problem ?? '')}`
    }
    expect(await problem(slot(at('2026-06-10', '12:00'), at('2026-06-10', '14:00'), 2))).toBe(
      'slot-not-available:closed',
    )
    expect(await problem(slot(at('2026-06-13', '09:00'), at('2026-06-13', '10:00'), 1))).toBe(
      'slot-not-available:closed',
    )
    expect(await problem(slot(at('2026-06-10', '09:10'), at('2026-06-10', '10:10'), 1))).toBe(
      'slot-not-available:off-grid',
    )
    expect(await problem(slot(at('2026-06-01', '14:00'), at('2026-06-01', '15:00'), 1))).toBe(
      'slot-not-available:notice',
    )
    expect(await problem(slot(at('2026-07-06', '09:00'), at('2026-07-06', '10:00'), 1))).toBe(
      'slot-not-available:horizon',
    )
    expect(await problem(slot(at('2026-06-10', '08:30'), at('2026-06-10', '12:00'), 4))).toBe('ok')
    await db.instrument.update({ where: { id: instrument.id }, data: { maxDurationMinutes: 120 } })
    expect(await problem(slot(at('2026-06-11', '08:30'), at('2026-06-11', '11:30'), 3))).toBe(
      'slot-not-available:too-long',
    )
    // The voucher's rules come first; the slot's apply to a voucher booking as well.
    expect(
      await problem(
        again(slot(at('2026-06-12', '12:00'), at('2026-06-12', '14:00'), 2), { voucherId: base.voucherId }),
      ),
    ).toBe('slot-not-available:closed')
    expect(await db.booking.count({ where: { instrumentId: instrument.id } })).toBe(1)
  })

  it("keeps the instrument's buffer around an active booking: slot-taken", async () => {
    const { db, base } = await setup({ instrument: { bufferMinutes: 30 } })
    expect(await requestBooking({ db, now }, base)).toMatchObject({ ok: true })
    const rival = await createEnterprise()
    const touching = { enterpriseId: rival.id, voucherId: null, quantity: 1 }
    expect(
      await requestBooking(
        { db, now },
        again(base, { ...touching, startsAt: at('2026-06-10', '11:00'), endsAt: at('2026-06-10', '12:00') }),
      ),
    ).toMatchObject({ ok: false, reason: 'slot-taken' })
    expect(
      await requestBooking(
        { db, now },
        again(base, { ...touching, startsAt: at('2026-06-10', '11:30'), endsAt: at('2026-06-10', '12:30') }),
      ),
    ).toMatchObject({ ok: true })
  })

  it('an hourly booking is billed by its slot: the quantity must be the started hours', async () => {
    const { db, base } = await setup()
    expect(await requestBooking({ db, now }, again(base, { quantity: 3 }))).toMatchObject({
      ok: false,
      reason: 'invalid-time-range',
      details: { problem: 'quantity-does-not-match-slot', expectedQuantity: 2 },
    })
  })
})

describe('sample and item bookings', () => {
  const sample = { serviceItem: { unit: 'sample' as const, feeFen: 30_000, minQuantity: 2 } }

  it('book a quantity with an optional wanted-by date, never a slot', async () => {
    const { db, base } = await setup({ instrument: sample })
    const input = again(base, { startsAt: null, endsAt: null, quantity: 3, wantedBy: '2026-06-20' })
    const outcome = await requestBooking({ db, now }, input)
    expect(outcome).toMatchObject({ ok: true, value: { created: true } })
    const booking = await db.booking.findUniqueOrThrow({ where: { id: outcome.ok ? outcome.value.bookingId : '' } })
    expect(booking).toMatchObject({ unit: 'sample', quantity: 3, feeFen: 90_000n, voucherShareFen: 45_000n })
    expect(booking.wantedBy?.toISOString().slice(0, 10)).toBe('2026-06-20')
    expect(booking.startsAt).toBeNull()

    expect(await requestBooking({ db, now }, again(input, { quantity: 1 }))).toMatchObject({
      ok: false,
      reason: 'quantity-below-minimum',
      details: { minQuantity: 2 },
    })
    expect(await requestBooking({ db, now }, again(input, { wantedBy: '2026-05-31' }))).toMatchObject({
      ok: false,
      reason: 'invalid-wanted-by',
    })
    expect(
      await requestBooking(
        { db, now },
        again(input, { startsAt: at('2026-06-10', '09:00'), endsAt: at('2026-06-10', '11:00') }),
      ),
    ).toMatchObject({ ok: false, reason: 'invalid-time-range', details: { problem: 'no-slot-for-unit' } })
  })

  it('refuses a voucher that expires before the wanted-by date', async () => {
    const { db, voucher, base } = await setup({ instrument: sample })
    await db.voucher.update({ where: { id: voucher.id }, data: { expiresAt: at('2026-06-15', '00:00') } })
    const input = again(base, { startsAt: null, endsAt: null, quantity: 2 })
    expect(await requestBooking({ db, now }, again(input, { wantedBy: '2026-06-20' }))).toMatchObject({
      ok: false,
      reason: 'voucher-expires-before-service',
    })
    // Wanted by the day before it expires (the end of 14 June is its expiry): fine.
    expect(await requestBooking({ db, now }, again(input, { wantedBy: '2026-06-14' }))).toMatchObject({ ok: true })
  })
})

describe('the enterprise (DOMAIN: only a verified enterprise books)', () => {
  for (const status of ['pending', 'county_reviewed', 'rejected', 'suspended'] as const) {
    it(`a ${status} enterprise is refused, with or without a voucher, and nothing is held or written`, async () => {
      const { db, enterprise, voucher, base } = await setup()
      await db.enterprise.update({ where: { id: enterprise.id }, data: { status } })
      for (const voucherId of [voucher.id, null]) {
        expect(await requestBooking({ db, now }, again(base, { voucherId }))).toMatchObject({
          ok: false,
          reason: 'enterprise-not-verified',
          details: { enterpriseId: enterprise.id, status },
        })
      }
      expect(await getAccountBalances(db, voucher.accountId)).toMatchObject({ debitsPending: 0n })
      expect(await db.booking.count({ where: { enterpriseId: enterprise.id } })).toBe(0)
    })
  }

  it('a retry of a booking made while verified still finds it after a suspension', async () => {
    const { db, enterprise, base } = await setup()
    const first = await requestBooking({ db, now }, base)
    expect(first).toMatchObject({ ok: true, value: { created: true } })
    await db.enterprise.update({ where: { id: enterprise.id }, data: { status: 'suspended' } })
    const retry = await requestBooking({ db, now }, base)
    expect(retry).toMatchObject({ ok: true, value: { created: false } })
    expect(retry.ok && first.ok && retry.value.bookingId).toBe(first.ok && first.value.bookingId)
  })
})
