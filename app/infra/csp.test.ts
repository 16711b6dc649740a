import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from './csp'

const nonce = 'q2Xr0Hc3c5bJmU0Jv3d0Yw=='
const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1)

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy({ nonce, development: false })

  it('runs scripts only from this origin, with the nonce, and Stripe.js', () => {
    expect(directive(policy, 'script-src')).toEqual(["'self'", `'nonce-${nonce}'`, 'https://js.stripe.com'])
    expect(policy).not.toContain("'unsafe-inline' 'nonce")
    expect(directive(policy, 'script-src')).not.toContain("'unsafe-inline'")
    expect(directive(policy, 'script-src')).not.toContain("'unsafe-eval'")
  })

  it("lets Stripe's frames and API in, and nothing frame the app or plugins run", () => {
    expect(directive(policy, 'frame-src')).toEqual(['https://js.stripe.com', 'https://hooks.stripe.com'])
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'https://api.stripe.com'])
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"])
    expect(directive(policy, 'object-src')).toEqual(["'none'"])
    expect(directive(policy, 'form-action')).toEqual(["'self'"])
  })

  it('opens websockets for live reload in development only', () => {
    expect(directive(contentSecurityPolicy({ nonce, development: true }), 'connect-src')).toContain('ws:')
    expect(directive(policy, 'connect-src')).not.toContain('ws:')
  })

  it('refuses a nonce that could not be random or would break the header', () => {
    expect(() => contentSecurityPolicy({ nonce: '', development: false })).toThrow()
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *", development: false })).toThrow()
  })
})
