// Door-knocking outreach (敲门行动) over HTTP, against docs/outreach.md: campaigns and their
// checks, the targets a start selects and the ones that join later, assignment, visits and
// their offline replays, corrections kept as versions, the needs state machine with linked
// resources, coverage by region and by worker (every number recomputed here from what the
// test recorded), and the limits of the caller's area.
//
// The campaign lies in 武康街道 (330521001) of 德清县, where the demo data set puts nobody:
// its people are made here, so the test knows every target. Dates are relative to the
// server's own today (coverage answers it), as there is no test clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { uuidv7, addUser, chinaDate, addDays, at, allPages, maskedName } from './outreach-helpers.mjs';

let server;
const TOWN = '330521001';          // 武康街道
const JR = '330521001001';         // 居仁社区
const JX = '330521001002';         // 吉祥社区
const CH = '330521001003';         // 春晖社区
const WY = '330521002001';         // 舞阳社区, 舞阳街道: outside the campaign
const DEFAULT_RULE = { high: 7, medium: 30, low: 90 };
const RISK = { low: 0, medium: 1, high: 2 };
const CHECKS_OK = { health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: 'na', mood: 'ok' };

// What the test knows, to recompute every answer.
const S = {
  users: {}, persons: {}, households: {}, grid: null,
  A: null,               // the main campaign
  starts: null, ends: null, T: null,
  targets: new Map(),    // key (household id or person id) -> {key, target_id, kind, region, risk, grid, worker, visits: [], members}
  visits: new Map(),     // id -> {id, key, worker, at, date, persons_seen, mode, needs: [], body}
  needs: new Map(),      // id -> {id, visit, key, worker, category, due_on, state, value_fen}
};

const rq = (...a) => server.request(...a);

before(async () => {
  server = await startServer();
  const u = async (name, role, region, display) => { S.users[name] = await addUser(server, name, role, region, display); };
  await u('wk_manager', 'station_manager', TOWN, '武康站长');
  await u('wk_a', 'social_worker', TOWN, '武康社工甲');
  await u('wk_b', 'social_worker', TOWN, '武康社工乙');
  await u('wy_worker', 'social_worker', '330521002', '舞阳社工');
  await u('lh_worker', 'social_worker', '4111', '漯河社工');
  await u('dq_viewer', 'viewer', '330521', '德清查看员');
  S.users.deqing = { id: (await server.login('deqing')).user.id, username: 'deqing' };

  const today = chinaDate();
  S.starts = addDays(today, -40);
  S.ends = addDays(today, 50);

  const grid = await rq('POST', '/api/v1/grids', { as: 'deqing', body: { region_code: CH, name: '春晖社区敲门网格' } });
  assert.equal(grid.status, 201, grid.text);
  S.grid = grid.json.id;
  for (const [key, region, address, gridId] of [['H1', JR, '居仁社区幸福路1号', null], ['H2', JR, '居仁社区幸福路2号', null],
    ['H3', CH, '春晖社区东街3号', S.grid]]) {
    const r = await rq('POST', '/api/v1/households', { as: 'deqing',
      body: { region_code: region, address, ...(gridId ? { grid_id: gridId } : {}) } });
    assert.equal(r.status, 201, r.text);
    S.households[key] = { id: r.json.id, region, address, grid: gridId };
  }
  const cat = (category, start = '2021-03-01', end) => ({ category, start_date: start, ...(end ? { end_date: end } : {}) });
  // P2 is high risk but holds no target category: H1's risk is P1's.
  await person('P1', { name: '王秀英', region: JR, household: 'H1', relation: 'head', risk: 'medium', birth: '1944-02-11', categories: [cat('tekun')] });
  await person('P2', { name: '李建国', region: JR, household: 'H1', relation: 'spouse', risk: 'high', birth: '1941-07-23' });
  await person('P3', { name: '陈梓萱', region: JR, household: 'H2', relation: 'grandchild', risk: 'high', birth: '2015-09-02', categories: [cat('orphan', '2022-05-01')] });
  await person('P4', { name: '陈桂兰', region: JR, household: 'H2', relation: 'head', risk: 'medium', birth: '1950-01-15', categories: [cat('dibao')] });
  await person('P5', { name: '赵淑珍', region: JX, risk: 'medium', birth: '1946-04-30', categories: [cat('tekun', '2020-06-01')] });
  await person('P6', { name: '孙志强', region: JX, risk: 'high', birth: '1970-12-01', categories: [cat('dibao')] });
  await person('P7', { name: '周浩然', region: CH, risk: 'high', birth: '2008-03-03', categories: [cat('orphan', '2020-01-01', '2023-06-30')] });
  await person('P8', { name: '吴玉兰', region: CH, grid: S.grid, risk: 'high', birth: '1938-08-08', categories: [cat('elderly_in_difficulty')] });
  await person('P9', { name: '徐建华', region: WY, risk: 'high', birth: '1949-05-05', categories: [cat('tekun')] });
  await person('P10', { name: '胡凤英', region: CH, household: 'H3', relation: 'head', risk: 'low', birth: '1955-10-10', categories: [cat('tekun')] });
  await person('P11', { name: '胡宇轩', region: CH, household: 'H3', relation: 'grandchild', risk: 'medium', birth: '2013-06-18', categories: [cat('orphan', '2021-09-01')] });
  await person('P12', { name: '郭春花', region: JX, risk: 'low', birth: '1952-02-29', categories: [cat('tekun')] });
  await person('P13', { name: '马国强', region: JR, risk: 'high', birth: '1947-11-11', categories: [cat('tekun')] });
});
after(async () => { assert.equal(await server.stop(), 0); });

async function person(key, { name, region, household, relation, risk, birth, categories = [], grid }) {
  const body = { name, region_code: region, birth_date: birth, risk_level: risk, allow_duplicate: true,
    current_address: `和平路${Object.keys(S.persons).length + 1}号` };
  if (household) Object.assign(body, { household_id: S.households[household].id, relation });
  if (grid) body.grid_id = grid;
  if (categories.length) body.categories = categories;
  const r = await rq('POST', '/api/v1/persons', { as: 'deqing', body });
  assert.equal(r.status, 201, `${key}: ${r.text}`);
  S.persons[key] = { key, id: r.json.id, name, region, household: household ?? null, risk, grid: grid ?? null };
  return S.persons[key];
}

const P = (key) => S.persons[key].id;
const tkey = (hOrP) => (S.households[hOrP] ?? S.persons[hOrP]).id; // the test's key of a target
const target = (hOrP) => S.targets.get(tkey(hOrP));

// The targets a campaign should have, from the register alone: every household with a
// member holding one of `categories` on one of `days` in `region`, and every such person
// without a household. Risk: the highest of the members holding a target category.
async function expectedTargets(region, categories, days) {
  const byKey = new Map();
  for (const day of days) {
    for (const c of categories) {
      const { items } = await allPages(server, `/api/v1/persons?region=${region}&category=${c}&on=${day}`, 'deqing');
      for (const p of items) {
        const key = p.household_id ?? p.id;
        const t = byKey.get(key) ?? { key, kind: p.household_id ? 'household' : 'person', region: p.region_code,
          grid: p.household_id ? null : p.grid_id, holders: new Map() };
        t.holders.set(p.id, p.risk_level);
        byKey.set(key, t);
      }
    }
  }
  for (const t of byKey.values()) {
    t.risk = [...t.holders.values()].reduce((a, b) => (RISK[b] > RISK[a] ? b : a), 'low');
    if (t.kind === 'household') t.grid = Object.values(S.households).find((h) => h.id === t.key)?.grid ?? null;
  }
  return byKey;
}

// The campaign's targets as the server lists them, each keyed by the test's key (through its members).
async function serverTargets(campaignId, expected, as = 'deqing') {
  const personKey = new Map();
  for (const t of expected.values()) for (const pid of t.holders.keys()) personKey.set(pid, t.key);
  const { items, total } = await allPages(server, `/api/v1/campaigns/${campaignId}/targets`, as);
  assert.equal(items.length, total);
  const byKey = new Map();
  for (const t of items) {
    const keys = new Set(t.members.map((m) => personKey.get(m.person_id)).filter(Boolean));
    assert.ok(keys.size <= 1, `target ${t.target_id} mixes ${[...keys]}`);
    const key = keys.size ? [...keys][0] : `unexpected:${t.target_id}:${t.members.map((m) => m.name)}`;
    assert.ok(!byKey.has(key), `two targets for ${key}`);
    byKey.set(key, t);
  }
  return byKey;
}

function dueOf(t, rule = S.A.visit_rule) {
  const dates = t.visits.map((id) => S.visits.get(id).date).sort();
  const next = addDays(dates.length ? dates[dates.length - 1] : S.starts, rule[t.risk]);
  return { next, state: next < S.T ? 'overdue' : next <= addDays(S.T, 7) ? 'due' : 'ok' };
}

const OPEN = new Set(['raised', 'linked', 'in_progress']);
// Person-times (人次) of a visit (docs/outreach.md): the persons seen; a call that names
// nobody still reached someone, so it counts one.
const personTimes = (v) => Math.max(1, v.persons_seen.length);

// Coverage numbers recomputed from the test's own record.
function counts(targets) {
  const visits = targets.flatMap((t) => t.visits.map((id) => S.visits.get(id)));
  const needs = visits.flatMap((v) => v.needs.map((id) => S.needs.get(id)));
  return {
    targets: targets.length,
    assigned: targets.filter((t) => t.worker).length,
    visited: targets.filter((t) => t.visits.length > 0).length,
    due: targets.filter((t) => dueOf(t).state === 'due').length,
    overdue: targets.filter((t) => dueOf(t).state === 'overdue').length,
    visits: visits.length,
    person_times: visits.reduce((s, v) => s + personTimes(v), 0),
    needs_raised: needs.length,
    needs_open: needs.filter((n) => OPEN.has(n.state)).length,
    needs_resolved: needs.filter((n) => n.state === 'resolved').length,
    needs_overdue: needs.filter((n) => OPEN.has(n.state) && n.due_on < S.T).length,
    value_fen: needs.reduce((s, n) => s + n.value_fen, 0),
  };
}
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o?.[k]]));
const COUNT_KEYS = Object.keys(counts([]));

// Checks a refused request: the status, the one error shape, and the field named.
function refusal(r, status, field) {
  const problems = [];
  if (r.status >= 500) problems.push(`a ${r.status}`);
  if (r.status !== status) problems.push(`status ${r.status}, expected ${status}`);
  if (!r.json?.error?.code) problems.push('no error.code in the answer');
  if (field && !(typeof r.json?.error?.field === 'string' && r.json.error.field.startsWith(field)))
    problems.push(`field ${JSON.stringify(r.json?.error?.field)}, expected ${field}…`);
  return problems.length ? `${problems.join('; ')} — ${r.text.slice(0, 300)}` : null;
}

const BASE = () => ({ name: '2026年冬季敲门行动', region_code: TOWN, starts_on: S.starts, ends_on: S.ends, categories: ['orphan', 'tekun'] });

test('a campaign is checked field by field, and only a civil-affairs administrator of the area makes one', async () => {
  const cases = [
    ['starts_on not a date', { starts_on: '2026-02-30' }, 422, 'starts_on'],
    ['starts_on without dashes', { starts_on: '20261201' }, 422, 'starts_on'],
    ['ends_on not a date', { ends_on: 'soon' }, 422, 'ends_on'],
    ['ends_on before starts_on', { ends_on: addDays(S.starts, -1) }, 422, 'ends_on'],
    ['unknown category', { categories: ['no_such_category'] }, 422, 'categories'],
    ['no categories', { categories: [] }, 422, 'categories'],
    ['categories not a list', { categories: 'tekun' }, 422, 'categories'],
    ['region outside the area', { region_code: '4111' }, 403, 'region_code'],
    ['region code malformed', { region_code: '33052' }, 422, 'region_code'],
    ['region that does not exist', { region_code: '330521999' }, 422, 'region_code'],
    ['visit_rule of zero days', { visit_rule: { high: 0, medium: 30, low: 90 } }, 422, 'visit_rule'],
    ['visit_rule negative', { visit_rule: { high: -7, medium: 30, low: 90 } }, 422, 'visit_rule'],
    ['visit_rule in words', { visit_rule: { high: 7, medium: 'monthly', low: 90 } }, 422, 'visit_rule'],
    ['visit_rule as a list', { visit_rule: [7, 30, 90] }, 422, 'visit_rule'],
    ['visit_rule with an unknown level', { visit_rule: { high: 7, medium: 30, low: 90, extreme: 1 } }, 422, 'visit_rule'],
    ['no name', { name: undefined }, 422, 'name'],
    ['empty name', { name: '   ' }, 422, 'name'],
    ['unknown field', { surprise: true }, 422, 'surprise'],
  ];
  const wrong = [];
  for (const [what, change, status, field] of cases) {
    const body = { ...BASE(), ...change };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const problem = refusal(await rq('POST', '/api/v1/campaigns', { as: 'deqing', body }), status, field);
    if (problem) wrong.push(`${what}: ${problem}`);
  }
  const notJson = await rq('POST', '/api/v1/campaigns', { as: 'deqing', raw: '{"name": ', headers: { 'content-type': 'application/json' } });
  if (notJson.status !== 400 || notJson.json?.error?.code !== 'invalid_json') wrong.push(`not JSON: ${notJson.status} ${notJson.text}`);
  for (const who of ['wk_manager', 'wk_a', 'dq_viewer']) {
    const r = await rq('POST', '/api/v1/campaigns', { as: who, body: BASE() });
    if (r.status !== 403) wrong.push(`${who} creates: ${r.status} ${r.text.slice(0, 200)}`);
  }
  assert.deepEqual(wrong, []);
  const none = await rq('GET', `/api/v1/campaigns?region=${TOWN}`, { as: 'deqing' });
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.total, 0, 'a refused campaign is not stored');
});

test('a campaign is created, replayed as a no-op, refused with other content, and edited on its version', async () => {
  const id = uuidv7();
  const body = { id, ...BASE() };
  const created = await rq('POST', '/api/v1/campaigns', { as: 'deqing', body });
  assert.equal(created.status, 201, created.text);
  const c = created.json;
  assert.equal(c.id, id);
  assert.equal(c.status, 'draft');
  assert.equal(c.version, 1);
  assert.equal(c.region_code, '330521001000');
  assert.equal(c.region_name, '武康街道');
  assert.deepEqual([c.starts_on, c.ends_on], [S.starts, S.ends]);
  assert.deepEqual([...c.categories].sort(), ['orphan', 'tekun']);
  assert.deepEqual(c.visit_rule, DEFAULT_RULE, 'the default visit rule');
  assert.equal(c.targets, 0);
  assert.equal(c.started_at, null);
  assert.equal(c.ended_at, null);
  assert.equal(c.created_by, 'deqing');

  const replay = await rq('POST', '/api/v1/campaigns', { as: 'deqing', body });
  assert.equal(replay.status, 200, `an identical replay is a no-op: ${replay.text}`);
  assert.equal(replay.json.created_at, c.created_at);
  assert.equal(replay.json.version, 1);
  const clash = await rq('POST', '/api/v1/campaigns', { as: 'deqing', body: { ...body, name: '另一个行动' } });
  assert.equal(clash.status, 409, clash.text);
  assert.equal(clash.json.error.code, 'conflict');
  const listed = await rq('GET', `/api/v1/campaigns?region=${TOWN}`, { as: 'deqing' });
  assert.equal(listed.json.total, 1, 'the replay made nothing new');

  const renamed = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: 1, name: '2026年冬季敲门行动（第一批）' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.json.version, 2);
  const stale = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: 1, ends_on: addDays(S.ends, 1) } });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal(stale.json.current.name, '2026年冬季敲门行动（第一批）', 'a stale edit gets the current campaign');
  assert.equal(stale.json.current.version, 2);
  const early = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: 2, ends_on: addDays(S.starts, -3) } });
  assert.equal(refusal(early, 422, 'ends_on'), null);
  const badRule = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: 2, visit_rule: { high: 7, medium: 0, low: 90 } } });
  assert.equal(refusal(badRule, 422, 'visit_rule'), null);
  const wider = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: 2, categories: ['orphan', 'tekun', 'unsupported_child'] } });
  assert.equal(wider.status, 200, `categories change while draft: ${wider.text}`);
  assert.equal(wider.json.version, 3);
  const back = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: 3, categories: ['tekun', 'orphan'] } });
  assert.equal(back.status, 200, back.text);
  assert.deepEqual([...back.json.categories].sort(), ['orphan', 'tekun']);
  const byWorker = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'wk_manager', body: { version: 4, name: '站长改名' } });
  assert.equal(byWorker.status, 403, byWorker.text);
  const got = await rq('GET', `/api/v1/campaigns/${id}`, { as: 'deqing' });
  assert.equal(got.status, 200);
  assert.equal(got.json.version, 4, 'refused edits changed nothing');
  assert.equal(got.json.name, '2026年冬季敲门行动（第一批）');
  S.A = got.json;
});

test('starting selects the targets; a person granted a target category afterwards joins by itself', async () => {
  const id = S.A.id;
  const stale = await rq('POST', `/api/v1/campaigns/${id}/start`, { as: 'deqing', body: { version: 1 } });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.current?.status, 'draft');
  const byManager = await rq('POST', `/api/v1/campaigns/${id}/start`, { as: 'wk_manager', body: { version: S.A.version } });
  assert.equal(byManager.status, 403);
  const started = await rq('POST', `/api/v1/campaigns/${id}/start`, { as: 'deqing', body: { version: S.A.version } });
  assert.equal(started.status, 200, started.text);
  assert.equal(started.json.status, 'active');
  assert.ok(started.json.started_at, 'started_at is set');
  assert.equal(started.json.started_by, 'deqing', 'who started it is kept with when');
  assert.equal(started.json.ended_by, null);
  const locked = await rq('PATCH', `/api/v1/campaigns/${id}`, { as: 'deqing', body: { version: started.json.version, categories: ['orphan'] } });
  assert.equal(refusal(locked, 422, 'categories'), null, 'categories change only while draft');
  const again = await rq('POST', `/api/v1/campaigns/${id}/start`, { as: 'deqing', body: { version: started.json.version } });
  assert.ok(again.status >= 400 && again.status < 500, `starting twice is refused: ${again.status} ${again.text}`);

  const cov = await rq('GET', `/api/v1/campaigns/${id}/coverage`, { as: 'deqing' });
  assert.equal(cov.status, 200, cov.text);
  S.T = cov.json.today;
  assert.match(S.T, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(Math.abs(Date.parse(S.T) - Date.parse(chinaDate())) <= 86_400_000, `today is China's today: ${S.T}`);

  const expected = await expectedTargets(TOWN, ['orphan', 'tekun'], [S.starts]);
  const mine = ['H1', 'H2', 'H3', 'P5', 'P12', 'P13'].map(tkey);
  const excluded = ['P6', 'P7', 'P8', 'P9'].map(P);
  assert.deepEqual(mine.filter((k) => !expected.has(k)), [], 'the register agrees with the test about its own people');
  assert.deepEqual(excluded.filter((k) => expected.has(k)), []);
  const got = await serverTargets(id, expected);
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'the targets: households and persons holding a target category');
  assert.equal(started.json.targets, expected.size);
  S.A = started.json;
  for (const [key, e] of expected) {
    const t = got.get(key);
    assert.equal(t.kind, e.kind, `${key} kind`);
    assert.equal(t.campaign_id, id);
    assert.equal(t.region_code, e.region);
    assert.equal(t.risk_level, e.risk, `${key}: the highest risk of the members holding a target category`);
    assert.equal(t.grid_id, e.grid, `${key} grid`);
    assert.equal(t.worker_id, null);
    assert.equal(t.visits, 0);
    assert.equal(t.open_needs, 0);
    S.targets.set(key, { key, target_id: t.target_id, kind: t.kind, region: e.region, risk: e.risk, grid: e.grid,
      worker: null, visits: [], members: t.members.map((m) => m.person_id) });
    const due = dueOf(S.targets.get(key));
    assert.equal(t.next_due_on, due.next, `${key}: the campaign's start plus the interval`);
    assert.equal(t.due_state, due.state, `${key} due_state`);
  }
  assert.equal(target('H1').kind, 'household');
  assert.equal(target('P5').kind, 'person');
  assert.equal(got.get(tkey('H1')).address, '居仁社区幸福路1号');
  assert.ok(target('H1').members.includes(P('P1')));

  // 吴玉兰 (P8) is recognised as 特困 after the start: she joins without a refresh.
  const granted = await rq('POST', `/api/v1/persons/${P('P8')}/categories`, { as: 'deqing',
    body: { category: 'tekun', start_date: addDays(S.T, -2), document: '德民〔2026〕88号' } });
  assert.equal(granted.status, 201, granted.text);
  const after1 = await rq('GET', `/api/v1/campaigns/${id}`, { as: 'deqing' });
  assert.equal(after1.json.targets, expected.size + 1, 'granting a target category adds the person at once');
  // 罗欣怡 (P14) is registered with 特困 after the start; a refresh (or the registration) adds her.
  await person('P14', { name: '罗欣怡', region: JX, risk: 'low', birth: '1953-03-12', categories: [{ category: 'tekun', start_date: addDays(S.T, -1) }] });
  const refreshed = await rq('POST', `/api/v1/campaigns/${id}/refresh`, { as: 'deqing' });
  assert.equal(refreshed.status, 200, refreshed.text);
  assert.ok([0, 1].includes(refreshed.json.joined), `joined ${refreshed.json.joined}`);
  const twice = await rq('POST', `/api/v1/campaigns/${id}/refresh`, { as: 'deqing' });
  assert.equal(twice.json.joined, 0, 'a second refresh finds nobody new');
  const now = await expectedTargets(TOWN, ['orphan', 'tekun'], [S.starts, S.T]);
  const got2 = await serverTargets(id, now);
  assert.deepEqual([...got2.keys()].sort(), [...now.keys()].sort());
  for (const k of ['P8', 'P14']) {
    const t = got2.get(P(k));
    assert.ok(t, `${k} joined`);
    const e = now.get(P(k));
    S.targets.set(P(k), { key: P(k), target_id: t.target_id, kind: 'person', region: e.region, risk: e.risk, grid: e.grid,
      worker: null, visits: [], members: [P(k)] });
    assert.equal(t.grid_id, e.grid);
  }
  S.A = (await rq('GET', `/api/v1/campaigns/${id}`, { as: 'deqing' })).json;
  assert.equal(S.A.targets, S.targets.size);
});

test('targets are assigned by ids and by grid, only to a worker whose area holds them, and unassigned', async () => {
  const id = S.A.id;
  const assign = (as, body) => rq('POST', `/api/v1/campaigns/${id}/assignments`, { as, body });
  const byIds = await assign('wk_manager', { worker_id: S.users.wk_a.id, target_ids: [target('H1').target_id, target('H2').target_id] });
  assert.equal(byIds.status, 200, byIds.text);
  assert.equal(byIds.json.assigned, 2);
  target('H1').worker = target('H2').worker = S.users.wk_a.id;
  const inGrid = [...S.targets.values()].filter((t) => t.grid === S.grid);
  assert.equal(inGrid.length, 2, 'H3 and 吴玉兰 are in the grid');
  const byGrid = await assign('deqing', { worker_id: S.users.wk_b.id, grid_id: S.grid });
  assert.equal(byGrid.status, 200, byGrid.text);
  assert.equal(byGrid.json.assigned, inGrid.length);
  for (const t of inGrid) t.worker = S.users.wk_b.id;
  const self = await assign('wk_manager', { worker_id: S.users.wk_manager.id, target_ids: [target('P5').target_id] });
  assert.equal(self.status, 200, self.text);
  target('P5').worker = S.users.wk_manager.id;

  const p12 = target('P12').target_id;
  assert.equal((await assign('deqing', { worker_id: S.users.wk_a.id, target_ids: [p12] })).status, 200);
  const unassigned = await assign('wk_manager', { worker_id: null, target_ids: [p12] });
  assert.equal(unassigned.status, 200, unassigned.text);

  const wrong = [];
  const outside = await assign('deqing', { worker_id: S.users.wy_worker.id, target_ids: [target('P13').target_id] });
  // The worker's area does not hold the targets: the worker is named, and nothing is assigned.
  if (refusal(outside, 422, 'worker_id')) wrong.push(`a worker of 舞阳街道: ${refusal(outside, 422, 'worker_id')}`);
  const viewer = await assign('deqing', { worker_id: S.users.dq_viewer.id, target_ids: [target('P13').target_id] });
  if (refusal(viewer, 422, 'worker_id')) wrong.push(`a viewer as worker: ${refusal(viewer, 422, 'worker_id')}`);
  const noone = await assign('deqing', { worker_id: uuidv7(), target_ids: [target('P13').target_id] });
  if (!(noone.status >= 400 && noone.status < 500)) wrong.push(`an unknown worker: ${noone.status} ${noone.text}`);
  const stranger = await assign('deqing', { worker_id: S.users.wk_a.id, target_ids: [uuidv7()] });
  if (refusal(stranger, 422, 'target_ids')) wrong.push(`an unknown target: ${refusal(stranger, 422, 'target_ids')}`);
  const byWorker = await assign('wk_a', { worker_id: S.users.wk_a.id, target_ids: [target('P13').target_id] });
  if (byWorker.status !== 403) wrong.push(`a social worker assigns: ${byWorker.status}`);
  const byViewer = await assign('dq_viewer', { worker_id: S.users.wk_a.id, target_ids: [target('P13').target_id] });
  if (byViewer.status !== 403) wrong.push(`a viewer assigns: ${byViewer.status}`);
  assert.deepEqual(wrong, []);

  const all = (await allPages(server, `/api/v1/campaigns/${id}/targets`, 'deqing')).items;
  const workerOf = Object.fromEntries(all.map((t) => [t.target_id, t.worker_id]));
  for (const t of S.targets.values()) assert.equal(workerOf[t.target_id], t.worker, `${t.key}: worker`);
  const nameOf = Object.fromEntries(all.map((t) => [t.target_id, t.worker_name]));
  assert.equal(nameOf[target('H1').target_id], '武康社工甲');

  const ids = (items) => items.map((t) => t.target_id).sort();
  const want = (f) => [...S.targets.values()].filter(f).map((t) => t.target_id).sort();
  const q = async (query, as = 'deqing') => ids((await allPages(server, `/api/v1/campaigns/${id}/targets?${query}`, as)).items);
  assert.deepEqual(await q(`worker_id=${S.users.wk_a.id}`), want((t) => t.worker === S.users.wk_a.id));
  assert.deepEqual(await q('unassigned=true'), want((t) => !t.worker));
  assert.deepEqual(await q(`grid_id=${S.grid}`), want((t) => t.grid === S.grid));
  assert.deepEqual(await q(`region=${JX}`), want((t) => t.region === JX));
  assert.deepEqual(await q(`q=${encodeURIComponent('幸福路1号')}`), [target('H1').target_id], 'q: address contains');
  const byName = await q(`q=${encodeURIComponent('赵淑珍')}`);

  const mine = await rq('GET', '/api/v1/assignments/mine', { as: 'wk_a' });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.total, 2);
  assert.deepEqual(ids(mine.json.items), want((t) => t.worker === S.users.wk_a.id));
  const dues = mine.json.items.map((t) => t.next_due_on);
  assert.deepEqual(dues, [...dues].sort(), 'soonest due first');
  const mineB = await rq('GET', '/api/v1/assignments/mine', { as: 'wk_b' });
  assert.deepEqual(ids(mineB.json.items), want((t) => t.worker === S.users.wk_b.id));
  const none = await rq('GET', '/api/v1/assignments/mine', { as: 'wy_worker' });
  assert.equal(none.status, 200);
  assert.equal(none.json.total, 0);  assert.deepEqual(byName, [target('P5').target_id], 'q: a member\'s name');
});

// A visit as the phone sends it.
function visitBody({ id = uuidv7(), key, when, mode = 'home', seen = [], checks = CHECKS_OK, notes = '', location = null, needs = [] }) {
  return { id, target_id: S.targets.get(key).target_id, campaign_id: S.A.id, visited_at: when, mode,
    persons_seen: seen, checks, notes, location, needs };
}
function needBody({ id = uuidv7(), category, urgency = 'normal', description, due_on, person_id = null }) {
  return { id, category, urgency, description, due_on, person_id };
}

async function record(as, spec) {
  const body = visitBody(spec);
  const r = await rq('POST', '/api/v1/visits', { as, body });
  assert.equal(r.status, 201, `${as} records a visit: ${r.text}`);
  const v = r.json;
  assert.equal(v.id, body.id);
  assert.equal(v.version, 1);
  assert.equal(v.campaign_id, S.A.id);
  assert.equal(v.target_id, body.target_id);
  assert.equal(v.worker_id, S.users[as].id);
  assert.equal(v.mode, body.mode);
  assert.equal(Date.parse(v.visited_at), Date.parse(body.visited_at));
  assert.deepEqual([...v.persons_seen].sort(), [...body.persons_seen].sort());
  assert.deepEqual([...v.need_ids].sort(), body.needs.map((n) => n.id).sort());
  const key = spec.key;
  S.visits.set(v.id, { id: v.id, key, worker: S.users[as].id, at: body.visited_at, date: chinaDate(Date.parse(body.visited_at)),
    persons_seen: body.persons_seen, mode: body.mode, needs: body.needs.map((n) => n.id), body, as });
  S.targets.get(key).visits.push(v.id);
  for (const n of body.needs)
    S.needs.set(n.id, { id: n.id, visit: v.id, key, worker: S.users[as].id, category: n.category, due_on: n.due_on, state: 'raised', value_fen: 0 });
  return { body, json: v };
}

test('visits are recorded, an offline replay is a no-op, the same id with other content is refused', async () => {
  const d = (n) => addDays(S.T, n);
  const H1 = tkey('H1'), H2 = tkey('H2'), H3 = tkey('H3'), P5 = tkey('P5'), P8 = tkey('P8');
  S.N = {};
  const n1 = needBody({ category: 'medical', urgency: 'urgent', description: '血压控制不佳，需陪同就医', due_on: d(-2), person_id: P('P1') });
  const n2 = needBody({ category: 'daily_care', description: '冬季取暖和生活用品不足', due_on: d(10) });
  const v1 = await record('wk_a', { key: H1, when: at(d(-5)), seen: [P('P1'), P('P2')], notes: '两位老人在家',
    checks: { ...CHECKS_OK, health: 'concern', heating: 'concern' }, location: { lat: 30.5453, lng: 119.9652, accuracy_m: 15 }, needs: [n1, n2] });
  const n3 = needBody({ category: 'safety', description: '电线老化', due_on: d(5) });
  const v2 = await record('wk_a', { key: H2, when: at(d(-3)), mode: 'phone', seen: [], notes: '电话联系监护人', needs: [n3] });
  const v3 = await record('wk_a', { key: H1, when: at(d(-1), '03:00'), mode: 'video', seen: [P('P1')], notes: '视频回访' });
  const n4 = needBody({ category: 'economic', description: '医疗支出大，生活困难', due_on: d(-20), person_id: P('P10') });
  await record('wk_b', { key: H3, when: at(d(-33)), seen: [P('P10'), P('P11')], needs: [n4] });
  await record('wk_b', { key: P8, when: at(d(-1), '04:00'), seen: [P('P8')] });
  const n5 = needBody({ category: 'family', urgency: 'low', description: '与子女关系紧张', due_on: d(20), person_id: P('P5') });
  await record('wk_manager', { key: P5, when: at(d(-35)), seen: [P('P5')], needs: [n5] });
  await record('wk_manager', { key: P5, when: at(d(-2)), mode: 'phone', seen: [P('P5')] });
  // Two minutes ahead is within the allowed clock skew of a phone.
  const v8 = await record('wk_a', { key: H1, when: new Date(Date.now() + 120_000).toISOString(), mode: 'phone', seen: [] });
  Object.assign(S.N, { n1: n1.id, n2: n2.id, n3: n3.id, n4: n4.id, n5: n5.id });
  Object.assign(S, { v1: v1.body, v2: v2.body, v3: v3.body, v8: v8.body });

  for (const v of [v1, v2]) {
    const replay = await rq('POST', '/api/v1/visits', { as: 'wk_a', body: v.body });
    assert.equal(replay.status, 200, `a replay is answered with the stored visit: ${replay.text}`);
    assert.equal(replay.json.id, v.json.id);
    assert.equal(replay.json.created_at, v.json.created_at);
    assert.equal(replay.json.version, 1);
    assert.deepEqual([...replay.json.need_ids].sort(), [...v.json.need_ids].sort());
  }
  const clash = await rq('POST', '/api/v1/visits', { as: 'wk_a', body: { ...v1.body, notes: '另一次走访' } });
  assert.equal(clash.status, 409, clash.text);
  assert.equal(clash.json.error.code, 'conflict');
  const listed = await rq('GET', `/api/v1/visits?campaign_id=${S.A.id}&page_size=100`, { as: 'deqing' });
  assert.equal(listed.json.total, S.visits.size, 'replays made no second visit');
  // A day range includes its last day (China time): `to` set to v1's own day still lists it.
  const day = new Date(Date.parse(v1.json.visited_at) + 8 * 3600_000).toISOString().slice(0, 10);
  const onDay = await rq('GET', `/api/v1/visits?campaign_id=${S.A.id}&from=${day}&to=${day}&page_size=100`, { as: 'deqing' });
  assert.ok(onDay.json.items.some((x) => x.id === v1.json.id), `a visit on ${day} is within from=to=${day}`);
  const needs = await rq('GET', `/api/v1/needs?campaign_id=${S.A.id}&page_size=100`, { as: 'deqing' });
  assert.equal(needs.json.total, S.needs.size, 'replays raised no second need');
  const got = await rq('GET', `/api/v1/visits/${v1.json.id}`, { as: 'wk_a' });
  assert.equal(got.status, 200);
  assert.equal(got.json.notes, '两位老人在家', 'the refused clash changed nothing');
  assert.deepEqual(got.json.checks, v1.body.checks);
  assert.equal(got.json.region_code, JR);
  assert.equal(got.json.address, '居仁社区幸福路1号');
  assert.equal(got.json.worker_name, '武康社工甲');
  assert.deepEqual(got.json.versions, [], 'versions: every earlier version (none yet), not the current one');
});

test('a malformed or impossible visit is refused with 4xx naming the field, never a 5xx, and nothing is stored', async () => {
  const d = (n) => addDays(S.T, n);
  const base = () => visitBody({ key: tkey('H2'), when: at(d(-2), '05:00'), seen: [P('P3')] });
  const need = () => needBody({ category: 'medical', description: '需复查', due_on: d(7) });
  const without = (o, k) => { const c = { ...o }; delete c[k]; return c; };
  const cases = [
    ['visited_at an hour ahead', (b) => ({ ...b, visited_at: new Date(Date.now() + 3600_000).toISOString() }), 422, 'visited_at'],
    ['visited_at before the campaign', (b) => ({ ...b, visited_at: at(addDays(S.starts, -1)) }), 422, 'visited_at'],
    ['visited_at in words', (b) => ({ ...b, visited_at: 'yesterday' }), 422, 'visited_at'],
    ['visited_at a number', (b) => ({ ...b, visited_at: 1732800000 }), 422, 'visited_at'],
    ['visited_at missing', (b) => without(b, 'visited_at'), 422, 'visited_at'],
    ['a person who is not a member', (b) => ({ ...b, persons_seen: [P('P5')] }), 422, 'persons_seen'],
    ['a home visit seeing nobody', (b) => ({ ...b, persons_seen: [] }), 422, 'persons_seen'],
    ['a video visit seeing nobody', (b) => ({ ...b, mode: 'video', persons_seen: [] }), 422, 'persons_seen'],
    ['persons_seen a string', (b) => ({ ...b, persons_seen: P('P3') }), 422, 'persons_seen'],
    ['persons_seen numbers', (b) => ({ ...b, persons_seen: [42] }), 422, 'persons_seen'],
    ['an unknown mode', (b) => ({ ...b, mode: 'pigeon' }), 422, 'mode'],
    ['mode missing', (b) => without(b, 'mode'), 422, 'mode'],
    ['a check value not in the list', (b) => ({ ...b, checks: { ...CHECKS_OK, health: 'fine' } }), 422, 'checks'],
    ['an unknown check', (b) => ({ ...b, checks: { ...CHECKS_OK, pulse: 'ok' } }), 422, 'checks'],
    ['checks a string', (b) => ({ ...b, checks: 'ok' }), 422, 'checks'],
    ['notes a number', (b) => ({ ...b, notes: 42 }), 422, 'notes'],
    ['a latitude in words', (b) => ({ ...b, location: { lat: 'north', lng: 119.96, accuracy_m: 10 } }), 422, 'location'],
    ['a latitude beyond the pole', (b) => ({ ...b, location: { lat: 95, lng: 119.96, accuracy_m: 10 } }), 422, 'location'],
    ['a person who is not a target', (b) => ({ ...b, target_id: P('P6') }), 422, 'target_id'],
    ['target_id not an id', (b) => ({ ...b, target_id: 'abc' }), 422, 'target_id'],
    ['target_id missing', (b) => without(b, 'target_id'), 422, 'target_id'],
    ['campaign_id not an id', (b) => ({ ...b, campaign_id: 'abc' }), 422, 'campaign_id'],
    ['id not a UUID', (b) => ({ ...b, id: 'not-a-uuid' }), 422, 'id'],
    ['a need of an unknown category', (b) => ({ ...b, needs: [{ ...need(), category: 'cosmic' }] }), 422, 'needs'],
    ['a need of an unknown urgency', (b) => ({ ...b, needs: [{ ...need(), urgency: 'asap' }] }), 422, 'needs'],
    ['a need due on no date', (b) => ({ ...b, needs: [{ ...need(), due_on: 'next week' }] }), 422, 'needs'],
    ['a need of a person who is not a member', (b) => ({ ...b, needs: [{ ...need(), person_id: P('P5') }] }), 422, 'needs'],
    ['a need with a bad id', (b) => ({ ...b, needs: [{ ...need(), id: 'x' }] }), 422, 'needs'],
    ['needs an object', (b) => ({ ...b, needs: {} }), 422, 'needs'],
    ['an unknown field', (b) => ({ ...b, weather: 'sunny' }), 422, 'weather'],
  ];
  const wrong = [];
  const tried = [];
  for (const [what, make, status, field] of cases) {
    const body = make(base());
    if (typeof body.id === 'string' && /^[0-9a-f-]{36}$/.test(body.id)) tried.push(body.id);
    const r = await rq('POST', '/api/v1/visits', { as: 'wk_a', body });
    const problem = refusal(r, status, field);
    if (problem) wrong.push(`${what}: ${problem}`);
  }
  for (const [what, raw, type] of [['not JSON', 'not json', 'application/json'], ['cut short', '{"id": "', 'application/json'],
    ['a list', '[]', 'application/json'], ['a string', '"visit"', 'application/json']]) {
    const r = await rq('POST', '/api/v1/visits', { as: 'wk_a', raw, headers: { 'content-type': type } });
    if (!(r.status === 400 || r.status === 422) || !r.json?.error?.code) wrong.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  const empty = await rq('POST', '/api/v1/visits', { as: 'wk_a', body: {} });
  if (refusal(empty, 422, '')) wrong.push(`an empty object: ${refusal(empty, 422, '')}`);
  const text = await rq('POST', '/api/v1/visits', { as: 'wk_a', raw: JSON.stringify(base()), headers: { 'content-type': 'text/plain' } });
  if (text.status !== 415) wrong.push(`text/plain: ${text.status} ${text.text.slice(0, 200)}`);
  assert.deepEqual(wrong, []);

  for (const id of tried) {
    const r = await rq('GET', `/api/v1/visits/${id}`, { as: 'deqing' });
    assert.equal(r.status, 404, `refused visit ${id} was stored: ${r.text.slice(0, 200)}`);
  }
  const listed = await rq('GET', `/api/v1/visits?campaign_id=${S.A.id}&page_size=100`, { as: 'deqing' });
  assert.equal(listed.json.total, S.visits.size);
  const viewer = await rq('POST', '/api/v1/visits', { as: 'dq_viewer', body: base() });
  assert.equal(viewer.status, 403, 'a viewer records nothing');
});

test('a correction is a new version, the old one is kept; a stale correction gets 409 with current and submitted', async () => {
  const v3 = S.v3;
  const first = await rq('GET', `/api/v1/visits/${v3.id}`, { as: 'wk_a' });
  assert.equal(first.json.version, 1);
  const fix = { version: 1, visited_at: v3.visited_at, mode: 'video', persons_seen: [P('P1'), P('P2')],
    checks: { ...CHECKS_OK, mood: 'concern' }, notes: '更正：两位老人都在视频里', location: null };
  const fixed = await rq('PUT', `/api/v1/visits/${v3.id}`, { as: 'wk_a', body: fix });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.json.version, 2);
  assert.deepEqual([...fixed.json.persons_seen].sort(), [P('P1'), P('P2')].sort());
  assert.equal(fixed.json.notes, fix.notes);
  S.visits.get(v3.id).persons_seen = fix.persons_seen;

  const got = await rq('GET', `/api/v1/visits/${v3.id}`, { as: 'wk_a' });
  assert.equal(got.json.version, 2);
  assert.equal(got.json.notes, fix.notes);
  const earlier = got.json.versions.filter((x) => x.version < got.json.version);
  assert.equal(earlier.length, 1, 'the earlier version is kept');
  const old = earlier[0];
  assert.equal(old.version, 1);
  assert.equal(old.notes, '视频回访');
  assert.deepEqual(old.persons_seen, [P('P1')]);
  assert.deepEqual(old.checks, CHECKS_OK);

  const staleBody = { ...fix, notes: '另一台手机上的更正', checks: CHECKS_OK };
  const stale = await rq('PUT', `/api/v1/visits/${v3.id}`, { as: 'wk_a', body: staleBody });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal(stale.json.current?.version, 2);
  assert.equal(stale.json.current?.notes, fix.notes, 'current: the visit as stored');
  assert.equal(stale.json.submitted?.notes, staleBody.notes, 'submitted: the body sent');
  assert.equal(stale.json.submitted?.version, 1);

  const wrong = [];
  const cases = [
    ['no version', { ...fix, version: undefined }, 'version'],
    ['a person who is not a member', { ...fix, version: 2, persons_seen: [P('P5')] }, 'persons_seen'],
    ['visited_at in the future', { ...fix, version: 2, visited_at: new Date(Date.now() + 3600_000).toISOString() }, 'visited_at'],
    ['an unknown mode', { ...fix, version: 2, mode: 'letter' }, 'mode'],
  ];
  for (const [what, body, field] of cases) {
    const r = await rq('PUT', `/api/v1/visits/${v3.id}`, { as: 'wk_a', body: JSON.parse(JSON.stringify(body)) });
    const problem = refusal(r, 422, field);
    if (problem) wrong.push(`${what}: ${problem}`);
  }
  assert.deepEqual(wrong, []);
  const still = await rq('GET', `/api/v1/visits/${v3.id}`, { as: 'wk_a' });
  assert.equal(still.json.version, 2, 'refused corrections changed nothing');
  assert.equal(still.json.versions.filter((x) => x.version < 2).length, 1);
  const missing = await rq('PUT', `/api/v1/visits/${uuidv7()}`, { as: 'wk_a', body: fix });
  assert.equal(missing.status, 404);
  assert.deepEqual(got.json.versions.map((x) => x.version), [1], 'versions: every earlier version, oldest first, not the current one');
});

const need = async (id, as = 'deqing') => {
  const r = await rq('GET', `/api/v1/needs/${id}`, { as });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const move = async (id, body, as = 'wk_a') => rq('POST', `/api/v1/needs/${id}/transitions`, { as, body });
const link = async (id, body, as = 'wk_a') => rq('POST', `/api/v1/needs/${id}/resources`, { as, body });

test('needs move through their state machine; resources link them and add up', async () => {
  const { n1, n2, n3, n4, n5 } = S.N;
  const wrong = [];
  const expectRefused = async (what, r, status, code, field) => {
    const problem = refusal(r, status, field);
    if (problem) wrong.push(`${what}: ${problem}`);
    else if (code && r.json.error.code !== code) wrong.push(`${what}: code ${r.json.error.code}, expected ${code}`);
  };
  // A move or a link the test means to succeed: the model follows at once, so one failure does not hide the next.
  const must = (what, r, model) => {
    assert.ok(r.status === 200 || r.status === 201, `${what}: ${r.status} ${r.text}`);
    if (model) Object.assign(S.needs.get(model.id), model.set);
    return r.json;
  };
  const linked = (what, r) => {
    if (r.status !== 200 && r.status !== 201) wrong.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
  };

  // N1: raised, urgent, overdue; stays so.
  let n = await need(n1);
  assert.equal(n.state, 'raised');
  assert.equal(n.overdue, true);
  assert.equal(n.visit_id, S.v1.id);
  assert.equal(n.campaign_id, S.A.id);
  assert.equal(n.target_id, target('H1').target_id);
  assert.equal(n.person_id, P('P1'));
  assert.equal(n.category, 'medical');
  assert.equal(n.urgency, 'urgent');
  assert.equal(n.value_fen, 0);
  assert.deepEqual(n.resources, []);
  for (const k of ['raised_at', 'raised_by', 'worker_name', 'resolved_at', 'region_code', 'address', 'due_on', 'transitions'])
    if (!(k in n)) wrong.push(`need JSON without ${k}`);
  await expectRefused('raised → resolved', await move(n1, { to: 'resolved', version: n.version }), 422, 'invalid_transition');
  await expectRefused('to a state that does not exist', await move(n1, { to: 'done', version: n.version }), 422, null, 'to');
  await expectRefused('without a version', await move(n1, { to: 'resolved' }), 422, null, 'version');
  assert.equal((await need(n1)).version, n.version, 'refused moves change nothing');
  assert.equal((await need(n1)).state, 'raised');

  // N2: linked by two resources (one replayed), then in progress, then resolved.
  n = await need(n2);
  const r1 = { id: uuidv7(), kind: 'goods', provider: '德清县慈善总会', value_fen: 20000, description: '棉被两床、米面油', version: n.version };
  let j = must('link goods', await link(n2, r1), { id: n2, set: { state: 'linked', value_fen: 20000 } });
  assert.equal(j.state, 'linked', 'a resource moves a raised need to linked');
  assert.equal(j.value_fen, 20000);
  const afterR1 = j.version;
  const again = await link(n2, r1);
  linked('a replayed resource', again);
  assert.equal(again.json.value_fen, 20000, 'a replayed resource is not counted twice');
  assert.equal(again.json.resources.length, 1);
  assert.equal(again.json.version, afterR1);
  j = must('link money', await link(n2, { id: uuidv7(), kind: 'money', provider: '武康街道临时救助', value_fen: 30000, description: '临时救助金', version: afterR1 }),
    { id: n2, set: { value_fen: 50000 } });
  assert.equal(j.value_fen, 50000, 'values add up');
  assert.equal(j.state, 'linked');
  await expectRefused('linked → raised', await move(n2, { to: 'raised', version: j.version }), 422, 'invalid_transition');
  const x1 = { id: uuidv7(), to: 'in_progress', version: j.version };
  const inProgress = must('linked → in_progress', await move(n2, x1), { id: n2, set: { state: 'in_progress' } });
  assert.equal(inProgress.state, 'in_progress');
  let r = await move(n2, x1);
  assert.equal(r.status, 200, `a replayed transition is a no-op: ${r.text}`);
  assert.equal(r.json.version, inProgress.version);
  assert.equal(r.json.transitions.length, inProgress.transitions.length);
  const stale = await move(n2, { to: 'resolved', version: x1.version });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal(stale.json.current?.state, 'in_progress');
  await expectRefused('in_progress → linked', await move(n2, { to: 'linked', version: inProgress.version }), 422, 'invalid_transition');
  j = must('in_progress → resolved', await move(n2, { id: uuidv7(), to: 'resolved', version: inProgress.version }), { id: n2, set: { state: 'resolved' } });
  assert.equal(j.state, 'resolved');
  if (!j.resolved_at) wrong.push(`a resolved need has no resolved_at: ${JSON.stringify(Object.keys(j))}`);
  const last = j.transitions[j.transitions.length - 1];
  assert.deepEqual([last.from, last.to], ['in_progress', 'resolved']);
  await expectRefused('resolved → in_progress', await move(n2, { to: 'in_progress', version: j.version }), 422, 'invalid_transition');
  await expectRefused('resolved → closed', await move(n2, { to: 'closed', reason: '重开', version: j.version }), 422, 'invalid_transition');

  // N3: referred, with a reason.
  n = await need(n3);
  await expectRefused('referred without a reason', await move(n3, { to: 'referred', version: n.version }), 422, null, 'reason');
  await expectRefused('referred with an empty reason', await move(n3, { to: 'referred', reason: ' ', version: n.version }), 422, null, 'reason');
  j = must('raised → referred', await move(n3, { id: uuidv7(), to: 'referred', reason: '已转介县应急管理局排查线路', version: n.version }),
    { id: n3, set: { state: 'referred' } });
  assert.equal(j.state, 'referred');
  assert.equal(j.transitions[j.transitions.length - 1].reason, '已转介县应急管理局排查线路');
  await expectRefused('referred → resolved', await move(n3, { to: 'resolved', version: j.version }), 422, 'invalid_transition');

  // N4 (wk_b's): money and goods, then in progress; open and overdue.
  n = await need(n4, 'wk_b');
  j = must('link money', await link(n4, { id: uuidv7(), kind: 'money', provider: '县民政局临时救助', value_fen: 50000, description: '临时救助', version: n.version }, 'wk_b'),
    { id: n4, set: { state: 'linked', value_fen: 50000 } });
  j = must('link goods', await link(n4, { id: uuidv7(), kind: 'goods', provider: '德清县红十字会', value_fen: 12000, description: '米面油', version: j.version }, 'wk_b'),
    { id: n4, set: { value_fen: 62000 } });
  assert.equal(j.value_fen, 62000);
  assert.equal(j.resources.length, 2);
  must('linked → in_progress', await move(n4, { id: uuidv7(), to: 'in_progress', version: j.version }, 'wk_b'), { id: n4, set: { state: 'in_progress' } });

  // N5 (the station manager's): a referral carries no value; closed with a reason.
  n = await need(n5, 'wk_manager');
  const v = n.version;
  await expectRefused('a referral with a value', await link(n5, { kind: 'referral', provider: '县心理援助中心', value_fen: 500, description: '转介', version: v }, 'wk_manager'), 422, null, 'value_fen');
  await expectRefused('a negative value', await link(n5, { kind: 'goods', provider: '某超市', value_fen: -100, description: '退货', version: v }, 'wk_manager'), 422, null, 'value_fen');
  await expectRefused('a value in yuan', await link(n5, { kind: 'money', provider: '某基金会', value_fen: 12.5, description: '捐款', version: v }, 'wk_manager'), 422, null, 'value_fen');
  await expectRefused('an unknown kind', await link(n5, { kind: 'bitcoin', provider: '某人', value_fen: 100, description: '币', version: v }, 'wk_manager'), 422, null, 'kind');
  n = await need(n5, 'wk_manager');
  Object.assign(S.needs.get(n5), { state: n.state, value_fen: n.value_fen }); // should a refused link have gone in, coverage shows it
  j = must('link a referral', await link(n5, { id: uuidv7(), kind: 'referral', provider: '县心理援助中心', value_fen: 0, description: '转介心理咨询', version: n.version }, 'wk_manager'),
    { id: n5, set: { state: 'linked' } });
  assert.equal(j.state, 'linked');
  assert.equal(j.value_fen, S.needs.get(n5).value_fen);
  await expectRefused('closed without a reason', await move(n5, { to: 'closed', version: j.version }, 'wk_manager'), 422, null, 'reason');
  j = must('linked → closed', await move(n5, { id: uuidv7(), to: 'closed', reason: '家属拒绝继续服务', version: j.version }, 'wk_manager'),
    { id: n5, set: { state: 'closed' } });
  assert.equal(j.state, 'closed');
  await expectRefused('closed → linked', await move(n5, { to: 'linked', version: j.version }, 'wk_manager'), 422, 'invalid_transition');

  // A stale version: should the check be missing, the need is not changed by it.
  const viewer = await move(n1, { to: 'closed', reason: '查看员关闭', version: 999 }, 'dq_viewer');
  if (viewer.status !== 403) wrong.push(`a viewer moves a need: ${viewer.status}`);
  const viewerLink = await link(n1, { kind: 'goods', provider: 'x', value_fen: 1, description: 'x', version: 999 }, 'dq_viewer');
  if (viewerLink.status !== 403) wrong.push(`a viewer links a resource: ${viewerLink.status}`);
  assert.equal((await need(n1)).state, 'raised');
  assert.deepEqual(wrong, []);
});

test('visits, needs and targets are listed and filtered as recorded', async () => {
  const d = (n) => addDays(S.T, n);
  const visits = (await allPages(server, `/api/v1/visits?campaign_id=${S.A.id}`, 'deqing')).items;
  const newestFirst = [...S.visits.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).map((v) => v.id);
  assert.deepEqual(visits.map((v) => v.id).sort(), [...newestFirst].sort());
  const ids = async (q, as = 'deqing') => (await allPages(server, `/api/v1/visits?campaign_id=${S.A.id}&${q}`, as)).items.map((v) => v.id).sort();
  const want = (f) => [...S.visits.values()].filter(f).map((v) => v.id).sort();
  assert.deepEqual(await ids(`target_id=${target('H1').target_id}`), want((v) => v.key === tkey('H1')));
  assert.deepEqual(await ids(`worker_id=${S.users.wk_manager.id}`), want((v) => v.worker === S.users.wk_manager.id));
  assert.deepEqual(await ids(`region=${CH}`), want((v) => S.targets.get(v.key).region === CH));
  assert.deepEqual(await ids(`from=${d(-34)}&to=${d(-4)}`), want((v) => v.date >= d(-34) && v.date <= d(-4)));

  const needIds = async (q) => (await allPages(server, `/api/v1/needs?campaign_id=${S.A.id}&${q}`, 'deqing')).items.map((n) => n.id).sort();
  const wantN = (f) => [...S.needs.values()].filter(f).map((n) => n.id).sort();
  assert.deepEqual(await needIds('open=true'), wantN((n) => OPEN.has(n.state)));
  assert.deepEqual(await needIds('overdue=true'), wantN((n) => OPEN.has(n.state) && n.due_on < S.T));
  assert.deepEqual(await needIds('state=resolved'), wantN((n) => n.state === 'resolved'));
  assert.deepEqual(await needIds('category=medical'), wantN((n) => n.category === 'medical'));
  assert.deepEqual(await needIds(`worker_id=${S.users.wk_b.id}`), wantN((n) => n.worker === S.users.wk_b.id));
  assert.deepEqual(await needIds(`target_id=${target('H1').target_id}`), wantN((n) => n.key === tkey('H1')));
  const byDue = (await allPages(server, `/api/v1/needs?campaign_id=${S.A.id}`, 'deqing')).items;
  assert.deepEqual(byDue.map((n) => n.due_on), [...S.needs.values()].map((n) => n.due_on).sort(), 'sorted by due_on');
  for (const n of byDue) {
    const m = S.needs.get(n.id);
    assert.equal(n.state, m.state, `${n.id} state`);
    assert.equal(n.value_fen, m.value_fen, `${n.id} value`);
    assert.equal(n.overdue, OPEN.has(m.state) && m.due_on < S.T, `${n.id} overdue`);
  }

  const targets = (await allPages(server, `/api/v1/campaigns/${S.A.id}/targets`, 'deqing')).items;
  const byId = new Map(targets.map((t) => [t.target_id, t]));
  for (const t of S.targets.values()) {
    const got = byId.get(t.target_id);
    const times = t.visits.map((id) => Date.parse(S.visits.get(id).at)).sort((a, b) => a - b);
    const due = dueOf(t);
    const open = t.visits.flatMap((id) => S.visits.get(id).needs).filter((id) => OPEN.has(S.needs.get(id).state)).length;
    assert.deepEqual(
      { visits: got.visits, first: got.first_visit_at ? Date.parse(got.first_visit_at) : null, last: got.last_visit_at ? Date.parse(got.last_visit_at) : null,
        next_due_on: got.next_due_on, due_state: got.due_state, open_needs: got.open_needs, worker_id: got.worker_id },
      { visits: t.visits.length, first: times[0] ?? null, last: times[times.length - 1] ?? null,
        next_due_on: due.next, due_state: due.state, open_needs: open, worker_id: t.worker },
      `target ${t.key}`);
  }
  assert.deepEqual(targets.map((t) => t.next_due_on), targets.map((t) => t.next_due_on).sort(), 'soonest due first by default');
  const q = async (query) => (await allPages(server, `/api/v1/campaigns/${S.A.id}/targets?${query}`, 'deqing')).items.map((t) => t.target_id).sort();
  const wantT = (f) => [...S.targets.values()].filter(f).map((t) => t.target_id).sort();
  for (const state of ['overdue', 'due', 'ok']) assert.deepEqual(await q(`due_state=${state}`), wantT((t) => dueOf(t).state === state), state);
  assert.deepEqual(await q('visited=true'), wantT((t) => t.visits.length > 0));
  assert.deepEqual(await q('visited=false'), wantT((t) => t.visits.length === 0));
  // The plan of dates gives every due state at least once, so the checks above check something.
  assert.deepEqual(['overdue', 'due', 'ok'].map((s) => [...S.targets.values()].some((t) => dueOf(t).state === s)), [true, true, true]);
  assert.deepEqual(visits.map((v) => v.id), newestFirst, 'visits: newest first');
});

test('coverage by region and by worker matches what was recorded, number by number', async () => {
  const all = [...S.targets.values()];
  const get = async (query, as = 'deqing') => {
    const r = await rq('GET', `/api/v1/campaigns/${S.A.id}/coverage${query}`, { as });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.today, S.T, 'the day did not change during the test');
    return r.json;
  };
  const expectedTotals = counts(all);
  assert.deepEqual(pick(expectedTotals, ['visits', 'person_times', 'needs_raised', 'needs_open', 'needs_resolved', 'needs_overdue', 'value_fen']),
    { visits: 8, person_times: 11, needs_raised: 5, needs_open: 2, needs_resolved: 1, needs_overdue: 2, value_fen: 112000 },
    'the test\'s own arithmetic');
  // Every number compared, the differences listed together: {where: {field: [got, expected]}}.
  const diffs = {};
  const compare = (where, got, want) => {
    for (const k of COUNT_KEYS) {
      if (got?.[k] !== want[k]) (diffs[where] ??= {})[k] = [got?.[k], want[k]];
    }
  };
  const zero = counts([]);

  const byRegion = await get('?by=region');
  assert.equal(byRegion.region_code, '330521001000');
  assert.equal(byRegion.region_name, '武康街道');
  compare('totals (by=region)', byRegion.totals, expectedTotals);
  const regions = [...new Set(all.map((t) => t.region))];
  const rows = new Map(byRegion.rows.map((row) => [row.key, row]));
  for (const code of regions) compare(`region ${code}`, rows.get(code), counts(all.filter((t) => t.region === code)));
  for (const row of byRegion.rows) {
    if (!/^330521001\d{3}$/.test(String(row.key))) (diffs[`region ${row.key}`] ??= {}).key = 'not a village of 武康街道';
    if (!regions.includes(row.key)) compare(`region ${row.key}`, row, zero);
  }
  const sum = Object.fromEntries(COUNT_KEYS.map((k) => [k, byRegion.rows.reduce((s, row) => s + row[k], 0)]));
  compare('sum of the region rows', sum, byRegion.totals);

  const byWorker = await get('?by=worker');
  compare('totals (by=worker)', byWorker.totals, expectedTotals);
  const workers = [...new Set(all.map((t) => t.worker ?? null))];
  const wrows = new Map(byWorker.rows.map((row) => [row.key, row]));
  const who = Object.fromEntries(Object.values(S.users).map((u) => [u.id, u.username]));
  for (const w of workers) compare(`worker ${who[w] ?? w}`, wrows.get(w), counts(all.filter((t) => (t.worker ?? null) === w)));
  for (const row of byWorker.rows) if (!workers.includes(row.key)) compare(`worker ${who[row.key] ?? row.key}`, row, zero);
  if (wrows.get(S.users.wk_a.id)?.name !== '武康社工甲') diffs['worker wk_a name'] = wrows.get(S.users.wk_a.id)?.name;

  const village = await get(`?region=${JR}`);
  assert.equal(village.region_code, JR);
  compare('居仁社区 alone', village.totals, counts(all.filter((t) => t.region === JR)));

  // The same numbers for a worker of the township and for a viewer of the county.
  compare('totals for wk_a', (await get('?by=region', 'wk_a')).totals, expectedTotals);
  compare('totals for dq_viewer', (await get('?by=region', 'dq_viewer')).totals, expectedTotals);
  assert.deepEqual(diffs, {}, 'coverage: {where: {field: [server, expected]}}');
});

test('a worker of another area neither sees nor records; a viewer sees names masked', async () => {
  const id = S.A.id;
  const wrong = [];
  for (const who of ['wy_worker', 'lh_worker']) {
    const check = (what, r, ok) => { if (!ok(r)) wrong.push(`${who} ${what}: ${r.status} ${r.text.slice(0, 200)}`); };
    check('reads the campaign', await rq('GET', `/api/v1/campaigns/${id}`, { as: who }), (r) => r.status === 404);
    check('lists campaigns', await rq('GET', '/api/v1/campaigns?page_size=100', { as: who }),
      (r) => r.status === 200 && !r.json.items.some((c) => c.id === id));
    check('reads targets', await rq('GET', `/api/v1/campaigns/${id}/targets`, { as: who }), (r) => r.status === 404);
    check('reads coverage', await rq('GET', `/api/v1/campaigns/${id}/coverage`, { as: who }), (r) => r.status === 404);
    check('reads a visit', await rq('GET', `/api/v1/visits/${S.v1.id}`, { as: who }), (r) => r.status === 404);
    check('lists visits', await rq('GET', `/api/v1/visits?campaign_id=${id}`, { as: who }),
      (r) => r.status === 404 || (r.status === 200 && r.json.total === 0));
    check('lists visits', await rq('GET', '/api/v1/visits?page_size=100', { as: who }),
      (r) => r.status === 200 && !r.json.items.some((v) => S.visits.has(v.id)));
    check('reads a need', await rq('GET', `/api/v1/needs/${S.N.n1}`, { as: who }), (r) => r.status === 404);
    check('lists needs', await rq('GET', '/api/v1/needs?page_size=100', { as: who }),
      (r) => r.status === 200 && !r.json.items.some((n) => S.needs.has(n.id)));
    const body = visitBody({ key: tkey('H2'), when: at(addDays(S.T, -2), '06:00'), seen: [P('P3')] });
    // Refused as not found, forbidden, or a target that is not the caller's to visit (422 naming it).
    check('records a visit', await rq('POST', '/api/v1/visits', { as: who, body }),
      (r) => r.status === 404 || r.status === 403 || (r.status === 422 && ['target_id', 'campaign_id'].includes(r.json?.error?.field)));
    check('finds it stored', await rq('GET', `/api/v1/visits/${body.id}`, { as: 'deqing' }), (r) => r.status === 404);
    check('corrects a visit', await rq('PUT', `/api/v1/visits/${S.v1.id}`, { as: who,
      body: { version: 999, visited_at: S.v1.visited_at, mode: 'home', persons_seen: [P('P1')], checks: CHECKS_OK, notes: '越权', location: null } }),
    (r) => r.status === 404);
    // Stale versions, so that a missing check shows as a 409 without changing the record.
    check('moves a need', await move(S.N.n1, { to: 'closed', reason: '越权', version: 999 }, who), (r) => r.status === 404);
    check('links a resource', await link(S.N.n1, { kind: 'goods', provider: 'x', value_fen: 1, description: 'x', version: 999 }, who), (r) => r.status === 404);
  }
  assert.deepEqual(wrong, []);
  assert.equal((await rq('GET', `/api/v1/visits/${S.v1.id}`, { as: 'deqing' })).json.notes, '两位老人在家');

  const named = Object.fromEntries(Object.values(S.persons).map((p) => [p.id, p.name]));
  const forAdmin = (await allPages(server, `/api/v1/campaigns/${id}/targets`, 'deqing')).items;
  const forViewer = (await allPages(server, `/api/v1/campaigns/${id}/targets`, 'dq_viewer')).items;
  assert.equal(forViewer.length, forAdmin.length);
  let checked = 0;
  for (const t of forAdmin) for (const m of t.members) if (named[m.person_id]) { assert.equal(m.name, named[m.person_id]); checked++; }
  for (const t of forViewer) {
    for (const m of t.members) {
      if (!named[m.person_id]) continue;
      assert.equal(m.name, maskedName(named[m.person_id]), 'a viewer sees the name masked');
    }
  }
  assert.ok(checked >= 10);
  const text = JSON.stringify(forViewer);
  for (const p of Object.values(S.persons)) assert.ok(!text.includes(p.name), `${p.name} in the clear for a viewer`);
  const mine = await rq('GET', '/api/v1/assignments/mine', { as: 'dq_viewer' });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.total, 0);
  const seen = await rq('GET', `/api/v1/visits/${S.v1.id}`, { as: 'dq_viewer' });
  assert.equal(seen.status, 200, 'a viewer reads visits');
  // Whatever else carries a name carries it masked for a viewer: visits, needs, the phone's list.
  const texts = [JSON.stringify(seen.json), JSON.stringify((await rq('GET', `/api/v1/needs/${S.N.n1}`, { as: 'dq_viewer' })).json),
    JSON.stringify((await allPages(server, `/api/v1/needs?campaign_id=${id}`, 'dq_viewer')).items),
    JSON.stringify((await allPages(server, `/api/v1/visits?campaign_id=${id}`, 'dq_viewer')).items)];
  for (const p of Object.values(S.persons)) for (const t of texts) assert.ok(!t.includes(p.name), `${p.name} in the clear for a viewer: ${t.slice(0, 300)}`);
  const forAdminNeed = (await rq('GET', `/api/v1/needs/${S.N.n1}`, { as: 'deqing' })).json;
  if ('person_name' in forAdminNeed) assert.equal(forAdminNeed.person_name, '王秀英');
});

test('a second campaign: categories change while draft, its targets follow its own categories and rule, it ends', async () => {
  const starts = addDays(S.T, -20);
  const body = { id: uuidv7(), name: '孤儿关爱专项走访', region_code: TOWN, starts_on: starts, ends_on: addDays(S.T, 10),
    categories: ['orphan'], visit_rule: { high: 3, medium: 14, low: 60 } };
  const c = await rq('POST', '/api/v1/campaigns', { as: 'deqing', body });
  assert.equal(c.status, 201, c.text);
  assert.deepEqual(c.json.visit_rule, body.visit_rule);
  const p = await rq('PATCH', `/api/v1/campaigns/${body.id}`, { as: 'deqing',
    body: { version: 1, categories: ['orphan', 'unsupported_child'], visit_rule: { high: 5, medium: 14, low: 60 } } });
  assert.equal(p.status, 200, p.text);
  const started = await rq('POST', `/api/v1/campaigns/${body.id}/start`, { as: 'deqing', body: { version: p.json.version } });
  assert.equal(started.status, 200, started.text);
  const expected = await expectedTargets(TOWN, ['orphan', 'unsupported_child'], [starts]);
  assert.deepEqual([...expected.keys()].sort(), [tkey('H2'), tkey('H3')].sort(), 'orphans now: 陈梓萱 and 胡宇轩 (周浩然\'s ended)');
  const got = await serverTargets(body.id, expected);
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
  assert.equal(got.get(tkey('H3')).risk_level, 'medium', 'H3: only 胡宇轩 holds a category of this campaign');
  assert.equal(got.get(tkey('H2')).next_due_on, addDays(starts, 5));
  assert.equal(started.json.targets, 2);

  const ended = await rq('POST', `/api/v1/campaigns/${body.id}/end`, { as: 'deqing', body: { version: started.json.version } });
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.json.status, 'ended');
  assert.ok(ended.json.ended_at);
  assert.equal(ended.json.ended_by, 'deqing');
  assert.equal(ended.json.started_by, 'deqing');
  const again = await rq('POST', `/api/v1/campaigns/${body.id}/end`, { as: 'deqing', body: { version: ended.json.version } });
  assert.ok(again.status >= 400 && again.status < 500, `ending twice: ${again.status}`);
  const endStale = await rq('POST', `/api/v1/campaigns/${S.A.id}/end`, { as: 'deqing', body: { version: 1 } });
  assert.equal(endStale.status, 409, 'ending on a stale version');
  assert.equal((await rq('GET', `/api/v1/campaigns/${S.A.id}`, { as: 'deqing' })).json.status, 'active');

  const list = async (q) => (await rq('GET', `/api/v1/campaigns?region=${TOWN}&${q}`, { as: 'deqing' })).json.items.map((x) => x.id);
  assert.deepEqual(await list('status=ended'), [body.id]);
  assert.deepEqual(await list('status=active'), [S.A.id]);
  assert.deepEqual(await list(`q=${encodeURIComponent('孤儿关爱')}`), [body.id]);
  const page = await rq('GET', `/api/v1/campaigns?region=${TOWN}&page_size=1&page=2`, { as: 'deqing' });
  assert.deepEqual([page.json.total, page.json.items.length], [2, 1]);
  const bad = await rq('GET', '/api/v1/campaigns?status=paused', { as: 'deqing' });
  assert.ok(bad.status === 400 || bad.status === 422, `an unknown status filter: ${bad.status}`);
  const forWorker = await rq('GET', '/api/v1/campaigns?page_size=100', { as: 'wk_a' });
  assert.ok(forWorker.json.items.some((x) => x.id === S.A.id), 'a worker of the township sees its campaign');  assert.deepEqual(await list('sort=starts_on'), [S.A.id, body.id], 'sort=starts_on');
  assert.deepEqual(await list('sort=-starts_on'), [body.id, S.A.id], 'sort=-starts_on');
  assert.deepEqual(await list(''), [body.id, S.A.id], 'by default the latest start first (-starts_on)');
});

test('an offline replay of the original visit after a correction is still a no-op', async () => {
  // The phone that recorded V3 sends its outbox again after the correction went in.
  const replay = await rq('POST', '/api/v1/visits', { as: 'wk_a', body: S.v3 });
  assert.equal(replay.status, 200, `the original submission is recognised: ${replay.status} ${replay.text.slice(0, 300)}`);
  const got = await rq('GET', `/api/v1/visits/${S.v3.id}`, { as: 'wk_a' });
  assert.equal(got.json.version, 2, 'the correction stands');
  assert.equal(got.json.notes, '更正：两位老人都在视频里');
  const cov = await rq('GET', `/api/v1/campaigns/${S.A.id}/coverage`, { as: 'deqing' });
  assert.equal(cov.json.totals.visits, S.visits.size);
});
