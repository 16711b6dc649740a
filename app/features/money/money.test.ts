import { describe, expect, it } from 'vitest'
import { fenToYuanText, formatFen, formatWan, parseYuanToFen } from './money'

describe('formatFen', () => {
  it('formats fen as yuan with grouping and two decimals', () => {
    expect(formatFen(123450)).toBe('¥1,234.50')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(-99)).toBe('-¥0.99')
    expect(formatFen(123456789012345678n)).toBe('¥1,234,567,890,123,456.78')
  })
  it('refuses a fractional number of fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError)
  })
})

describe('formatWan', () => {
  it('shows large sums in 万元 in Chinese', () => {
    expect(formatWan(20_000_000, 'zh-CN')).toBe('20万元')
    expect(formatWan(12_500_000, 'zh-CN')).toBe('12.5万元')
    expect(formatWan(2_000_000_000, 'zh-CN')).toBe('2,000万元')
    expect(formatWan(1_234_567, 'zh-CN')).toBe('1.23万元')
    expect(formatWan(1_235_000, 'zh-CN')).toBe('1.24万元')
  })
  it('falls back to yuan in English', () => {
    expect(formatWan(20_000_000, 'en')).toBe('¥200,000.00')
  })
})

describe('parseYuanToFen', () => {
  it('reads what people type', () => {
    expect(parseYuanToFen('1,234.5')).toBe(123450n)
    expect(parseYuanToFen('１２３')).toBe(12300n)
    expect(parseYuanToFen('¥20元')).toBe(2000n)
    expect(parseYuanToFen('0.01')).toBe(1n)
  })
  it('rejects what is not money', () => {
    expect(parseYuanToFen('abc')).toBeNull()
    expect(parseYuanToFen('1.234')).toBeNull()
    expect(parseYuanToFen('')).toBeNull()
  })
})

describe('fenToYuanText', () => {
  it('writes whole yuan without decimals and keeps two digits otherwise, exactly', () => {
    expect(fenToYuanText(20000n)).toBe('200')
    expect(fenToYuanText(12345n)).toBe('123.45')
    expect(fenToYuanText(5n)).toBe('0.05')
    expect(fenToYuanText(-150n)).toBe('-1.50')
    expect(fenToYuanText(900719925474099312n)).toBe('9007199254740993.12')
  })
})
