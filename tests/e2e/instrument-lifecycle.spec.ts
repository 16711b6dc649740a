import { expect, test } from '@playwright/test'

// Issue 3, end to end: a lab manager adds an instrument with a fee and open hours, imports a list,
// and an anonymous visitor finds the instrument by a two-character query and sees its free slots.
const stamp = Date.now().toString(36).toUpperCase()
const assetNo = `E2E-${stamp}`
const instrumentName = `超临界流体色谱仪（测试${stamp}）`
const importedName = `旋光流变仪（导入${stamp}）`

test('lab manager adds and imports instruments; a visitor finds one and sees free slots', async ({ page, browser }) => {
  await page.goto('/login')
  await page.getByLabel('邮箱', { exact: true }).fill('jigou@demo.dazhou.cn')
  await page.getByLabel('密码', { exact: true }).fill('demo-2026')
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page).toHaveURL(/\/institution$/)

  // 1. A new instrument with every required field.
  await page.goto('/institution/instruments/new')
  await page.locator('[name=assetNo]').fill(assetNo)
  await page.locator('[name=name]').fill(instrumentName)
  await page.locator('[name=categoryCode]').selectOption('0105')
  await page.locator('[name=originalValue]').fill('128') // 万元, the form's default unit
  await page.getByRole('button', { name: '保存并继续' }).click()
  await expect(page).toHaveURL(/\/institution\/instruments\/[0-9a-f-]{36}\?done=created$/)
  const instrumentPath = new URL(page.url()).pathname

  // 2. A service item with a published fee.
  await page.goto(`${instrumentPath}/services`)
  await page.locator('[name=name]').fill('超临界流体色谱分析')
  await page.locator('[name=unit]').selectOption('hour')
  await page.locator('[name=fee]').fill('450')
  await page.getByRole('button', { name: '添加服务项目' }).click()
  await expect(page).toHaveURL(/done=serviceAdded/)
  await expect(page.locator('main')).toContainText('¥450.00')

  // 3. Weekly open hours, Monday to Sunday (so the next 14 days always hold free slots).
  await page.goto(`${instrumentPath}/hours`)
  for (let day = 1; day <= 7; day++) await page.locator(`[name=day${day}]`).fill('08:30-12:00, 14:00-17:30')
  await page.getByRole('button', { name: '保存开放时间' }).click()
  await expect(page).toHaveURL(/done=hoursSaved/)

  // 4. Import a list (CSV with the template's Chinese headers).
  const header =
    '资产编号,仪器名称,英文名称,型号,生产厂商,产地国别,原值（元）,启用日期,仪器类别代码,所在实验室,放置地址,主要技术指标,研究领域,主要功能及用途,主要附件,认证资质,联系人,联系电话,共享状态,服务方式,服务项目名称,计费单位,收费标准（元）,最低数量'
  const row = `IMP-${stamp},${importedName},,MCR 302,Anton Paar,奥地利,560000,2024-03-01,0199,流变实验室,,,,流变性能测试,,,,,开放共享,机组操作,流变测试,样,300,1`
  await page.goto('/institution/instruments/import')
  await page.locator('input[type=file][name=file]').setInputFiles({
    name: 'instruments.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${header}\n${row}\n`, 'utf8'),
  })
  await page.getByRole('button', { name: '检查并导入' }).click()
  await expect(page.locator('main')).toContainText('新增 1 台')

  // 5. An anonymous visitor (fresh context, no cookies) finds it with two characters.
  const visitor = await browser.newContext()
  const anon = await visitor.newPage()
  await anon.goto(`/instruments?q=${encodeURIComponent('流体')}`)
  await anon.getByRole('link', { name: instrumentName }).click()
  await expect(anon).toHaveURL(new RegExp(`${instrumentPath.replace('/institution', '')}$`))
  await expect(anon.getByTestId('service-items')).toContainText('¥450.00')
  const freeDays = anon.locator('[data-testid=availability] li[data-status=free]')
  expect(await freeDays.count()).toBeGreaterThanOrEqual(10)
  await expect(freeDays.first()).toContainText(/\d{2}:\d{2}–\d{2}:\d{2}/)

  // The imported instrument is public too.
  await anon.goto(`/instruments?q=${encodeURIComponent('旋光')}`)
  await expect(anon.getByRole('link', { name: importedName })).toBeVisible()
  await visitor.close()
})
