// Input that is malformed at every layer gets a 4xx in the one error shape —
// never a 5xx, a crash or a hung connection — and the server drains on SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, checkedFetch as fetch } from './server.mjs';

let server;
before(async () => {
  server = await startServer({ env: { SHEGONG_BODY_LIMIT: '65536', SHEGONG_HEADER_LIMIT: '8192', SHEGONG_READ_TIMEOUT: '2' } });
});
after(async () => { if (server.child.exitCode === null) await server.stop(); });

// Sends raw bytes, returns everything the server wrote before closing (or `ms` passing).
function raw(bytes, ms = 5000) {
  return new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { s.destroy(); resolve(out); }, ms);
    s.on('data', (d) => { out += d; });
    s.on('end', () => { clearTimeout(timer); resolve(out); });
    s.on('error', (e) => { clearTimeout(timer); e.code === 'ECONNRESET' ? resolve(out) : reject(e); });
    s.write(bytes);
  });
}

function statusOf(response) {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return m ? Number(m[1]) : 0;
}

test('a body over the limit is refused with 413', async () => {
  const body = 'x'.repeat(70_000);
  const r = await raw(`POST /api/v1/stations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.equal(statusOf(r), 413, r.slice(0, 200));
  assert.match(r, /"code":"payload_too_large"/);
});

test('headers over the limit are refused with 431', async () => {
  const r = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(10_000)}\r\n\r\n`);
  assert.equal(statusOf(r), 431, r.slice(0, 200));
});

test('bytes that are not HTTP get 400 and a closed connection', async () => {
  for (const junk of ['HELLO\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET /healthz HTTP/1.1\r\nContent-Length: -1\r\n\r\n', '\x00\x01\x02\r\n\r\n']) {
    const r = await raw(junk);
    assert.equal(statusOf(r), 400, JSON.stringify(junk) + ' -> ' + r.slice(0, 100));
  }
});

test('a request that stops halfway is timed out, not kept forever', async () => {
  const t0 = Date.now();
  await raw('GET /healthz HTTP/1.1\r\nHost: x\r\n', 10_000);
  assert.ok(Date.now() - t0 < 8000, 'closed after the 2 s read timeout');
});

test('pipelined requests are answered in order on one connection', async () => {
  const one = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const r = await raw(one + one + 'GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const statuses = [...r.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, [200, 200, 200]);
  assert.ok(r.indexOf('"ready"') > r.lastIndexOf('"ok"'));
});

// A small deterministic fuzzer: mutate valid bodies and query strings; nothing may
// produce a 5xx, and every error has the one shape.
test('mutated requests never produce a 5xx', async () => {
  let seed = 20231201;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const values = [null, true, 0, -1, 1e308, 2 ** 63, '', ' ', '\u0000', 'x'.repeat(5000), [], {}, [1], { a: 1 }, '4111', '411102001',
    '330521005001', '2023-02-30', '018c22ad-2208-745c-b523-000000000000', '社工站', '\ud800', 'micro_grid', 'grid', 'social_work_station'];
  const fields = ['id', 'region_code', 'name', 'kind', 'address', 'phone', 'manager', 'opened_on', 'parent_id', 'households',
    'residents', 'grid_worker', 'version', 'active', 'username', 'password', '__proto__'];
  const paths = ['/api/v1/stations', '/api/v1/grids', '/api/v1/auth/login'];
  const gets = ['/api/v1/stations', '/api/v1/grids', '/api/v1/regions', '/api/v1/places/summary', '/api/v1/regions/4111/children'];
  const params = ['page', 'page_size', 'sort', 'q', 'region', 'kind', 'active', 'parent_id', 'under'];
  const seen = new Set();
  for (let i = 0; i < 400; i++) {
    let r;
    if (i % 2 === 0) {
      const body = {};
      for (let k = rnd(6); k >= 0; k--) body[fields[rnd(fields.length)]] = values[rnd(values.length)];
      const text = rnd(10) === 0 ? JSON.stringify(body).slice(0, rnd(40)) : JSON.stringify(body);
      r = await server.request('POST', paths[rnd(paths.length)], { raw: text, headers: { 'content-type': 'application/json' } });
    } else {
      const qs = [];
      for (let k = rnd(4); k >= 0; k--) qs.push(`${params[rnd(params.length)]}=${encodeURIComponent(String(values[rnd(values.length)]))}`);
      r = await server.request('GET', `${gets[rnd(gets.length)]}?${qs.join('&')}`);
    }
    assert.ok(r.status < 500, `request ${i} answered ${r.status}: ${r.text}`);
    if (r.status >= 400) assert.ok(r.json?.error?.code, `request ${i}: ${r.text}`);
    seen.add(r.status);
  }
  assert.ok(seen.has(422) && seen.has(400) && [...seen].some((s) => s < 300), `a spread of outcomes: ${[...seen]}`);
  const health = await fetch(`${server.base}/healthz`);
  assert.equal(health.status, 200, 'still serving');
});

test('SIGTERM closes idle keep-alive connections and exits 0', async () => {
  const idle = net.connect(server.port, '127.0.0.1');
  await new Promise((r) => idle.on('connect', r));
  idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((r) => idle.once('data', r));
  const closed = new Promise((r) => idle.on('close', r));
  const t0 = Date.now();
  const code = await server.stop();
  await closed;
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 5000, 'drained without waiting for the idle connection to time out');
});
