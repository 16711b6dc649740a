import { describe, expect, it } from 'vitest'
import { parseEnv } from './env.server'

describe('STRIPE_PUBLISHABLE_KEY', () => {
  it('is optional, and an empty value counts as unset', () => {
    const unset = parseEnv({})
    expect(unset.success && unset.data.STRIPE_PUBLISHABLE_KEY).toBeUndefined()
    const empty = parseEnv({ STRIPE_PUBLISHABLE_KEY: '' })
    expect(empty.success && empty.data.STRIPE_PUBLISHABLE_KEY).toBeUndefined()
  })

  it('takes a publishable key of the same mode as the secret key', () => {
    const test = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' })
    expect(test.success && test.data.STRIPE_PUBLISHABLE_KEY).toBe('pk_test_abc')
    const live = parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' })
    expect(live.success && live.data.STRIPE_PUBLISHABLE_KEY).toBe('pk_live_abc')
    const restricted = parseEnv({ STRIPE_SECRET_KEY: 'rk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' })
    expect(restricted.success).toBe(true)
  })

  it('refuses a secret key or anything else in its place', () => {
    for (const value of ['sk_live_abc', 'pk_abc', 'pk_live_', 'pk_live_abc def']) {
      const parsed = parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: value })
      expect(parsed.success, value).toBe(false)
      expect(parsed.error?.issues[0]?.path).toEqual(['STRIPE_PUBLISHABLE_KEY'])
    }
  })

  it('refuses a test publishable key with a live secret key, and the reverse', () => {
    const mixed = parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' })
    expect(mixed.success).toBe(false)
    expect(mixed.error?.issues[0]).toMatchObject({
      path: ['STRIPE_PUBLISHABLE_KEY'],
      message: 'is a test key but STRIPE_SECRET_KEY is a live key',
    })
    const reverse = parseEnv({ STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' })
    expect(reverse.success).toBe(false)
  })
})

describe('variables set but empty (Compose passes `${VAR:-}`)', () => {
  it('take their defaults instead of stopping the process', () => {
    const parsed = parseEnv({
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
      STRIPE_API_BASE: '',
      STRIPE_PUBLISHABLE_KEY: '',
      SMTP_URL: '',
      MAIL_FROM: '',
    })
    expect(parsed.success).toBe(true)
    if (!parsed.success) return
    expect(parsed.data).toMatchObject({
      STRIPE_SECRET_KEY: 'sk_test_local_dev_only',
      STRIPE_WEBHOOK_SECRET: 'whsec_local_dev_only',
      STRIPE_API_BASE: undefined,
      SMTP_URL: undefined,
    })
    expect(parsed.data.MAIL_FROM).toContain('noreply@')
  })

  it('a malformed value still stops it', () => {
    expect(parseEnv({ STRIPE_SECRET_KEY: 'secret' }).success).toBe(false)
    expect(parseEnv({ MAIL_FROM: 'x' }).success).toBe(false)
  })
})
