import { describe, expect, it } from 'vitest'
import {
  catalogueHref,
  escapeLike,
  fenToYuanInput,
  formatShanghaiDateTime,
  formatMinuteOfDay,
  groupOpenHours,
  isFiltered,
  isLargeInstrument,
  isPubliclyListed,
  pageCount,
  parseCatalogueQuery,
} from './catalogue'

describe('isPubliclyListed', () => {
  it('lists open and under-maintenance instruments of admitted institutions only', () => {
    expect(isPubliclyListed('verified', 'open')).toBe(true)
    expect(isPubliclyListed('verified', 'maintenance')).toBe(true)
    expect(isPubliclyListed('verified', 'internal_only')).toBe(false)
    expect(isPubliclyListed('verified', 'retired')).toBe(false)
    expect(isPubliclyListed('pending', 'open')).toBe(false)
    expect(isPubliclyListed('suspended', 'open')).toBe(false)
  })
})

describe('isLargeInstrument', () => {
  it('starts at exactly 50万元', () => {
    expect(isLargeInstrument(49_999_999n)).toBe(false)
    expect(isLargeInstrument(50_000_000n)).toBe(true)
  })
})

describe('parseCatalogueQuery', () => {
  it('reads a full query', () => {
    const q = parseCatalogueQuery(
      new URLSearchParams(
        'q=  色谱  仪 &category=01&region=511702&institution=3F2504E0-4F89-11D3-9A0C-0305E82C3301&page=3',
      ),
    )
    expect(q).toEqual({
      q: '色谱 仪',
      category: '01',
      region: '511702',
      institution: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      feeMin: null,
      feeMax: null,
      accreditation: null,
      date: null,
      sort: 'relevance',
      page: 3,
    })
  })

  it('drops malformed values instead of failing', () => {
    const q = parseCatalogueQuery(new URLSearchParams('category=abc&region=x&institution=42&page=-2'))
    expect(q).toEqual({
      q: '',
      category: null,
      region: null,
      institution: null,
      feeMin: null,
      feeMax: null,
      accreditation: null,
      date: null,
      sort: 'relevance',
      page: 1,
    })
    expect(parseCatalogueQuery(new URLSearchParams('page=1.5')).page).toBe(1)
    expect(parseCatalogueQuery(new URLSearchParams('page=1e400')).page).toBe(1)
  })

  it('reads fee bounds in yuan, accreditation, date and sort', () => {
    const q = parseCatalogueQuery(new URLSearchParams('fee_min=１００&fee_max=250.5&acc=CNAS&date=2026-12-08&sort=fee'))
    expect(q).toMatchObject({ feeMin: 10_000, feeMax: 25_050, accreditation: 'cnas', date: '2026-12-08', sort: 'fee' })
    expect(catalogueHref(q)).toBe('/instruments?fee_min=100&fee_max=250.5&acc=cnas&date=2026-12-08&sort=fee')
    // Swapped bounds are put right; nonsense is dropped.
    expect(parseCatalogueQuery(new URLSearchParams('fee_min=300&fee_max=100'))).toMatchObject({
      feeMin: 10_000,
      feeMax: 30_000,
    })
    expect(
      parseCatalogueQuery(new URLSearchParams('fee_min=-5&fee_max=abc&acc=iso&date=2026-02-30&sort=random')),
    ).toMatchObject({ feeMin: null, feeMax: null, accreditation: null, date: null, sort: 'relevance' })
    expect(fenToYuanInput(12_345)).toBe('123.45')
    expect(fenToYuanInput(12_340)).toBe('123.4')
    expect(fenToYuanInput(0)).toBe('0')
    expect(isFiltered(parseCatalogueQuery(new URLSearchParams('sort=fee&page=2')))).toBe(false)
    expect(isFiltered(parseCatalogueQuery(new URLSearchParams('fee_max=0')))).toBe(true)
  })

  it('accepts second-level categories and the high-tech zone', () => {
    const q = parseCatalogueQuery(new URLSearchParams('category=0105&region=511700-GX'))
    expect(q).toMatchObject({ category: '0105', region: '511700-GX' })
  })

  it('caps the query length', () => {
    expect(parseCatalogueQuery(new URLSearchParams({ q: '谱'.repeat(500) })).q).toHaveLength(100)
  })
})

describe('catalogueHref', () => {
  it('keeps the filters and leaves defaults out', () => {
    const q = parseCatalogueQuery(new URLSearchParams('q=色谱&category=01'))
    expect(catalogueHref(q)).toBe('/instruments?q=%E8%89%B2%E8%B0%B1&category=01')
    expect(catalogueHref(q, { page: 2 })).toBe('/instruments?q=%E8%89%B2%E8%B0%B1&category=01&page=2')
    expect(catalogueHref(q, { q: '', category: null })).toBe('/instruments')
  })
})

describe('pageCount', () => {
  it('has at least one page', () => {
    expect(pageCount(0)).toBe(1)
    expect(pageCount(20)).toBe(1)
    expect(pageCount(21)).toBe(2)
  })
})

describe('escapeLike', () => {
  it('makes wildcards literal', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b')
  })
})

describe('open hours', () => {
  it('formats minutes of the day', () => {
    expect(formatMinuteOfDay(0)).toBe('00:00')
    expect(formatMinuteOfDay(510)).toBe('08:30')
    expect(formatMinuteOfDay(1440)).toBe('24:00')
    expect(() => formatMinuteOfDay(1441)).toThrow(RangeError)
  })

  it('groups by weekday, ranges in order', () => {
    expect(
      groupOpenHours([
        { weekday: 2, startMinute: 840, endMinute: 1050 },
        { weekday: 1, startMinute: 840, endMinute: 1050 },
        { weekday: 1, startMinute: 510, endMinute: 720 },
      ]),
    ).toEqual([
      { weekday: 1, ranges: ['08:30–12:00', '14:00–17:30'] },
      { weekday: 2, ranges: ['14:00–17:30'] },
    ])
  })
})

describe('formatShanghaiDateTime', () => {
  it('shows the wall-clock time in Asia/Shanghai', () => {
    expect(formatShanghaiDateTime(new Date('2026-12-03T00:30:00Z'))).toBe('2026-12-03 08:30')
    expect(formatShanghaiDateTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01 00:00')
  })
})
