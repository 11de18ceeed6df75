// 数据看板 (docs/stats.md) as the civil-affairs administrator of 漯河市 (`luohe`) uses it, against
// the real shegong server in demo mode:
//   SHEGONG_BIN=/abs/path/to/shegong SHEGONG_ROOT=/abs/repo npm run e2e
// A campaign in the demo workers' township gets a few visits through the API (one raising a need,
// linked to a donation and resolved), so that the figures are not all zero. The administrator
// opens 数据看板 from the menu: every key figure shows what GET /stats/dashboard answers for the
// same region and period (read by the test, never written into it); a row of the regions below
// opens that region and the figures follow; the breadcrumb goes back up; a figure opens the list
// behind it; 导出Excel downloads an XLSX workbook.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { addDays, chinaDate, DEMO_PASSWORD, launchBrowser, newPage, pageHelpers, RESULTS, startForTest, stopServer, uuidv7 } from './lib.mjs'

const ADMIN = 'luohe'
const WORKER = 'sgwang'
/** The key-figure cards, as docs/stats.md names the indicators. */
const CARDS = ['stations', 'workers', 'persons_served', 'households_in_target', 'households_visited', 'visits', 'person_times',
  'needs_raised', 'needs_resolved', 'needs_open', 'value_fen', 'residents', 'grids', 'micro_grids']
const VISITS = 5

let server
let baseUrl
let browser
let page
/** Bearer tokens of the administrator and the worker, for what the test reads behind the pages. */
let adminToken
let workerToken
/** The administrator's own region (漯河市), and the county of the demo workers' township. */
let city
let county
/** The period the dashboard showed, the county's visits it counted and those the visits list held. */
let shownMonths
let countyVisits
let listedVisits

const { byTestId, login, apiLogin } = pageHelpers(() => page, () => baseUrl)

/** China's calendar month of a moment. */
const chinaMonth = (ms = Date.now()) => chinaDate(ms).slice(0, 7)

/** A call of the API with `token`; a failure fails the test with the answer. */
async function call(token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** What the dashboard's one call answers for a region and period, read as the administrator. */
const dashboardOf = (region, period) => call(adminToken, 'GET', `/stats/dashboard?region=${region}&from=${period.from}&to=${period.to}`)

/** Waits until the page shows the dashboard of `region` (and `period`, when given), loaded. */
async function shown(region, period) {
  const when = period ? `[data-from="${period.from}"][data-to="${period.to}"]` : ''
  await page.locator(`[data-testid="stats-dashboard"][data-region="${region}"]${when}[data-loading="false"]`).waitFor()
}

/** The period the page shows, from its month pickers. */
async function shownPeriod() {
  const month = (id) => byTestId(id).locator('input').inputValue()
  return { from: await month('stats-from'), to: await month('stats-to') }
}

/** "+12.3%", "-4.0%", "0.0%", or "—" when the server had nothing to compare with — as the page writes a growth. */
function growthText(pct) {
  if (typeof pct !== 'number') return '—'
  const sign = pct > 0 ? '+' : pct < 0 ? '-' : ''
  return `${sign}${Math.abs(pct).toFixed(1)}%`
}

const numberIn = (text) => Number(text.replace(/[^0-9.-]/g, ''))

/** Every key-figure card, the summary and the growth tags say what the API answered. */
async function assertFiguresMatch(api) {
  for (const code of CARDS) {
    const want = api.figures[code]?.value
    assert.equal(typeof want, 'number', `the API answers figure ${code}`)
    const card = byTestId(`stat-${code}`)
    assert.equal(Number(await card.getAttribute('data-value')), want, `${code}: the card holds the API's value`)
    const shownText = await card.locator('.stat-value').innerText()
    if (code === 'value_fen') {
      // 元 with two decimals, or 万元 (with the amount in 元 underneath) from 1万元 up.
      const yuan = want / 100
      if (yuan >= 10_000) {
        assert.ok(Math.abs(numberIn(shownText) - yuan / 10_000) < 0.0051, `${code}: ${shownText} 万元 for ${want} fen`)
        assert.equal(numberIn(await card.locator('[data-testid="stat-sub"]').innerText()), yuan, `${code}: the amount in 元`)
      } else {
        assert.equal(numberIn(shownText), yuan, `${code}: ${shownText} 元 for ${want} fen`)
        assert.match(shownText, /\.\d{2}$/, `${code}: two decimals`)
      }
    } else {
      assert.equal(numberIn(shownText), want, `${code}: the card shows ${shownText}, the API ${want}`)
    }
    for (const k of ['yoy', 'pop']) {
      // 同比 and 环比 where the server compares (not the places, counted as they are now).
      if (!api.growth?.[code]) {
        assert.equal(await byTestId(`stat-${code}-${k}`).count(), 0, `${code}: no ${k} without a comparison`)
        continue
      }
      const tag = await byTestId(`stat-${code}-${k}`).innerText()
      assert.ok(tag.includes(growthText(api.growth[code][k])), `${code} ${k}: "${tag}" for ${JSON.stringify(api.growth[code])}`)
    }
  }
  assert.equal((await byTestId('stats-summary').innerText()).trim(), api.summary.trim(), 'the summary is the server’s paragraph')
  assert.equal(await byTestId('stats-cumulative').count(), api.cumulative ? 1 : 0, `累计 is shown when the server says so (${api.cumulative})`)
}

/** Waits for the next download while `action` runs; answers its name and bytes. */
async function downloadOf(action) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), action()])
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) }
}

before(async () => {
  server = await startForTest()
  baseUrl = server.url
  adminToken = await apiLogin(ADMIN, DEMO_PASSWORD)
  workerToken = await apiLogin(WORKER, DEMO_PASSWORD)
  city = (await call(adminToken, 'GET', '/auth/me')).user.region_code
  assert.equal(city, '411100000000', 'luohe administers 漯河市')

  // A campaign in the worker's township, started today, and a few visits of today (so that they
  // fall in this month, this quarter and this year alike); the third raises a need, which gets a
  // donation and is resolved.
  const worker = (await call(workerToken, 'GET', '/auth/me')).user
  const township = worker.region_code
  assert.match(township, /^\d{9}000$/, `the demo worker serves a township: ${township}`)
  county = `${township.slice(0, 6)}000000`
  const today = chinaDate()
  let campaign = await call(adminToken, 'POST', '/campaigns', {
    id: uuidv7(), name: `数据看板e2e-${Date.now().toString(36)}`, region_code: township, starts_on: today, ends_on: addDays(today, 60),
    categories: ['tekun', 'orphan', 'elderly_in_difficulty', 'left_behind_child', 'dibao'],
  })
  campaign = await call(adminToken, 'POST', `/campaigns/${campaign.id}/start`, { version: campaign.version })
  const targets = (await call(adminToken, 'GET', `/campaigns/${campaign.id}/targets?page_size=${VISITS}&sort=address`)).items
  assert.ok(targets.length >= 3, `the campaign has targets: ${targets.length}`)
  await call(adminToken, 'POST', `/campaigns/${campaign.id}/assignments`, { worker_id: worker.id, target_ids: targets.map((t) => t.target_id) })
  const checks = { health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: 'na', mood: 'ok' }
  let needId = null
  for (const [i, t] of targets.entries()) {
    const need = i === 2 ? { id: uuidv7(), category: 'medical', urgency: 'urgent', description: '需要陪同就医', due_on: addDays(today, 3), person_id: null } : null
    if (need) needId = need.id
    await call(workerToken, 'POST', '/visits', {
      id: uuidv7(), target_id: t.target_id, campaign_id: campaign.id, visited_at: new Date(Date.now() - (i + 1) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      mode: i % 2 ? 'phone' : 'home', persons_seen: i % 2 ? [] : [t.members[0].person_id], checks, notes: '', location: null, needs: need ? [need] : [],
    })
  }
  let need = await call(adminToken, 'GET', `/needs/${needId}`)
  need = await call(adminToken, 'POST', `/needs/${needId}/resources`, {
    id: uuidv7(), kind: 'money', provider: '漯河市慈善总会', value_fen: 1_234_567, description: '医疗救助金', version: need.version,
  })
  await call(adminToken, 'POST', `/needs/${needId}/transitions`, { id: uuidv7(), to: 'resolved', version: need.version })

  browser = await launchBrowser()
  page = await newPage(browser)
})

after(async () => {
  await browser?.close().catch(() => undefined)
  if (server) await stopServer(server)
})

test('the administrator opens 数据看板 and sees the figures the API answers', async () => {
  await page.goto(`${baseUrl}/login`)
  await login(ADMIN, DEMO_PASSWORD)
  await page.waitForURL(`${baseUrl}/`)
  assert.match(await byTestId('menu-stats').innerText(), /数据看板/)
  await byTestId('menu-stats').click()
  await page.waitForURL(/\/stats(\?|$)/)
  await shown(city)

  // The user's own region, and the period the server would choose: January to this month.
  const period = await shownPeriod()
  assert.deepEqual(period, { from: `${chinaMonth().slice(0, 4)}-01`, to: chinaMonth() })
  assert.match(await byTestId('stats-quick-year').getAttribute('class'), /is-active/, '本年 is the chosen quick period')
  assert.match(await byTestId('stats-title').innerText(), /漯河市/)
  const api = await dashboardOf(city, period)
  assert.equal(api.region.code, city)
  assert.ok(api.figures.visits.value >= VISITS, `the visits of the test are counted: ${api.figures.visits.value}`)
  await assertFiguresMatch(api)

  // The summary can be copied.
  await byTestId('stats-summary-copy').click()
  await page.locator('.el-message--success', { hasText: '已复制' }).waitFor()

  // The regions below: a row per county, the table and the chart.
  await byTestId('stats-breakdown-chart').waitFor()
  for (const row of api.breakdown.rows) await byTestId(`stats-breakdown-row-${row.code}`).waitFor()
  await page.screenshot({ path: join(RESULTS, 'stats-city.png') })
})

test('本月 asks for this month alone', async () => {
  await byTestId('stats-quick-month').click()
  const month = { from: chinaMonth(), to: chinaMonth() }
  await page.waitForURL((u) => u.searchParams.get('from') === month.from && u.searchParams.get('to') === month.to)
  await shown(city, month)
  assert.deepEqual(await shownPeriod(), month)
  await assertFiguresMatch(await dashboardOf(city, month))
  await byTestId('stats-quick-year').click()
  await shown(city, { from: `${chinaMonth().slice(0, 4)}-01`, to: chinaMonth() })
})

test('a row of the regions below opens that region, and the figures follow', async () => {
  const before = Number(await byTestId('stat-visits').getAttribute('data-value'))
  const period = await shownPeriod()
  await byTestId(`stats-breakdown-row-${county}`).click()
  await page.waitForURL((u) => u.searchParams.get('region') === county)
  await shown(county)
  const api = await dashboardOf(county, period)
  assert.equal(api.region.code, county)
  assert.match(await byTestId('stats-title').innerText(), new RegExp(api.region.name))
  await assertFiguresMatch(api)
  // The county's visits are a part of the city's, and the test's visits are among them.
  const visits = Number(await byTestId('stat-visits').getAttribute('data-value'))
  assert.ok(visits >= VISITS && visits <= before, `the county's ${visits} visits within the city's ${before}`)
  // The breadcrumb: 漯河市 / the county, the city clickable, nothing above it.
  const trail = await byTestId('stats-trail').innerText()
  assert.match(trail, /漯河市/)
  assert.doesNotMatch(trail, /河南省/)
  await byTestId(`stats-trail-${city}`).click()
  await page.waitForURL((u) => u.searchParams.get('region') === city)
  await shown(city)
  await assertFiguresMatch(await dashboardOf(city, period))
})

test('a figure opens the list behind it, in the region and period shown', async () => {
  shownMonths = await shownPeriod()
  countyVisits = (await dashboardOf(county, shownMonths)).figures.visits.value
  const name = (await dashboardOf(county, shownMonths)).region.name
  await byTestId(`stats-breakdown-row-${county}`).click()
  await shown(county, shownMonths)
  await byTestId('stat-link-visits').click()
  await page.waitForURL(/\/outreach\/visits\?/)
  // The list is scoped to the county (the top bar says so) and filtered to the period.
  assert.match(await byTestId('scope-picker').locator('input').inputValue(), new RegExp(`${name}$`))
  const period = page.locator('.toolbar .el-range-editor input')
  const [from, to] = await Promise.all([0, 1].map((i) => period.nth(i).inputValue()))
  assert.equal(from, `${shownMonths.from}-01`)
  assert.ok(to.startsWith(shownMonths.to), `the list ends in ${shownMonths.to}: ${to}`)
  await page.locator('[data-testid="visits-pager"] .el-pagination__total').waitFor()
  await page.waitForFunction(() => !document.querySelector('[data-testid="visits-table"] .el-loading-mask'))
  listedVisits = Number((await byTestId('visits-pager').locator('.el-pagination__total').innerText()).replace(/[^0-9]/g, ''))
  // Back to the dashboard as it was.
  await page.goBack()
  await shown(county, shownMonths)
})

// The list's `to` day is included (on the last day of a month too: today's visits are in it).
test('the list holds the visits the figure counts', () => {
  assert.equal(listedVisits, countyVisits, `the list of the period holds ${listedVisits} visits, the figure ${countyVisits}`)
})

test('导出Excel downloads the workbook of the region and period', async () => {
  await byTestId(`stats-trail-${city}`).click()
  await shown(city, shownMonths)
  const file = await downloadOf(() => byTestId('stats-export').click())
  assert.ok(file.bytes.length > 100, `the workbook has content (${file.bytes.length} bytes)`)
  assert.equal(file.bytes.subarray(0, 2).toString('latin1'), 'PK', `an XLSX (zip) file: ${file.name}`)
  assert.match(file.name, /\.xlsx$/i)
})

test('the dashboard fits a phone', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await shown(city)
  await byTestId('stat-visits').waitFor()
  const overflow = await page.evaluate(() => document.querySelector('.console-main').scrollWidth - document.querySelector('.console-main').clientWidth)
  assert.ok(overflow <= 1, `nothing sticks out sideways (${overflow}px)`)
  await page.screenshot({ path: join(RESULTS, 'stats-phone.png') })
  await page.setViewportSize({ width: 1440, height: 900 })
})
