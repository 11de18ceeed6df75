// Outreach rules found by reading the whole change: a target's risk rises with its
// members; people imported into a category join an active campaign; a social worker
// corrects only their own visits; a correction that moves the first visit moves
// first_visit_at; a need's outcome and value count for the worker who found it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { uuidv7, addUser, chinaDate, addDays, at } from './outreach-helpers.mjs';

let server;
let T; // today in China
const village = '330521001003'; // 春晖社区 (武康街道), where the demo puts nobody
const township = '330521001000';
const U = {};

// A synthetic 18-digit ID number with a valid GB 11643 check character.
function citizenId(birth, seq) {
  const body = '330521' + birth + seq;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

async function rq(method, path, as, body) {
  return server.request(method, path, { as, body });
}
async function ok(method, path, as, body, status = [200, 201]) {
  const r = await rq(method, path, as, body);
  assert.ok([].concat(status).includes(r.status), `${as} ${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  server = await startServer();
  T = chinaDate();
  U.admin = await addUser(server, 'rules_admin', 'civil_affairs_admin', '330521');
  U.manager = await addUser(server, 'rules_mgr', 'station_manager', township);
  U.a = await addUser(server, 'rules_a', 'social_worker', township);
  U.b = await addUser(server, 'rules_b', 'social_worker', township);
});
after(async () => { assert.equal(await server.stop(), 0); });

async function person(name, birth, seq, risk, category, household_id) {
  const p = await ok('POST', '/api/v1/persons', 'rules_admin', {
    name, id_number: citizenId(birth, seq), region_code: village, risk_level: risk,
    ...(household_id ? { household_id, relation: 'other' } : {}),
    ...(category ? { categories: [{ category, start_date: addDays(T, -400) }] } : {}) });
  return p;
}

async function campaign(categories) {
  const c = await ok('POST', '/api/v1/campaigns', 'rules_admin', { id: uuidv7(), name: '规则测试', region_code: township,
    starts_on: addDays(T, -20), ends_on: addDays(T, 60), categories });
  return ok('POST', `/api/v1/campaigns/${c.id}/start`, 'rules_admin', { version: c.version });
}

async function targetOf(c, id) {
  const r = await ok('GET', `/api/v1/campaigns/${c.id}/targets?page_size=200`, 'rules_admin');
  return r.items.find((t) => t.target_id === id);
}

test('a target visited quarterly becomes weekly when a high-risk member comes to hold a target category', async () => {
  const h = await ok('POST', '/api/v1/households', 'rules_admin', { region_code: village, address: '春晖路8号' });
  await person('规则低', '19500101', '101', 'low', 'dibao', h.id);
  const high = await person('规则高', '19400202', '203', 'high', null, h.id);
  const c = await campaign(['dibao', 'tekun']);
  let t = await targetOf(c, h.id);
  assert.equal(t.risk_level, 'low');
  assert.equal(t.next_due_on, addDays(c.starts_on, 90));
  await ok('POST', `/api/v1/persons/${high.id}/categories`, 'rules_admin', { category: 'tekun', start_date: addDays(T, -1) });
  t = await targetOf(c, h.id);
  assert.equal(t.risk_level, 'high');
  assert.equal(t.next_due_on, addDays(c.starts_on, 7));
  assert.equal(t.due_state, 'overdue');
});

test('people imported into a target category join the active campaign', async () => {
  const c = await campaign(['orphan']);
  const before = (await ok('GET', `/api/v1/campaigns/${c.id}`, 'rules_admin')).targets;
  const csv = `姓名,身份证号,所属村(社区),人员类别,认定日期\n规则导入,${citizenId('20150505', '306')},${village},孤儿,${addDays(T, -3)}\n`;
  const job = await server.request('POST', '/api/v1/imports?mode=valid_rows&filename=rules.csv',
    { as: 'rules_admin', raw: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  assert.equal(job.status, 202, job.text);
  let done;
  for (let i = 0; i < 100 && !done; i++) {
    const j = await ok('GET', `/api/v1/imports/${job.json.id}`, 'rules_admin');
    if (j.status === 'done' || j.status === 'failed') done = j;
    else await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(done?.created, 1, JSON.stringify(done));
  const after = await ok('GET', `/api/v1/campaigns/${c.id}`, 'rules_admin');
  assert.equal(after.targets, before + 1);
  const found = await ok('GET', `/api/v1/campaigns/${c.id}/targets?q=${encodeURIComponent('规则导入')}`, 'rules_admin');
  assert.equal(found.total, 1);
  assert.equal(found.items[0].kind, 'person');
});

test('a social worker corrects only their own visits; a station manager corrects anyone\'s', async () => {
  const p = await person('规则访', '19451111', '415', 'medium', 'tekun');
  const c = await campaign(['tekun']);
  const v = await ok('POST', '/api/v1/visits', 'rules_a', { id: uuidv7(), target_id: p.id, campaign_id: c.id,
    visited_at: at(addDays(T, -2)), mode: 'home', persons_seen: [p.id], notes: '甲记录' });
  const body = { version: 1, visited_at: v.visited_at, mode: 'home', persons_seen: [p.id], notes: '乙改' };
  const refused = await rq('PUT', `/api/v1/visits/${v.id}`, 'rules_b', body);
  assert.equal(refused.status, 403, refused.text);
  assert.equal((await ok('GET', `/api/v1/visits/${v.id}`, 'rules_a')).notes, '甲记录');
  const fixed = await ok('PUT', `/api/v1/visits/${v.id}`, 'rules_mgr', { ...body, notes: '站长更正' });
  assert.equal(fixed.version, 2);
  assert.notEqual(fixed.updated_by, fixed.worker_name); // the manager made the current version
  assert.equal(fixed.versions.length, 1);
  assert.equal(fixed.versions[0].notes, '甲记录');
});

test('a correction that moves the only visit later moves the first visit too', async () => {
  const p = await person('规则迁', '19460606', '517', 'low', 'tekun');
  const c = await campaign(['tekun']);
  const v = await ok('POST', '/api/v1/visits', 'rules_a', { id: uuidv7(), target_id: p.id, campaign_id: c.id,
    visited_at: at(addDays(T, -10)), mode: 'home', persons_seen: [p.id] });
  let t = await targetOf(c, p.id);
  assert.equal(t.first_visit_at, v.visited_at);
  const later = at(addDays(T, -2));
  await ok('PUT', `/api/v1/visits/${v.id}`, 'rules_a', { version: 1, visited_at: later, mode: 'home', persons_seen: [p.id] });
  t = await targetOf(c, p.id);
  assert.equal(t.first_visit_at, new Date(later).toISOString());
  assert.equal(t.last_visit_at, new Date(later).toISOString());
  assert.equal(t.next_due_on, addDays(addDays(T, -2), 90));
});

test('a need resolved and its donation count for the worker who found it', async () => {
  const p = await person('规则需', '19470707', '619', 'low', 'tekun');
  const c = await campaign(['tekun']);
  const needId = uuidv7();
  await ok('POST', '/api/v1/visits', 'rules_a', { id: uuidv7(), target_id: p.id, campaign_id: c.id,
    visited_at: at(addDays(T, -1)), mode: 'home', persons_seen: [p.id],
    needs: [{ id: needId, category: 'economic', description: '冬季取暖费' }] });
  let n = await ok('GET', `/api/v1/needs/${needId}`, 'rules_mgr');
  n = await ok('POST', `/api/v1/needs/${needId}/resources`, 'rules_mgr',
    { id: uuidv7(), kind: 'money', provider: '县慈善总会', value_fen: 80000, version: n.version });
  n = await ok('POST', `/api/v1/needs/${needId}/transitions`, 'rules_mgr', { to: 'resolved', version: n.version });
  assert.equal(n.state, 'resolved');
  assert.ok(n.resolved_at);
  const cov = await ok('GET', `/api/v1/campaigns/${c.id}/coverage?by=worker`, 'rules_admin');
  const a = cov.rows.find((r) => r.key === U.a.id);
  assert.ok(a, JSON.stringify(cov.rows));
  assert.deepEqual([a.needs_raised, a.needs_resolved, a.value_fen, a.visits], [1, 1, 80000, 1]);
  assert.equal(cov.rows.find((r) => r.key === U.manager.id), undefined, 'the manager found nothing');
});

test('a risk assessed again changes how often the household is visited, up and down', async () => {
  const p = await person('规则评', '19480808', '721', 'low', 'tekun');
  const c = await campaign(['tekun']);
  const v = await ok('POST', '/api/v1/visits', 'rules_a', { id: uuidv7(), target_id: p.id, campaign_id: c.id,
    visited_at: at(addDays(T, -3)), mode: 'home', persons_seen: [p.id] });
  let t = await targetOf(c, p.id);
  assert.equal(t.next_due_on, addDays(v.visited_on, 90));
  let cur = await ok('GET', `/api/v1/persons/${p.id}`, 'rules_admin');
  cur = await ok('PATCH', `/api/v1/persons/${p.id}`, 'rules_admin', { version: cur.version, risk_level: 'high' });
  t = await targetOf(c, p.id);
  assert.deepEqual([t.risk_level, t.next_due_on], ['high', addDays(v.visited_on, 7)]);
  await ok('PATCH', `/api/v1/persons/${p.id}`, 'rules_admin', { version: cur.version, risk_level: 'medium' });
  t = await targetOf(c, p.id);
  assert.deepEqual([t.risk_level, t.next_due_on], ['medium', addDays(v.visited_on, 30)]);
});
