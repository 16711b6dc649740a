import { describe, expect, it } from 'vitest'
import { controllerGroupKey, normaliseControllerGroup } from './controller-group'

describe('controllerGroupKey', () => {
  it('removes every white space, full-width included, and folds case', () => {
    expect(controllerGroupKey('  达州 Hengxin  集团 ')).toBe('达州hengxin集团')
    expect(controllerGroupKey('达州\u3000HENGXIN\t集团\n')).toBe('达州hengxin集团')
    expect(controllerGroupKey('达州hengxin集团')).toBe('达州hengxin集团')
  })

  it('tells different groups apart', () => {
    expect(controllerGroupKey('达州恒信集团')).not.toBe(controllerGroupKey('达州恒新集团'))
  })

  it('gives an empty key for a name of white space only', () => {
    expect(controllerGroupKey(' \u3000 ')).toBe('')
  })

  it('gives the same key for a stored value as for what was typed', () => {
    for (const typed of [' 达州\u3000恒信  集团 ', 'ACME\u00a0Holdings', 'a\u2007b\u202fc']) {
      expect(controllerGroupKey(normaliseControllerGroup(typed)!)).toBe(controllerGroupKey(typed))
    }
  })
})

describe('normaliseControllerGroup', () => {
  it('trims and collapses inner runs of white space to one space, keeping case', () => {
    expect(normaliseControllerGroup('  达州\u3000\u3000恒信   Group ')).toBe('达州 恒信 Group')
    expect(normaliseControllerGroup('ACME\u00a0Holdings')).toBe('ACME Holdings')
  })

  it('stores nothing for an empty declaration', () => {
    expect(normaliseControllerGroup('')).toBeNull()
    expect(normaliseControllerGroup(' \u3000\t')).toBeNull()
    expect(normaliseControllerGroup(undefined)).toBeNull()
    expect(normaliseControllerGroup(null)).toBeNull()
  })
})
