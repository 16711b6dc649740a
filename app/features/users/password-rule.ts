// The password rule shown on the register form. NIST SP 800-63B favours length over composition
// rules; we ask for 10+ characters with at least a letter and a digit (people here type on a
// phone keyboard that switches modes for both), and refuse the passwords every leak list starts with.
export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 128

export type PasswordProblem = 'tooShort' | 'tooLong' | 'needsLetterAndDigit' | 'tooCommon'

const COMMON = new Set([
  '1234567890',
  '0123456789',
  'qwertyuiop',
  'password123',
  'password12',
  'a123456789',
  'abc1234567',
  'abcd123456',
  '1qaz2wsx3edc',
  'qwer123456',
  'woaini1314',
  'aa12345678',
  'admin12345',
  'zxcvbnm123',
  'iloveyou12',
])

export function passwordProblem(password: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN) return 'tooShort'
  if ([...password].length > PASSWORD_MAX) return 'tooLong'
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return 'needsLetterAndDigit'
  if (COMMON.has(password.toLowerCase()) || /^(.)\1+$/u.test(password)) return 'tooCommon'
  return null
}
