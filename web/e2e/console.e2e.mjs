// The console as a person uses it, against the real shegong server:
//   SHEGONG_BIN=/abs/path/to/shegong SHEGONG_ROOT=/abs/repo npm run e2e
// The server runs in demo mode on a free loopback port with a temporary data
// directory and serves web/dist (run `npm run build` first).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, cspViolations, DEMO_PASSWORD, launchBrowser, newPage, pageHelpers, RESULTS, startServer, stopServer, WEB_ROOT } from './lib.mjs'

const ADMIN = { username: 'admin', password: 'Shegong@2026' }
const AUDITOR = { username: 'auditor', password: 'Shegong@2026' }
const SECURITY = { username: 'security', password: 'Shegong@2026' }
// Unique names, so that a rerun against the same data never finds an old row.
const RUN = Date.now().toString(36)

let server
let tmp
let dataDir
let baseUrl
let browser
let page

/** Base32 (RFC 4648) → bytes. */
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out = []
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(ch)
    if (i < 0) throw new Error(`not Base32: ${ch}`)
    value = (value << 5) | i
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

const TOTP_PERIOD = 30
const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / TOTP_PERIOD)

/** RFC 6238 TOTP: HMAC-SHA1 over the 30-second step, dynamic truncation, 6 digits. */
function totpCode(secret, step) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

before(async () => {
  assert.ok(existsSync(BIN), `server binary not found: ${BIN} (set SHEGONG_BIN)`)
  assert.ok(existsSync(join(WEB_ROOT, 'index.html')), `${WEB_ROOT}/index.html missing: run npm run build first`)
  mkdirSync(RESULTS, { recursive: true })
  const first = await startServer()
  ;({ proc: server, dir: tmp, data: dataDir, url: baseUrl } = first)

  browser = await launchBrowser()
  page = await newPage(browser)
})

after(async () => {
  await browser?.close().catch(() => undefined)
  await stopServer({ proc: server, dir: tmp })
})

const { byTestId, pickRegion, pickOption, save, login, logout, pagerTotal, confirmBox, apiLogin } = pageHelpers(() => page, () => baseUrl)

/** Adds an account with the CLI, against the running server's data directory. */
function addUser(username, role, region, password) {
  execFileSync(BIN, ['user', 'add', '--username', username, '--role', role, '--region', region, '--data-dir', dataDir], {
    env: { ...process.env, SHEGONG_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

test('a wrong password is refused with the server error', async () => {
  await page.goto(`${baseUrl}/login`)
  await login(ADMIN.username, 'not-the-password')
  await byTestId('login-error').waitFor()
  assert.match(await byTestId('login-error').innerText(), /用户名或密码错误/)
  assert.match(page.url(), /\/login/)
})

test('admin logs in and sees the home figures and chart', async () => {
  await page.goto(`${baseUrl}/login`)
  await login(ADMIN.username, ADMIN.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('figure-stations').waitFor()
  await byTestId('stations-chart').locator('canvas').waitFor()
  assert.notEqual((await byTestId('user-name').innerText()).trim(), '')
  assert.match(await byTestId('menu-stations').innerText(), /社工站点/)
  await page.waitForTimeout(800) // let the chart finish its entry animation
  await page.screenshot({ path: join(RESULTS, 'home.png'), fullPage: true })
})

test('the language switch turns the console into English and back', async () => {
  await byTestId('lang-en').click()
  await page.waitForFunction(() => document.querySelector('[data-testid="menu-stations"]')?.textContent?.includes('Stations'))
  await byTestId('lang-zh').click()
  await page.waitForFunction(() => document.querySelector('[data-testid="menu-stations"]')?.textContent?.includes('社工站点'))
})

test('the region browser goes down to a village', async () => {
  await byTestId('menu-regions').click()
  await page.waitForURL(/\/regions$/)
  // 河南省 → 漯河市 → 源汇区 → the township 411102001 (the fixture's villages lie under it).
  const names = []
  for (const code of ['410000000000', '411100000000', '411102000000', '411102001000']) {
    const node = byTestId(`region-node-${code}`)
    names.push((await node.locator('span').first().innerText()).trim())
    await node.click()
  }
  assert.deepEqual(names.slice(0, 3), ['河南省', '漯河市', '源汇区'])
  const village = page.locator('[data-testid^="region-node-411102001"]:not([data-testid="region-node-411102001000"])').first()
  await village.waitFor()
  const villageCode = (await village.getAttribute('data-testid')).replace('region-node-', '')
  await village.click()
  await assert.doesNotReject(page.waitForFunction(
    (code) => document.querySelector('[data-testid="region-detail-code"]')?.textContent === code, villageCode))
  const crumbs = await byTestId('region-breadcrumb').innerText()
  for (const name of names) assert.ok(crumbs.includes(name), `${name} in ${crumbs}`)
  assert.match(await byTestId('region-detail').innerText(), /村社区/)

  // Name search finds 千丰社区 with its path.
  await byTestId('region-search').fill('千丰')
  await byTestId('region-search-button').click()
  await byTestId('region-result-330521005001').waitFor()
  assert.match(await byTestId('region-search-results').innerText(), /德清县/)
})

test('a station is created in a township and listed', async () => {
  const name = `马路街社工站e2e${RUN}`
  await byTestId('menu-stations').click()
  await page.waitForURL(/\/stations$/)
  await byTestId('station-create').click()
  await pickRegion('station-field-region_code', ['河南省', '漯河市', '源汇区', '马路街街道'])
  await byTestId('station-name').fill(name)
  await pickOption('station-field-kind', '乡镇（街道）社工站')
  await byTestId('station-address').fill('漯河市源汇区马路街1号')
  await byTestId('station-phone').fill('0395-3123456')
  await byTestId('station-manager').fill('王社工')
  await save('station-save')

  await byTestId('stations-q').fill(name)
  await byTestId('stations-search').click()
  const row = byTestId('stations-table').locator('.el-table__row', { hasText: name })
  await row.waitFor()
  assert.match(await row.innerText(), /乡镇（街道）社工站/)
  assert.match(await row.innerText(), /马路街街道/)
  await byTestId('stations-q').fill('')
  await byTestId('stations-search').click()
  await byTestId('stations-table').locator('.el-table__row').first().waitFor()
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6_000 }).catch(() => undefined)
  await page.screenshot({ path: join(RESULTS, 'stations.png'), fullPage: true })
})

test('an edit based on a stale version shows the conflict and reloads the record', async () => {
  const name = `马路街社工站e2e${RUN}`
  await byTestId('stations-q').fill(name)
  await byTestId('stations-search').click()
  const row = byTestId('stations-table').locator('.el-table__row', { hasText: name })
  await row.locator('[data-testid^="station-edit-"]').click()
  const id = (await row.locator('[data-testid^="station-edit-"]').getAttribute('data-testid')).replace('station-edit-', '')

  // Someone else changes the station while the dialog is open.
  const token = await page.evaluate(() => sessionStorage.getItem('shegong.token'))
  const api = (method, body) => fetch(`${baseUrl}/api/v1/stations/${id}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  }).then((r) => r.json())
  const current = await api('GET')
  await api('PATCH', { version: current.version, manager: '别人改的' })

  await byTestId('station-manager').fill('我改的')
  await byTestId('station-save').click()
  await byTestId('station-form-error').waitFor()
  assert.match(await byTestId('station-form-error').innerText(), /已被他人修改/)
  assert.equal(await byTestId('station-manager').inputValue(), '别人改的')
  // Saving again applies the edit on top of the current version.
  await byTestId('station-manager').fill('我改的')
  await save('station-save')
  assert.equal((await api('GET')).manager, '我改的')
})

test('a grid and a micro-grid are created in 千丰社区 and listed', async () => {
  const gridName = `千丰一网格e2e${RUN}`
  const microName = `千丰一网格一微网格e2e${RUN}`
  const qianfeng = ['浙江省', '湖州市', '德清县', '康乾街道', '千丰社区居委会']
  await byTestId('menu-grids').click()
  await page.waitForURL(/\/grids$/)

  await byTestId('grid-create').click()
  await pickRegion('grid-field-region_code', qianfeng)
  await byTestId('grid-field-kind').locator('.el-radio', { hasText: /^网格$/ }).click()
  await byTestId('grid-name').fill(gridName)
  await byTestId('grid-field-households').locator('input').fill('120')
  await byTestId('grid-field-residents').locator('input').fill('356')
  await byTestId('grid-worker').fill('李网格员')
  await save('grid-save')

  await byTestId('grid-create').click()
  await pickRegion('grid-field-region_code', qianfeng)
  await byTestId('grid-field-kind').locator('.el-radio', { hasText: '微网格' }).click()
  await pickOption('grid-field-parent_id', gridName)
  await byTestId('grid-name').fill(microName)
  await byTestId('grid-field-households').locator('input').fill('30')
  await byTestId('grid-field-residents').locator('input').fill('88')
  await byTestId('grid-worker').fill('赵微网格员')
  await save('grid-save')

  await byTestId('grids-q').fill(`e2e${RUN}`)
  await byTestId('grids-search').click()
  const gridRow = byTestId('grids-table').locator('.el-table__row', { hasText: gridName, hasNotText: '微网格' })
  const microRow = byTestId('grids-table').locator('.el-table__row', { hasText: microName })
  await microRow.waitFor()
  await gridRow.waitFor()
  const microText = await microRow.innerText()
  assert.match(microText, /微网格/)
  assert.ok(microText.includes(gridName), `parent shown in: ${microText}`)
  assert.match(microText, /千丰社区/)
})

test('the scope picked in the top bar narrows the figures and survives a reload', async () => {
  await byTestId('menu-home').click()
  await page.waitForURL(`${baseUrl}/`)
  const figure = async () => Number((await byTestId('figure-stations').locator('.figure-value').innerText()).replace(/,/g, ''))
  await byTestId('home-title').filter({ hasText: '全国' }).waitFor()
  const national = await figure()
  await pickRegion('scope-picker', ['河南省', '漯河市'])
  await byTestId('home-title').filter({ hasText: '漯河市' }).waitFor()
  await byTestId('figure-stations').waitFor()
  const luohe = await figure()
  assert.ok(luohe > 0 && luohe < national, `漯河市 ${luohe} stations, the country ${national}`)
  await page.reload()
  await byTestId('home-title').filter({ hasText: '漯河市' }).waitFor()
  assert.equal(await figure(), luohe)
})

test('a session the server no longer knows returns to the login page', async () => {
  await page.evaluate(() => sessionStorage.setItem('shegong.token', 'no-such-token'))
  await page.goto(`${baseUrl}/stations`)
  await page.waitForURL(/\/login/)
  await byTestId('login-error').waitFor()
  assert.match(await byTestId('login-error').innerText(), /会话已过期，请重新登录/)
  await login(ADMIN.username, ADMIN.password)
  await page.waitForURL(`${baseUrl}/`)
})

test('the auditor browses the audit log and filters it by action', async () => {
  await logout()
  await login(AUDITOR.username, AUDITOR.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-audit').click()
  await page.waitForURL(/\/audit$/)
  const table = byTestId('audit-table')
  const actions = table.locator('[data-testid^="audit-action-"]')
  await actions.first().waitFor()
  const shown = await actions.allInnerTexts()
  assert.ok(shown.includes('登录成功'), `a sign-in among: ${shown.join(', ')}`)
  // The auditor's own sign-in is the newest line.
  const first = await table.locator('.el-table__row').first().innerText()
  assert.match(first, /登录成功/)
  assert.match(first, /审计员/)
  assert.match(first, /成功/)
  const totalAll = await pagerTotal('audit-pager')

  await byTestId('audit-action-filter').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^登录成功$/ }).click()
  await byTestId('audit-search').click()
  await page.waitForFunction((all) => {
    const total = Number(document.querySelector('[data-testid="audit-pager"] .el-pagination__total')?.textContent?.replace(/[^0-9]/g, ''))
    return total > 0 && total < all
  }, totalAll)
  const filtered = await actions.allInnerTexts()
  assert.ok(filtered.length > 0)
  assert.deepEqual([...new Set(filtered)], ['登录成功'], `only sign-ins: ${filtered.join(', ')}`)
  assert.ok((await pagerTotal('audit-pager')) < totalAll)
  await page.screenshot({ path: join(RESULTS, 'audit.png'), fullPage: true })
})

test('a permission taken from a role hides its menu and button at the next sign-in, and comes back with it', async () => {
  const token = await apiLogin(ADMIN.username, ADMIN.password)
  const roles = async () => (await (await fetch(`${baseUrl}/api/v1/roles`, { headers: { Authorization: `Bearer ${token}` } })).json()).items
  const put = (role, permissions) => fetch(`${baseUrl}/api/v1/roles/${role}`, {
    method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ permissions }),
  })
  const held = (await roles()).find((r) => r.role === 'civil_affairs_admin').permissions
  const taken = (p) => (p.action === 'read' && p.resource === 'stats') || (p.action === 'write' && p.resource === 'campaign')
  assert.equal(held.filter(taken).length, 2, 'the civil-affairs administrator reads figures and writes campaigns by default')

  // As it stands: the figures menu, and the button that creates a campaign.
  await logout()
  await login('luohe', DEMO_PASSWORD)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-stats').waitFor()
  await page.goto(`${baseUrl}/outreach/campaigns`)
  await byTestId('campaign-create').waitFor()

  // The system administrator takes both away (as the role permissions page would).
  assert.equal((await put('civil_affairs_admin', held.filter((p) => !taken(p)))).status, 200)
  await logout()
  await login('luohe', DEMO_PASSWORD)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-stations').waitFor()
  assert.equal(await byTestId('menu-stats').count(), 0, 'no figures menu without stats read')
  await page.goto(`${baseUrl}/stats`)
  await page.waitForURL(`${baseUrl}/`)
  await page.goto(`${baseUrl}/outreach/campaigns`)
  await byTestId('campaigns-table').waitFor()
  assert.equal(await byTestId('campaign-create').count(), 0, 'no create button without campaign write')

  // Given back, they return at the next sign-in.
  assert.equal((await put('civil_affairs_admin', held)).status, 200)
  await logout()
  await login('luohe', DEMO_PASSWORD)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-stats').waitFor()
  await page.goto(`${baseUrl}/outreach/campaigns`)
  await byTestId('campaign-create').waitFor()
})

test('only the auditor sees the audit log', async () => {
  await logout()
  await login(ADMIN.username, ADMIN.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-stations').waitFor()
  assert.equal(await byTestId('menu-audit').count(), 0)
  await page.goto(`${baseUrl}/audit`)
  await page.waitForURL(`${baseUrl}/`)
})

test('a new account changes its password before anything else', async () => {
  addUser('newcomer', 'civil_affairs_admin', '330521', 'Start#2026ab')
  await logout()
  await login('newcomer', 'Start#2026ab')
  await page.waitForURL(/\/password$/)
  await byTestId('password-forced').waitFor()

  // Nowhere else to go until it is done.
  await page.goto(`${baseUrl}/stations`)
  await page.waitForURL(/\/password$/)
  await byTestId('password-forced').waitFor()
  assert.equal(await byTestId('menu-stations').count(), 0)

  const field = (id) => byTestId(id).locator('.el-form-item__error')
  // A weak password is refused in the page, with the rule it breaks.
  await byTestId('password-current').fill('Start#2026ab')
  await byTestId('password-new').fill('weakpassword')
  await byTestId('password-confirm').fill('weakpassword')
  await byTestId('password-submit').click()
  await field('password-field-new').waitFor()
  assert.match(await field('password-field-new').innerText(), /至少包含小写字母、大写字母、数字、符号中的 3 类/)
  assert.match(page.url(), /\/password$/)

  // A wrong current password comes back from the server on that field.
  await byTestId('password-current').fill('Wrong#2026xy')
  await byTestId('password-new').fill('Better#2026cd')
  await byTestId('password-confirm').fill('Better#2026cd')
  await byTestId('password-submit').click()
  await field('password-field-current').filter({ hasText: '当前密码不正确' }).waitFor()
  assert.match(page.url(), /\/password$/)

  await byTestId('password-current').fill('Start#2026ab')
  await byTestId('password-submit').click()
  await page.locator('.el-message', { hasText: '密码已修改' }).waitFor()
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('figure-stations').waitFor()
  assert.match(await byTestId('menu-home').innerText(), /首页/)
  assert.equal(await byTestId('menu-audit').count(), 0)

  await byTestId('menu-stations').click()
  await page.waitForURL(/\/stations$/)
  const rows = byTestId('stations-table').locator('.el-table__row')
  await rows.first().waitFor()
  // What the page lists is what the server gives this Deqing account: Deqing's stations only.
  const token = await page.evaluate(() => sessionStorage.getItem('shegong.token'))
  const res = await fetch(`${baseUrl}/api/v1/stations?page_size=100`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(res.status, 200)
  const body = await res.json()
  assert.ok(body.items.length > 0)
  for (const s of body.items) assert.ok(s.region_code.startsWith('330521'), `${s.name} in ${s.region_code}`)
  const firstName = (await rows.first().locator('[data-testid^="station-row-"]').innerText()).trim()
  assert.ok(body.items.some((s) => s.name === firstName), `${firstName} is a Deqing station`)
  assert.match(await byTestId('scope-picker').locator('input').inputValue(), /德清县/)
})

test('five wrong passwords lock the account and say for how long', async () => {
  await logout()
  const statuses = []
  for (let i = 0; i < 5; i++) {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
      login('weining', `Wrong#${i}pass`),
    ])
    statuses.push(res.status())
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 429])
  await byTestId('login-error').filter({ hasText: '锁定' }).waitFor()
  assert.equal(await byTestId('login-error').innerText(), '登录失败次数过多，账户已临时锁定，请 15 分钟后再试')
  // Locked means locked: the right password is refused too.
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    login('weining', 'Shegong@2026'),
  ])
  assert.equal(res.status(), 429)
  assert.match(page.url(), /\/login/)
  assert.match(await byTestId('login-error').innerText(), /请 15 分钟后再试/)
})

const me = (url, token) => fetch(`${url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })

test('the TOTP helper of this test gives the RFC 6238 codes', () => {
  // RFC 6238 appendix B, SHA-1, secret "12345678901234567890"; the 8-digit values cut to 6.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
  const vectors = { 59: '287082', 1111111109: '081804', 1111111111: '050471', 1234567890: '005924', 2000000000: '279037' }
  for (const [seconds, code] of Object.entries(vectors)) assert.equal(totpCode(secret, totpStep(Number(seconds) * 1000)), code, `T=${seconds}`)
})

test('the system administrator creates an account, sees it listed and deactivates it', async () => {
  await logout()
  await login(ADMIN.username, ADMIN.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-users').click()
  await page.waitForURL(/\/users$/)
  assert.equal(await byTestId('menu-sessions').count(), 0, 'sessions are for the security administrator')
  await byTestId('users-table').locator('.el-table__row').first().waitFor()

  await byTestId('user-create').click()
  await byTestId('user-username').fill('clerk2')
  await byTestId('user-display-name').fill('漯河书记员')
  await pickOption('user-field-role', '只读用户')
  await pickRegion('user-field-region_code', ['河南省', '漯河市'])
  // The shared rule checker refuses a weak initial password before anything is sent.
  await byTestId('user-password').fill('clerk2pass')
  await byTestId('user-save').click()
  const pwError = byTestId('user-field-password').locator('.el-form-item__error')
  await pwError.waitFor()
  assert.match(await pwError.innerText(), /不能包含用户名/)
  await byTestId('user-password').fill('Start#2026ab')
  await save('user-save')

  await byTestId('users-q').fill('clerk2')
  await byTestId('users-search').click()
  const row = byTestId('users-table').locator('.el-table__row', { hasText: 'clerk2' })
  await row.waitFor()
  const text = await row.innerText()
  for (const want of ['漯河书记员', '只读用户', '411100000000', '未启用']) assert.ok(text.includes(want), `${want} in: ${text}`)
  assert.equal((await byTestId('user-active-clerk2').innerText()).trim(), '启用')

  await byTestId('user-toggle-clerk2').click()
  await confirmBox('停用')
  await byTestId('user-active-clerk2').filter({ hasText: /^停用$/ }).waitFor()
  assert.equal((await byTestId('user-toggle-clerk2').innerText()).trim(), '启用')

  // What the page says is what the server holds.
  const token = await page.evaluate(() => sessionStorage.getItem('shegong.token'))
  const res = await fetch(`${baseUrl}/api/v1/users?q=clerk2`, { headers: { Authorization: `Bearer ${token}` } })
  const clerk = (await res.json()).items.find((u) => u.username === 'clerk2')
  assert.deepEqual(
    { role: clerk.role, region_code: clerk.region_code, active: clerk.active, must_change_password: clerk.must_change_password },
    { role: 'viewer', region_code: '411100000000', active: false, must_change_password: true },
  )
  // The national admin's own row says 全国.
  await byTestId('users-q').fill('')
  await byTestId('users-search').click()
  await byTestId('user-row-admin').waitFor()
  assert.match(await byTestId('users-table').locator('.el-table__row', { has: byTestId('user-row-admin') }).innerText(), /全国/)
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6_000 }).catch(() => undefined)
  await page.screenshot({ path: join(RESULTS, 'users.png'), fullPage: true })
})

test('the security administrator forces another user\'s session offline', async () => {
  const luoheToken = await apiLogin('luohe', DEMO_PASSWORD)
  assert.equal((await me(baseUrl, luoheToken)).status, 200)

  await logout()
  await login(SECURITY.username, SECURITY.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-sessions').click()
  await page.waitForURL(/\/sessions$/)
  // Sessions are listed newest first: luohe's is the one just opened.
  const row = byTestId('sessions-table').locator('.el-table__row', { hasText: 'luohe' }).first()
  await row.waitFor()
  assert.match(await row.innerText(), /127\.0\.0\.1/)
  const revoke = row.locator('[data-testid^="session-revoke-"]')
  const sessionId = (await revoke.getAttribute('data-testid')).replace('session-revoke-', '')
  await revoke.click()
  await confirmBox('强制下线')
  await page.locator('.el-message', { hasText: '已强制下线' }).waitFor()
  await byTestId(`session-revoke-${sessionId}`).waitFor({ state: 'detached' })

  assert.equal((await me(baseUrl, luoheToken)).status, 401, 'the ended session is refused')
  // The security administrator is still signed in, and sees the users but may not create any.
  await byTestId('menu-users').click()
  await page.waitForURL(/\/users$/)
  await byTestId('user-row-luohe').waitFor()
  assert.equal(await byTestId('user-create').count(), 0)
  assert.equal(await byTestId('user-toggle-luohe').count(), 0)
  assert.equal(await byTestId('user-reset-totp-luohe').count(), 1)
})

test('the security administrator sees an account locked by failed sign-ins and lifts the lock', async () => {
  addUser('lockee', 'viewer', '4111', 'Kx7#Pw2026ef')
  const attempt = (password) => fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'lockee', password }),
  })
  for (let i = 0; i < 5; i++) await attempt('not-it')
  assert.equal((await attempt('Kx7#Pw2026ef')).status, 429, 'locked: the right password waits')

  await logout()
  await login(SECURITY.username, SECURITY.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-sessions').click()
  await page.waitForURL(/\/sessions$/)
  await byTestId('lockout-user-lockee').waitFor()
  await byTestId('lockout-lift-lockee').click()
  await confirmBox('解除锁定')
  await page.locator('.el-message', { hasText: '已解除 lockee 的锁定' }).waitFor()
  await byTestId('lockout-user-lockee').waitFor({ state: 'detached' })
  assert.equal((await attempt('Kx7#Pw2026ef')).status, 200, 'the lock is lifted')
})

test('the system administrator changes a role\'s permissions; the separation of duties is kept', async () => {
  const cell = (role, resource, action) => byTestId(`role-${role}-${resource}-${action}`)
  const isChecked = async (locator) => /\bis-checked\b/.test((await locator.getAttribute('class')) ?? '')

  // The security administrator sees the matrix but may not change it.
  await logout()
  await login(SECURITY.username, SECURITY.password)
  await page.waitForURL(`${baseUrl}/`)
  await byTestId('menu-roles').click()
  await page.waitForURL(/\/roles$/)
  await byTestId('role-row-viewer').waitFor()
  assert.equal(await byTestId('role-save-viewer').count(), 0)
  assert.ok(await cell('viewer', 'grid', 'write').locator('input').isDisabled())

  await logout()
  await login(ADMIN.username, ADMIN.password)
  await page.waitForURL(`${baseUrl}/`)
  assert.match(await byTestId('menu-roles').innerText(), /角色权限/)
  await byTestId('menu-roles').click()
  await page.waitForURL(/\/roles$/)
  assert.match(await byTestId('roles-table').locator('.el-table__row', { has: byTestId('role-row-viewer') }).innerText(), /只读用户/)
  assert.equal(await isChecked(cell('viewer', 'grid', 'write')), false)
  assert.ok(await byTestId('role-save-viewer').isDisabled(), 'nothing changed yet')
  // The register's resources have columns of their own; 查看完整信息 is offered on persons only.
  for (const [res, label] of [['person', '服务对象'], ['category', '人员类别'], ['merge', '合并重复']]) {
    assert.equal((await byTestId(`role-column-${res}`).innerText()).trim(), label)
  }
  assert.ok(await isChecked(cell('civil_affairs_admin', 'person', 'reveal')))
  assert.equal(await cell('civil_affairs_admin', 'person', 'reveal').getAttribute('aria-label'), '民政管理员 服务对象 查看完整信息')
  assert.match(await byTestId('roles-table').locator('.el-table__header-wrapper').innerText(), /查看完整信息/)
  assert.ok(await isChecked(cell('viewer', 'person', 'read')))
  assert.equal(await isChecked(cell('viewer', 'person', 'reveal')), false)
  assert.equal(await cell('viewer', 'grid', 'reveal').count(), 0)

  // A station manager may be given the editing of stations: allowed.
  assert.equal(await isChecked(cell('station_manager', 'station', 'write')), false)
  await cell('station_manager', 'station', 'write').click()
  assert.ok(await byTestId('role-save-station_manager').isEnabled())
  await byTestId('role-save-station_manager').click()
  await page.locator('.el-message--success', { hasText: '已保存“社工站站长”的权限' }).waitFor()
  await page.reload()
  await byTestId('role-row-station_manager').waitFor()
  assert.ok(await isChecked(cell('station_manager', 'station', 'write')), 'kept after a reload')
  assert.ok(await byTestId('role-save-station_manager').isDisabled())

  // A viewer only reads, and only the auditor reads the audit trail: the server refuses
  // in Chinese, the row goes back.
  await cell('viewer', 'grid', 'write').click()
  await byTestId('role-save-viewer').click()
  const readsOnly = page.locator('.el-message--error', { hasText: '职责分离' })
  await readsOnly.waitFor()
  assert.match(await readsOnly.innerText(), /只读用户只能查看脱敏信息/)
  await page.waitForFunction(() => !document.querySelector('[data-testid="role-viewer-grid-write"]')?.classList.contains('is-checked'))
  await readsOnly.waitFor({ state: 'detached' })
  await cell('viewer', 'audit', 'read').click()
  assert.ok(await isChecked(cell('viewer', 'audit', 'read')))
  await byTestId('role-save-viewer').click()
  const refusal = page.locator('.el-message--error', { hasText: '审计日志' })
  await refusal.waitFor()
  assert.match(await refusal.innerText(), /不符合职责分离要求：审计日志只由审计员查看，只读用户不可/)
  await page.waitForFunction(() => !document.querySelector('[data-testid="role-viewer-audit-read"]')?.classList.contains('is-checked'))
  assert.ok(await byTestId('role-save-viewer').isDisabled())

  // What the page says is what the server holds.
  const token = await page.evaluate(() => sessionStorage.getItem('shegong.token'))
  const res = await fetch(`${baseUrl}/api/v1/roles`, { headers: { Authorization: `Bearer ${token}` } })
  const items = (await res.json()).items
  const viewer = items.find((r) => r.role === 'viewer')
  assert.ok(items.find((r) => r.role === 'station_manager').permissions.some((p) => p.action === 'write' && p.resource === 'station'))
  assert.ok(!viewer.permissions.some((p) => p.resource === 'audit' || p.action !== 'read'))
  // Saving one change kept everything else the role holds, the register's resources included.
  for (const [action, resource] of [['read', 'person'], ['read', 'category'], ['read', 'region']]) {
    assert.ok(viewer.permissions.some((p) => p.action === action && p.resource === resource), `viewer still may ${action} ${resource}`)
  }
  assert.ok(!viewer.permissions.some((p) => p.action === 'reveal'))
})

test('an administrator on a server that requires a second factor sets one up, then signs in with it', async () => {
  const second = await startServer({ SHEGONG_REQUIRE_TOTP: 'true' })
  try {
    const url = second.url
    await page.goto(`${url}/login`)
    await login('deqing', DEMO_PASSWORD)
    await page.waitForURL(/\/totp$/)
    await byTestId('totp-forced').waitFor()
    // Nothing else opens until it is done.
    await page.goto(`${url}/stations`)
    await page.waitForURL(/\/totp$/)
    assert.equal(await byTestId('menu-stations').count(), 0)

    await byTestId('totp-secret').waitFor()
    assert.match(await byTestId('totp-qr').getAttribute('src'), /^data:image\/png;base64,/)
    const grouped = (await byTestId('totp-secret').innerText()).trim()
    assert.match(grouped, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/)
    const secret = grouped.replace(/\s/g, '')

    // A wrong code is refused on the field and the session stays.
    const step = totpStep()
    const near = new Set([-1, 0, 1, 2].map((d) => totpCode(secret, step + d)))
    let wrong = 0
    while (near.has(String(wrong).padStart(6, '0'))) wrong++
    await byTestId('totp-code').fill(String(wrong).padStart(6, '0'))
    await byTestId('totp-confirm').click()
    const codeError = byTestId('totp-field-code').locator('.el-form-item__error')
    await codeError.filter({ hasText: '验证码不正确，请核对手机时间' }).waitFor()
    assert.match(page.url(), /\/totp$/)

    const confirmedStep = totpStep()
    await byTestId('totp-code').fill(totpCode(secret, confirmedStep))
    await byTestId('totp-confirm').click()
    await page.locator('.el-message', { hasText: '两步验证已启用' }).waitFor()
    await page.waitForURL(`${url}/`)
    await byTestId('figure-stations').waitFor()
    assert.match(await byTestId('menu-home').innerText(), /首页/)

    await byTestId('logout').click()
    await page.waitForURL(/\/login/)
    await login('deqing', DEMO_PASSWORD)
    await byTestId('login-totp').waitFor()
    assert.match(await byTestId('login-error').innerText(), /请输入两步验证码/)
    // The confirmed step is spent: the next step's code (still inside the server's window).
    await byTestId('login-totp').fill(totpCode(secret, totpStep() + 1))
    await byTestId('login-submit').click()
    await page.waitForURL(`${url}/`)
    await byTestId('figure-stations').waitFor()
    const token = await page.evaluate(() => sessionStorage.getItem('shegong.token'))
    const body = await (await me(url, token)).json()
    assert.equal(body.user.must_enrol_totp, false)
  } finally {
    await stopServer(second)
  }
})

test('every page above ran under the Content-Security-Policy without a refusal', () => {
  assert.deepEqual(cspViolations, [])
})
