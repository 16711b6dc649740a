import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import {
  capWithinBudget,
  fenToAmountInput,
  fundingHeadroom,
  fundingProblem,
  identityLocked,
  isCalendarDate,
  parseAmountToFen,
  parseWanToFen,
  shanghaiDate,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
  shareBpFromPercent,
  sharePercentFromBp,
  shareWithinBounds,
} from './rules'
import { FundSchema, ProgrammeSchema, toProgrammeFields } from './schemas'

function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) fd.append(k, x)
  return fd
}

const valid = {
  name: '2027年度达州市科技创新券计划',
  year: '2027',
  serialPrefix: 'dz',
  totalBudget: '2000',
  budgetUnit: 'wan',
  applyFrom: '2027-01-01',
  applyTo: '2027-12-31',
  cap: '20',
  capUnit: 'wan',
  sharePercent: '50',
  allowedCategories: ['A', 'B'],
  validityMonths: '12',
  redemptionGraceMonths: '3',
  acceptPartnerRegions: 'on',
}

describe('amounts', () => {
  it('parses 万元 with integer arithmetic', () => {
    expect(parseWanToFen('2000')).toBe(2_000_000_000n)
    expect(parseWanToFen('12.5')).toBe(12_500_000n)
    expect(parseWanToFen('0.000001')).toBe(1n)
    expect(parseWanToFen('１，２００万元')).toBe(1_200_000_000n)
    expect(parseWanToFen('0.1')).toBe(100_000n) // not 99999 as 0.1 * 1e6 in floats can be
    expect(parseWanToFen('1.0000001')).toBeNull()
    expect(parseWanToFen('-3')).toBeNull()
    expect(parseWanToFen('abc')).toBeNull()
  })

  it('parses 元 and refuses negatives', () => {
    expect(parseAmountToFen('200,000', 'yuan')).toBe(20_000_000n)
    expect(parseAmountToFen('0.29', 'yuan')).toBe(29n)
    expect(parseAmountToFen('-1', 'yuan')).toBeNull()
  })

  it('writes fen back as the plainest form input', () => {
    expect(fenToAmountInput(20_000_000n)).toEqual({ amount: '20', unit: 'wan' })
    expect(fenToAmountInput(12_345_601n)).toEqual({ amount: '123456.01', unit: 'yuan' })
    expect(fenToAmountInput(12_345_600n)).toEqual({ amount: '123456', unit: 'yuan' })
  })
})

describe('share and budget arithmetic', () => {
  it('keeps the voucher share within 30–80 % and stores basis points', () => {
    expect(shareWithinBounds(29)).toBe(false)
    expect(shareWithinBounds(30)).toBe(true)
    expect(shareWithinBounds(80)).toBe(true)
    expect(shareWithinBounds(81)).toBe(false)
    expect(shareBpFromPercent(65)).toBe(6500)
    expect(sharePercentFromBp(6500)).toBe(65)
  })

  it('funds at most the total budget less what is funded', () => {
    expect(fundingHeadroom(100n, 30n)).toBe(70n)
    expect(fundingHeadroom(100n, 130n)).toBe(0n)
    expect(fundingProblem(70n, 100n, 30n)).toBeNull()
    expect(fundingProblem(71n, 100n, 30n)).toBe('over-budget')
    expect(fundingProblem(0n, 100n, 0n)).toBe('invalid-amount')
  })

  it('refuses a cap above the budget', () => {
    expect(capWithinBudget(20_000_000n, 20_000_000n)).toBe(true)
    expect(capWithinBudget(20_000_001n, 20_000_000n)).toBe(false)
    expect(capWithinBudget(0n, 20_000_000n)).toBe(false)
  })

  it('locks prefix and year once a serial is minted', () => {
    expect(identityLocked(0)).toBe(false)
    expect(identityLocked(1)).toBe(true)
  })
})

describe('Shanghai dates', () => {
  it('maps calendar days to instants at UTC+8', () => {
    expect(shanghaiStartOfDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(shanghaiEndOfDay('2027-12-31').toISOString()).toBe('2027-12-31T15:59:59.999Z')
    expect(shanghaiDate(shanghaiEndOfDay('2027-12-31'))).toBe('2027-12-31')
    expect(shanghaiDate(shanghaiStartOfDay('2027-03-01'))).toBe('2027-03-01')
    expect(isCalendarDate('2027-02-29')).toBe(false)
    expect(isCalendarDate('2028-02-29')).toBe(true)
  })
})

describe('ProgrammeSchema', () => {
  it('parses a complete form into stored values', () => {
    const s = parseWithZod(form(valid), { schema: ProgrammeSchema })
    expect(s.status).toBe('success')
    if (s.status !== 'success') return
    const f = toProgrammeFields(s.value)
    expect(f).toMatchObject({
      serialPrefix: 'DZ',
      year: 2027,
      totalBudgetFen: 2_000_000_000n,
      capFen: 20_000_000n,
      shareBp: 5000,
      allowedCategories: ['A', 'B'],
      acceptPartnerRegions: true,
    })
    expect(f.applyFrom.toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })

  it('accepts the budget in 元 and an empty category list (= all)', () => {
    const { allowedCategories: _, acceptPartnerRegions: __, ...rest } = valid
    const s = parseWithZod(form({ ...rest, totalBudget: '1,000,000.50', budgetUnit: 'yuan' }), {
      schema: ProgrammeSchema,
    })
    expect(s.status).toBe('success')
    if (s.status !== 'success') return
    const f = toProgrammeFields(s.value)
    expect(f.totalBudgetFen).toBe(100_000_050n)
    expect(f.allowedCategories).toEqual([])
    expect(f.acceptPartnerRegions).toBe(false)
  })

  it('says what to fix', () => {
    const s = parseWithZod(
      form({
        ...valid,
        serialPrefix: 'D1',
        sharePercent: '85',
        cap: '0',
        year: '',
      }),
      { schema: ProgrammeSchema },
    )
    expect(s.status).toBe('error')
    const e = s.reply().error ?? {}
    expect(e.serialPrefix).toEqual(['programmes:errors.prefixInvalid'])
    expect(e.sharePercent).toEqual(['programmes:errors.shareRange?min=30&max=80'])
    expect(e.cap).toEqual(['programmes:errors.capInvalid'])
    expect(e.year).toEqual(['programmes:errors.yearRequired'])
  })

  it('checks fields against each other once each is valid', () => {
    const s = parseWithZod(form({ ...valid, totalBudget: '10', cap: '20', applyTo: '2026-12-01' }), {
      schema: ProgrammeSchema,
    })
    const e = s.reply().error ?? {}
    expect(e.cap).toEqual(['programmes:errors.capAboveBudget'])
    expect(e.applyTo).toEqual(['programmes:errors.applyToBeforeFrom'])
    const cents = parseWithZod(form({ ...valid, totalBudget: '1000.001', budgetUnit: 'yuan' }), {
      schema: ProgrammeSchema,
    })
    expect(cents.reply().error?.totalBudget).toEqual(['programmes:errors.budgetInvalid'])
  })
})

describe('FundSchema', () => {
  it('needs a positive amount, a reason and the form key', () => {
    const ok = parseWithZod(form({ amount: '500', unit: 'wan', reason: '首批拨付', idempotencyKey: 'a1b2c3d4-e5f6' }), {
      schema: FundSchema,
    })
    expect(ok.status).toBe('success')
    const bad = parseWithZod(form({ amount: '0', unit: 'wan', reason: '', idempotencyKey: '' }), { schema: FundSchema })
    const e = bad.reply().error ?? {}
    expect(e.amount).toEqual(['programmes:errors.fundAmountInvalid'])
    expect(e.reason).toEqual(['programmes:errors.fundReasonRequired'])
    expect(e.idempotencyKey).toEqual(['programmes:errors.formExpired'])
  })
})
