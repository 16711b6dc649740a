import { expect, type Browser, type Page } from '@playwright/test'

/** A new browser context signed in as `who` (demo password unless given), on its role's home page. */
export async function login(browser: Browser, who: string, password = 'demo-2026'): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto('/login')
  await page.getByLabel('邮箱', { exact: true }).fill(who)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page.getByTestId('role-home')).toBeVisible()
  return page
}

/**
 * The enterprise (`firm`) books the first instrument of the lab's (`lab`) that is open for booking,
 * with the voucher the page proposes (its share must be above zero); returns the booking id.
 */
export async function bookAnInstrumentOfTheLab(lab: Page, firm: Page): Promise<string> {
  await lab.goto('/institution/instruments')
  const hrefs = await lab
    .locator('a[href^="/institution/instruments/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  const ids = [...new Set(hrefs.map((h) => /\/institution\/instruments\/([0-9a-f-]{36})/.exec(h)?.[1]).filter(Boolean))]
  // The first of them that is open for booking (has a service item with a 预约 link).
  let found = false
  for (const id of ids) {
    await firm.goto(`/instruments/${id}`)
    if ((await firm.getByRole('link', { name: '预约' }).count()) > 0) {
      found = true
      break
    }
  }
  expect(found).toBe(true)
  await firm.getByRole('link', { name: '预约' }).first().click()
  await expect(firm.getByTestId('book-page')).toBeVisible()
  const slot = firm.locator('[data-testid=slot-days] label').first()
  if (await slot.count()) await slot.click()
  else {
    // A sample or item service: how many (the choices form recomputes the quote on change).
    await firm.getByTestId('booking-choices').locator('input[name=quantity]').fill('2')
    await expect(firm.getByTestId('booking-form').locator('input[name=quantity]')).toHaveValue('2')
  }
  await expect(firm.getByTestId('quote-share')).toContainText('¥')
  await expect(firm.getByTestId('quote-share')).not.toHaveText(/^\s*¥0\.00\s*$/)
  await firm.getByRole('button', { name: '提交预约' }).click()
  await expect(firm).toHaveURL(/\/enterprise\/bookings\/[0-9a-f-]{36}/)
  return new URL(firm.url()).pathname.split('/')[3]!
}

/** The lab approves the booking from its detail page. */
export async function approve(lab: Page, bookingId: string): Promise<void> {
  await lab.goto(`/institution/bookings/${bookingId}`)
  await lab.getByRole('button', { name: '批准预约' }).click()
  await expect(lab).toHaveURL(/done=approve/)
}
