// The register of people served, end to end over HTTP: persons and their checks,
// categories over time, duplicates and merges, the audited full view, spreadsheet
// imports of files made by a real spreadsheet program (LibreOffice), the export read
// back by LibreOffice, and no ID number or phone in the clear in the database file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer, checkedFetch as fetch } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const sheets = join(here, '..', 'fixtures', 'spreadsheets');
let server;

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// A synthetic citizen ID number with a valid check character.
function fakeId(first17) {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0); });

// Every person listed under a region, counted page by page: a list's total stops at
// 10,000 (total_exact false), and the import below brings more.
async function countPersons(region, as) {
  let n = 0;
  for (let page = 1; ; page++) {
    const r = await server.request('GET', `/api/v1/persons?region=${region}&page_size=200&page=${page}&sort=created_at`, { as });
    assert.equal(r.status, 200, r.text);
    n += r.json.items.length;
    if (r.json.items.length < 200) return n;
  }
}

async function upload(as, file, mode, name) {
  const r = await server.request('POST', `/api/v1/imports?mode=${mode}&filename=${encodeURIComponent(name)}`,
    { as, raw: readFileSync(file), headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(r.status, 202, r.text);
  for (let i = 0; i < 600; i++) {
    const job = await server.request('GET', `/api/v1/imports/${r.json.id}`, { as });
    if (job.json.finished_at) return job.json;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the import did not finish');
}

// An import's stored status changes: a walk the vocabulary's machine allows, from being
// queued to `path`'s last, each by the importer, in time order.
async function assertHistory(job, path, by) {
  const machine = (await server.request('GET', '/api/v1/vocabulary')).json.lists.ImportStatus.transitions;
  const allowed = new Set(machine.map((t) => `${t.from}→${t.to}`));
  assert.deepEqual(job.history.map((h) => h.to), path);
  assert.equal(job.history[0].from, null);
  for (let i = 1; i < job.history.length; i++) {
    const h = job.history[i];
    assert.equal(h.from, job.history[i - 1].to);
    assert.ok(allowed.has(`${h.from}→${h.to}`), `${h.from}→${h.to}`);
    assert.ok(Date.parse(h.at) >= Date.parse(job.history[i - 1].at));
  }
  assert.ok(job.history.every((h) => h.by === by));
  assert.equal(job.history.at(-1).at, job.finished_at);
}

test('a person is checked against the ID number, stored masked, found by pinyin, initials and ID', async () => {
  const id = fakeId('41110219520817301');
  const bad = await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '欧阳娜娜', id_number: id, sex: '2', region_code: '411102001001' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'sex'); // the 17th digit is odd: a man
  // The rule's reason: a stable key, its value, and the server's one wording of it.
  assert.deepEqual(bad.json.error.reason, { key: 'sex.mismatch', params: { id_sex: '男', id_sex_en: 'Male' },
    zh: '性别与身份证号不一致（身份证号为男）', en: "the sex differs from the ID number's (Male)" });
  const wrong = await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '欧阳娜娜', id_number: id.slice(0, 17) + (id[17] === '1' ? '2' : '1'), region_code: '411102001001' } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.json.error.field, 'id_number');
  assert.equal(wrong.json.error.reason.key, 'citizen_id.check_character');
  assert.equal(wrong.json.error.reason.zh, '身份证号校验位不正确（可能输错了某一位）');
  const created = await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '欧阳娜娜', id_number: id, phone: '138 0000 4321', region_code: '411102001001', risk_level: 'high' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.sex, '1');
  // The birth date would complete the masked number: a masked view shows the age only.
  assert.equal(created.json.birth_date, null);
  assert.ok(created.json.age >= 73);
  const full = await server.request('POST', `/api/v1/persons/${created.json.id}/reveal`, { as: 'luohe', body: { purpose: '核对出生日期' } });
  assert.equal(full.json.birth_date, '1952-08-17');
  assert.equal(created.json.id_number_masked, `411102********${id.slice(14)}`);
  assert.equal(created.json.phone_masked, '138****4321');
  assert.ok(!created.text.includes(id), 'the full ID number is not in the answer');
  for (const q of ['oyn', 'ouyangnana', 'ouyang', '欧阳', id, id.slice(0, 6) + id.slice(8, 17)]) {
    const found = await server.request('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`, { as: 'luohe' });
    assert.equal(found.status, 200, `${q}: ${found.text}`);
    assert.ok(found.json.items.some((p) => p.id === created.json.id), `found by ${q}`);
  }
  // Someone else's area does not see it, not even by its ID number.
  const other = await server.request('GET', `/api/v1/persons?q=${id}`, { as: 'deqing' });
  assert.equal(other.json.total, 0);
  assert.equal((await server.request('GET', `/api/v1/persons/${created.json.id}`, { as: 'deqing' })).status, 404);
  // The same ID number again is refused with the holder named.
  const again = await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '欧阳娜', id_number: id, region_code: '411102001002' } });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'duplicate_person');
  assert.equal(again.json.error.existing_id, created.json.id);
});

test('the full view needs a purpose and is in the audit trail; a viewer sees masked names', async () => {
  const id = fakeId('41110219400101102');
  const p = (await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '孙秀英', id_number: id, phone: '13912345678', health_notes: '糖尿病', region_code: '411102001001' } })).json;
  const none = await server.request('POST', `/api/v1/persons/${p.id}/reveal`, { as: 'luohe', body: { purpose: '' } });
  assert.equal(none.status, 422);
  assert.equal(none.json.error.field, 'purpose');
  const shown = await server.request('POST', `/api/v1/persons/${p.id}/reveal`, { as: 'luohe', body: { purpose: '入户核对身份' } });
  assert.equal(shown.status, 200);
  assert.deepEqual([shown.json.id_number, shown.json.phone, shown.json.health_notes], [id, '13912345678', '糖尿病']);
  // A search's record keeps no digits that could be a phone or part of an ID number.
  await server.request('GET', '/api/v1/persons?q=13912345678', { as: 'luohe' });
  const searches = (await server.request('GET', '/api/v1/audit?action=person.search', { as: 'auditor' })).json.items;
  assert.ok(searches.every((e) => !e.detail.includes('13912345678')), searches.map((e) => e.detail).join(' | '));
  const trail = await server.request('GET', `/api/v1/audit?record_id=${p.id}`, { as: 'auditor' });
  const reveal = trail.json.items.find((e) => e.action === 'person.reveal');
  assert.ok(reveal, 'the reveal is audited');
  assert.equal(reveal.purpose, '入户核对身份');
  assert.equal(reveal.username, 'luohe');
  await server.request('GET', `/api/v1/persons/${p.id}?purpose=${encodeURIComponent('电话回访')}`, { as: 'luohe' });
  const views = (await server.request('GET', `/api/v1/audit?record_id=${p.id}&action=person.view`, { as: 'auditor' })).json.items;
  assert.equal(views[0].purpose, '电话回访');
  // A viewer of Luohe reads the list with names masked and may not reveal.
  assert.equal(server.cli(['user', 'add', '--username', 'reg_viewer', '--role', 'viewer', '--region', '4111'],
    { SHEGONG_PASSWORD: 'Viewer#2026ab' }).status, 0);
  const login = await server.login('reg_viewer', 'Viewer#2026ab');
  await fetch(`${server.base}/api/v1/auth/password`, { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ current_password: 'Viewer#2026ab', new_password: 'Viewer#2026cd' }) });
  const seen = await server.request('GET', `/api/v1/persons?q=sxy`, { as: 'reg_viewer' });
  assert.equal(seen.json.items[0].name, '孙*英');
  assert.equal((await server.request('POST', `/api/v1/persons/${p.id}/reveal`, { as: 'reg_viewer', body: { purpose: '想看看' } })).status, 403);
});

test('categories keep their history and answer "who held it on that day"', async () => {
  const p = (await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '覃建国', id_number: fakeId('41110219450303101'), region_code: '411102001004',
      categories: [{ category: 'tekun', start_date: '2021-03-01', document: '郾民〔2021〕3号' }] } }));
  assert.equal(p.status, 201, p.text);
  const entry = p.json.category_history[0];
  const overlap = await server.request('POST', `/api/v1/persons/${p.json.id}/categories`, { as: 'luohe',
    body: { category: 'tekun', start_date: '2023-01-01' } });
  assert.equal(overlap.status, 409);
  const ended = await server.request('PATCH', `/api/v1/persons/${p.json.id}/categories/${entry.id}`, { as: 'luohe',
    body: { end_date: '2023-06-30' } });
  assert.equal(ended.status, 200, ended.text);
  assert.equal((await server.request('POST', `/api/v1/persons/${p.json.id}/categories`, { as: 'luohe',
    body: { category: 'dibao', start_date: '2023-07-01' } })).status, 201);
  const on = async (day, cat) => (await server.request('GET',
    `/api/v1/persons?region=4111&category=${cat}&on=${day}&q=tjg`, { as: 'luohe' })).json.items.map((x) => x.id);
  assert.deepEqual(await on('2023-05-31', 'tekun'), [p.json.id]);
  assert.deepEqual(await on('2023-12-31', 'tekun'), []);
  assert.deepEqual(await on('2023-12-31', 'dibao'), [p.json.id]);
  const detail = (await server.request('GET', `/api/v1/persons/${p.json.id}`, { as: 'luohe' })).json;
  assert.deepEqual(detail.category_history.map((e) => [e.category, e.end_date]), [['dibao', null], ['tekun', '2023-06-30']]);
});

test('a likely duplicate is shown before it is made, and a merge can be undone', async () => {
  const a = (await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '邓桂兰', birth_date: '1939-12-01', region_code: '411102001001',
      categories: [{ category: 'elderly_in_difficulty', start_date: '2022-01-01' }] } })).json;
  const b = await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '邓桂兰', birth_date: '1939-12-01', region_code: '411102001003' } });
  assert.equal(b.status, 409);
  assert.equal(b.json.error.code, 'possible_duplicate');
  assert.deepEqual(b.json.error.candidates.map((c) => c.id), [a.id]);
  const made = await server.request('POST', '/api/v1/persons', { as: 'luohe',
    body: { name: '邓桂兰', birth_date: '1939-12-01', region_code: '411102001003', allow_duplicate: true,
      categories: [{ category: 'dibao', start_date: '2020-01-01' }] } });
  assert.equal(made.status, 201);
  const dups = await server.request('GET', `/api/v1/persons/${a.id}/duplicates`, { as: 'luohe' });
  assert.deepEqual(dups.json.items.map((x) => x.id), [made.json.id]);
  const merged = await server.request('POST', `/api/v1/persons/${a.id}/merge`, { as: 'luohe',
    body: { other_id: made.json.id, reason: '同一人重复登记' } });
  assert.equal(merged.status, 200, merged.text);
  assert.deepEqual(merged.json.category_history.map((e) => e.category).sort(), ['dibao', 'elderly_in_difficulty']);
  assert.deepEqual(merged.json.merged.map((m) => m.id), [made.json.id]);
  const listed = await server.request('GET', '/api/v1/persons?q=dgl', { as: 'luohe' });
  assert.deepEqual(listed.json.items.map((x) => x.id), [a.id]);
  const undone = await server.request('POST', `/api/v1/persons/${made.json.id}/unmerge`, { as: 'luohe', body: { reason: '核实为两人' } });
  assert.equal(undone.status, 200, undone.text);
  assert.deepEqual(undone.json.category_history.map((e) => e.category), ['dibao']);
  const back = (await server.request('GET', `/api/v1/persons/${a.id}`, { as: 'luohe' })).json;
  assert.deepEqual(back.category_history.map((e) => e.category), ['elderly_in_difficulty']);
  const trail = (await server.request('GET', `/api/v1/audit?record_id=${a.id}&action=person.merge`, { as: 'auditor' })).json;
  assert.equal(trail.items[0].purpose, '同一人重复登记');
});

test('an XLSX of 10,000 rows made by LibreOffice: exactly the known bad rows are reported, a re-run adds nothing', async () => {
  const expected = JSON.parse(readFileSync(join(sheets, 'ten-thousand.expected.json'), 'utf8'));
  const before = await countPersons('330521', 'deqing');
  const job = await upload('deqing', join(sheets, 'ten-thousand.xlsx'), 'valid_rows', '花名册.xlsx');
  assert.equal(job.status, 'done', job.message);
  assert.equal(job.total_rows, 10000);
  assert.equal(job.failed_rows, expected.length);
  assert.equal(job.created, 10000 - expected.length);
  assert.equal(job.committed, true);
  await assertHistory(job, ['queued', 'reading', 'checking', 'writing', 'done'], 'deqing');
  const listed = (await server.request('GET', '/api/v1/imports?page_size=5', { as: 'deqing' })).json.items;
  assert.ok(listed.some((j) => j.id === job.id) && listed.every((j) => j.history === undefined), 'lists leave history out');
  const got = job.errors.map((e) => `${e.row} ${e.column}`).sort();
  assert.deepEqual(got, expected.map((e) => `${e.row} ${e.column}`).sort());
  // The reasons are in the words of the people who fix the spreadsheet.
  const words = { id_check_digit: '校验位', duplicate_in_file: '重复', unknown_category: '人员类别', birth_mismatch: '不一致',
    sex_mismatch: '不一致', invalid_phone: '位', unknown_region: '村(社区)', invalid_date: '日期', missing_name: '姓名为空',
    id_precision_lost: '丢失' };
  for (const e of expected) {
    const reason = job.errors.find((x) => x.row === e.row).reason;
    assert.ok(reason.includes(words[e.kind]), `row ${e.row} (${e.kind}): ${reason}`);
  }
  const report = await server.request('GET', `/api/v1/imports/${job.id}/errors`, { as: 'deqing' });
  assert.equal(report.status, 200);
  assert.equal(report.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const again = await upload('deqing', join(sheets, 'ten-thousand.xlsx'), 'valid_rows', '花名册.xlsx');
  assert.equal(again.created, 0);
  assert.equal(again.unchanged, 10000 - expected.length);
  const count = await server.request('GET', '/api/v1/persons?region=330521&page_size=1', { as: 'deqing' });
  assert.deepEqual([count.json.total, count.json.total_exact], [10000, false], 'the total stops at 10,000, and says so');
  assert.equal(await countPersons('330521', 'deqing') - before, 10000 - expected.length);
});

test('all or nothing: numbers stored as numbers lose ID digits, and nothing is written until the file is right', async () => {
  const expected = JSON.parse(readFileSync(join(sheets, 'numbers.expected.json'), 'utf8'));
  const before = (await server.request('GET', '/api/v1/persons?region=4111&page_size=1', { as: 'luohe' })).json.total;
  const job = await upload('luohe', join(sheets, 'numbers.xlsx'), 'all_or_nothing', 'numbers.xlsx');
  assert.equal(job.committed, false);
  assert.equal(job.created, 0);
  await assertHistory(job, ['queued', 'reading', 'checking', 'done'], 'luohe'); // refused after checking: never writing
  assert.deepEqual(job.errors.map((e) => [e.row, e.column]), expected.map((e) => [e.row, e.column]));
  assert.equal((await server.request('GET', '/api/v1/persons?region=4111&page_size=1', { as: 'luohe' })).json.total, before);
  const good = await upload('luohe', join(sheets, 'numbers.xlsx'), 'valid_rows', 'numbers.xlsx');
  assert.equal(good.created, 22 - expected.length);
  // A phone stored as a number came through as its digits.
  const people = (await server.request('GET', '/api/v1/persons?region=4111&page_size=200&sort=-created_at', { as: 'luohe' })).json.items;
  assert.ok(people.some((p) => /^1\d\d\*{4}\d{4}$/.test(p.phone_masked)));
});

test('a file with no header row fails while it is read, and says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shegong-'));
  const file = join(dir, 'no-header.csv');
  writeFileSync(file, Array.from({ length: 12 }, (_, i) => `行${i},${i}`).join('\n'));
  const job = await upload('luohe', file, 'valid_rows', 'no-header.csv');
  rmSync(dir, { recursive: true });
  assert.equal(job.status, 'failed');
  assert.equal(job.committed, false);
  assert.match(job.message, /表头/);
  await assertHistory(job, ['queued', 'reading', 'failed'], 'luohe');
});

test('an upload refused because too many imports wait leaves no job behind', async () => {
  const listed = async () => (await server.request('GET', '/api/v1/imports?page_size=1', { as: 'luohe' })).json.total;
  const before = await listed();
  const bytes = readFileSync(join(sheets, 'ten-thousand.xlsx'));
  const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => server.request('POST',
    `/api/v1/imports?mode=all_or_nothing&filename=wave-${i}.xlsx`,
    { as: 'luohe', raw: bytes, headers: { 'content-type': 'application/octet-stream' } })));
  const accepted = answers.filter((a) => a.status === 202).length;
  const refused = answers.filter((a) => a.status === 429);
  assert.equal(accepted + refused.length, 16, answers.map((a) => a.status).join(','));
  assert.ok(refused.length > 0, 'the queue holds eight');
  assert.ok(refused.every((a) => a.json.error.code === 'rate_limited'));
  assert.equal(await listed() - before, accepted, 'one job for each accepted upload, none for a refused one');
  // Let the wave finish before the next test.
  for (const a of answers.filter((x) => x.status === 202))
    for (let i = 0; i < 600; i++) {
      if ((await server.request('GET', `/api/v1/imports/${a.json.id}`, { as: 'luohe' })).json.finished_at) break;
      await new Promise((res) => setTimeout(res, 200));
    }
});

test('a GBK CSV and an XLSX with merged header cells are read as bureaus save them', async () => {
  const gbk = await upload('luohe', join(sheets, 'gbk.csv'), 'all_or_nothing', 'gbk.csv');
  assert.equal(gbk.failed_rows, 0, JSON.stringify(gbk.errors));
  assert.equal(gbk.created + gbk.unchanged, 20);
  const text = execFileSync('iconv', ['-f', 'GB18030', '-t', 'UTF-8', join(sheets, 'gbk.csv')]).toString();
  const firstName = text.split(/\r?\n/)[1].split(',')[0];
  const found = await server.request('GET', `/api/v1/persons?q=${encodeURIComponent(firstName)}`, { as: 'luohe' });
  assert.ok(found.json.items.some((p) => p.name === firstName), `${firstName} is found by name`);
  const merged = await upload('luohe', join(sheets, 'merged-header.xlsx'), 'all_or_nothing', 'merged.xlsx');
  assert.equal(merged.failed_rows, 0, JSON.stringify(merged.errors));
  assert.equal(merged.created + merged.unchanged, 10);
});

test('the export opens in LibreOffice with the same rows, and is audited', async () => {
  const list = { items: [], total: 0 };
  for (let page = 1; ; page++) {
    const r = (await server.request('GET', `/api/v1/persons?region=411102&page_size=200&page=${page}`, { as: 'luohe' })).json;
    list.items.push(...r.items);
    list.total = r.total;
    if (page * 200 >= r.total) break;
  }
  const res = await fetch(`${server.base}/api/v1/persons/export?region=411102&unmasked=true&purpose=${encodeURIComponent('年度核查')}`,
    { headers: { authorization: `Bearer ${server.tokens.luohe}` } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'shegong-export-'));
  try {
    writeFileSync(join(dir, 'export.xlsx'), Buffer.from(await res.arrayBuffer()));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'export.xlsx')], { stdio: 'ignore' });
    const lines = readFileSync(join(dir, 'export.csv'), 'utf8').trim().split(/\r?\n/);
    assert.equal(lines[0].split(',')[0], '姓名');
    assert.equal(lines.length - 1, list.total);
    const names = lines.slice(1).map((l) => l.split(',')[0]).sort();
    assert.deepEqual(names, list.items.map((p) => p.name).sort());
    assert.ok(lines.slice(1).every((l) => /^[^,]*,[^,]*,[^,]*,(\d{17}[\dX])?,/.test(l)), 'unmasked ID numbers');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const trail = (await server.request('GET', '/api/v1/audit?action=person.export', { as: 'auditor' })).json;
  assert.equal(trail.items[0].purpose, '年度核查');
  const masked = await server.request('GET', '/api/v1/persons/export?region=411102&unmasked=true', { as: 'luohe' });
  assert.equal(masked.status, 422);
  assert.equal(masked.json.error.field, 'purpose');
});

test('no ID number or phone number stands in the clear in the database file', { skip: process.env.SHEGONG_API_PG ? 'SQLite only' : false }, async () => {
  // Every ID number and phone the fixtures and this suite put in: read them back in full.
  const ids = new Set();
  const phones = new Set();
  for (let page = 1; ; page++) {
    const r = (await server.request('GET', `/api/v1/persons?page_size=200&page=${page}`, { as: 'deqing' })).json;
    for (const p of r.items) {
      const full = (await server.request('POST', `/api/v1/persons/${p.id}/reveal`, { as: 'deqing', body: { purpose: '明文扫描测试' } })).json;
      if (full.id_number) ids.add(full.id_number);
      if (full.phone) phones.add(full.phone);
    }
    if (page * 200 >= r.total || page >= 2) break; // 400 people are plenty, and keep the trail short
  }
  for (const who of ['luohe']) {
    const r = (await server.request('GET', `/api/v1/persons?page_size=200`, { as: who })).json;
    for (const p of r.items) {
      const full = (await server.request('POST', `/api/v1/persons/${p.id}/reveal`, { as: who, body: { purpose: '明文扫描测试' } })).json;
      if (full.id_number) ids.add(full.id_number);
      if (full.phone) phones.add(full.phone);
    }
  }
  assert.ok(ids.size > 450 && phones.size > 100, `${ids.size} ID numbers, ${phones.size} phones`);
  const files = ['shegong.db', 'shegong.db-wal'].map((f) => join(server.dir, 'data', f)).filter(existsSync);
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  const found = [...ids, ...phones].filter((v) => bytes.includes(Buffer.from(v)));
  assert.deepEqual(found, [], 'plaintext personal identifiers in the database file');
  // The check can fail: a name stored in the clear is found.
  assert.ok(bytes.includes(Buffer.from('欧阳娜娜')));
});

test('a key can be retired: key rotation reseals every personal field and kept failed rows', { skip: process.env.SHEGONG_API_PG ? 'SQLite only' : false }, async () => {
  const person = (await server.request('GET', '/api/v1/persons?region=411102&page_size=1', { as: 'luohe' })).json.items[0];
  const jobs = (await server.request('GET', '/api/v1/imports?page_size=50', { as: 'deqing' })).json.items;
  const failed = jobs.find((j) => j.failed_rows > 0);
  assert.ok(person && failed, 'a person and an import with failed rows to check');
  const before = (await server.request('POST', `/api/v1/persons/${person.id}/reveal`, { as: 'luohe', body: { purpose: '轮换密钥前核对' } })).json;
  assert.equal(await server.stop({ keep: true }), 0);

  const bin = process.env.SHEGONG_BIN;
  const keys = join(server.dir, 'data', 'keys');
  const oldKeys = readFileSync(keys, 'utf8');
  const fresh = execFileSync(bin, ['keys', 'generate', '--id', 'k2']).toString().trim();
  writeFileSync(keys, `${oldKeys.trimEnd()}\n${fresh}\n`);
  const out = execFileSync(bin, ['keys', 'rotate', ...server.storeArgs]).toString();
  const [, , people, rows] = out.match(/resealed (\d+) account secret\(s\), (\d+) person\/household record\(s\) and (\d+) failed import row\(s\)/) ?? [];
  assert.ok(Number(people) > 300 && Number(rows) >= 40, out);
  // Retire the old key: only the new one is left, and nothing is lost.
  writeFileSync(keys, `${fresh}\n`);
  const again = execFileSync(bin, ['keys', 'rotate', ...server.storeArgs]).toString();
  assert.match(again, /resealed 0 account secret\(s\), 0 person\/household record\(s\) and 0 failed import row\(s\)/);

  const { spawn } = await import('node:child_process');
  const child = spawn(bin, ['serve', '--port', '0', '--web-root', join(server.dir, 'web'), ...server.storeArgs],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SHEGONG_REQUIRE_TOTP: 'false' } });
  try {
    const port = await new Promise((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`no start: ${err}`)), 60_000);
      child.stderr.on('data', (d) => {
        err += d;
        const m = /serving on http:\/\/[\d.]+:(\d+)/.exec(err);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      child.on('exit', (c) => reject(new Error(`exited ${c}: ${err}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const login = async (username) => (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Shegong@2026' }) })).json()).token;
    const luohe = await login('luohe');
    const shown = await fetch(`${base}/api/v1/persons/${person.id}/reveal`, { method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${luohe}` }, body: JSON.stringify({ purpose: '轮换密钥后核对' }) });
    assert.equal(shown.status, 200);
    assert.deepEqual(await shown.json(), before);
    const byId = await fetch(`${base}/api/v1/persons?q=${before.id_number}`, { headers: { authorization: `Bearer ${luohe}` } });
    assert.equal((await byId.json()).total, 1, 'the blind index was recomputed under the new key');
    const deqing = await login('deqing');
    const report = await fetch(`${base}/api/v1/imports/${failed.id}/errors`, { headers: { authorization: `Bearer ${deqing}` } });
    assert.equal(report.status, 200);
  } finally {
    child.kill('SIGTERM');
  }
});
