// Two shegong servers behind nginx, one PostgreSQL: a session made on one server
// works on the other, writes through both are neither lost nor duplicated, and a
// PostgreSQL restart under load costs 503s but no acknowledged write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const bin = process.env.SHEGONG_BIN;
const root = process.env.SHEGONG_ROOT;
const pgPort = Number(process.env.SHEGONG_CLUSTER_PG_PORT ?? 55436);
const pgServer = join(root, 'tests/pg/server.sh');
const pgUri = `postgresql://postgres@127.0.0.1:${pgPort}/shegong`;
const dir = mkdtempSync(join(tmpdir(), 'shegong-cluster-'));
const children = [];
let nginxPort;
const servers = [];

// Servers that share a database share its keys.
const sharedKeys = () => (process.env.CLUSTER_KEYS ??= String(execFileSync(bin, ['keys', 'generate', '--id', 'cluster'])).trim());

function startServer(name) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--demo', '--port', '0', '--store', pgUri, '--no-access-log', '--data-dir', join(dir, name),
      '--regions-source', join(root, 'tests/fixtures/regions')],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SHEGONG_KEYS: sharedKeys() } });
    children.push(child);
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 60_000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /serving on http:\/\/[\d.]+:(\d+)/.exec(err);
      if (m) { clearTimeout(timer); resolve({ name, port: Number(m[1]), child, base: `http://127.0.0.1:${m[1]}` }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited ${code}: ${err}`)); });
  });
}

async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitReady(base, ms = 30_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    try { if ((await fetch(`${base}/readyz`)).status === 200) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} not ready`);
}

before(async () => {
  execFileSync('bash', [pgServer, 'start', String(pgPort)]);
  execFileSync('psql', [`postgresql://postgres@127.0.0.1:${pgPort}/postgres`, '-qc', 'CREATE DATABASE shegong']);
  servers.push(await startServer('a')); // the first loads the regions and the demo data
  servers.push(await startServer('b'));
  nginxPort = await freePort();
  const conf = `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/nginx.log warn;
events { worker_connections 512; }
http { access_log off;
  upstream shegong { ${servers.map((s) => `server 127.0.0.1:${s.port};`).join(' ')} keepalive 16; }
  server { listen 127.0.0.1:${nginxPort};
    location / { proxy_pass http://shegong; proxy_http_version 1.1; proxy_set_header Connection "";
                 proxy_next_upstream error timeout http_503; } } }`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  chmodSync(dir, 0o755);
  const nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  children.push(nginx);
  await waitReady(`http://127.0.0.1:${nginxPort}`);
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  execFileSync('bash', [pgServer, 'stop', String(pgPort)]);
  rmSync(dir, { recursive: true, force: true });
});

async function login(base) {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'deqing', password: 'Shegong@2026' }) });
  assert.equal(r.status, 200);
  return (await r.json()).token;
}

function createStation(base, token, id, name) {
  return fetch(`${base}/api/v1/stations`, { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id, region_code: '330521005001', name, kind: 'neighbourhood_centre' }) });
}

async function countStations(base, token, q) {
  const r = await fetch(`${base}/api/v1/stations?region=330521005001&page_size=1&q=${encodeURIComponent(q)}`,
    { headers: { authorization: `Bearer ${token}` } });
  return (await r.json()).total;
}

test('a session made on one server is honoured by the other', async () => {
  const token = await login(servers[0].base);
  const me = await fetch(`${servers[1].base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.username, 'deqing');
  const out = await fetch(`${servers[1].base}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.equal(out.status, 204);
  await new Promise((r) => setTimeout(r, 1100)); // the other server trusts a verified session for up to 1 s
  const gone = await fetch(`${servers[0].base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(gone.status, 401, 'a logout on one server ends the session on the other');
});

test('writes through nginx to both servers: none lost, none duplicated, replays are no-ops', async () => {
  const token = await login(`http://127.0.0.1:${nginxPort}`);
  const ids = Array.from({ length: 60 }, () => randomUUID());
  const results = await Promise.all(ids.map((id, i) => createStation(`http://127.0.0.1:${nginxPort}`, token, id, `负载站点${i}`)));
  assert.deepEqual(results.map((r) => r.status), ids.map(() => 201));
  // Replay every write directly against each server: all are recognised.
  for (const s of servers) {
    const replays = await Promise.all(ids.map((id, i) => createStation(s.base, token, id, `负载站点${i}`)));
    assert.deepEqual(replays.map((r) => r.status), ids.map(() => 200), `replays on ${s.name}`);
  }
  assert.equal(await countStations(servers[0].base, token, '负载站点'), 60);
  assert.equal(await countStations(servers[1].base, token, '负载站点'), 60);
});

test('PostgreSQL restarted under load: 503 while it is down, then service resumes and no acknowledged write is lost', async () => {
  const base = `http://127.0.0.1:${nginxPort}`;
  const token = await login(base);
  const acknowledged = new Set();
  const statuses = new Map();
  let stop = false;
  let n = 0;
  const writer = (async () => {
    while (!stop) {
      const id = randomUUID();
      let status = 0;
      try { status = (await createStation(base, token, id, `重启站点${n++}`)).status; } catch { status = -1; }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 201 || status === 200) acknowledged.add(id);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  const pgBin = '/usr/lib/postgresql/15/bin';
  const data = `/tmp/shegong-pg-${pgPort}/data`;
  const asPg = (args) => execFileSync('runuser', ['-u', 'postgres', '--', ...args]);
  asPg([`${pgBin}/pg_ctl`, '-D', data, '-m', 'fast', '-w', 'stop']);
  await new Promise((r) => setTimeout(r, 1500));
  const down = await fetch(`${servers[0].base}/readyz`);
  assert.equal(down.status, 503, 'not ready while the database is down');
  asPg([`${pgBin}/pg_ctl`, '-D', data, '-l', `/tmp/shegong-pg-${pgPort}/server.log`, '-w', '-t', '60',
    '-o', `-c listen_addresses=127.0.0.1 -p ${pgPort} -c unix_socket_directories=/tmp/shegong-pg-${pgPort}`, 'start']);
  for (const s of servers) await waitReady(s.base);
  await new Promise((r) => setTimeout(r, 1000));
  stop = true;
  await writer;

  const seen = Object.fromEntries(statuses);
  console.log(`statuses during the restart: ${JSON.stringify(seen)}, acknowledged ${acknowledged.size}`);
  assert.ok((seen[503] ?? 0) > 0, `some writes were refused with 503 while the database was down: ${JSON.stringify(seen)}`);
  for (const s of Object.keys(seen).map(Number)) assert.ok([200, 201, 503].includes(s), `only 2xx and 503: ${JSON.stringify(seen)}`);
  assert.ok(acknowledged.size > 20, `writes went through before and after: ${acknowledged.size}`);
  const after1 = await fetch(`${base}/api/v1/stations?region=330521005001&page_size=1&q=${encodeURIComponent('重启站点')}`,
    { headers: { authorization: `Bearer ${await login(base)}` } });
  const total = (await after1.json()).total;
  assert.ok(total >= acknowledged.size, `every acknowledged write is stored: ${total} stored, ${acknowledged.size} acknowledged`);
  for (const id of acknowledged) {
    const r = await fetch(`${base}/api/v1/stations/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200, `acknowledged ${id} is there`);
  }
});
