import { describe, expect, it } from 'vitest'
import type { DaySlots } from '~/features/availability/free-slots'
import { instrumentFreeSlots, loadAvailabilityInputs } from '~/features/availability/queries.server'
import { requestBooking } from '~/features/bookings/request-booking.server'
import { getDb } from '~/infra/db.server'
import { loader as detailLoader } from '~/routes/instruments+/$id'
import { createEnterprise, createInstrument } from '../support/factories'

// Free slots from real rows: open hours, blackouts, extra openings and active bookings (with the
// instrument's buffer), through the same query the instrument page uses.

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`)
const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
const free = (day: DaySlots | undefined) => day!.free.map((f) => `${hm(f.startMinute)}-${hm(f.endMinute)}`)

// Monday 2026-12-07 … Sunday 2026-12-13; "now" is the Friday before, so the default 24 h notice passes.
const NOW = at('2026-12-04', '09:00')

async function setUp() {
  const db = getDb()
  const { instrument, serviceItem } = await createInstrument({
    bufferMinutes: 30,
    minNoticeHours: 24,
    maxAdvanceDays: 30,
    slotMinutes: 30,
    minDurationMinutes: 60,
    requiresApproval: true,
  })
  await db.openHours.createMany({
    data: [1, 2, 3, 4, 5].flatMap((weekday) => [
      { instrumentId: instrument.id, weekday, startMinute: 510, endMinute: 720 },
      { instrumentId: instrument.id, weekday, startMinute: 840, endMinute: 1050 },
    ]),
  })
  return { instrument, serviceItem }
}

async function insertBooking(
  instrumentId: string,
  serviceItemId: string,
  startsAt: Date,
  endsAt: Date,
  status: string,
) {
  const enterprise = await createEnterprise()
  await getDb().$executeRaw`
    INSERT INTO booking (enterprise_id, instrument_id, service_item_id, status, during, starts_at, ends_at,
                         quantity, unit, unit_fee_fen, fee_fen, share_bp, voucher_share_fen, copay_fen, idempotency_key,
                         reject_reason, cancel_reason, cancelled_at)
    VALUES (${enterprise.id}::uuid, ${instrumentId}::uuid, ${serviceItemId}::uuid, ${status}::booking_status,
            tstzrange(${startsAt}::timestamptz, ${endsAt}::timestamptz, '[)'), ${startsAt}, ${endsAt},
            1, 'hour', 20000, 20000, 0, 0, 20000, ${`test-${Math.random()}`},
            ${status === 'rejected' ? '测试' : null}, ${status === 'cancelled' ? '测试' : null},
            ${status === 'cancelled' ? startsAt : null}::timestamptz)`
}

describe('availability from real rows', () => {
  it('respects weekly hours, blackouts and extra openings', async () => {
    const db = getDb()
    const { instrument } = await setUp()
    await db.blackout.createMany({
      data: [
        // Tuesday all day: maintenance.
        {
          instrumentId: instrument.id,
          startsAt: at('2026-12-08', '00:00'),
          endsAt: at('2026-12-09', '00:00'),
          reason: '年度检定',
        },
        // Wednesday morning.
        {
          instrumentId: instrument.id,
          startsAt: at('2026-12-09', '08:00'),
          endsAt: at('2026-12-09', '12:00'),
          reason: '培训',
        },
        // Saturday: an extra opening.
        {
          instrumentId: instrument.id,
          startsAt: at('2026-12-12', '09:00'),
          endsAt: at('2026-12-12', '12:00'),
          isExtraOpen: true,
          reason: '周末加开',
        },
      ],
    })
    const days = (await instrumentFreeSlots(db, instrument.id, { now: NOW, days: 10 }))!
    const byDate = new Map(days.map((d) => [d.date, d]))
    expect(days[0]!.date).toBe('2026-12-04')
    // Friday: inside the 24-hour notice until 09:00 on Saturday, then the weekend.
    expect(byDate.get('2026-12-04')!.status).toBe('unbookable')
    expect(free(byDate.get('2026-12-07'))).toEqual(['08:30-12:00', '14:00-17:30'])
    expect(byDate.get('2026-12-08')!.status).toBe('closed')
    expect(free(byDate.get('2026-12-09'))).toEqual(['14:00-17:30'])
    expect(free(byDate.get('2026-12-12'))).toEqual(['09:00-12:00'])
    expect(byDate.get('2026-12-13')!.status).toBe('closed')
  })

  it('active bookings, widened by the buffer, take their time; a cancelled one does not', async () => {
    const db = getDb()
    const { instrument, serviceItem } = await setUp()
    await insertBooking(instrument.id, serviceItem.id, at('2026-12-07', '09:30'), at('2026-12-07', '10:30'), 'approved')
    await insertBooking(
      instrument.id,
      serviceItem.id,
      at('2026-12-07', '15:00'),
      at('2026-12-07', '16:00'),
      'cancelled',
    )
    // A completed booking no longer blocks anything either.
    await insertBooking(
      instrument.id,
      serviceItem.id,
      at('2026-12-07', '14:00'),
      at('2026-12-07', '15:00'),
      'delivered',
    )
    // And one through the real use case (requested, with its hold).
    const enterprise = await createEnterprise()
    const requested = await requestBooking(
      { db, now: NOW },
      {
        enterpriseId: enterprise.id,
        actorUserId: null,
        serviceItemId: serviceItem.id,
        startsAt: at('2026-12-10', '14:00'),
        endsAt: at('2026-12-10', '16:00'),
        quantity: 2,
        idempotencyKey: 'availability-1',
      },
    )
    expect(requested.ok).toBe(true)

    const inputs = (await loadAvailabilityInputs(db, instrument.id, { from: '2026-12-07', days: 7 }))!
    expect(inputs.bookings.map((b) => b.status).sort()).toEqual(['approved', 'requested'])
    expect(inputs.rules).toMatchObject({ bufferMinutes: 30, minNoticeHours: 24, slotMinutes: 30 })

    const days = (await instrumentFreeSlots(db, instrument.id, { now: NOW, days: 10 }))!
    const byDate = new Map(days.map((d) => [d.date, d]))
    // 09:30–10:30 ± 30 min: 08:30–09:00 is under the 60-minute minimum, 11:00–12:00 remains.
    expect(free(byDate.get('2026-12-07'))).toEqual(['11:00-12:00', '14:00-17:30'])
    // 14:00–16:00 + 30 min buffer: the afternoon shrinks to 16:30–17:30.
    expect(free(byDate.get('2026-12-10'))).toEqual(['08:30-12:00', '16:30-17:30'])
    expect(byDate.get('2026-12-10')!.starts.map(hm)).toContain('16:30')

    // Filling the rest of Monday makes it 已约满 (full), not 不开放 (closed).
    await insertBooking(instrument.id, serviceItem.id, at('2026-12-07', '11:00'), at('2026-12-07', '12:00'), 'paid')
    await insertBooking(
      instrument.id,
      serviceItem.id,
      at('2026-12-07', '14:00'),
      at('2026-12-07', '17:30'),
      'in_service',
    )
    const after = (await instrumentFreeSlots(db, instrument.id, { now: NOW, days: 10 }))!
    expect(after.find((d) => d.date === '2026-12-07')!.status).toBe('full')
  })

  it('the instrument page carries 14 days of slots', async () => {
    const { instrument } = await setUp()
    const response = await detailLoader({
      request: new Request(`http://x/instruments/${instrument.id}`),
      params: { id: instrument.id },
      context: {},
    })
    const data = (await response.json()) as { slots: DaySlots[]; today: string }
    expect(data.slots).toHaveLength(14)
    expect(data.slots[0]!.date).toBe(data.today)
    expect(data.slots.some((d) => d.status === 'free')).toBe(true)
    for (const day of data.slots) if (day.weekday >= 6) expect(day.status).toBe('closed')
  })
})
