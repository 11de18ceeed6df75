// What the browser tests share: starting and stopping `shegong serve --demo`, the
// browser, and helpers that drive the console's Element Plus controls.
//   SHEGONG_BIN=/abs/path/to/shegong SHEGONG_ROOT=/abs/repo npm run e2e
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const ROOT = resolve(process.env.SHEGONG_ROOT ?? join(here, '..', '..'))
export const BIN = process.env.SHEGONG_BIN ?? join(ROOT, 'build', 'release', 'shegong')
export const WEB_ROOT = join(ROOT, 'web', 'dist')
export const RESULTS = join(ROOT, 'web', 'test-results')
/** The password of every demo account. */
export const DEMO_PASSWORD = 'Shegong@2026'

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.unref()
    s.on('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

export function logTail(log) {
  try {
    return readFileSync(log, 'utf8').split('\n').slice(-40).join('\n')
  } catch {
    return '(no server log)'
  }
}

export async function waitReady(url, proc, timeoutMs, log) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`shegong exited with ${proc.exitCode} before it was ready:\n${logTail(log)}`)
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.status === 200) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`shegong was not ready within ${timeoutMs / 1000} s:\n${logTail(log)}`)
}

/**
 * Starts `shegong serve --demo` on a free loopback port with its own temporary
 * data directory; `env` adds to the environment (e.g. SHEGONG_REQUIRE_TOTP).
 */
export async function startServer(env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shegong-e2e-'))
  const log = join(dir, 'server.log')
  const data = join(dir, 'data')
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const out = openSync(log, 'a')
  const proc = spawn(
    BIN,
    ['serve', '--demo', '--port', String(port), '--data-dir', data, '--web-root', WEB_ROOT,
      '--regions-source', join(ROOT, 'tests', 'fixtures', 'regions')],
    { stdio: ['ignore', out, out], env: { ...process.env, ...env } },
  )
  try {
    await waitReady(url, proc, 60_000, log)
  } catch (e) {
    await stopServer({ proc, dir })
    throw e
  }
  return { proc, url, dir, log, data }
}

export async function stopServer({ proc, dir }) {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((r) => proc.once('exit', r))
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
}

/**
 * Adds an account with the CLI against a running server's data directory. It must
 * change its password at first sign-in, but is listed (e.g. by GET /workers) at once.
 */
export function addAccount(dataDir, { username, role, region, password = DEMO_PASSWORD, displayName }) {
  const args = ['user', 'add', '--username', username, '--role', role, '--data-dir', dataDir]
  if (region) args.push('--region', region)
  if (displayName) args.push('--display-name', displayName)
  execFileSync(BIN, args, { env: { ...process.env, SHEGONG_PASSWORD: password }, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Debian's chromium, headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

/** What Chromium refused under the server's Content-Security-Policy, on every page of newPage(). */
export const cspViolations = []

/** A page of a new zh-CN context, 1440×900, 15 s default timeout, page errors logged, CSP refusals kept. */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`)
  })
  return page
}

/**
 * Helpers bound to the test file's current page and server (read when called, so a
 * file may replace either).
 */
export function pageHelpers(getPage, getBaseUrl) {
  const byTestId = (id) => getPage().locator(`[data-testid="${id}"]`)

  /** Opens a region cascader and walks `names` down; the last one is chosen. */
  async function pickRegion(fieldTestId, names) {
    const page = getPage()
    await byTestId(fieldTestId).locator('.el-cascader').click()
    const panel = page.locator('.region-cascader-popper:visible')
    for (const [i, name] of names.entries()) {
      const menu = panel.locator('.el-cascader-menu').nth(i)
      const node = menu.locator('.el-cascader-node').filter({
        has: page.locator('.el-cascader-node__label', { hasText: new RegExp(`^${name}$`) }),
      })
      if (i < names.length - 1) await node.locator('.el-cascader-node__label').click()
      else await node.locator('.el-radio').click()
    }
    await assert.doesNotReject(panel.waitFor({ state: 'hidden' }))
    const input = byTestId(fieldTestId).locator('.el-cascader input')
    assert.match(await input.inputValue(), new RegExp(`${names[names.length - 1]}$`))
  }

  /** Chooses an option of an el-select inside a form item. */
  async function pickOption(fieldTestId, label) {
    await byTestId(fieldTestId).locator('.el-select__wrapper').click()
    await getPage().locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
  }

  /** Clicks save and waits for the dialog to close; a shown error fails the test with its text. */
  async function save(saveTestId) {
    await byTestId(saveTestId).click()
    const dialog = getPage().locator('.el-dialog:visible')
    try {
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 })
    } catch {
      const text = await dialog.innerText().catch(() => '')
      assert.fail(`dialog did not close after save:\n${text}`)
    }
  }

  async function login(username, password) {
    await byTestId('login-username').fill(username)
    await byTestId('login-password').fill(password)
    await byTestId('login-submit').click()
  }

  /** Signs out if someone is signed in, and ends on the login page. */
  async function logout() {
    const page = getPage()
    if (await byTestId('logout').isVisible().catch(() => false)) {
      await byTestId('logout').click()
      await page.waitForURL(/\/login/)
    } else {
      await page.goto(`${getBaseUrl()}/login`)
    }
    await byTestId('login-username').waitFor()
  }

  /** "共 263 条" under a table → 263. */
  async function pagerTotal(pagerTestId) {
    const text = await byTestId(pagerTestId).locator('.el-pagination__total').innerText()
    return Number(text.replace(/[^0-9]/g, ''))
  }

  /** Answers the open ElMessageBox with its confirm button. */
  async function confirmBox(buttonText) {
    const box = getPage().locator('.el-message-box:visible')
    await box.waitFor()
    await box.locator('.el-message-box__btns .el-button', { hasText: buttonText }).click()
    await box.waitFor({ state: 'hidden' })
  }

  /** Signs in through the API; answers the bearer token. */
  async function apiLogin(username, password) {
    const res = await fetch(`${getBaseUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    assert.equal(res.status, 200, `${username} signs in through the API`)
    return (await res.json()).token
  }

  return { byTestId, pickRegion, pickOption, save, login, logout, pagerTotal, confirmBox, apiLogin }
}

/** China's calendar date of a moment (YYYY-MM-DD), and days added to a date. */
export const chinaDate = (ms = Date.now()) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
export const addDays = (date, n) => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** A UUIDv7 for a client-generated id (a visit, a need, a resource). */
export function uuidv7(ms = Date.now()) {
  const b = randomBytes(16)
  b.writeUIntBE(ms, 0, 6)
  b[6] = 0x70 | (b[6] & 0x0f)
  b[8] = 0x80 | (b[8] & 0x3f)
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * What every browser test does first: check that the server binary and the built console are
 * there, make the results folder, and start a fresh server.
 */
export async function startForTest(env = {}) {
  assert.ok(existsSync(BIN), `server binary not found: ${BIN} (set SHEGONG_BIN)`)
  assert.ok(existsSync(join(WEB_ROOT, 'index.html')), `${WEB_ROOT}/index.html missing: run npm run build first`)
  mkdirSync(RESULTS, { recursive: true })
  return startServer(env)
}
