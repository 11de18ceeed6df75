// The screenshots of the register, of 敲门行动 and of 数据看板 in docs/screenshots, taken against a
// demo server with a few persons registered, and a campaign run, through the API:
//   SHEGONG_BIN=/abs/path/to/shegong SHEGONG_ROOT=/abs/repo npm run screenshots
// (build the console first). SCREENSHOTS_DIR writes them elsewhere.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { addAccount, addDays, BIN, chinaDate, DEMO_PASSWORD, launchBrowser, newPage, pageHelpers, ROOT, startServer, stopServer, uuidv7, WEB_ROOT } from './lib.mjs'

const OUT = process.env.SCREENSHOTS_DIR ?? join(ROOT, 'docs', 'screenshots')

/** GB 11643 check character of 17 digits. */
function idCheckChar(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]
  return '10X98765432'[sum % 11]
}
/** An ID number of 源汇区 born on `birth` (YYYYMMDD) with the sequence `seq` (odd: a man). */
const idNumber = (birth, seq) => {
  const first17 = `411102${birth}${String(seq).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

const BINXI = '411102001001'
const XINHUA = '411102001002'
const LAOJIE = '411102001003'

const WORKERS = [
  { username: 'wangfang', displayName: '王芳', region: BINXI },
  { username: 'zhoujie', displayName: '周杰', region: XINHUA },
  { username: 'sunli', displayName: '孙丽', region: LAOJIE },
]

/** The persons of the demo; `worker` names one of WORKERS. */
const PERSONS = [
  {
    name: '张丽丽', id_number: idNumber('19480302', 2), phone: '13812345678', region_code: BINXI, worker: 'wangfang',
    living_situation: 'alone', risk_level: 'high', current_address: '滨西路 18 号院 3 单元 201', cadre_contact: '村委 李主任',
    health_notes: '高血压，行动不便', notes: '每周电话问候一次，每月入户一次。',
    guardians: [{ name: '张明', relation: '儿子', phone: '13900001111' }],
    categories: [
      { category: 'tekun', start_date: '2023-03-01', document: '源民〔2023〕12号' },
      { category: 'elderly_in_difficulty', start_date: '2024-01-15' },
    ],
  },
  {
    name: '李国强', id_number: idNumber('19520611', 13), phone: '13698765432', region_code: BINXI, worker: 'wangfang',
    living_situation: 'with_spouse', risk_level: 'medium', categories: [{ category: 'dibao', start_date: '2022-07-01' }],
  },
  {
    name: '王小明', id_number: idNumber('20150901', 31), region_code: XINHUA, worker: 'zhoujie', living_situation: 'with_grandparents',
    risk_level: 'medium', guardians: [{ name: '王建设', relation: '祖父', phone: '15037654321' }],
    categories: [{ category: 'left_behind_child', start_date: '2024-09-01' }],
  },
  {
    name: '刘桂英', id_number: idNumber('19400117', 22), phone: '15803951234', region_code: XINHUA, worker: 'zhoujie',
    living_situation: 'with_children', risk_level: 'high',
    categories: [{ category: 'severely_disabled', start_date: '2021-05-20' }, { category: 'disabled', start_date: '2021-05-20' }],
  },
  {
    name: '陈建华', id_number: idNumber('19620830', 45), phone: '13503957788', region_code: LAOJIE, worker: 'sunli',
    living_situation: 'alone', risk_level: 'low', categories: [{ category: 'dibao_marginal', start_date: '2025-02-01' }],
  },
  {
    name: '赵秀兰', id_number: idNumber('19450412', 68), region_code: LAOJIE, worker: 'sunli', living_situation: 'institution',
    risk_level: 'medium', categories: [{ category: 'tekun', start_date: '2020-10-01' }],
  },
  {
    name: '孙晓雨', id_number: idNumber('20120225', 80), region_code: BINXI, living_situation: 'with_relatives', risk_level: 'low',
    guardians: [{ name: '孙卫东', relation: '叔叔', phone: '13783951122' }],
    categories: [{ category: 'unsupported_child', start_date: '2023-12-01' }],
  },
]


/**
 * 敲门行动: a campaign in the demo workers' township, started, part of it assigned to the social
 * worker `sgwang` and visited (one need linked to a donation); the campaign page as the
 * administrator sees it, and the visit form on the worker's phone.
 */
async function outreach(server, call, page, byTestId) {
  const { apiLogin } = pageHelpers(() => page, () => server.url)
  const workerToken = await apiLogin('sgwang', DEMO_PASSWORD)
  const as = async (token, method, path, body) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json()
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  const me = (await as(workerToken, 'GET', '/auth/me')).user
  const today = chinaDate()
  const from = addDays(today, -28)
  let campaign = await call('POST', '/campaigns', {
    id: uuidv7(), name: '冬季敲门行动', region_code: me.region_code, starts_on: from, ends_on: addDays(today, 60),
    categories: ['tekun', 'orphan', 'elderly_in_difficulty', 'left_behind_child'],
  })
  campaign = await call('POST', `/campaigns/${campaign.id}/start`, { version: campaign.version })
  const targets = (await call('GET', `/campaigns/${campaign.id}/targets?page_size=40&sort=address`)).items
  await call('POST', `/campaigns/${campaign.id}/assignments`, { worker_id: me.id, target_ids: targets.slice(0, 24).map((t) => t.target_id) })
  const checks = { health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: 'na', mood: 'ok' }
  let needId = null
  for (const [i, t] of targets.slice(0, 14).entries()) {
    const need = i === 2 ? { id: uuidv7(), category: 'medical', urgency: 'urgent', description: '需要陪同去医院复查血压', due_on: addDays(today, 3), person_id: null } : null
    if (need) needId = need.id
    await as(workerToken, 'POST', '/visits', {
      id: uuidv7(), target_id: t.target_id, campaign_id: campaign.id, visited_at: `${addDays(today, -(i % 9) - 1)}T02:30:00Z`,
      mode: i % 3 === 1 ? 'phone' : 'home', persons_seen: i % 3 === 1 ? [] : [t.members[0].person_id],
      checks: i % 4 === 0 ? { ...checks, heating: 'concern' } : checks, notes: '', location: null, needs: need ? [need] : [],
    })
  }
  const need = await call('GET', `/needs/${needId}`)
  await call('POST', `/needs/${needId}/resources`, { id: uuidv7(), kind: 'money', provider: '漯河市慈善总会', value_fen: 50000, description: '医疗救助金', version: need.version })

  await page.goto(`${server.url}/outreach/campaigns/${campaign.id}`)
  await byTestId('coverage-chart').waitFor()
  await byTestId('targets-table').locator('.el-table__row').nth(5).waitFor()
  await page.waitForTimeout(800)
  await page.screenshot({ path: join(OUT, 'outreach-campaign.png') })

  // The worker's phone: the form of the first target not visited yet.
  const phoneContext = await page.context().browser().newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  })
  const phone = await phoneContext.newPage()
  const P = pageHelpers(() => phone, () => server.url)
  await phone.goto(`${server.url}/login`)
  await P.login('sgwang', DEMO_PASSWORD)
  await phone.waitForURL(`${server.url}/`)
  const open = targets[14]
  await phone.goto(`${server.url}/outreach/visit/${campaign.id}/${open.target_id}`)
  await P.byTestId('visit-target').waitFor()
  await P.byTestId('visit-seen').locator('.el-checkbox').first().click()
  await P.byTestId('visit-check-heating-concern').click()
  await P.byTestId('visit-notes').fill('炉子烟道老化，已提醒开窗通风')
  // Typing scrolled the form to the notes: back to its top.
  await P.byTestId('visit-notes').blur()
  await phone.evaluate(() => document.querySelector('.console-main')?.scrollTo(0, 0))
  await phone.waitForTimeout(500)
  await phone.screenshot({ path: join(OUT, 'visit-form.png') })
  await phoneContext.close()
}

/** 数据看板 of 漯河市 as its administrator opens it (this year so far), after the campaign's visits. */
async function dashboard(server, page, byTestId) {
  await page.goto(`${server.url}/stats`)
  await page.locator('[data-testid="stats-dashboard"][data-loading="false"]').waitFor()
  await byTestId('stats-summary').waitFor()
  await byTestId('stats-trend-chart').waitFor()
  // The charts draw with an animation.
  await page.waitForTimeout(1200)
  await page.screenshot({ path: join(OUT, 'dashboard.png') })
}

async function main() {
  assert.ok(existsSync(BIN), `server binary not found: ${BIN} (set SHEGONG_BIN)`)
  assert.ok(existsSync(join(WEB_ROOT, 'index.html')), `${WEB_ROOT}/index.html missing: run npm run build first`)
  mkdirSync(OUT, { recursive: true })
  const server = await startServer()
  let browser
  try {
    for (const w of WORKERS) addAccount(server.data, { ...w, role: 'social_worker' })
    let page
    const { apiLogin, login, byTestId } = pageHelpers(() => page, () => server.url)
    const token = await apiLogin('luohe', DEMO_PASSWORD)
    const call = async (method, path, body) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      })
      const json = await res.json()
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
      return json
    }

    const workerIds = {}
    for (const region of new Set(WORKERS.map((w) => w.region))) {
      for (const w of (await call('GET', `/workers?region=${region}`)).items) workerIds[w.username] = w.id
    }
    const ids = {}
    for (const { worker, ...p } of PERSONS) {
      const created = await call('POST', '/persons', { ...p, ...(worker ? { worker_id: workerIds[worker] } : {}) })
      ids[p.name] = created.id
    }
    // 张丽丽's earlier 低保 ended when she became 特困: the history shows an ended entry too.
    const entry = await call('POST', `/persons/${ids['张丽丽']}/categories`, { category: 'dibao', start_date: '2019-04-01', end_date: '2023-02-28', document: '源民〔2019〕7号' })
    assert.equal(entry.end_date, '2023-02-28')

    browser = await launchBrowser()
    page = await newPage(browser)
    await page.goto(`${server.url}/login`)
    await login('luohe', DEMO_PASSWORD)
    await page.waitForURL(`${server.url}/`)

    await page.goto(`${server.url}/persons`)
    const rows = byTestId('persons-table').locator('.el-table__body-wrapper .el-table__row')
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="persons-table"] .el-table__body-wrapper .el-table__row').length >= n, PERSONS.length)
    assert.ok((await rows.count()) >= PERSONS.length)
    // The demo seeds persons of its own: the newest first, so that those above lead the list.
    const header = byTestId('persons-table').locator('.el-table__header-wrapper th', { hasText: '更新时间' })
    const first = await rows.first().innerText()
    await header.locator('.sort-caret.descending').click()
    await page.waitForFunction(
      ([sel, before]) => document.querySelector(sel)?.innerText !== before,
      ['[data-testid="persons-table"] .el-table__body-wrapper .el-table__row', first],
    )
    // Clicking the header scrolled the page and the table to it: back to the top left.
    await page.evaluate(() => {
      for (const el of [document.scrollingElement, ...document.querySelectorAll('*')]) {
        if (el && (el.scrollTop || el.scrollLeft)) el.scrollTo(0, 0)
      }
    })
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(OUT, 'persons.png') })

    await page.goto(`${server.url}/persons/${ids['张丽丽']}`)
    await byTestId('person-summary').waitFor()
    await byTestId('category-history').locator('.el-table__row').nth(2).waitFor()
    await page.waitForTimeout(500)
    await page.screenshot({ path: join(OUT, 'person-detail.png') })

    await outreach(server, call, page, byTestId)
    await dashboard(server, page, byTestId)
    console.log(`screenshots written to ${OUT}`)
  } finally {
    await browser?.close().catch(() => undefined)
    await stopServer(server)
  }
}

await main()
