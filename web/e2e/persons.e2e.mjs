// The register of people served (docs/persons.md) as a person uses it in the console,
// against the real shegong server in demo mode:
//   SHEGONG_BIN=/abs/path/to/shegong SHEGONG_ROOT=/abs/repo npm run e2e
// `luohe` is the demo civil-affairs administrator of 漯河市 (411100000000); the demo
// server does not require a second factor.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { addAccount, cspViolations, DEMO_PASSWORD, launchBrowser, newPage, pageHelpers, RESULTS, startForTest, stopServer } from './lib.mjs'

const LUOHE = { username: 'luohe', password: DEMO_PASSWORD }
/** 漯河市 → 源汇区 → 老街街道 → a community of the regions fixture, as the cascader of a Luohe account shows it. */
const BINXI = ['漯河市', '源汇区', '老街街道', '滨西社区居民委员会']
const XINHUA_CODE = '411102001002'
const BINXI_CODE = '411102001001'
/** Social workers of two villages: only the one of 滨西社区 may be responsible for a person there. */
const WORKER = { username: 'wangfang', displayName: '王芳', region: BINXI_CODE }
const OTHER_WORKER = { username: 'chenjing', displayName: '陈静', region: XINHUA_CODE }

let server
let baseUrl
let browser
let page

const { byTestId, pickRegion, pickOption, save, login, apiLogin } = pageHelpers(() => page, () => baseUrl)

/** GET of the API as luohe. */
async function apiGet(path) {
  const token = await apiLogin(LUOHE.username, LUOHE.password)
  const res = await fetch(`${baseUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(res.status, 200, `GET ${path}`)
  return res.json()
}

/** GB 11643 check character of 17 digits. */
function idCheckChar(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]
  return '10X98765432'[sum % 11]
}

/** A valid 18-character ID number of 源汇区 (411102) born on `birth` (YYYYMMDD); the sequence's parity gives the sex. */
function makeIdNumber(birth, sex) {
  let seq = randomInt(0, 1000)
  if ((seq % 2 === 1) !== (sex === 'male')) seq = (seq + 1) % 1000
  const first17 = `411102${birth}${String(seq).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

const PERSON = {
  name: '邬晓岚',
  initials: 'wxl',
  pinyin: 'wuxiaolan',
  idNumber: makeIdNumber('19560312', 'female'),
  birthDate: '1956-03-12',
  phone: '13812345678',
}

/** Waits for the next download while `action` runs; answers its bytes. */
async function downloadOf(action) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), action()])
  const path = await download.path()
  return { name: download.suggestedFilename(), bytes: readFileSync(path) }
}

const isZip = (bytes) => bytes.length > 4 && bytes.subarray(0, 2).toString('latin1') === 'PK'

before(async () => {
  server = await startForTest()
  baseUrl = server.url
  for (const w of [WORKER, OTHER_WORKER]) addAccount(server.data, { ...w, role: 'social_worker' })
  browser = await launchBrowser()
  page = await newPage(browser)
})

after(async () => {
  await browser?.close().catch(() => undefined)
  if (server) await stopServer(server)
})

test('the ID number helper of this test gives valid check characters', () => {
  // The specimen number of GB 11643.
  assert.equal(idCheckChar('11010519491231002'), 'X')
  assert.match(PERSON.idNumber, /^41110219560312\d{3}[\dX]$/)
  assert.equal(Number(PERSON.idNumber[16]) % 2, 0, 'an even sequence: a woman')
})

test('the civil-affairs administrator sees the service menu and the persons list', async () => {
  await page.goto(`${baseUrl}/login`)
  await login(LUOHE.username, LUOHE.password)
  await page.waitForURL(`${baseUrl}/`)
  assert.match(await byTestId('menu-service').innerText(), /服务对象/)
  for (const [id, text] of [['menu-persons', '人员'], ['menu-households', '家庭户'], ['menu-imports', '批量导入']]) {
    assert.match(await byTestId(id).innerText(), new RegExp(text))
  }
  await byTestId('menu-persons').click()
  await page.waitForURL(/\/persons$/)
  await byTestId('persons-table').waitFor()
  assert.equal(await byTestId('persons-q').getAttribute('placeholder'), '姓名/拼音/首字母/身份证号')
})

test('a person is added in a Luohe community through the dialog', async () => {
  await byTestId('person-create').click()
  await byTestId('person-dialog').waitFor()
  await byTestId('person-name').fill(PERSON.name)
  await byTestId('person-id-number').fill(PERSON.idNumber)
  // Sex and birth date follow the ID number.
  await page.waitForFunction(
    (birth) => document.querySelector('[data-testid="person-field-birth_date"] input')?.value === birth,
    PERSON.birthDate,
  )
  assert.match(await byTestId('person-field-sex').innerText(), /女/)
  await byTestId('person-phone').fill(PERSON.phone)
  await pickRegion('person-field-region_code', BINXI)
  // The responsible worker is one of those GET /workers lists for the village: the
  // social worker of 滨西社区, not the one of 新华社区.
  await byTestId('person-field-worker_id').locator('.el-select__wrapper').click()
  const workers = page.locator('.el-select-dropdown:visible')
  await workers.locator('.el-select-dropdown__item', { hasText: WORKER.displayName }).waitFor()
  const offered = await workers.locator('.el-select-dropdown__item').allInnerTexts()
  assert.ok(!offered.some((o) => o.includes(OTHER_WORKER.displayName)), `only 滨西社区's workers: ${offered.join(' | ')}`)
  assert.ok(offered.some((o) => o.includes(WORKER.displayName) && o.includes('社工')), offered.join(' | '))
  await workers.locator('.el-select-dropdown__item', { hasText: WORKER.displayName }).click()
  await pickOption('person-field-living_situation', '独居')
  await pickOption('person-field-risk_level', '高')
  await byTestId('person-add-category').click()
  await pickOption('person-category-0', '特困人员')
  await save('person-save')
  await page.locator('.el-message--success', { hasText: `已新增人员 ${PERSON.name}` }).waitFor()
})

test('the list shows the person with the ID number and phone masked', async () => {
  await byTestId('persons-q').fill(PERSON.name)
  await byTestId('persons-search').click()
  const row = byTestId('persons-table').locator('.el-table__row', { hasText: PERSON.name })
  await row.waitFor()
  const text = await row.innerText()
  assert.ok(!text.includes(PERSON.idNumber), `the full ID number is not shown: ${text}`)
  assert.ok(!text.includes(PERSON.phone), `the full phone is not shown: ${text}`)
  const maskedId = text.match(/\d{6}\*+\d{3}[\dX]/)
  assert.ok(maskedId, `a masked ID number in: ${text}`)
  assert.ok(maskedId[0].startsWith(PERSON.idNumber.slice(0, 6)) && maskedId[0].endsWith(PERSON.idNumber.slice(-4)), maskedId[0])
  assert.match(text, /\d{3}\*{4}\d{4}/)
  // The list shows the age, not the birth date (it would complete the masked ID number).
  const born = new Date(PERSON.birthDate)
  const now = new Date(Date.now() + 8 * 3600 * 1000)
  let age = now.getUTCFullYear() - born.getUTCFullYear()
  if (now.getUTCMonth() < born.getUTCMonth() || (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate())) age -= 1
  assert.ok(!text.includes(PERSON.birthDate), `the birth date is not shown: ${text}`)
  for (const want of ['女', `${age}岁`, '滨西社区', '特困人员', '高', WORKER.displayName]) assert.ok(text.includes(want), `${want} in: ${text}`)
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 6_000 }).catch(() => undefined)
  await page.screenshot({ path: join(RESULTS, 'persons.png'), fullPage: true })
})

test('the person is found by pinyin initials and by full pinyin', async () => {
  for (const q of [PERSON.initials, PERSON.pinyin]) {
    await byTestId('persons-q').fill(q)
    await byTestId('persons-search').click()
    await byTestId('persons-table').locator('.el-table__row', { hasText: PERSON.name }).waitFor()
  }
})

test('the detail page shows the summary masked and reveals the full number for a stated purpose', async () => {
  const row = byTestId('persons-table').locator('.el-table__row', { hasText: PERSON.name })
  await row.locator('[data-testid^="person-row-"]').click()
  await page.waitForURL(/\/persons\/[0-9a-f-]{36}$/)
  await byTestId('person-summary').waitFor()
  assert.equal((await byTestId('person-detail-name').innerText()).trim(), PERSON.name)
  const masked = await byTestId('person-id-masked').innerText()
  assert.notEqual(masked.trim(), PERSON.idNumber)
  assert.match(masked, /\*/)
  assert.match(await byTestId('category-history').innerText(), /特困人员/)

  await byTestId('person-reveal').click()
  await byTestId('reveal-dialog').waitFor()
  // No purpose, no reveal.
  await byTestId('reveal-submit').click()
  await byTestId('reveal-field-purpose').locator('.el-form-item__error').filter({ hasText: '请填写用途' }).waitFor()
  await byTestId('reveal-purpose').fill('入户走访核对身份')
  await byTestId('reveal-submit').click()
  await byTestId('reveal-id-number').waitFor()
  assert.equal((await byTestId('reveal-id-number').innerText()).trim(), PERSON.idNumber)
  assert.equal((await byTestId('reveal-phone').innerText()).trim(), PERSON.phone)
  await page.screenshot({ path: join(RESULTS, 'person-reveal.png'), fullPage: true })

  // Closed, the full number is gone; opening again asks for a purpose again.
  await page.keyboard.press('Escape')
  await byTestId('reveal-dialog').waitFor({ state: 'hidden' })
  assert.equal(await byTestId('reveal-id-number').count(), 0)
  await byTestId('person-reveal').click()
  await byTestId('reveal-purpose').waitFor()
  assert.equal(await byTestId('reveal-id-number').count(), 0)
  await page.keyboard.press('Escape')
  await byTestId('reveal-dialog').waitFor({ state: 'hidden' })
})

test('an edit sets the addresses and the cadre in charge, and a second edit clears the cadre', async () => {
  const id = page.url().split('/').pop()
  await byTestId('person-edit').click()
  await byTestId('person-dialog').waitFor()
  await byTestId('person-current-address').fill('滨西路 18 号院 3 单元')
  await byTestId('person-registered-address').fill('漯河市源汇区老街街道')
  await byTestId('person-cadre-contact').fill('村委 李主任')
  await save('person-save')
  const summary = byTestId('person-summary')
  await summary.filter({ hasText: '村委 李主任' }).waitFor()
  assert.match(await summary.innerText(), /滨西路 18 号院 3 单元/)
  assert.match(await summary.innerText(), /漯河市源汇区老街街道/)
  assert.match(await summary.innerText(), new RegExp(WORKER.displayName), 'the worker is kept')

  await byTestId('person-edit').click()
  await byTestId('person-dialog').waitFor()
  await byTestId('person-cadre-contact').fill('')
  await save('person-save')
  await page.waitForFunction(() => !document.querySelector('[data-testid="person-summary"]')?.textContent?.includes('村委 李主任'))
  // What the page shows is what the server holds.
  const stored = await apiGet(`/persons/${id}`)
  assert.equal(stored.cadre_contact, '')
  assert.equal(stored.current_address, '滨西路 18 号院 3 单元')
  assert.equal(stored.worker_name, WORKER.displayName)
})

test('an all-or-nothing import with a bad row writes nothing and says why', async () => {
  const header = '姓名,身份证号,性别,出生日期,联系电话,户籍地址,现居住地,所属村(社区),人员类别,认定日期,认定文件,居住状况,风险等级,备注'
  const good = makeIdNumber('19390505', 'male')
  const csv = Buffer.from(`${header}\r\n罗建业,${good},,,,,,${XINHUA_CODE},特困人员,2024-01-01,,,,\r\n马坏行,4111021939,,,,,,${XINHUA_CODE},,,,,,\r\n`, 'utf8')
  await byTestId('menu-imports').click()
  await page.waitForURL(/\/imports$/)
  await byTestId('imports-upload').locator('input[type=file]').setInputFiles({ name: '人员e2e-bad.csv', mimeType: 'text/csv', buffer: csv })
  await byTestId('imports-mode-all_or_nothing').click()
  await byTestId('imports-start').click()
  await byTestId('imports-job').filter({ hasText: '人员e2e-bad.csv' }).waitFor()
  await page.locator('[data-testid="imports-status"][data-status="done"]').waitFor({ timeout: 60_000 })
  const warning = await byTestId('imports-not-committed').innerText()
  assert.match(warning, /未写入任何数据/)
  // Its stored steps: refused after checking, never written.
  assert.deepEqual(await byTestId('imports-steps').locator('li').evaluateAll((li) => li.map((x) => x.textContent.trim().split(' ')[0])),
    ['排队中', '读取文件', '校验中', '完成'])
  const count = async (tid) => Number((await byTestId(tid).locator('.el-statistic__content').innerText()).replace(/[^0-9]/g, ''))
  assert.equal(await count('imports-created'), 0)
  assert.equal(await count('imports-failed'), 1)
  const errors = await byTestId('imports-errors').innerText()
  assert.match(errors, /3/)
  assert.match(errors, /身份证号/)
  // The good row was not written either.
  const found = await apiGet(`/persons?q=${good}`)
  assert.equal(found.total, 0)
})

test('a CSV file is imported and the job reaches 完成; a second run adds nothing', async () => {
  const rows = [
    { name: '韩梅梅', id: makeIdNumber('19480302', 'female') },
    { name: '欧阳建国', id: makeIdNumber('19511001', 'male') },
  ]
  const header = '姓名,身份证号,性别,出生日期,联系电话,户籍地址,现居住地,所属村(社区),人员类别,认定日期,认定文件,居住状况,风险等级,备注'
  const lines = rows.map((r) => `${r.name},${r.id},,,,,,${XINHUA_CODE},特困人员,2024-01-01,,,,e2e`)
  const csv = Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`, 'utf8')

  await byTestId('menu-imports').click()
  await page.waitForURL(/\/imports$/)
  const template = await downloadOf(() => byTestId('imports-template').click())
  assert.ok(isZip(template.bytes), `the template is an XLSX (${template.name})`)

  for (const [run, expected] of [[1, { created: 2, unchanged: 0 }], [2, { created: 0, unchanged: 2 }]]) {
    await byTestId('imports-upload').locator('input[type=file]').setInputFiles({ name: `人员e2e-${run}.csv`, mimeType: 'text/csv', buffer: csv })
    await byTestId('imports-mode-valid_rows').click()
    await byTestId('imports-start').click()
    await byTestId('imports-job').filter({ hasText: `人员e2e-${run}.csv` }).waitFor()
    await page.locator('[data-testid="imports-status"][data-status="done"]').waitFor({ timeout: 60_000 })
    assert.match(await byTestId('imports-status').innerText(), /完成/)
    const count = async (id) => Number((await byTestId(id).locator('.el-statistic__content').innerText()).replace(/[^0-9]/g, ''))
    assert.deepEqual(
      { created: await count('imports-created'), unchanged: await count('imports-unchanged'), failed: await count('imports-failed') },
      { ...expected, failed: 0 },
      `run ${run}`,
    )
    await byTestId('imports-history').locator('.el-table__row', { hasText: `人员e2e-${run}.csv` }).waitFor()
  }
  await page.screenshot({ path: join(RESULTS, 'imports.png'), fullPage: true })

  await byTestId('menu-persons').click()
  await page.waitForURL(/\/persons$/)
  await byTestId('persons-q').fill('oyjg')
  await byTestId('persons-search').click()
  await byTestId('persons-table').locator('.el-table__row', { hasText: '欧阳建国' }).waitFor()
})

test('the filtered list is exported to Excel, masked and unmasked with a purpose', async () => {
  await byTestId('persons-q').fill('')
  await byTestId('persons-search').click()
  await byTestId('persons-table').locator('.el-table__row').first().waitFor()

  await byTestId('persons-export').click()
  await byTestId('person-export-dialog').waitFor()
  const masked = await downloadOf(() => byTestId('person-export-save').click())
  assert.ok(isZip(masked.bytes), `an XLSX file (${masked.name})`)
  assert.match(masked.name, /\.xlsx$/)
  await byTestId('person-export-dialog').waitFor({ state: 'hidden' })

  await byTestId('persons-export').click()
  await byTestId('person-export-unmasked').click()
  // Unmasked wants a purpose.
  await byTestId('person-export-save').click()
  await byTestId('person-export-field-purpose').locator('.el-form-item__error').filter({ hasText: '请填写用途' }).waitFor()
  await byTestId('person-export-purpose').fill('年度核查')
  const full = await downloadOf(() => byTestId('person-export-save').click())
  assert.ok(isZip(full.bytes), `an XLSX file (${full.name})`)
  await byTestId('person-export-dialog').waitFor({ state: 'hidden' })
})

test('every page above ran under the Content-Security-Policy without a refusal', () => {
  assert.deepEqual(cspViolations, [])
})
