import { describe, expect, it } from 'vitest'
import { regionFromUsccCode } from './region-from-uscc'

const selectable = ['511700', '511702', '511703', '511722', '500154']

describe('regionFromUsccCode', () => {
  it('picks the region the code names', () => {
    expect(regionFromUsccCode('511722', selectable)).toBe('511722')
    expect(regionFromUsccCode('511700', selectable)).toBe('511700')
  })
  it('maps retired codes to their successor', () => {
    expect(regionFromUsccCode('511721', selectable)).toBe('511703')
    expect(regionFromUsccCode('500234', selectable)).toBe('500154')
  })
  it('is null outside the covered regions', () => {
    expect(regionFromUsccCode('350100', selectable)).toBeNull()
  })
})
