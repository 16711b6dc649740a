import { describe, expect, it } from 'vitest'
import { ExceptionSchema, InstrumentSchema, OpenHoursSchema, ServiceItemSchema, weekRows } from './schemas'

const instrument = {
  assetNo: 'ＺＣ-2019-001',
  name: '气相色谱-质谱联用仪',
  originalValue: '120',
  valueUnit: 'wan',
  categoryCode: '0105',
  sharingStatus: 'open',
  bookingMode: 'operated',
  minNoticeHours: '24',
  maxAdvanceDays: '60',
  slotMinutes: '30',
  minDurationMinutes: '60',
  maxDurationMinutes: '480',
  bufferMinutes: '１５',
  requiresApproval: 'on',
}

const messages = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  Object.fromEntries(error.issues.map((i) => [i.path.join('.'), i.message]))

describe('InstrumentSchema', () => {
  it('turns the form into a record: value in fen, numbers, approval flag, half-width asset number', () => {
    const parsed = InstrumentSchema.parse(instrument)
    expect(parsed).toMatchObject({
      assetNo: 'ZC-2019-001',
      originalValueFen: 120_000_000n,
      bufferMinutes: 15,
      slotMinutes: 30,
      requiresApproval: true,
      nameEn: null,
      inUseSince: null,
    })
    expect(InstrumentSchema.parse({ ...instrument, requiresApproval: undefined }).requiresApproval).toBe(false)
  })

  it('names each field at fault', () => {
    const result = InstrumentSchema.safeParse({
      ...instrument,
      originalValue: '-5',
      minDurationMinutes: '600',
      contactPhone: '12345',
      inUseSince: '2019-02-30',
    })
    expect(result.success).toBe(false)
    expect(messages(result.error!)).toEqual({
      originalValue: 'manage:errors.amount.negative',
      maxDurationMinutes: 'manage:errors.rules.min-above-max?min=600',
      contactPhone: 'manage:errors.phoneInvalid',
      inUseSince: 'manage:errors.dateInvalid',
    })
  })
})

describe('InstrumentSchema cancellation rules', () => {
  it('defaults to 24 free hours and no fee, and reads the fee as a percentage', () => {
    expect(InstrumentSchema.parse(instrument)).toMatchObject({ cancelFreeHours: 24, cancelFeeBp: 0 })
    expect(InstrumentSchema.parse({ ...instrument, cancelFreeHours: '４８', cancelFeePercent: '12.5' })).toMatchObject({
      cancelFreeHours: 48,
      cancelFeeBp: 1250,
    })
  })

  it('says what is wrong with each', () => {
    const result = InstrumentSchema.safeParse({ ...instrument, cancelFreeHours: '1000', cancelFeePercent: '120' })
    expect(result.success).toBe(false)
    expect(messages(result.error!)).toEqual({
      cancelFreeHours: 'manage:errors.between?min=0&max=720',
      cancelFeePercent: 'manage:errors.cancelFeePercent',
    })
  })
})

describe('ServiceItemSchema', () => {
  it('reads the fee in yuan into fen', () => {
    expect(ServiceItemSchema.parse({ name: '测试', unit: 'sample', fee: '150.5', minQuantity: '3' })).toMatchObject({
      feeFen: 15_050,
      minQuantity: 3,
      description: null,
    })
  })
  it('refuses a negative fee and a zero minimum', () => {
    const result = ServiceItemSchema.safeParse({ name: '测试', unit: 'hour', fee: '-1', minQuantity: '0' })
    expect(messages(result.error!)).toEqual({
      fee: 'manage:errors.amount.negative',
      minQuantity: 'manage:errors.between?min=1&max=10000',
    })
  })
})

describe('OpenHoursSchema', () => {
  it('gives one row per range, Monday = 1', () => {
    const week = OpenHoursSchema.parse({ day1: '08:30-12:00, 14:00-17:30', day7: '09:00-11:00' })
    expect(weekRows(week)).toEqual([
      { weekday: 1, startMinute: 510, endMinute: 720 },
      { weekday: 1, startMinute: 840, endMinute: 1050 },
      { weekday: 7, startMinute: 540, endMinute: 660 },
    ])
  })
  it('says which range of which day is wrong', () => {
    const result = OpenHoursSchema.safeParse({ day3: '08:00-12:00, 11:00-13:00' })
    expect(messages(result.error!)).toEqual({
      day3: 'manage:errors.hours.overlap?index=2&text=11%3A00-13%3A00&other=1&weekday=3',
    })
  })
})

describe('ExceptionSchema', () => {
  it('stores Shanghai times as UTC and wants the end after the start', () => {
    const parsed = ExceptionSchema.parse({ kind: 'blackout', startsAt: '2026-10-01T00:00', endsAt: '2026-10-08T00:00' })
    expect(parsed.startsAt.toISOString()).toBe('2026-09-30T16:00:00.000Z')
    const wrong = ExceptionSchema.safeParse({ kind: 'extra', startsAt: '2026-10-01T10:00', endsAt: '2026-10-01T09:00' })
    expect(messages(wrong.error!)).toEqual({ endsAt: 'manage:errors.endBeforeStart' })
  })
})

describe('browser constraints', () => {
  it('can be derived from every form schema (a root transform would make Conform throw)', async () => {
    const { getZodConstraint } = await import('@conform-to/zod/v4')
    const { InstrumentFields, ServiceItemFields } = await import('./schemas')
    expect(getZodConstraint(InstrumentFields).assetNo).toMatchObject({ required: true })
    expect(getZodConstraint(ServiceItemFields).fee).toMatchObject({ required: true })
    expect(getZodConstraint(OpenHoursSchema).day1).toMatchObject({ required: false })
    expect(getZodConstraint(ExceptionSchema).startsAt).toMatchObject({ required: true })
  })
})
