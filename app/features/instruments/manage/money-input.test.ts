import { describe, expect, it } from 'vitest'
import { feeInput, originalValueInput, parseFee, parseOriginalValue, parseWanToFen } from './money-input'

describe('parseWanToFen', () => {
  it('reads 万元 with up to six decimals, full-width digits and a trailing unit', () => {
    expect(parseWanToFen('120')).toBe(120_000_000n)
    expect(parseWanToFen('12.5')).toBe(12_500_000n)
    expect(parseWanToFen('１２．５万元')).toBe(12_500_000n)
    expect(parseWanToFen('0.000001')).toBe(1n)
    expect(parseWanToFen('1,200')).toBe(1_200_000_000n)
  })
  it('refuses what is not an amount', () => {
    expect(parseWanToFen('0.0000001')).toBeNull()
    expect(parseWanToFen('十二万')).toBeNull()
    expect(parseWanToFen('')).toBeNull()
  })
})

describe('parseOriginalValue', () => {
  it('reads 元 and 万元', () => {
    expect(parseOriginalValue('1,234,567.89', 'yuan')).toEqual({ ok: true, fen: 123_456_789n })
    expect(parseOriginalValue('50', 'wan')).toEqual({ ok: true, fen: 50_000_000n })
  })
  it('names the problem', () => {
    expect(parseOriginalValue('-3', 'wan')).toEqual({ ok: false, problem: 'negative' })
    expect(parseOriginalValue('－3', 'yuan')).toEqual({ ok: false, problem: 'negative' })
    expect(parseOriginalValue('abc', 'yuan')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseOriginalValue('1.234', 'yuan')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseOriginalValue('2000000', 'wan')).toEqual({ ok: false, problem: 'too-large' })
  })
})

describe('parseFee', () => {
  it('reads yuan into integer fen, zero allowed', () => {
    expect(parseFee('200')).toEqual({ ok: true, fen: 20_000 })
    expect(parseFee('￥１５０．５')).toEqual({ ok: true, fen: 15_050 })
    expect(parseFee('0')).toEqual({ ok: true, fen: 0 })
  })
  it('refuses negatives, non-amounts and fees beyond the column', () => {
    expect(parseFee('-1')).toEqual({ ok: false, problem: 'negative' })
    expect(parseFee('1.001')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseFee('30000000')).toEqual({ ok: false, problem: 'too-large' })
  })
})

describe('form values for stored amounts', () => {
  it('shows whole-yuan values of 1万 and more in 万元', () => {
    expect(originalValueInput(120_000_000n)).toEqual({ value: '120', unit: 'wan' })
    expect(originalValueInput(12_345_600n)).toEqual({ value: '12.3456', unit: 'wan' })
    expect(originalValueInput(12_345_678n)).toEqual({ value: '123456.78', unit: 'yuan' })
    expect(originalValueInput(800_000n)).toEqual({ value: '8000', unit: 'yuan' })
  })
  it('round-trips', () => {
    for (const fen of [120_000_000n, 12_345_600n, 12_345_678n, 0n]) {
      const { value, unit } = originalValueInput(fen)
      expect(parseOriginalValue(value, unit)).toEqual({ ok: true, fen })
    }
    expect(feeInput(20_000)).toBe('200')
    expect(feeInput(15_050)).toBe('150.5')
    expect(parseFee(feeInput(15_050))).toEqual({ ok: true, fen: 15_050 })
  })
})
