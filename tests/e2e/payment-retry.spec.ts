import { expect, test } from '@playwright/test'
import { approve, bookAnInstrumentOfTheLab, login } from './support'

// A declined card does not cost the enterprise its booking (ADR 013): the pay page says why the
// payment failed and offers the methods again; paying with Alipay on the same booking then pays it.
test('a declined card, then Alipay on the same booking: it is paid', async ({ browser }) => {
  test.setTimeout(90_000)
  const lab = await login(browser, 'jigou@demo.dazhou.cn')
  const firm = await login(browser, 'qiye@demo.dazhou.cn')
  const bookingId = await bookAnInstrumentOfTheLab(lab, firm)
  await approve(lab, bookingId)

  const payPage = `/enterprise/bookings/${bookingId}/pay`
  await firm.goto(payPage)
  await firm.getByTestId('pay-method-card_declined').check()
  await firm.getByTestId('pay-submit').click()
  // The reason, in words, and the form again — the booking is still waiting for its payment.
  await expect(async () => {
    await firm.goto(payPage)
    await expect(firm.getByTestId('pay-state')).toHaveAttribute('data-state', 'retry')
  }).toPass({ timeout: 20_000 })
  await expect(firm.getByTestId('pay-declined')).toBeVisible()
  await expect(firm.getByTestId('pay-declined')).toContainText('拒绝')
  await expect(firm.getByTestId('pay-submit')).toBeEnabled()

  await firm.getByTestId('pay-method-alipay').check()
  await firm.getByTestId('pay-submit').click()
  await expect(async () => {
    await firm.goto(payPage)
    await expect(firm.getByTestId('pay-state')).toHaveAttribute('data-state', 'paid')
  }).toPass({ timeout: 20_000 })

  // The booking page says so too.
  await firm.goto(`/enterprise/bookings/${bookingId}`)
  await expect(firm.getByTestId('booking-status')).toHaveAttribute('data-status', 'paid')
})
