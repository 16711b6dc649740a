import { describe, expect, it } from 'vitest'
import {
  parseDelivery,
  parseProposal,
  parseReason,
  parseStaffListParams,
  refusalErrors,
  shanghaiInstant,
  staffListSearch,
  tabOfStatus,
  TAB_STATUSES,
} from './staff-schemas'
import { BOOKING_STATES } from './transitions'

const now = new Date('2026-06-01T02:00:00.000Z') // 10:00 in Shanghai

describe('the list parameters', () => {
  it('defaults to the pending tab, oldest first; other tabs newest first', () => {
    expect(parseStaffListParams(new URLSearchParams())).toMatchObject({ tab: 'pending', dir: 'asc', page: 1 })
    expect(parseStaffListParams(new URLSearchParams('tab=done'))).toMatchObject({ tab: 'done', dir: 'desc' })
    expect(parseStaffListParams(new URLSearchParams('tab=nope&page=-3&dir=up'))).toMatchObject({
      tab: 'pending',
      dir: 'asc',
      page: 1,
    })
  })

  it('writes back only what differs from the defaults', () => {
    const p = parseStaffListParams(new URLSearchParams())
    expect(staffListSearch(p)).toBe('')
    expect(staffListSearch(p, { dir: 'desc' })).toBe('?dir=desc')
    expect(staffListSearch(p, { tab: 'all', dir: 'desc', page: 2 })).toBe('?tab=all&page=2')
  })

  it('puts every status in exactly one tab', () => {
    const all = Object.values(TAB_STATUSES).flat()
    expect([...all].sort()).toEqual([...BOOKING_STATES].sort())
    expect(tabOfStatus('paid')).toBe('upcoming')
    expect(tabOfStatus('disputed')).toBe('delivered')
  })
})

describe('parseReason', () => {
  it('requires a non-blank reason of at most 500 characters', () => {
    expect(parseReason({ reason: '  仪器维护，本周无法安排  ' })).toEqual({
      ok: true,
      value: { reason: '仪器维护，本周无法安排' },
    })
    expect(parseReason({ reason: '   ' })).toEqual({
      ok: false,
      errors: { reason: ['staffBookings:errors.reasonRequired'] },
    })
    expect(parseReason({})).toMatchObject({ ok: false, errors: { reason: ['staffBookings:errors.reasonRequired'] } })
    expect(parseReason({ reason: '长'.repeat(501) })).toMatchObject({
      ok: false,
      errors: { reason: ['staffBookings:errors.tooLong?max=500'] },
    })
  })
})

describe('parseProposal', () => {
  it('reads a day and two clock times in Shanghai', () => {
    expect(parseProposal({ date: '2026-06-03', start: '09:00', end: '１１：００', note: ' 上午空闲 ' }, now)).toEqual({
      ok: true,
      value: {
        startsAt: new Date('2026-06-03T01:00:00.000Z'),
        endsAt: new Date('2026-06-03T03:00:00.000Z'),
        note: '上午空闲',
      },
    })
    expect(shanghaiInstant('2026-06-03', '24:00')?.toISOString()).toBe('2026-06-03T16:00:00.000Z')
  })

  it('says which field is wrong', () => {
    expect(parseProposal({ date: '', start: '', end: '' }, now)).toEqual({
      ok: false,
      errors: {
        date: ['staffBookings:errors.dateRequired'],
        start: ['staffBookings:errors.timeRequired'],
        end: ['staffBookings:errors.timeRequired'],
      },
    })
    expect(parseProposal({ date: '2026-02-30', start: '9点', end: '10:00' }, now)).toMatchObject({
      ok: false,
      errors: { date: ['staffBookings:errors.dateInvalid'], start: ['staffBookings:errors.timeInvalid'] },
    })
    expect(parseProposal({ date: '2026-06-03', start: '11:00', end: '09:00' }, now)).toEqual({
      ok: false,
      errors: { end: ['staffBookings:errors.endBeforeStart'] },
    })
    expect(parseProposal({ date: '2026-06-01', start: '09:00', end: '10:00' }, now)).toEqual({
      ok: false,
      errors: { start: ['staffBookings:errors.inThePast'] },
    })
  })
})

describe('parseDelivery', () => {
  const timed = { maxFeeFen: 40_000n, timed: true }
  const fields = {
    actualStart: '2026-05-30T09:00',
    actualEnd: '2026-05-30T11:00',
    finalFee: '３５０.５',
    reportNo: ' SCWL-2026-0001 ',
    invoiceNo: '０４４００２６０００１１',
  }

  it('reads usage, the final fee in fen and the evidence numbers', () => {
    expect(parseDelivery(fields, timed, now)).toEqual({
      ok: true,
      value: {
        actualStartsAt: new Date('2026-05-30T01:00:00.000Z'),
        actualEndsAt: new Date('2026-05-30T03:00:00.000Z'),
        actualQuantity: null,
        finalFeeFen: 35_050n,
        reportNo: 'SCWL-2026-0001',
        invoiceNo: '044002600011',
      },
    })
    expect(parseDelivery({ ...fields, actualQuantity: '3' }, { maxFeeFen: 40_000n, timed: false }, now)).toMatchObject({
      ok: true,
      value: { actualQuantity: 3, actualStartsAt: null },
    })
  })

  it('refuses a final fee above the snapshot and says the maximum', () => {
    const result = parseDelivery({ ...fields, finalFee: '400.01' }, timed, now)
    expect(result).toEqual({
      ok: false,
      errors: { finalFee: [`staffBookings:errors.feeAboveSnapshot?max=${encodeURIComponent('¥400.00')}`] },
    })
    expect(parseDelivery({ ...fields, finalFee: '400' }, timed, now).ok).toBe(true)
  })

  it('checks each field', () => {
    const result = parseDelivery(
      { actualStart: '2026-05-30T11:00', actualEnd: '2026-05-30T09:00', finalFee: '-1', reportNo: '', invoiceNo: '' },
      timed,
      now,
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.errors).sort()).toEqual(['actualEnd', 'finalFee', 'invoiceNo', 'reportNo'])
    expect(result.errors.actualEnd).toEqual(['staffBookings:errors.endBeforeStart'])
    const future = parseDelivery({ ...fields, actualEnd: '2026-06-01T12:00' }, timed, now)
    expect(future).toMatchObject({ ok: false, errors: { actualEnd: ['staffBookings:errors.inTheFuture'] } })
    const quantity = parseDelivery({ ...fields, actualQuantity: '0' }, { maxFeeFen: 1n, timed: false }, now)
    expect(quantity).toMatchObject({
      ok: false,
      errors: { actualQuantity: ['staffBookings:errors.quantityRange?max=100000'] },
    })
  })
})

describe('refusalErrors', () => {
  it('puts the engine refusals on the field they concern', () => {
    expect(refusalErrors('fee-above-snapshot', { intent: 'deliver', maxFeeFen: 40_000n })).toEqual({
      finalFee: [`staffBookings:errors.feeAboveSnapshot?max=${encodeURIComponent('¥400.00')}`],
    })
    expect(refusalErrors('invoice-no-taken', { intent: 'deliver' })).toEqual({
      invoiceNo: ['staffBookings:errors.invoiceNoTaken'],
    })
    expect(refusalErrors('report-no-taken', { intent: 'deliver' })).toEqual({
      reportNo: ['staffBookings:errors.reportNoTaken'],
    })
    expect(refusalErrors('slot-taken', { intent: 'propose' })).toEqual({ start: ['staffBookings:errors.slotTaken'] })
    expect(refusalErrors('duration-changed', { intent: 'propose', durationMinutes: 120 })).toEqual({
      end: ['staffBookings:errors.durationChanged?minutes=120'],
    })
    expect(refusalErrors('wrong-status', { intent: 'approve' })).toEqual({
      form: ['staffBookings:errors.wrong-status'],
    })
    expect(refusalErrors('something-new', { intent: 'approve' })).toEqual({
      form: ['staffBookings:errors.refused?reason=something-new'],
    })
  })
})
