import { expect, test } from '@playwright/test'

test('health check reports the database and Redis', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true } })
})

test('an anonymous visitor finds chromatographs with a two-character query', async ({ page }) => {
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await page.getByRole('searchbox').first().fill('色谱')
  await page.getByRole('searchbox').first().press('Enter')
  await expect(page).toHaveURL(/\/instruments\?q=%E8%89%B2%E8%B0%B1/)
  const firstResult = page.getByRole('link', { name: /色谱/ }).first()
  await expect(firstResult).toBeVisible()
  await expect(page.locator('main')).toContainText('色谱')
  await firstResult.click()
  await expect(page).toHaveURL(/\/instruments\/[0-9a-f-]{36}$/)
  await expect(page.locator('main')).toContainText('¥')
})
