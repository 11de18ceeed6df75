// Starts a real shegong server for a test file: a fresh SQLite file in a temporary
// folder, the fixture regions, the demo data set, and a tiny console to serve.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertKeepsContract, checkedFetch } from './contract.mjs';

export { checkedFetch };

export const DEMO_PASSWORD = 'Shegong@2026';

export async function startServer({ extraArgs = [], env = {} } = {}) {
  const bin = process.env.SHEGONG_BIN;
  const root = process.env.SHEGONG_ROOT;
  if (!bin || !root) throw new Error('set SHEGONG_BIN and SHEGONG_ROOT');
  const dir = mkdtempSync(join(tmpdir(), 'shegong-api-'));
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>社工</title><div id="app"></div>');
  writeFileSync(join(web, 'assets', 'app-3f2a.js'), 'console.log("shegong")');
  const args = ['serve', '--demo', '--port', '0', '--data-dir', join(dir, 'data'), '--web-root', web,
    '--regions-source', join(root, 'tests/fixtures/regions'), ...extraArgs];
  // With SHEGONG_API_PG (an admin URI), each server gets a fresh PostgreSQL database.
  const pgAdmin = process.env.SHEGONG_API_PG;
  let storeArgs = ['--data-dir', join(dir, 'data')];
  if (pgAdmin) {
    const db = `api_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    execFileSync('psql', [pgAdmin, '-qc', `CREATE DATABASE ${db}`]);
    storeArgs = ['--store', pgAdmin.replace(/\/[^/?]*(\?|$)/, `/${db}$1`)];
    args.push(...storeArgs);
  }
  let child, port, base;
  let stderr = '';
  let stdout = '';
  // Starts the server on the folder (again, after a crash: the same store and keys).
  const launch = async () => {
    child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = stderr.length;
    child.stdout.on('data', (d) => { stdout += d; });
    port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 120_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /serving on http:\/\/[\d.]+:(\d+)/.exec(stderr.slice(started));
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${stderr}`)); });
    });
    base = `http://127.0.0.1:${port}`;
  };
  await launch();
  const server = {
    get base() { return base; },
    get port() { return port; },
    get child() { return child; },
    dir, storeArgs, postgres: Boolean(pgAdmin),
    // kill -9, as a power cut or the OOM killer would, then a fresh start on the same store.
    async crashAndRestart() {
      const gone = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await gone;
      this.tokens = {};
      await launch();
    },
    // Runs a `shegong` command against this server's store; returns {status, stdout, stderr}.
    cli(cliArgs, env = {}) {
      try {
        const stdout = execFileSync(bin, [...cliArgs, ...storeArgs], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        return { status: 0, stdout: String(stdout), stderr: '' };
      } catch (e) {
        return { status: e.status, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? '') };
      }
    },
    get stderr() { return stderr; },
    get stdout() { return stdout; },
    tokens: {},
    async login(username, password = DEMO_PASSWORD) {
      const r = await checkedFetch(`${base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
      const body = await r.json();
      this.tokens[username] = body.token;
      return body;
    },
    // A request as `as` (a demo user name, or null for none). Returns {status, headers, json, text}.
    async request(method, path, { as = 'admin', body, raw, headers = {} } = {}) {
      const h = { ...headers };
      if (as) h.authorization = `Bearer ${this.tokens[as] ?? (await this.login(as)).token}`;
      let payload;
      if (raw !== undefined) payload = raw;
      else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] ??= 'application/json'; }
      const r = await fetch(base + path, { method, headers: h, body: payload });
      const text = await r.text();
      let json;
      try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
      assertKeepsContract({ method, url: base + path, status: r.status, contentType: r.headers.get('content-type'), text, body: json });
      return { status: r.status, headers: r.headers, json, text };
    },
    // SIGTERM, then wait; resolves with the exit code. The folder goes too unless `keep`.
    async stop({ keep = false } = {}) {
      let code = child.exitCode;
      if (code === null) {
        const done = new Promise((resolve) => child.on('exit', (c) => resolve(c)));
        child.kill('SIGTERM');
        code = await done;
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
  return server;
}

// True when `actual` contains everything in `expected` (objects by key, arrays by index).
export function contains(actual, expected, path = '$') {
  if (expected === null || typeof expected !== 'object') {
    if (actual !== expected) throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return true;
  }
  if (actual === null || typeof actual !== 'object') throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`);
  for (const [k, v] of Object.entries(expected)) contains(actual[k], v, `${path}.${k}`);
  return true;
}
