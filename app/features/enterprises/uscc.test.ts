import { describe, expect, it } from 'vitest'
import { completeUscc, normaliseUscc, usccCheckChar, validateUscc } from './uscc'

describe('validateUscc', () => {
  it('accepts the GB 32100 example and reads the region code', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({ ok: true, uscc: '91350100M000100Y43', regionCode: '350100' })
  })
  it('accepts lower case, spaces and full-width characters after normalising', () => {
    expect(validateUscc('91350100m000100y43').ok).toBe(true)
    expect(validateUscc(' 9135 0100 M000 100Y43 ').ok).toBe(true)
    expect(validateUscc('９１３５０１００Ｍ０００１００Ｙ４３').ok).toBe(true)
  })
  it('rejects a wrong check character', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({ ok: false, problem: 'checksum', position: 18 })
  })
  it('rejects I, O, S, V and Z wherever they appear', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z']) {
      expect(validateUscc(`91350100${bad}000100Y43`)).toEqual({ ok: false, problem: 'character', position: 9 })
    }
  })
  it('rejects the wrong length', () => {
    expect(validateUscc('91350100M000100Y4')).toEqual({ ok: false, problem: 'length' })
    expect(validateUscc('')).toEqual({ ok: false, problem: 'length' })
  })
})

describe('completeUscc', () => {
  it('produces codes that validate', () => {
    const code = completeUscc('91511702MA6' + '2XK3P0')
    expect(validateUscc(code).ok).toBe(true)
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
  })
  it('normalises dashes and ideographic spaces', () => {
    expect(normaliseUscc('9135-0100\u3000M000100Y43')).toBe('91350100M000100Y43')
  })
})
