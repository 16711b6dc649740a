import { expect, test } from '@playwright/test'
import { login } from './support'

// The Content-Security-Policy (app/infra/csp.ts) must not stop the app's own scripts: every page
// below hydrates (the booking page drops its no-JavaScript "更新费用" button once hydrated) and the
// browser reports no violation.
test('pages carry a nonce-based CSP, hydrate under it, and report no violation', async ({ browser }) => {
  const firm = await login(browser, 'qiye@demo.dazhou.cn')
  const violations: string[] = []
  await firm.context().addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { __csp: string[] }).__csp ??= []
      ;(window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`)
    })
  })
  firm.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text())
  })

  const response = await firm.goto('/instruments?q=%E8%89%B2%E8%B0%B1')
  const csp = response?.headers()['content-security-policy'] ?? ''
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
  expect(csp).toContain("frame-ancestors 'none'")
  // A new nonce for every page.
  const again = (await firm.request.get('/instruments')).headers()['content-security-policy'] ?? ''
  expect(again.match(/'nonce-([^']+)'/)?.[1]).not.toBe(csp.match(/'nonce-([^']+)'/)?.[1])

  await firm.getByRole('link', { name: /色谱/ }).first().click()
  await firm.getByRole('link', { name: '预约' }).first().click()
  await expect(firm.getByTestId('book-page')).toBeVisible()
  await expect(firm.getByRole('button', { name: '更新费用' })).toHaveCount(0)

  for (const path of ['/enterprise', '/enterprise/bookings', '/enterprise/vouchers', '/settings/calendar']) {
    await firm.goto(path)
    await expect(firm.getByTestId('role-home').or(firm.locator('main h1')).first()).toBeVisible()
  }
  const reported = await firm.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])
  expect([...violations, ...reported]).toEqual([])
})
