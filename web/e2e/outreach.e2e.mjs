// Door-knocking outreach (敲门行动, docs/outreach.md) as the people who run it use the console,
// against the real shegong server in demo mode:
//   SHEGONG_BIN=/abs/path/to/shegong SHEGONG_ROOT=/abs/repo npm run e2e
// Three browser contexts: the civil-affairs administrator of 漯河市 (`luohe`, desktop), a
// social worker of the demo township (`sgwang`, on a phone-sized screen that goes offline) and
// the township's station manager (`zhanzhang`, desktop). The administrator creates and starts
// a campaign and assigns two targets to the worker; the worker records two visits offline (one
// raising needs), sees them wait in the outbox, comes back online and sees them sent; the
// coverage and the need board follow; the station manager links a 500.00 yuan donation to the
// need and resolves it, and the campaign's total in yuan follows. On the way the worker corrects
// a visit that the station manager corrected meanwhile, and chooses their own version.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { addDays, chinaDate, DEMO_PASSWORD, launchBrowser, newPage, pageHelpers, RESULTS, startForTest, stopServer, uuidv7 } from './lib.mjs'

const ADMIN = 'luohe'
const WORKER = { username: 'sgwang', displayName: '王社工' }
const MANAGER = 'zhanzhang'
const RUN = Date.now().toString(36)
const CAMPAIGN = `冬季敲门行动e2e-${RUN}`
const DONOR = '漯河市慈善总会'

let server
let baseUrl
let browser
/** The administrator's page (desktop), the worker's (a phone, offline for a while), the station manager's. */
let admin
let phone
let manager
/** The worker's region: the demo township, and its path as the region cascader shows it. */
let township
let townshipPath
let campaignId
/** The two targets assigned to the worker: {id, address}. */
const targets = []
let needId
let otherNeedId

const A = pageHelpers(() => admin, () => baseUrl)
const P = pageHelpers(() => phone, () => baseUrl)
const M = pageHelpers(() => manager, () => baseUrl)


/** A call of the API as `username` (for what the test checks behind the pages, and for the race). */
async function api(username, method, path, body) {
  const token = await A.apiLogin(username, DEMO_PASSWORD)
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : null }
}

/** The number a coverage figure shows (`1,234` or `500.00`). */
async function figure(page, key) {
  return (await page.locator(`[data-testid="coverage-${key}"] .figure-value`).innerText()).trim()
}

/** Waits until a coverage figure shows `want`, reloading the coverage between looks. */
async function waitFigure(page, key, want) {
  const deadline = Date.now() + 15_000
  let seen
  while (Date.now() < deadline) {
    seen = await figure(page, key).catch(() => undefined)
    if (seen === want) return
    await page.locator('[data-testid="coverage-reload"]').click()
    await page.waitForTimeout(500)
  }
  assert.fail(`coverage ${key}: ${seen}, wanted ${want}`)
}

async function signIn(page, helpers, username) {
  await page.goto(`${baseUrl}/login`)
  await helpers.login(username, DEMO_PASSWORD)
  await page.waitForURL(`${baseUrl}/`)
}

/** The outbox badge of the header: `待上传 2`, or null when it is not shown. */
async function badge(page) {
  const b = page.locator('[data-testid="outbox-badge"]')
  return (await b.isVisible().catch(() => false)) ? (await b.innerText()).replace(/\s+/g, ' ').trim() : null
}

before(async () => {
  server = await startForTest()
  baseUrl = server.url
  browser = await launchBrowser()
  admin = await newPage(browser)
  manager = await newPage(browser)
  // A phone: small, touch, and allowed to tell where it is.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
    geolocation: { latitude: 33.5812, longitude: 114.0265, accuracy: 18 },
  })
  phoneContext.setDefaultTimeout(15_000)
  phone = await phoneContext.newPage()
  phone.on('pageerror', (e) => console.error('[phone page error]', e.message))

  // The demo's workers serve one township of 漯河市; the campaign is made there.
  const me = await api(WORKER.username, 'GET', '/auth/me')
  assert.equal(me.status, 200)
  township = me.json.user?.region_code ?? me.json.region_code
  assert.match(township ?? '', /^\d{9}000$/, `the worker's region is a township: ${JSON.stringify(me.json)}`)
  const region = await api(ADMIN, 'GET', `/regions/${township}`)
  const chain = [...region.json.ancestors, { name: region.json.name, level: region.json.level }]
  townshipPath = chain.slice(chain.findIndex((r) => r.level === 'city')).map((r) => r.name)
})

after(async () => {
  await browser?.close().catch(() => undefined)
  if (server) await stopServer(server)
})

test('the administrator creates a campaign for the township and starts it', async () => {
  await signIn(admin, A, ADMIN)
  assert.match(await A.byTestId('menu-outreach').innerText(), /敲门行动/)
  await A.byTestId('menu-campaigns').click()
  await admin.waitForURL(/\/outreach\/campaigns$/)
  await A.byTestId('campaigns-table').waitFor()

  await A.byTestId('campaign-create').click()
  await A.byTestId('campaign-dialog').waitFor()
  await A.byTestId('campaign-name').fill(CAMPAIGN)
  await A.pickRegion('campaign-field-region_code', townshipPath)
  // From the first of this month (China time) for three months.
  const from = `${chinaDate().slice(0, 8)}01`
  const to = addDays(chinaDate(), 90)
  const [start, end] = [0, 1].map((i) => A.byTestId('campaign-field-period').locator('input').nth(i))
  await start.click()
  await start.fill(from)
  await end.fill(to)
  await end.press('Enter')
  await A.byTestId('campaign-name').click()
  await A.pickOption('campaign-field-categories', '特困人员')
  // Close the dropdown as a person would, by clicking elsewhere in the dialog.
  await A.byTestId('campaign-name').click()
  // The visit rule starts at 7/30/90 days.
  for (const [k, days] of [['high', '7'], ['medium', '30'], ['low', '90']]) {
    assert.equal(await A.byTestId(`campaign-rule-${k}`).locator('input').inputValue(), days)
  }
  await A.save('campaign-save')
  await admin.waitForURL(/\/outreach\/campaigns\/[0-9a-f-]{36}$/)
  campaignId = admin.url().split('/').pop()
  await A.byTestId('campaign-name-title').filter({ hasText: CAMPAIGN }).waitFor()
  await A.byTestId('campaign-status').filter({ hasText: '草稿' }).waitFor()

  await A.byTestId('campaign-start').click()
  await A.confirmBox('确定')
  await A.byTestId('campaign-status').filter({ hasText: '进行中' }).waitFor()
  const selected = Number((await A.byTestId('campaign-targets').innerText()).replace(/[^0-9]/g, ''))
  assert.ok(selected >= 2, `the campaign selected targets: ${selected}`)
  await A.byTestId('coverage').waitFor()
  await waitFigure(admin, 'targets', String(selected))
  assert.equal(await figure(admin, 'visited'), '0')
})

test('two targets are assigned to the social worker', async () => {
  const rows = A.byTestId('targets-table').locator('.el-table__body-wrapper .el-table__row')
  await rows.nth(1).waitFor()
  for (const i of [0, 1]) {
    const row = rows.nth(i)
    const cell = row.locator('[data-testid^="target-row-"]')
    targets.push({ id: (await cell.getAttribute('data-testid')).replace('target-row-', ''), address: (await cell.innerText()).trim() })
    await row.locator('.el-checkbox').first().click()
  }
  assert.match(await A.byTestId('targets-assign').innerText(), /分配选中的 2 户/)
  await A.byTestId('targets-assign').click()
  await A.byTestId('assign-dialog').waitFor()
  await A.pickOption('assign-field-worker', WORKER.displayName)
  await A.save('assign-save')
  await admin.locator('.el-message--success', { hasText: '已分配 2 户' }).waitFor()
  for (const t of targets) await A.byTestId(`target-worker-${t.id}`).filter({ hasText: WORKER.displayName }).waitFor()
  await waitFigure(admin, 'assigned', '2')
  await admin.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6_000 }).catch(() => undefined)
  await admin.screenshot({ path: join(RESULTS, 'outreach-campaign.png'), fullPage: true })
})

test('the worker sees the assigned households on the phone, overdue first', async () => {
  await signIn(phone, P, WORKER.username)
  // A phone: the menu is behind the header's button.
  await P.byTestId('menu-toggle').click()
  await P.byTestId('menu-my-visits').click()
  await phone.waitForURL(/\/outreach\/mine$/)
  for (const t of targets) await P.byTestId(`mine-target-${t.id}`).waitFor()
  const cards = P.byTestId('mine-list').locator('li')
  assert.equal(await cards.count(), 2)
  // Started on the 1st with 7 days for high risk (特困): both are overdue, tagged red.
  for (const t of targets) {
    const card = P.byTestId(`mine-target-${t.id}`)
    const due = await card.getAttribute('data-due')
    assert.ok(['overdue', 'due', 'ok'].includes(due), `due state of ${t.address}: ${due}`)
    if (due === 'overdue') assert.match(await card.locator('[data-testid="mine-due-tag"]').innerText(), /已逾期/)
  }
  assert.match(await P.byTestId('mine-synced').innerText(), /同步于/)
  await phone.locator('.el-drawer').waitFor({ state: 'hidden' })
  await phone.screenshot({ path: join(RESULTS, 'my-visits.png') })
})

test('offline, the worker records two visits, one raising two needs; both wait in the outbox', async () => {
  await phone.context().setOffline(true)
  await P.byTestId('offline-tag').waitFor()
  await P.byTestId('mine-offline').waitFor()

  // First visit: at home, the member seen, heating needs attention, the position recorded.
  await P.byTestId(`mine-record-${targets[0].id}`).click()
  await phone.waitForURL(/\/outreach\/visit\//)
  await P.byTestId('visit-target').filter({ hasText: targets[0].address }).waitFor()
  // Nobody ticked: a home visit wants someone seen.
  await P.byTestId('visit-submit').click()
  await P.byTestId('visit-seen-error').waitFor()
  await P.byTestId('visit-seen').locator('.el-checkbox').first().click()
  await P.byTestId('visit-check-heating-concern').click()
  await P.byTestId('visit-notes').fill('炉子烟道老化，已提醒通风')
  await P.byTestId('visit-locate').click()
  await P.byTestId('visit-located').waitFor()
  await phone.screenshot({ path: join(RESULTS, 'visit-form.png'), fullPage: true })
  await P.byTestId('visit-submit').click()
  await phone.locator('.el-message', { hasText: '已保存在本机，联网后自动上传' }).waitFor()
  await phone.waitForURL(/\/outreach\/mine$/)
  await phone.waitForFunction(() => document.querySelector('[data-testid="outbox-badge"]')?.textContent?.includes('待上传 1'))

  // Second visit: a phone call raising an urgent medical need.
  await P.byTestId(`mine-record-${targets[1].id}`).click()
  await P.byTestId('visit-target').filter({ hasText: targets[1].address }).waitFor()
  await P.byTestId('visit-mode-phone').click()
  await P.byTestId('visit-add-need').click()
  await P.byTestId('need-0').waitFor()
  await P.pickOption('need-0-field-category', '医疗')
  await phone.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' })
  await P.byTestId('need-0-urgency-urgent').click()
  await P.byTestId('need-0-description').fill('需要陪同去医院复查血压')
  await P.byTestId('visit-add-need').click()
  await P.byTestId('need-1').waitFor()
  await P.pickOption('need-1-field-category', '经济')
  await P.byTestId('need-1-description').fill('冬季取暖费有困难')
  await P.byTestId('visit-submit').click()
  await phone.locator('.el-message', { hasText: '已保存在本机' }).last().waitFor()
  await phone.waitForURL(/\/outreach\/mine$/)
  await phone.waitForFunction(() => document.querySelector('[data-testid="outbox-badge"]')?.textContent?.includes('待上传 2'))
  for (const t of targets) await P.byTestId(`mine-target-${t.id}`).locator('[data-testid="mine-pending-tag"]').waitFor()

  // The outbox, in the order recorded.
  await P.byTestId('outbox-badge').click()
  await phone.waitForURL(/\/outreach\/pending$/)
  const entries = P.byTestId('pending-list').locator('li')
  await entries.nth(1).waitFor()
  assert.equal(await entries.count(), 2)
  assert.match(await entries.nth(0).innerText(), new RegExp(targets[0].address))
  assert.match(await entries.nth(1).innerText(), new RegExp(targets[1].address))
  assert.match(await entries.nth(1).innerText(), /需求 2 项/)
  for (const i of [0, 1]) assert.equal(await entries.nth(i).getAttribute('data-state'), 'queued')
  // Nothing reached the server.
  const visits = await api(ADMIN, 'GET', `/visits?campaign_id=${campaignId}`)
  assert.equal(visits.json.total, 0)
  await phone.screenshot({ path: join(RESULTS, 'outbox.png'), fullPage: true })
})

test('a reload while offline still shows the outbox (the app shell is kept by the service worker)', async () => {
  await phone.reload()
  await P.byTestId('pending-page').waitFor()
  await P.byTestId('pending-list').locator('li').nth(1).waitFor()
  assert.equal(await badge(phone), '待上传 2')
})

test('back online, the outbox is sent in order and empties', async () => {
  await phone.context().setOffline(false)
  await P.byTestId('pending-empty').waitFor({ timeout: 30_000 })
  await phone.waitForFunction(() => !document.querySelector('[data-testid="outbox-badge"]'))
  await P.byTestId('offline-tag').waitFor({ state: 'detached' })
  const visits = await api(ADMIN, 'GET', `/visits?campaign_id=${campaignId}`)
  assert.equal(visits.json.total, 2)
  assert.deepEqual(visits.json.items.map((v) => v.mode).sort(), ['home', 'phone'])
  const home = visits.json.items.find((v) => v.mode === 'home')
  assert.equal(home.checks.heating, 'concern')
  assert.equal(home.notes, '炉子烟道老化，已提醒通风')
  assert.equal(home.persons_seen.length, 1)
  const needs = await api(ADMIN, 'GET', `/needs?campaign_id=${campaignId}`)
  assert.equal(needs.json.total, 2)
  const medical = needs.json.items.find((n) => n.category === 'medical')
  const economic = needs.json.items.find((n) => n.category === 'economic')
  assert.equal(medical.urgency, 'urgent')
  assert.equal(economic.urgency, 'normal')
  needId = medical.id
  otherNeedId = economic.id
})

test('the coverage counts the visits and the needs', async () => {
  await admin.reload()
  await A.byTestId('coverage').waitFor()
  await waitFigure(admin, 'visited', '2')
  assert.equal(await figure(admin, 'visits'), '2')
  assert.equal(await figure(admin, 'needs_raised'), '2')
  assert.equal(await figure(admin, 'needs_open'), '2')
  assert.equal(await figure(admin, 'value'), '0.00')
  // By worker: the two visited targets are the worker's.
  await admin.locator('[data-testid="coverage-by"] .el-tabs__item', { hasText: '按社工' }).click()
  const row = A.byTestId('coverage-table').locator('.el-table__row', { hasText: WORKER.displayName })
  await row.waitFor()
  assert.match(await row.innerText(), /\b2\b/)
})

test('a correction that races another keeps the worker’s version when they choose it', async () => {
  // The worker opens the home visit's record from 我的走访.
  await P.byTestId('menu-toggle').click()
  await P.byTestId('menu-my-visits').click()
  await phone.waitForURL(/\/outreach\/mine$/)
  await P.byTestId(`mine-history-${targets[0].id}`).click()
  await phone.waitForURL(/\/outreach\/visits\?/)
  const correct = P.byTestId('visits-table').locator('[data-testid^="visit-correct-"]').first()
  await correct.waitFor()
  const visitId = (await correct.getAttribute('data-testid')).replace('visit-correct-', '')
  await correct.click()
  await P.byTestId('correct-dialog').waitFor()
  // Meanwhile the station manager corrects the same visit.
  const stored = await api(MANAGER, 'GET', `/visits/${visitId}`)
  const { visited_at, mode, persons_seen, checks, location } = stored.json
  const raced = await api(MANAGER, 'PUT', `/visits/${visitId}`, { version: stored.json.version, visited_at, mode, persons_seen, checks, notes: '站长补充：已联系燃气公司', location })
  assert.equal(raced.status, 200, JSON.stringify(raced.json))
  // The worker's own correction now loses the race…
  await P.byTestId('correct-notes').fill('烟道已由社区安排更换')
  await P.byTestId('correct-save').click()
  await P.byTestId('visit-conflict').waitFor()
  // …and both versions are shown side by side.
  const notes = P.byTestId('compare-row-notes')
  assert.match(await notes.locator('[data-testid="conflict-stored"]').innerText(), /站长补充/)
  assert.match(await notes.locator('[data-testid="conflict-yours"]').innerText(), /烟道已由社区安排更换/)
  // The stored version's number, and the position kept in the worker's version.
  assert.match(await P.byTestId('conflict-stored-head').innerText(), /第 2 版/)
  const place = P.byTestId('compare-row-location')
  assert.equal(await place.locator('[data-testid="conflict-yours"]').innerText(), await place.locator('[data-testid="conflict-stored"]').innerText())
  assert.match(await place.locator('[data-testid="conflict-yours"]').innerText(), /33\.58/)
  await phone.screenshot({ path: join(RESULTS, 'visit-conflict.png'), fullPage: true })
  await P.byTestId('conflict-keep-mine').click()
  await phone.locator('.el-message--success', { hasText: '已更正（第 3 版）' }).waitFor()
  const after = await api(MANAGER, 'GET', `/visits/${visitId}`)
  assert.equal(after.json.version, 3)
  assert.equal(after.json.notes, '烟道已由社区安排更换')
  assert.ok(after.json.location, 'the correction kept the position')
})

test('the station manager finds the need on the board and resolves it with a 500.00 yuan donation', async () => {
  await signIn(manager, M, MANAGER)
  await M.byTestId('menu-needs').click()
  await manager.waitForURL(/\/outreach\/needs$/)
  const card = M.byTestId(`need-card-${needId}`)
  await M.byTestId('needs-column-raised').locator(`[data-testid="need-card-${needId}"]`).waitFor()
  assert.match(await card.innerText(), /需要陪同去医院复查血压/)
  assert.match(await card.innerText(), /医疗/)
  assert.match(await card.innerText(), /紧急/)
  await card.click()
  await M.byTestId('need-drawer').waitFor()
  await M.byTestId('need-state').filter({ hasText: '已发现' }).waitFor()
  // Only the moves the state machine allows: not straight to resolved.
  assert.equal(await M.byTestId('need-move-resolved').count(), 0)

  await M.byTestId('resource-kind-money').click()
  await M.byTestId('resource-provider').fill(DONOR)
  await M.byTestId('resource-value').fill('500.00')
  await M.byTestId('resource-description').fill('医疗救助金')
  await M.byTestId('resource-submit').click()
  await M.byTestId('need-state').filter({ hasText: '已链接资源' }).waitFor()
  assert.equal((await M.byTestId('need-value').innerText()).trim(), '¥500.00')
  assert.match(await M.byTestId('need-resources').innerText(), new RegExp(DONOR))
  const stored = await api(MANAGER, 'GET', `/needs/${needId}`)
  assert.equal(stored.json.value_fen, 50000)

  await M.byTestId('need-move-resolved').click()
  await M.confirmBox('确定')
  await M.byTestId('need-state').filter({ hasText: '已解决' }).waitFor()
  assert.equal(await M.byTestId('need-moves').count(), 0)
  await manager.keyboard.press('Escape')
  await manager.locator('.el-drawer').waitFor({ state: 'hidden' })
  await M.byTestId('needs-column-resolved').locator(`[data-testid="need-card-${needId}"]`).waitFor()
  assert.match(await M.byTestId('needs-summary').innerText(), /500\.00/)

  // The other need cannot be met here: 未解决关闭 wants a reason.
  await M.byTestId(`need-card-${otherNeedId}`).click()
  await M.byTestId('need-state').filter({ hasText: '已发现' }).waitFor()
  await M.byTestId('need-move-closed').click()
  const box = manager.locator('.el-message-box:visible')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button', { hasText: '确定' }).click()
  await box.locator('.el-message-box__errormsg', { hasText: '请填写原因' }).waitFor()
  await box.locator('textarea').fill('家属已申请临时救助，本站不再跟进')
  await box.locator('.el-message-box__btns .el-button', { hasText: '确定' }).click()
  await box.waitFor({ state: 'hidden' })
  await M.byTestId('need-state').filter({ hasText: '未解决关闭' }).waitFor()
  assert.match(await M.byTestId('need-transitions').innerText(), /家属已申请临时救助/)
  await manager.keyboard.press('Escape')
  await manager.locator('.el-drawer').waitFor({ state: 'hidden' })
  await M.byTestId('needs-column-closed').locator(`[data-testid="need-card-${otherNeedId}"]`).waitFor()
  await manager.screenshot({ path: join(RESULTS, 'needs-board.png'), fullPage: true })
})

test('the campaign’s total in yuan follows', async () => {
  await admin.reload()
  await A.byTestId('coverage').waitFor()
  await waitFigure(admin, 'value', '500.00')
  assert.equal(await figure(admin, 'needs_resolved'), '1')
  assert.equal(await figure(admin, 'needs_raised'), '2')
  await waitFigure(admin, 'needs_open', '0')
})

test('visits the server refuses are marked failed with its reason, kept, fixed and resent, or discarded on request', async () => {
  // Two visits dated before the campaign wait in the outbox (the form itself refuses such a
  // date: these are what an older console put there). The server refuses them (422).
  const refused = (i) => ({
    id: uuidv7(Date.now() + i),
    target_id: targets[1].id,
    campaign_id: campaignId,
    visited_at: `${addDays(`${chinaDate().slice(0, 8)}01`, -3)}T02:0${i}:00Z`,
    mode: 'phone',
    persons_seen: [],
    checks: { health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: 'na', mood: 'ok' },
    notes: `旧记录 ${i}`,
    location: null,
    needs: [],
  })
  const [fixMe, dropMe] = [refused(1), refused(2)]
  const user = (await api(WORKER.username, 'GET', '/auth/me')).json.user?.id
  await phone.evaluate(async ({ bodies, user }) => {
    const open = indexedDB.open('shegong-outreach')
    const db = await new Promise((ok, fail) => {
      open.onsuccess = () => ok(open.result)
      open.onerror = () => fail(open.error)
    })
    await new Promise((ok, fail) => {
      const tx = db.transaction('outbox', 'readwrite')
      bodies.forEach((body, i) =>
        tx.objectStore('outbox').put({ id: body.id, user, queued_at: Date.now() + i, body, summary: { address: '旧手机', campaign_name: '', members: [] }, state: 'queued', attempts: 0, last_attempt_at: null, error: null }),
      )
      tx.oncomplete = ok
      tx.onerror = () => fail(tx.error)
    })
    db.close()
  }, { bodies: [fixMe, dropMe], user })
  // Opening the console sends the outbox.
  await phone.goto(`${baseUrl}/outreach/pending`)
  for (const b of [fixMe, dropMe]) await phone.locator(`[data-testid="pending-${b.id}"][data-state="failed"]`).waitFor()
  assert.equal(await badge(phone), '待上传 2')
  const entry = P.byTestId(`pending-${dropMe.id}`)
  assert.match(await entry.locator('[data-testid="pending-error"]').innerText(), /visited_at|活动|period/)
  // Still there after another round.
  await P.byTestId('pending-send').click()
  await phone.waitForTimeout(500)
  assert.equal(await entry.getAttribute('data-state'), 'failed')

  // One is fixed in the form (the server's reason shown) and sent again under the same id.
  await P.byTestId(`pending-edit-${fixMe.id}`).click()
  await phone.waitForURL(/\/outreach\/visit\/.*\?entry=/)
  await P.byTestId('visit-error').waitFor()
  assert.match(await P.byTestId('visit-error').innerText(), /visited_at|period/)
  await P.byTestId('visit-submit').click()
  await P.byTestId('visit-time-error').filter({ hasText: '走访时间须在活动期间' }).waitFor()
  // A minute ago, on the phone's clock (China time).
  const minuteAgo = await phone.evaluate(() => {
    const pad = (n) => String(n).padStart(2, '0')
    const d = new Date(Date.now() - 60_000)
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
  })
  await P.byTestId('visit-time').fill(minuteAgo)
  await P.byTestId('visit-submit').click()
  await phone.locator('.el-message--success', { hasText: '走访已上传' }).waitFor()
  const sent = await api(ADMIN, 'GET', `/visits/${fixMe.id}`)
  assert.equal(sent.status, 200)
  assert.equal(sent.json.notes, '旧记录 1')

  // The other is discarded: asked first, and cancelling keeps it.
  await P.byTestId('outbox-badge').click()
  await P.byTestId(`pending-discard-${dropMe.id}`).click()
  await P.confirmBox('取消')
  assert.equal(await entry.count(), 1)
  await P.byTestId(`pending-discard-${dropMe.id}`).click()
  await P.confirmBox('放弃')
  await P.byTestId('pending-empty').waitFor()
  assert.equal((await api(ADMIN, 'GET', `/visits/${dropMe.id}`)).status, 404)
})
