import { expect, test } from '@playwright/test'
import { approve, bookAnInstrumentOfTheLab, login } from './support'

// Issue 5, end to end, in three browser contexts: an enterprise books an instrument of 四川文理学院
// with its voucher and pays the co-payment (local Stripe API server, signed webhook); the lab
// approves, starts and delivers with a report and an invoice; the enterprise confirms; the
// redemption claim appears for the city bureau.
const stamp = Date.now().toString(36).toUpperCase()
const reportNo = `E2E-BG-${stamp}`
const invoiceNo = `E2E-FP-${stamp}`

test('book with a voucher → pay → approve, deliver → confirm → claim for the bureau', async ({ browser }) => {
  test.setTimeout(120_000)
  const lab = await login(browser, 'jigou@demo.dazhou.cn')
  const firm = await login(browser, 'qiye@demo.dazhou.cn')
  const bureau = await login(browser, 'shiju@demo.dazhou.cn')

  // 1. One of the lab's instruments, booked by the enterprise with its voucher (an hourly slot).
  const bookingId = await bookAnInstrumentOfTheLab(lab, firm)

  // 2. The lab approves.
  await approve(lab, bookingId)

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
