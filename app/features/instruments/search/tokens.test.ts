import { describe, expect, it } from 'vitest'
import { indexTokens, queryTokens, toTsqueryText } from './tokens'

describe('indexTokens', () => {
  it('gives every Han character and every neighbouring pair', () => {
    expect(indexTokens('气相色谱仪')).toEqual(['气', '相', '色', '谱', '仪', '气相', '相色', '色谱', '谱仪'])
    expect(indexTokens('仪')).toEqual(['仪'])
  })

  it('breaks runs at anything that is not Han or a-z0-9, and never pairs across a break', () => {
    expect(indexTokens('色谱，质谱')).toEqual(['色', '谱', '色谱', '质', '谱', '质谱'])
    expect(indexTokens('X射线衍射仪')).toContain('射线')
    expect(indexTokens('X射线')).toEqual(['x', '射', '线', '射线'])
  })

  it('lower-cases Latin words and splits letters from digits in mixed ones', () => {
    expect(indexTokens('GCMS-QP2020')).toEqual(['gcms', 'qp2020', 'qp', '2020'])
    expect(indexTokens('Agilent 8890')).toEqual(['agilent', '8890'])
  })

  it('normalises full-width characters (NFKC)', () => {
    expect(indexTokens('ＧＣ－２０３０')).toEqual(indexTokens('GC-2030'))
  })

  it('drops punctuation, accents and other scripts', () => {
    expect(indexTokens("'; DROP TABLE instrument; --")).toEqual(['drop', 'table', 'instrument'])
    expect(indexTokens('Café & ≥ 10%')).toEqual(['caf', '10'])
    expect(indexTokens('')).toEqual([])
  })
})

describe('queryTokens / toTsqueryText', () => {
  it('turns a two-character query into one bigram', () => {
    expect(toTsqueryText('色谱')).toBe("'色谱'")
    expect(toTsqueryText('质谱')).toBe("'质谱'")
  })

  it('ANDs the bigrams of a longer query, once each', () => {
    expect(toTsqueryText('气相色谱')).toBe("'气相' & '相色' & '色谱'")
    expect(queryTokens('色谱 色谱')).toEqual([{ token: '色谱', prefix: false }])
  })

  it('a single character is itself; Latin words are prefixes', () => {
    expect(toTsqueryText('仪')).toBe("'仪'")
    expect(toTsqueryText('GC-2030')).toBe("'gc':* & '2030':*")
    expect(toTsqueryText('色谱 Agilent')).toBe("'色谱' & 'agilent':*")
  })

  it('has no tsquery syntax left from the user, and null when nothing is searchable', () => {
    expect(toTsqueryText("a' | !b & (c:*)")).toBe("'a':* & 'b':* & 'c':*")
    expect(toTsqueryText('!!! ... ？')).toBeNull()
    expect(toTsqueryText('')).toBeNull()
  })
})
