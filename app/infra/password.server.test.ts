import { parseOptions } from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { hashPassword, needsRehash, PASSWORD_HASH_OPTIONS, verifyPassword } from './password.server'

describe('password hashing', () => {
  it('is argon2id at or above OWASP’s floor (m=19456 KiB, t=2, p=1)', async () => {
    const hash = await hashPassword('correct horse battery 9')
    // The DB CHECK on password.hash requires this prefix.
    expect(hash.startsWith('$argon2id$')).toBe(true)
    const o = parseOptions(hash)
    expect(o.memoryCost).toBeGreaterThanOrEqual(19456)
    expect(o.timeCost).toBeGreaterThanOrEqual(2)
    expect(o.parallelism).toBe(1)
    expect(o.memoryCost).toBe(PASSWORD_HASH_OPTIONS.memoryCost)
    expect(o.timeCost).toBe(PASSWORD_HASH_OPTIONS.timeCost)
  })

  it('salts every hash and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('同一个密码abc123'), hashPassword('同一个密码abc123')])
    expect(a).not.toBe(b)
    expect(await verifyPassword(a, '同一个密码abc123')).toBe(true)
    expect(await verifyPassword(a, '同一个密码abc124')).toBe(false)
  })

  it('treats a malformed stored hash as a failed check, not a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false)
  })

  it('asks to rehash weaker hashes', async () => {
    expect(needsRehash(await hashPassword('abc12345678'))).toBe(false)
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG')).toBe(true)
    expect(needsRehash('garbage')).toBe(true)
  })
})
