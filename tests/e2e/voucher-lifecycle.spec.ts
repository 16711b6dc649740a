import { expect, test } from '@playwright/test'
import { login } from './support'
import { completeUscc } from '../../app/features/enterprises/uscc'

// Issue 4, end to end, in three browser contexts: an SME owner registers (通川区) and, once the
// 通川区 officer and the city bureau have verified the enterprise, applies for a voucher; the county
// officer recommends it, the city officer approves it (the voucher is issued from the budget); the
// owner finds the voucher, with its full balance, in the wallet.
const stamp = Date.now().toString(36).toUpperCase()
const enterpriseName = `达州端到端测试科技有限公司${stamp}`
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const body = Array.from({ length: 9 }, (_, i) => ALPHABET[(Date.now() + i * 7) % ALPHABET.length]).join('')
const uscc = completeUscc(`91511702${body}`)
const email = `e2e.${stamp.toLowerCase()}@example.test`
const password = 'dazhou-e2e-2026'

test('register → verify → apply → county and city approve → voucher in the wallet', async ({ page, browser }) => {
  // 1. The owner registers the enterprise (logged in afterwards).
  await page.goto('/register')
  await page.locator('[name=enterpriseName]').fill(enterpriseName)
  await page.locator('[name=uscc]').fill(uscc)
  await page.locator('[name=legalRep]').fill('赵一')
  await page.locator('[name=smeRegNo]').fill(`20265117020${stamp.slice(-4)}`)
  await page.locator('[name=smeRegYear]').fill('2026')
  await page.locator('[name=address]').fill('达州市通川区西外镇端到端测试路1号')
  await page.locator('[name=staffCount]').fill('36')
  // Size figures in 万元 (the unit selects default to 万元).
  await page.locator('[name=sales]').fill('1200')
  await page.locator('[name=assets]').fill('1800')
  await page.locator('[name=name]').fill('赵一')
  await page.locator('[name=email]').fill(email)
  await page.locator('[name=phone]').fill('13881801234')
  await page.locator('[name=password]').fill(password)
  await page.locator('[name=confirmPassword]').fill(password)
  await page.getByRole('button', { name: '注册并登录' }).click()
  await expect(page).toHaveURL(/\/enterprise\?registered=1$/)

  // 2. The 通川区 officer recommends the enterprise, the city verifies it.
  const county = await login(browser, 'quxian@demo.dazhou.cn')
  await county.goto('/bureau/enterprises')
  await county.getByRole('link', { name: enterpriseName }).click()
  await county.getByRole('button', { name: '初审通过' }).click()
  await expect(county.getByTestId('enterprise-status')).toHaveText('待市局复核')
  const city = await login(browser, 'shiju@demo.dazhou.cn')
  await city.goto('/bureau/enterprises')
  await city.getByRole('link', { name: enterpriseName }).click()
  await city.getByRole('button', { name: '认定通过' }).click()
  await expect(city.getByTestId('enterprise-status')).toHaveText('已认定')

  // 3. The owner applies for 3万元.
  await page.goto('/enterprise/applications/new')
  await expect(page.getByTestId('cap-room')).toContainText('¥200,000.00')
  await page.getByLabel('申请金额（元）').fill('30000')
  await page.getByLabel('申请用途').fill('新型锂电池隔膜材料热稳定性研究')
  await page.getByLabel('计划使用的服务').fill('热重分析、差示扫描量热')
  await page.getByRole('button', { name: '提交申请' }).click()
  await expect(page).toHaveURL(/\/enterprise\/applications\?done=submitted$/)
  await expect(page.getByTestId('application-status').first()).toHaveText('待区县初审')

  // 4. County recommends, city approves: the voucher is issued.
  await county.goto('/bureau/applications')
  await county.getByRole('link', { name: enterpriseName }).click()
  await county.getByLabel('审核意见').fill('材料齐全，同意推荐。')
  await county.getByRole('button', { name: '初审通过' }).click()
  await expect(county.getByTestId('application-status')).toHaveText('待市局审核')
  await city.goto('/bureau/applications')
  await city.getByRole('link', { name: enterpriseName }).click()
  await city.getByRole('button', { name: '审核通过并发券' }).click()
  await expect(city.getByTestId('issued-serial')).toContainText(/DZ2026-\d{6}/)
  const serial = ((await city.getByTestId('issued-serial').innerText()).match(/DZ2026-\d{6}/) ?? [''])[0]

  // 5. The owner sees it in the wallet with its whole face value available.
  await page.goto('/enterprise/applications')
  await expect(page.getByTestId('application-status').first()).toHaveText('已通过，已发券')
  await page.goto('/enterprise/vouchers')
  await expect(page.locator('main')).toContainText(serial)
  await page.getByRole('link', { name: serial }).click()
  await expect(page.locator('main')).toContainText('¥30,000.00')
})
