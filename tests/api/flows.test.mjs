// Multi-step behaviour of the API: create, replay, edit, conflict, deactivate, scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, checkedFetch as fetch } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0); });

test('a station is created, replayed, edited, conflicts when stale and is deactivated', async () => {
  const id = randomUUID();
  const body = { id, region_code: '411102001', name: ' 老街街道第二社工站 ', kind: 'social_work_station', phone: '0395-3123456', opened_on: '2024-03-01' };
  const created = await server.request('POST', '/api/v1/stations', { as: 'luohe', body });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.name, '老街街道第二社工站');
  assert.equal(created.json.region_code, '411102001000');
  assert.equal(created.json.region_name, '老街街道');
  assert.equal(created.json.version, 1);
  assert.equal(created.headers.get('location'), `/api/v1/stations/${id}`);

  const replay = await server.request('POST', '/api/v1/stations', { as: 'luohe', body });
  assert.equal(replay.status, 200, 'a replayed submission is a no-op');
  assert.equal(replay.json.created_at, created.json.created_at);

  const clash = await server.request('POST', '/api/v1/stations', { as: 'luohe', body: { ...body, name: '另一个' } });
  assert.equal(clash.status, 409);

  const edited = await server.request('PATCH', `/api/v1/stations/${id}`, { as: 'luohe', body: { version: 1, manager: '王芳', opened_on: null } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.version, 2);
  assert.equal(edited.json.manager, '王芳');
  assert.equal(edited.json.opened_on, null);

  const stale = await server.request('PATCH', `/api/v1/stations/${id}`, { as: 'luohe', body: { version: 1, manager: '李强' } });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal(stale.json.current.manager, '王芳', 'a stale edit gets the current record to merge with');

  const off = await server.request('PATCH', `/api/v1/stations/${id}`, { as: 'luohe', body: { version: 2, active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  const active = await server.request('GET', `/api/v1/stations?region=411102001&active=true&page_size=100`, { as: 'luohe' });
  assert.ok(!active.json.items.some((s) => s.id === id), 'a deactivated station leaves the active list');
  const inactive = await server.request('GET', `/api/v1/stations?region=411102001&active=false`, { as: 'luohe' });
  assert.ok(inactive.json.items.some((s) => s.id === id));

  const bad = await server.request('PATCH', `/api/v1/stations/${id}`, { as: 'luohe', body: { version: 3, name: '' } });
  assert.equal(bad.status, 422);
  const still = await server.request('GET', `/api/v1/stations/${id}`, { as: 'luohe' });
  assert.equal(still.json.name, '老街街道第二社工站', 'a rejected edit changes nothing');
  assert.equal(still.json.version, 3);

  const elsewhere = await server.request('GET', `/api/v1/stations/${id}`, { as: 'deqing' });
  assert.equal(elsewhere.status, 404, 'another county does not learn the station exists');
});

test("a station's floor area is recorded, cleared, and refused outside 1 to 100000 square metres", async () => {
  const body = { id: randomUUID(), region_code: '411102001', name: '老街街道第三社工站', kind: 'social_work_station', floor_area: 120 };
  const created = await server.request('POST', '/api/v1/stations', { as: 'luohe', body });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.floor_area, 120);
  const path = `/api/v1/stations/${body.id}`;
  for (const wrong of [0, 100001, 'large', 12.5]) {
    const refused = await server.request('PATCH', path, { as: 'luohe', body: { version: 1, floor_area: wrong } });
    assert.ok([400, 422].includes(refused.status), `${wrong}: ${refused.text}`);
    assert.equal(refused.json.error.field, 'floor_area');
  }
  const cleared = await server.request('PATCH', path, { as: 'luohe', body: { version: 1, floor_area: null } });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.floor_area, null);
  assert.equal(cleared.json.version, 2);
  const read = await server.request('GET', path, { as: 'luohe' });
  assert.equal(read.json.floor_area, null);
  const listed = await server.request('GET', '/api/v1/stations?region=411102001&page_size=100', { as: 'luohe' });
  assert.ok(listed.json.items.every((s) => 'floor_area' in s));
});

test('grids and micro-grids: parent rules and the community figures', async () => {
  const grid = await server.request('POST', '/api/v1/grids', { as: 'deqing', body: { region_code: '330521005203', name: '联合村第一网格', households: 120, residents: 350, grid_worker: '陈静' } });
  assert.equal(grid.status, 201, grid.text);
  const micro = await server.request('POST', '/api/v1/grids', { as: 'deqing', body: { region_code: '330521005203', kind: 'micro_grid', parent_id: grid.json.id, name: '第一微网格', households: 40 } });
  assert.equal(micro.status, 201, micro.text);
  assert.equal(micro.json.parent_name, '联合村第一网格');
  const elsewhere = await server.request('POST', '/api/v1/grids', { as: 'deqing', body: { region_code: '330521005204', kind: 'micro_grid', parent_id: grid.json.id, name: '错村微网格' } });
  assert.equal(elsewhere.status, 422);
  assert.equal(elsewhere.json.error.field, 'parent_id');
  const summary = await server.request('GET', '/api/v1/places/summary?region=330521005203', { as: 'deqing' });
  assert.deepEqual([summary.json.grids, summary.json.micro_grids, summary.json.households, summary.json.residents], [1, 1, 120, 350]);
  const off = await server.request('PATCH', `/api/v1/grids/${grid.json.id}`, { as: 'deqing', body: { version: 1, active: false } });
  assert.equal(off.status, 409, 'a grid with active micro-grids stays active');
  const children = await server.request('GET', `/api/v1/grids?parent_id=${grid.json.id}`, { as: 'deqing' });
  assert.equal(children.json.total, 1);
});

test('lists page and sort', async () => {
  const p1 = await server.request('GET', '/api/v1/stations?region=520526&page_size=20&sort=name');
  const p3 = await server.request('GET', '/api/v1/stations?region=520526&page=3&page_size=20&sort=name');
  assert.equal(p1.json.total, 41);
  assert.equal(p1.json.items.length, 20);
  assert.equal(p3.json.items.length, 1);
  const desc = await server.request('GET', '/api/v1/stations?region=520526&page_size=41&sort=-name');
  const asc = await server.request('GET', '/api/v1/stations?region=520526&page_size=41&sort=name');
  assert.deepEqual(desc.json.items.map((s) => s.id), asc.json.items.map((s) => s.id).reverse());
  const q = await server.request('GET', '/api/v1/stations?q=%E9%BE%99%E8%A1%97'); // 龙街
  assert.ok(q.json.total >= 1);
  for (const s of q.json.items) assert.match(s.name, /龙街/);
});

test('logout ends the session', async () => {
  const login = await server.login('weining');
  const me = await fetch(`${server.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${login.token}` } });
  assert.equal(me.status, 200);
  const out = await fetch(`${server.base}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${login.token}` } });
  assert.equal(out.status, 204);
  const again = await fetch(`${server.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${login.token}` } });
  assert.equal(again.status, 401);
});

test('the console: hashed assets are cached, index is revalidated, client routes fall back', async () => {
  const asset = await fetch(`${server.base}/assets/app-3f2a.js`);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control'), /immutable/);
  assert.match(asset.headers.get('content-type'), /^text\/javascript/);
  const etag = asset.headers.get('etag');
  const again = await fetch(`${server.base}/assets/app-3f2a.js`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const route = await fetch(`${server.base}/stations/new`);
  assert.equal(route.status, 200);
  assert.equal(route.headers.get('cache-control'), 'no-cache');
  assert.match(await route.text(), /社工/);
  const missing = await fetch(`${server.base}/assets/missing.js`);
  assert.equal(missing.status, 404);
  const head = await fetch(`${server.base}/`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers.get('content-length')), Buffer.byteLength('<!doctype html><title>社工</title><div id="app"></div>'));
});

test('metrics count requests by route in Prometheus text', async () => {
  await server.request('GET', '/api/v1/regions');
  const m = await fetch(`${server.base}/metrics`);
  const text = await m.text();
  assert.match(m.headers.get('content-type'), /^text\/plain/);
  assert.match(text, /shegong_http_requests_total\{method="GET",route="\/api\/v1\/regions",status="200"\} [1-9]/);
  assert.match(text, /shegong_http_request_duration_seconds_bucket\{route="\/api\/v1\/regions",le="\+Inf"\} [1-9]/);
});

test('the access log is one JSON object per request, without the query string', async () => {
  await server.request('GET', '/api/v1/regions?q=%E5%8D%83%E4%B8%B0');
  await new Promise((r) => setTimeout(r, 100));
  const lines = server.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const hit = lines.find((l) => l.route === '/api/v1/regions' && l.status === 200);
  assert.ok(hit, 'the request is logged');
  for (const k of ['ts', 'id', 'remote', 'method', 'path', 'status', 'ms', 'bytes']) assert.ok(k in hit, k);
  assert.ok(!server.stdout.includes('%E5%8D%83'), 'search terms stay out of the log');
});
