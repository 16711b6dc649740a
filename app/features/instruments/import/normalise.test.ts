import { describe, expect, it } from 'vitest'
import {
  cellText,
  excelSerialToDate,
  lookupCategory,
  normaliseCode,
  parseDate,
  parseEnum,
  parseMoney,
  parsePhone,
  parseWholeNumber,
  toHalfWidth,
} from './normalise'
import { SHARING_STATUS_LABELS, UNIT_LABELS } from './template'

const today = new Date('2026-11-28T00:00:00Z')
const iso = (d: Date) => d.toISOString().slice(0, 10)
const MAX = 1_000_000_000_000n

describe('full-width text', () => {
  it('turns full-width digits, letters and punctuation into ASCII', () => {
    expect(toHalfWidth('１２３')).toBe('123')
    expect(toHalfWidth('ＺＣ－２０２０，（Ａ）')).toBe('ZC-2020,(A)')
    expect(toHalfWidth('a\u3000b')).toBe('a b')
  })
  it('normalises codes: half-width, collapsed spaces, trimmed', () => {
    expect(normaliseCode('  ＺＣ－００１  ')).toBe('ZC-001')
    expect(normaliseCode('ZC  001')).toBe('ZC 001')
  })
  it('reads cells as text', () => {
    expect(cellText(1280000.5)).toBe('1280000.5')
    expect(cellText(new Date(Date.UTC(2023, 0, 1)))).toBe('2023-01-01')
    expect(cellText(' a\r\nb ')).toBe('a\nb')
    expect(cellText(null)).toBe('')
  })
})

describe('parseMoney', () => {
  const ok = (v: Parameters<typeof parseMoney>[0], unit: 'yuan' | 'wan' = 'yuan') => {
    const r = parseMoney(v, { max: MAX, unit })
    return r.ok ? r.value : r.problem
  }
  it('reads plain, grouped, currency-marked and full-width amounts as fen', () => {
    expect(ok('200')).toBe(20_000n)
    expect(ok('1,280,000.00')).toBe(128_000_000n)
    expect(ok('¥1,234.5')).toBe(123_450n)
    expect(ok('￥２００')).toBe(20_000n)
    expect(ok('１，２３４．５６元')).toBe(123_456n)
    expect(ok('1 280 000')).toBe(128_000_000n)
  })
  it('reads number cells through their exact decimal text, never floating point', () => {
    expect(ok(1280000.5)).toBe(128_000_050n)
    expect(ok(0.1)).toBe(10n)
    expect(ok(19.99)).toBe(1_999n)
  })
  it('reads 万 amounts', () => {
    expect(ok('128万')).toBe(128_000_000n)
    expect(ok('12.5万元')).toBe(12_500_000n)
    expect(ok('12.5', 'wan')).toBe(12_500_000n)
  })
  it('names negative, non-numeric, too precise and too large amounts', () => {
    expect(ok('-200')).toBe('negative')
    expect(ok(-5)).toBe('negative')
    expect(ok('－２００')).toBe('negative')
    expect(ok('abc')).toBe('invalid')
    expect(ok('2OO')).toBe('invalid')
    expect(ok('1.234')).toBe('invalid')
    expect(ok('')).toBe('invalid')
    expect(parseMoney('30', { max: 2_000n })).toEqual({ ok: false, problem: 'too-large' })
  })
})

describe('dates', () => {
  it('converts Excel serial numbers (1900 system, with its phantom 29 Feb 1900)', () => {
    expect(iso(excelSerialToDate(44927)!)).toBe('2023-01-01')
    expect(iso(excelSerialToDate(61)!)).toBe('1900-03-01')
    expect(iso(excelSerialToDate(45658)!)).toBe('2025-01-01')
    expect(excelSerialToDate(60)).toBeNull()
    expect(excelSerialToDate(44927.5)).toBeNull()
  })
  const d = (v: Parameters<typeof parseDate>[0]) => {
    const r = parseDate(v, today)
    return r.ok ? iso(r.value) : r.problem
  }
  it('reads serials, date cells and the ways people write dates', () => {
    expect(d(44927)).toBe('2023-01-01')
    expect(d('44927')).toBe('2023-01-01')
    expect(d(new Date(Date.UTC(2023, 0, 1)))).toBe('2023-01-01')
    expect(d('2023-01-01')).toBe('2023-01-01')
    expect(d('2023/1/1')).toBe('2023-01-01')
    expect(d('2023.1.1')).toBe('2023-01-01')
    expect(d('2023年1月1日')).toBe('2023-01-01')
    expect(d('２０２３年１月１日')).toBe('2023-01-01')
    expect(d('20230101')).toBe('2023-01-01')
    expect(d(20230101)).toBe('2023-01-01')
  })
  it('refuses impossible, unreadable and out-of-range dates', () => {
    expect(d('2023-02-30')).toBe('invalid')
    expect(d('去年')).toBe('invalid')
    expect(d('1/1/2023')).toBe('invalid')
    expect(d('1949-12-31')).toBe('out-of-range')
    expect(d('2026-11-29')).toBe('out-of-range')
    expect(d('2026-11-28')).toBe('2026-11-28')
  })
})

describe('small readers', () => {
  it('reads whole numbers, full-width too', () => {
    expect(parseWholeNumber('１２')).toBe(12)
    expect(parseWholeNumber(3)).toBe(3)
    expect(parseWholeNumber('1.5')).toBeNull()
    expect(parseWholeNumber('-1')).toBeNull()
  })
  it('reads enum words, Chinese or English, any width', () => {
    expect(parseEnum('开放共享', SHARING_STATUS_LABELS)).toBe('open')
    expect(parseEnum(' 已报废 ', SHARING_STATUS_LABELS)).toBe('retired')
    expect(parseEnum('Internal_Only', SHARING_STATUS_LABELS)).toBe('internal_only')
    expect(parseEnum('样', UNIT_LABELS)).toBe('sample')
    expect(parseEnum('天', UNIT_LABELS)).toBeNull()
  })
  it('reads phones', () => {
    expect(parsePhone('０８１８－２７９００００')).toBe('0818-2790000')
    expect(parsePhone('+86 138 0000 0000')).toBe('13800000000')
    expect(parsePhone('12345')).toBeNull()
  })
})

describe('lookupCategory', () => {
  const categories = [
    { code: '01', name: '分析仪器', parentCode: null },
    { code: '0105', name: '色谱仪', parentCode: '01' },
    { code: '0102', name: '质谱仪', parentCode: '01' },
  ]
  const c = (v: Parameters<typeof lookupCategory>[0]) => {
    const r = lookupCategory(v, categories)
    return r.ok ? r.value : r.problem
  }
  it('finds a category by code, a code that lost its leading zero, full-width code, or exact name', () => {
    expect(c('0105')).toBe('0105')
    expect(c(105)).toBe('0105')
    expect(c('０１０５')).toBe('0105')
    expect(c('色谱仪')).toBe('0105')
    expect(c('0102 质谱仪')).toBe('0102')
  })
  it('refuses unknown and top-level categories', () => {
    expect(c('9999')).toBe('unknown')
    expect(c('色谱')).toBe('unknown')
    expect(c('01')).toBe('top-level')
    expect(c('分析仪器')).toBe('top-level')
  })
})
