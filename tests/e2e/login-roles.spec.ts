import { expect, test, type Page } from '@playwright/test'

// Every demo login reaches its role's home page, in Chinese (the default) and in English.
const ROLES = [
  { email: 'qiye@demo.dazhou.cn', home: '/enterprise' },
  { email: 'jigou@demo.dazhou.cn', home: '/institution' },
  { email: 'quxian@demo.dazhou.cn', home: '/bureau' },
  { email: 'shiju@demo.dazhou.cn', home: '/bureau' },
  { email: 'admin@demo.dazhou.cn', home: '/admin' },
] as const

const LABELS = {
  'zh-CN': { email: '邮箱', password: '密码', submit: '登录', logout: '退出登录' },
  en: { email: 'Email', password: 'Password', submit: 'Log in', logout: 'Log out' },
} as const

async function logIn(page: Page, email: string, locale: keyof typeof LABELS) {
  const l = LABELS[locale]
  await page.goto('/login')
  if (locale === 'en') {
    // The visible switcher: a plain form POST that sets the language cookie and comes back.
    await page.getByRole('button', { name: 'English' }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  }
  await page.getByLabel(l.email, { exact: true }).fill(email)
  await page.getByLabel(l.password, { exact: true }).fill('demo-2026')
  await page.getByRole('button', { name: l.submit, exact: true }).click()
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`login as every role (${locale})`, () => {
    for (const role of ROLES) {
      test(`${role.email} lands on ${role.home}`, async ({ page }) => {
        await logIn(page, role.email, locale)
        await expect(page).toHaveURL(new RegExp(`${role.home}$`))
        await expect(page.getByTestId('role-home')).toBeVisible()
        await expect(page.locator('html')).toHaveAttribute('lang', locale)
        // The page is in the chosen language: Chinese pages carry CJK text in the heading, English ones do not.
        const heading = await page.getByTestId('role-home').innerText()
        if (locale === 'zh-CN') expect(heading).toMatch(/[\u4e00-\u9fff]/)
        await page.getByRole('button', { name: LABELS[locale].logout }).click()
        await expect(page.getByRole('button', { name: LABELS[locale].logout })).toHaveCount(0)
        await page.goto(role.home)
        await expect(page).toHaveURL(/\/login/)
      })
    }
  })
}

test('a wrong password says what to fix and keeps the email', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('邮箱', { exact: true }).fill('qiye@demo.dazhou.cn')
  await page.getByLabel('密码', { exact: true }).fill('not-the-password')
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page.getByText('邮箱或密码不正确')).toBeVisible()
  await expect(page.getByLabel('邮箱', { exact: true })).toHaveValue('qiye@demo.dazhou.cn')
})

test('an enterprise member cannot open the bureau page', async ({ page }) => {
  await logIn(page, 'qiye@demo.dazhou.cn', 'zh-CN')
  await expect(page).toHaveURL(/\/enterprise$/)
  const response = await page.goto('/bureau')
  expect(response?.status()).toBe(403)
})
