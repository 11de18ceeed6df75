// The README's dashboard: 漯河市 since 2023-12 on a server already running with the full demo
// (make run). URL=http://127.0.0.1:8080 OUT=../docs/screenshots/dashboard-luohe.png H=1900 node e2e/dashboard-luohe.mjs
import { chromium } from 'playwright-core'
const url = process.env.URL
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const ctx = await browser.newContext({ viewport: { width: 1440, height: Number(process.env.H ?? 900) }, locale: 'zh-CN' })
const page = await ctx.newPage()
await page.goto(`${url}/login`)
await page.getByRole('textbox').first().fill('luohe')
await page.locator('input[type="password"]').fill('Shegong@2026')
await page.keyboard.press('Enter')
await page.waitForURL((u) => !u.pathname.startsWith('/login'))
await page.goto(`${url}/stats`)
await page.locator('[data-testid="stats-dashboard"][data-loading="false"]').waitFor()
await page.getByText('累计', { exact: true }).first().click()
await page.waitForTimeout(800)
await page.locator('[data-testid="stats-dashboard"][data-loading="false"]').waitFor()
await page.waitForTimeout(1500)
await page.screenshot({ path: process.env.OUT })
console.log(process.env.OUT)
