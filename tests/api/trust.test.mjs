// Sign-in rules, forced password changes and the audit trail, against a live server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, checkedFetch as fetch } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0); });

const login = (username, password) => fetch(`${server.base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
});

test('five wrong passwords lock the account; the lock message says how long', async () => {
  const add = server.cli(['user', 'add', '--username', 'lockme', '--role', 'viewer'], { SHEGONG_PASSWORD: 'Kx7#Pw2026ab' });
  assert.equal(add.status, 0, add.stderr);
  for (let i = 0; i < 4; i++) assert.equal((await login('lockme', 'wrong')).status, 401);
  const fifth = await login('lockme', 'wrong');
  assert.equal(fifth.status, 429);
  const body = await fifth.json();
  assert.equal(body.error.code, 'login_locked');
  assert.match(body.error.message, /15 minute/);
  assert.equal((await login('lockme', 'Kx7#Pw2026ab')).status, 429, 'the right password waits for the lock to end');
});

test('a new account must change its password before doing anything else', async () => {
  const add = server.cli(['user', 'add', '--username', 'newworker', '--role', 'social_worker', '--region', '411102001'],
    { SHEGONG_PASSWORD: 'First#2026pw' });
  assert.equal(add.status, 0, add.stderr);
  const weak = server.cli(['user', 'add', '--username', 'weakling', '--role', 'viewer'], { SHEGONG_PASSWORD: 'password' });
  assert.notEqual(weak.status, 0, 'a weak password is refused');
  const r = await login('newworker', 'First#2026pw');
  assert.equal(r.status, 200);
  const { token, must_change_password } = await r.json();
  assert.equal(must_change_password, true);
  const auth = { authorization: `Bearer ${token}` };
  const blocked = await fetch(`${server.base}/api/v1/stations`, { headers: auth });
  assert.equal(blocked.status, 403);
  assert.equal((await blocked.json()).error.code, 'password_change_required');
  const same = await fetch(`${server.base}/api/v1/auth/password`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ current_password: 'First#2026pw', new_password: 'newworker#1A' }) });
  assert.equal(same.status, 422, 'a password holding the user name is refused');
  const changed = await fetch(`${server.base}/api/v1/auth/password`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ current_password: 'First#2026pw', new_password: 'Second#2026pw' }) });
  assert.equal(changed.status, 204);
  const now = await fetch(`${server.base}/api/v1/stations`, { headers: auth });
  assert.equal(now.status, 200);
  assert.equal((await now.json()).total, 1, 'the worker sees only its township: 老街街道 has one demo station');
});

test('the auditor reads the trail; no one else does, and no one changes it', async () => {
  await server.request('POST', '/api/v1/stations', { as: 'luohe', body: { region_code: '411102001', name: '审计测试站', kind: 'social_work_station' } });
  const trail = await server.request('GET', '/api/v1/audit?action=station.create&page_size=5', { as: 'auditor' });
  assert.equal(trail.status, 200, trail.text);
  const mine = trail.json.items.find((e) => e.username === 'luohe');
  assert.ok(mine, 'the creation is recorded with who did it');
  assert.equal(mine.region_code, '411102001000');
  assert.match(mine.hash, /^[0-9a-f]{64}$/);
  assert.equal((await server.request('GET', '/api/v1/audit', { as: 'admin' })).status, 403);
  assert.equal((await server.request('DELETE', '/api/v1/audit', { as: 'auditor' })).status, 405);
  const fails = await server.request('GET', '/api/v1/audit?action=login.failure&page_size=50', { as: 'auditor' });
  assert.ok(fails.json.total >= 5, 'failed sign-ins are recorded');
  const bad = await server.request('GET', '/api/v1/audit?from=yesterday', { as: 'auditor' });
  assert.equal(bad.status, 422);

  // The export is a real XLSX (a zip holding the sheet), and is itself recorded.
  const token = server.tokens.auditor;
  const x = await fetch(`${server.base}/api/v1/audit/export?action=station.create`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /attachment/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip container');
  const file = join(server.dir, 'audit.xlsx');
  writeFileSync(file, bytes);
  const sheet = String(execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']));
  assert.match(sheet, /审计测试站|station\.create/);
  assert.match(sheet, /luohe/);
  const exported = await server.request('GET', '/api/v1/audit?action=audit.export', { as: 'auditor' });
  assert.ok(exported.json.total >= 1, 'the export is in the trail');
});

test('X-Forwarded-For is believed only from a trusted proxy', async () => {
  const spoof = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.66.0.9' },
    body: JSON.stringify({ username: 'spoof-test', password: 'x' }) });
  assert.equal(spoof.status, 401);
  const trail = await server.request('GET', '/api/v1/audit?action=login.failure&page_size=100', { as: 'auditor' });
  const entry = trail.json.items.find((e) => e.username === 'spoof-test');
  assert.equal(entry.remote, '127.0.0.1', 'an untrusted peer cannot choose the address it is recorded under');

  const proxied = await startServer({ env: { SHEGONG_TRUSTED_PROXIES: '127.0.0.1' } });
  try {
    await fetch(`${proxied.base}/api/v1/auth/login`, { method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7, 10.20.30.40' },
      body: JSON.stringify({ username: 'via-nginx', password: 'x' }) });
    const t2 = await proxied.request('GET', '/api/v1/audit?action=login.failure', { as: 'auditor' });
    assert.equal(t2.json.items.find((e) => e.username === 'via-nginx').remote, '10.20.30.40', 'the hop nginx saw');
  } finally {
    assert.equal(await proxied.stop(), 0);
  }
});

test('accounts: the administrator creates and deactivates inside its area; the security administrator revokes sessions', async () => {
  const made = await server.request('POST', '/api/v1/users', { as: 'admin',
    body: { username: 'clerk1', display_name: '源汇区民政', role: 'viewer', region_code: '411102', password: 'Clerk#2026abc' } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.must_change_password, true);
  assert.equal(made.json.region_code, '411102000000');
  const dup = await server.request('POST', '/api/v1/users', { as: 'admin',
    body: { username: 'clerk1', role: 'viewer', password: 'Clerk#2026abc' } });
  assert.equal(dup.status, 409);
  const clerk = await (await login('clerk1', 'Clerk#2026abc')).json();
  const auth = { authorization: `Bearer ${clerk.token}` };
  assert.equal((await fetch(`${server.base}/api/v1/auth/me`, { headers: auth })).status, 200);

  const sessions = await server.request('GET', '/api/v1/sessions?page_size=100', { as: 'security' });
  assert.equal(sessions.status, 200);
  const mine = sessions.json.items.find((x) => x.username === 'clerk1');
  assert.ok(mine, 'the clerk\'s session is listed');
  assert.ok(!JSON.stringify(sessions.json).includes(clerk.token), 'tokens are never shown');
  const revoked = await server.request('DELETE', `/api/v1/sessions/${mine.id}`, { as: 'security' });
  assert.equal(revoked.status, 204);
  assert.equal((await fetch(`${server.base}/api/v1/auth/me`, { headers: auth })).status, 401, 'revoked at once on this server');

  // Resetting a second factor (a phone lost) ends every session of the account, in the
  // store too: a session listed after it could be resumed on another server.
  const lost = await (await login('clerk1', 'Clerk#2026abc')).json();
  const reset = await server.request('POST', `/api/v1/users/${made.json.id}/totp/reset`, { as: 'security' });
  assert.equal(reset.status, 204, reset.text);
  assert.equal((await fetch(`${server.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${lost.token}` } })).status, 401);
  const left = await server.request('GET', '/api/v1/sessions?page_size=100', { as: 'security' });
  assert.ok(!left.json.items.some((x) => x.username === 'clerk1'), 'no session of the account is left');

  const again = await (await login('clerk1', 'Clerk#2026abc')).json();
  const off = await server.request('PATCH', `/api/v1/users/${made.json.id}`, { as: 'admin', body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  assert.equal((await fetch(`${server.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${again.token}` } })).status, 401,
    'a deactivated account is signed out');
  assert.equal((await login('clerk1', 'Clerk#2026abc')).status, 401, 'and cannot sign in');
  const self = (await server.request('GET', '/api/v1/auth/me', { as: 'admin' })).json.user.id;
  assert.equal((await server.request('PATCH', `/api/v1/users/${self}`, { as: 'admin', body: { active: false } })).status, 409);
  const trail = await server.request('GET', '/api/v1/audit?action=user.deactivate', { as: 'auditor' });
  assert.equal(trail.json.items[0].record_id, made.json.id);
});

// RFC 6238 in a few lines, to act as the user's authenticator app.
function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(secret, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('with require_totp, an administrator enrols a second factor and then signs in with codes', async () => {
  const strict = await startServer({ env: { SHEGONG_REQUIRE_TOTP: 'true' } });
  try {
    const first = await (await fetch(`${strict.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'deqing', password: 'Shegong@2026' }) })).json();
    assert.equal(first.must_enrol_totp, true);
    const auth = { authorization: `Bearer ${first.token}` };
    const blocked = await fetch(`${strict.base}/api/v1/stations`, { headers: auth });
    assert.equal(blocked.status, 403);
    assert.equal((await blocked.json()).error.code, 'totp_enrolment_required');
    const enrol = await (await fetch(`${strict.base}/api/v1/auth/totp/enrol`, { method: 'POST', headers: auth })).json();
    assert.match(enrol.uri, /^otpauth:\/\/totp\/shegong:deqing\?secret=/);
    const confirm = await fetch(`${strict.base}/api/v1/auth/totp/confirm`, { method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ totp_code: totp(enrol.secret) }) });
    assert.equal(confirm.status, 204);
    assert.equal((await fetch(`${strict.base}/api/v1/stations`, { headers: auth })).status, 200, 'the session is freed');
    const noCode = await fetch(`${strict.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'deqing', password: 'Shegong@2026' }) });
    assert.equal(noCode.status, 401);
    assert.equal((await noCode.json()).error.code, 'totp_required');
    // The code used to confirm is spent; the next time step's code works.
    const withCode = await fetch(`${strict.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'deqing', password: 'Shegong@2026', totp_code: totp(enrol.secret, Date.now() / 1000 + 30) }) });
    assert.equal(withCode.status, 200, await withCode.text());
  } finally {
    assert.equal(await strict.stop(), 0);
  }
});

test('serve refuses to start without encryption keys outside demo mode', () => {
  let err;
  try {
    execFileSync(process.env.SHEGONG_BIN, ['serve', '--port', '0', '--data-dir', join(server.dir, 'nokeys')], { stdio: 'pipe', timeout: 20_000 });
  } catch (e) { err = e; }
  assert.ok(err, 'it did not start');
  assert.match(String(err.stderr), /no encryption keys/);
});

// Tampering goes straight at the SQLite file, as someone holding a copy could.
test('audit verify names the first edited, deleted, inserted or moved entry', async (t) => {
  if (server.postgres) { t.skip('the tampering is done on the SQLite file'); return; }
  assert.equal(await server.stop({ keep: true }), 0); // the file is copied and edited with the server down
  const db = join(server.dir, 'data', 'shegong.db');
  const fresh = async () => {
    const copy = `${db}.${Math.random().toString(36).slice(2)}`;
    execFileSync('sqlite3', [db, `.backup ${copy}`]);
    return copy;
  };
  const verify = (file) => {
    try {
      return { status: 0, out: String(execFileSync(process.env.SHEGONG_BIN, ['audit', 'verify', '--store', `sqlite:${file}`])) };
    } catch (e) { return { status: e.status, out: String(e.stdout) }; }
  };
  const intact = verify(await fresh());
  assert.equal(intact.status, 0, intact.out);
  const total = Number(/(\d+) entries/.exec(intact.out)[1]);
  assert.ok(total >= 10, intact.out);

  const cases = [
    ['edit', 'UPDATE audit_log SET username = \'nobody\' WHERE seq = 5', 5],
    ['delete', 'DELETE FROM audit_log WHERE seq = 4', 4],
    ['insert', 'UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 6; UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1006; ' +
      'INSERT INTO audit_log SELECT 6, at, user_id, \'intruder\', role, remote, action, resource, record_id, region_code, outcome, purpose, detail, prev_hash, hash FROM audit_log WHERE seq = 5', 6],
    ['reorder', 'UPDATE audit_log SET seq = -1 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = -1', 7],
    ['truncate', `DELETE FROM audit_log WHERE seq = ${total}`, total],
  ];
  for (const [what, sql, seq] of cases) {
    const file = await fresh();
    execFileSync('sqlite3', [file, sql]);
    const r = verify(file);
    assert.equal(r.status, 1, `${what}: ${r.out}`);
    assert.match(r.out, new RegExp(`BROKEN at entry ${seq}:`), `${what}: ${r.out}`);
  }
});
