// The access matrix: every route × every role × a record inside and outside the
// user's area, against a live server. A route without a row fails the test, so a
// new endpoint cannot arrive without its access rules written down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, checkedFetch as fetch } from './server.mjs';
import { uuidv7, chinaDate, addDays } from './outreach-helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const matrix = JSON.parse(readFileSync(join(here, 'access-matrix.json'), 'utf8'));
let server;
const tokens = {};
const ids = {};

before(async () => {
  server = await startServer();
  for (const role of matrix.roles) {
    const name = `m_${role}`;
    const add = server.cli(['user', 'add', '--username', name, '--role', role, '--region', '4111'], { SHEGONG_PASSWORD: 'Initial#2026' });
    assert.equal(add.status, 0, add.stderr);
    const login = await (await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: 'Initial#2026' }) })).json();
    const changed = await fetch(`${server.base}/api/v1/auth/password`, { method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ current_password: 'Initial#2026', new_password: 'Matrix#2026ok' }) });
    assert.equal(changed.status, 204);
    tokens[role] = login.token;
  }
  const inStation = await server.request('POST', '/api/v1/stations', { body: { region_code: '411102001', name: '矩阵基准站', kind: 'social_work_station' } });
  const inGrid = await server.request('POST', '/api/v1/grids', { body: { region_code: '411102001001', name: '矩阵基准网格' } });
  ids.in_station = inStation.json.id;
  ids.in_grid = inGrid.json.id;
  ids.out_station = (await server.request('GET', '/api/v1/stations?region=330521&page_size=1')).json.items[0].id;
  ids.out_grid = (await server.request('GET', '/api/v1/grids?region=330521&page_size=1')).json.items[0].id;
  // A target account of its own: resetting it signs it out, which must not touch the callers.
  assert.equal(server.cli(['user', 'add', '--username', 'm_target', '--role', 'viewer', '--region', '411102'],
    { SHEGONG_PASSWORD: 'Target#2026x' }).status, 0);
  const users = (await server.request('GET', '/api/v1/users?page_size=100')).json.items;
  ids.in_user = users.find((u) => u.username === 'm_target').id;
  ids.out_user = users.find((u) => u.username === 'deqing').id;

  // The register of people served: records in 滨西社区 (411102001001) as luohe, in 联合村 (330521005203) as deqing.
  const made = async (as, path, body, status = 201) => {
    const r = await server.request('POST', path, { as, body });
    assert.equal(r.status, status, `${as} POST ${path}: ${r.text}`);
    return r.json;
  };
  ids.in_person = (await made('luohe', '/api/v1/persons', { name: '矩阵甲', id_number: citizenId('411102', '19480302', '123'),
    region_code: '411102001001', phone: '13800001234' })).id;
  ids.in_person2 = (await made('luohe', '/api/v1/persons', { name: '矩阵乙', id_number: citizenId('411102', '19520611', '456'),
    region_code: '411102001001' })).id;
  ids.out_person = (await made('deqing', '/api/v1/persons', { name: '矩阵丙', id_number: citizenId('330521', '19500120', '789'),
    region_code: '330521005203' })).id;
  ids.in_entry = (await made('luohe', `/api/v1/persons/${ids.in_person}/categories`, { category: 'tekun', start_date: '2020-01-01' })).id;
  ids.out_entry = (await made('deqing', `/api/v1/persons/${ids.out_person}/categories`, { category: 'tekun', start_date: '2020-01-01' })).id;
  ids.in_household = (await made('luohe', '/api/v1/households', { region_code: '411102001001', address: '矩阵路1号' })).id;
  ids.out_household = (await made('deqing', '/api/v1/households', { region_code: '330521005203', address: '矩阵村2号' })).id;
  await made('admin', '/api/v1/categories', { code: 'matrix_cat', name: '矩阵类别' });
  const csv = (village) => `姓名,身份证号,所属村(社区)\n矩阵导入,,${village}\n`;
  const job = async (as, village) => {
    const r = await server.request('POST', '/api/v1/imports?mode=valid_rows&filename=matrix.csv', { as, raw: csv(village),
      headers: { 'content-type': 'text/csv; charset=utf-8' } });
    assert.equal(r.status, 202, r.text);
    return r.json.id;
  };
  ids.in_import = await job('luohe', '411102001001');
  ids.out_import = await job('deqing', '330521005203');

  // Door-knocking outreach: an active campaign in 滨西社区 as luohe (矩阵甲 holds 特困, so is a target),
  // a draft one there for the edit/start/end rows, and an active one in 联合村 as deqing; a visit
  // raising a need in each active one.
  const today = chinaDate();
  ids.visit_time = `${addDays(today, -1)}T02:00:00Z`;
  const campaign = async (as, region, start = true) => {
    const c = await made(as, '/api/v1/campaigns', { id: uuidv7(), name: '矩阵敲门行动', region_code: region,
      starts_on: addDays(today, -30), ends_on: addDays(today, 30), categories: ['tekun'] });
    if (!start) return c.id;
    return (await made(as, `/api/v1/campaigns/${c.id}/start`, { version: c.version }, 200)).id;
  };
  ids.in_campaign = await campaign('luohe', '411102001001');
  ids.in_campaign2 = await campaign('luohe', '411102001001', false);
  ids.out_campaign = await campaign('deqing', '330521005203');
  const targetOf = async (as, campaign, person) => {
    const r = await server.request('GET', `/api/v1/campaigns/${campaign}/targets?page_size=200`, { as });
    assert.equal(r.status, 200, r.text);
    const t = r.json.items.find((x) => x.members.some((m) => m.person_id === person));
    assert.ok(t, `${person} is a target of ${campaign}`);
    return t.target_id;
  };
  ids.in_target = await targetOf('luohe', ids.in_campaign, ids.in_person);
  ids.out_target = await targetOf('deqing', ids.out_campaign, ids.out_person);
  const visit = async (as, campaign, target, person) => {
    const v = await made(as, '/api/v1/visits', { id: uuidv7(), target_id: target, campaign_id: campaign, visited_at: ids.visit_time,
      mode: 'home', persons_seen: [person], checks: { health: 'ok', home_safety: 'ok', heating: 'concern', food: 'ok', school: 'na', mood: 'ok' },
      notes: '矩阵走访', location: null,
      needs: [{ id: uuidv7(), category: 'daily_care', urgency: 'normal', description: '矩阵需求', due_on: addDays(today, 7), person_id: person }] });
    return [v.id, v.need_ids[0]];
  };
  // Recorded by the matrix's social worker: a social worker corrects only their own visits,
  // while a station manager or the bureau corrects anyone's.
  server.tokens.m_social_worker = tokens.social_worker;
  [ids.in_visit, ids.in_need] = await visit('m_social_worker', ids.in_campaign, ids.in_target, ids.in_person);
  [ids.out_visit, ids.out_need] = await visit('deqing', ids.out_campaign, ids.out_target, ids.out_person);
});

// A synthetic 18-digit ID number with a valid GB 11643 check character.
function citizenId(area, birth, seq) {
  const body = area + birth + seq;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}
after(async () => { assert.equal(await server.stop(), 0); });

test('every route has a row in the access matrix, and every row a route', () => {
  const routes = String(execFileSync(process.env.SHEGONG_BIN, ['routes'])).trim().split('\n')
    .map((l) => l.split(' ').slice(0, 2).join(' '));
  const rows = Object.keys(matrix.routes);
  assert.deepEqual(routes.filter((r) => !rows.includes(r)), [], 'routes without a row in tests/api/access-matrix.json');
  assert.deepEqual(rows.filter((r) => !routes.includes(r)), [], 'rows for routes that do not exist');
});

async function fill(value) {
  if (typeof value === 'string') {
    if (value === '{in_station_version}') return (await server.request('GET', `/api/v1/stations/${ids.in_station}`)).json.version;
    if (value === '{in_grid_version}') return (await server.request('GET', `/api/v1/grids/${ids.in_grid}`)).json.version;
    if (value === '{in_person_version}') return (await server.request('GET', `/api/v1/persons/${ids.in_person}`, { as: 'luohe' })).json.version;
    if (value === '{in_household_version}') return (await server.request('GET', `/api/v1/households/${ids.in_household}`, { as: 'luohe' })).json.version;
    if (value === '{new_username}') return `made_${Math.random().toString(36).slice(2, 10)}`;
    if (value === '{new_uuid}') return uuidv7();
    if (value === '{in_campaign2_version}') return (await server.request('GET', `/api/v1/campaigns/${ids.in_campaign2}`, { as: 'luohe' })).json.version;
    if (value === '{in_visit_version}') return (await server.request('GET', `/api/v1/visits/${ids.in_visit}`, { as: 'luohe' })).json.version;
    if (value === '{in_need_version}') return (await server.request('GET', `/api/v1/needs/${ids.in_need}`, { as: 'luohe' })).json.version;
    return value.replace(/\{(\w+)\}/g, (_, k) => ids[k]);
  }
  if (Array.isArray(value)) return Promise.all(value.map(fill));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = await fill(v);
    return out;
  }
  return value;
}

const listed = (spec, role) => spec === '*' || (Array.isArray(spec) && spec.includes(role));

for (const [route, row] of Object.entries(matrix.routes)) {
  if (row.public) {
    test(`${route}: public`, async () => {
      const [method, pattern] = route.split(' ');
      const r = await fetch(server.base + pattern, { method, headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify({ username: 'nobody', password: 'x' }) : undefined });
      assert.notEqual(r.status, 403, `${route} needs no session`);
    });
    continue;
  }
  const method = route.split(' ')[0];
  for (const where of ['in', 'out']) {
    const c = row[where];
    if (!c) continue;
    test(`${route} [${where}]: ${matrix.roles.length} roles`, async () => {
      const outcomes = {};
      for (const role of matrix.roles) {
        let token = tokens[role];
        if (c.fresh_session) {
          const l = await (await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: `m_${role}`, password: 'Matrix#2026ok' }) })).json();
          token = l.token;
        }
        const path = await fill(c.path);
        const body = c.body ? JSON.stringify(await fill(c.body)) : undefined;
        const r = await fetch(server.base + path, { method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body });
        const expected = listed(c.allow, role) ? 'allow' : listed(c.hidden, role) ? 'hidden' : 'forbidden';
        const text = await r.text();
        const code = (() => { try { return JSON.parse(text).error?.code; } catch { return undefined; } })();
        const got = r.status === 404 ? 'hidden' : r.status === 403 ? 'forbidden'
          : r.status === 401 && code === 'unauthenticated' ? 'unauthenticated' : 'allow';
        outcomes[role] = got === expected ? 'ok' : `expected ${expected}, got ${r.status} ${text}`;
      }
      const wrong = Object.entries(outcomes).filter(([, v]) => v !== 'ok');
      assert.deepEqual(wrong, [], `${route} [${where}]`);
    });
  }
}

test('without a session every non-public route answers 401', async () => {
  for (const [route, row] of Object.entries(matrix.routes)) {
    if (row.public) continue;
    const [method, pattern] = route.split(' ');
    const path = await fill(pattern.replace('{id}', '{in_station}').replace('{code}', '4111'));
    const r = await fetch(server.base + path, { method });
    assert.equal(r.status, 401, route);
  }
});
