import { expect, test, type Browser, type Page } from '@playwright/test'

// Issue 5, end to end, in three browser contexts: an enterprise books an instrument of 四川文理学院
// with its voucher and pays the co-payment (local Stripe API server, signed webhook); the lab
// approves, starts and delivers with a report and an invoice; the enterprise confirms; the
// redemption claim appears for the city bureau.
const stamp = Date.now().toString(36).toUpperCase()
const reportNo = `E2E-BG-${stamp}`
const invoiceNo = `E2E-FP-${stamp}`

async function login(browser: Browser, who: string): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto('/login')
  await page.getByLabel('邮箱', { exact: true }).fill(who)
  await page.getByLabel('密码', { exact: true }).fill('demo-2026')
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page.getByTestId('role-home')).toBeVisible()
  return page
}

test('book with a voucher → pay → approve, deliver → confirm → claim for the bureau', async ({ browser }) => {
  test.setTimeout(120_000)
  const lab = await login(browser, 'jigou@demo.dazhou.cn')
  const firm = await login(browser, 'qiye@demo.dazhou.cn')
  const bureau = await login(browser, 'shiju@demo.dazhou.cn')

  // 1. One of the lab's instruments, booked by the enterprise with its voucher (an hourly slot).
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
  else await firm.locator('[name=quantity]').fill('2')
  await expect(firm.getByTestId('quote-share')).toContainText('¥')
  await expect(firm.getByTestId('quote-share')).not.toHaveText(/^\s*¥0\.00\s*$/)
  await firm.getByRole('button', { name: '提交预约' }).click()
  await expect(firm).toHaveURL(/\/enterprise\/bookings\/[0-9a-f-]{36}/)
  const bookingId = new URL(firm.url()).pathname.split('/')[3]!

  // 2. The lab approves.
  await lab.goto(`/institution/bookings/${bookingId}`)
  await lab.getByRole('button', { name: '批准预约' }).click()
  await expect(lab).toHaveURL(/done=approve/)

  // 3. The enterprise pays its co-payment (card, through the local Stripe API; the webhook moves the booking).
  await firm.goto(`/enterprise/bookings/${bookingId}/pay`)
  await firm.getByTestId('pay-method-card').check()
  await firm.getByTestId('pay-submit').click()
  await expect(async () => {
    await firm.goto(`/enterprise/bookings/${bookingId}/pay`)
    await expect(firm.getByTestId('pay-state')).toHaveAttribute('data-state', 'paid')
  }).toPass({ timeout: 20_000 })

  // 4. The lab starts and delivers with a report and an invoice.
  await lab.goto(`/institution/bookings/${bookingId}`)
  await lab.getByRole('button', { name: '开始服务' }).click()
  await expect(lab).toHaveURL(/done=start/)
  // The service happened already (the booked slot lies ahead; actual usage can only be recorded afterwards).
  const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)
  if (await lab.locator('[name=actualStart]').count()) {
    await lab.locator('[name=actualStart]').fill(shanghai(Date.now() - 2 * 3600_000))
    await lab.locator('[name=actualEnd]').fill(shanghai(Date.now() - 3600_000))
  }
  await lab.locator('[name=reportNo]').fill(reportNo)
  await lab.locator('[name=invoiceNo]').fill(invoiceNo)
  await lab
    .locator('input[type=file]')
    .first()
    .setInputFiles({
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    })
  await lab.getByRole('button', { name: '登记交付' }).click()
  await expect(lab).toHaveURL(/done=deliver/)

  // 5. The enterprise confirms; the booking becomes a redemption claim.
  await firm.goto(`/enterprise/bookings/${bookingId}`)
  await firm.getByRole('button', { name: '确认完成' }).click()
  // Wait for the confirmation itself (the page showed the report number before it, too).
  await expect(firm).toHaveURL(/done=confirm/)
  await expect(firm.getByTestId('booking-status')).toHaveAttribute('data-status', 'claimed')

  // 6. The bureau sees the claim with its evidence.
  await bureau.goto('/bureau/claims')
  await expect(bureau.locator('main')).toContainText(reportNo)
})
