import { describe, expect, it } from 'vitest'
import { passwordProblem } from './password-rule'

describe('passwordProblem', () => {
  it.each([
    ['short1', 'tooShort'],
    ['abcdefghijk', 'needsLetterAndDigit'],
    ['12345678901', 'needsLetterAndDigit'],
    ['Password123', 'tooCommon'],
    ['x'.repeat(129) + '1', 'tooLong'],
  ])('%s → %s', (pw, problem) => {
    expect(passwordProblem(pw)).toBe(problem)
  })

  it('accepts a long password with letters and digits, Chinese letters included', () => {
    expect(passwordProblem('dazhou2026lab')).toBeNull()
    expect(passwordProblem('达州创新券平台2026年')).toBeNull()
  })
})
