// Sign-in rules, forced password changes and the audit trail, against a live server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
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
  // Enabled again, the account signs in anew: the session it had stays ended.
  const on = await server.request('PATCH', `/api/v1/users/${made.json.id}`, { as: 'admin', body: { active: true } });
  assert.equal(on.json.active, true);
  assert.equal((await fetch(`${server.base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${again.token}` } })).status, 401,
    'the old session does not come back');
  assert.equal((await login('clerk1', 'Clerk#2026abc')).status, 200);
  const self = (await server.request('GET', '/api/v1/auth/me', { as: 'admin' })).json.user.id;
  assert.equal((await server.request('PATCH', `/api/v1/users/${self}`, { as: 'admin', body: { active: false } })).status, 409);
  const trail = await server.request('GET', '/api/v1/audit?action=user.deactivate', { as: 'auditor' });
  assert.equal(trail.json.items[0].record_id, made.json.id);
});

test('a role change that breaks the separation of duties or cuts the way back is refused, in Chinese; roles reset restores the defaults', async () => {
  const matrix = async () => (await server.request('GET', '/api/v1/roles', { as: 'admin' })).json.items;
  const before = await matrix();
  const of = (role) => before.find((r) => r.role === role).permissions;
  const put = (role, permissions) => server.request('PUT', `/api/v1/roles/${role}`, { as: 'admin', body: { permissions } });
  const cases = [
    ['sysadmin', [...of('sysadmin'), { action: 'read', resource: 'person' }], 'duties.administrators_no_personal_data'],
    ['auditor', [...of('auditor'), { action: 'read', resource: 'visit' }], 'duties.administrators_no_personal_data'],
    ['secadmin', [...of('secadmin'), { action: 'read', resource: 'person' }], 'duties.administrators_no_personal_data'],
    ['secadmin', [...of('secadmin'), { action: 'write', resource: 'user' }], 'duties.secadmin_no_accounts'],
    ['viewer', [...of('viewer'), { action: 'reveal', resource: 'person' }], 'duties.viewer_reads_only'],
    ['viewer', [...of('viewer'), { action: 'write', resource: 'visit' }], 'duties.viewer_reads_only'],
    ['sysadmin', of('sysadmin').filter((p) => !(p.action === 'write' && p.resource === 'user')), 'duties.sysadmin_keeps_accounts'],
    ['station_manager', [...of('station_manager'), { action: 'read', resource: 'audit' }], 'duties.audit_auditor_only'],
  ];
  for (const [role, permissions, key] of cases) {
    const r = await put(role, permissions);
    assert.equal(r.status, 422, `${role} ${key}: ${r.text}`);
    assert.equal(r.json.error.field, 'permissions');
    assert.equal(r.json.error.reason.key, key);
    assert.doesNotMatch(r.json.error.reason.zh, /[A-Za-z]/, `the Chinese wording is Chinese only: ${r.json.error.reason.zh}`);
  }
  assert.deepEqual(await matrix(), before, 'nothing refused was written');

  // An allowed change, then the defaults back from the server's command line.
  const narrowed = of('viewer').filter((p) => p.resource !== 'grid');
  assert.equal((await put('viewer', narrowed)).status, 200);
  assert.notDeepEqual(await matrix(), before);
  const reset = server.cli(['roles', 'reset']);
  assert.equal(reset.status, 0, reset.stderr);
  // Another server process wrote the rows: this one sees them within its refresh.
  let after;
  for (let i = 0; i < 80 && JSON.stringify(after) !== JSON.stringify(before); i++) {
    if (i) await new Promise((res) => setTimeout(res, 500));
    after = await matrix();
  }
  assert.deepEqual(after, before);
  const trail = await server.request('GET', '/api/v1/audit?action=role.reset', { as: 'auditor' });
  assert.equal(trail.json.items[0].username, 'system');
});

test('a refused request is in the audit trail, at most twenty a minute for one user', async () => {
  assert.equal(server.cli(['user', 'add', '--username', 'probe1', '--role', 'civil_affairs_admin', '--region', '4111'],
    { SHEGONG_PASSWORD: 'Probe#2026abc' }).status, 0);
  const first = await server.login('probe1', 'Probe#2026abc');
  const changed = await fetch(`${server.base}/api/v1/auth/password`, { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
    body: JSON.stringify({ current_password: 'Probe#2026abc', new_password: 'Probe#2026xyz' }) });
  assert.equal(changed.status, 204);
  const probe = { authorization: `Bearer ${first.token}` };
  const elsewhere = (await server.request('GET', '/api/v1/stations?page_size=1', { as: 'deqing' })).json.items[0].id;
  // A permission the role lacks, then a record of another area, again and again.
  assert.equal((await fetch(`${server.base}/api/v1/audit`, { headers: probe })).status, 403);
  for (let i = 0; i < 24; i++)
    assert.equal((await fetch(`${server.base}/api/v1/stations/${elsewhere}`, { headers: probe })).status, 404);
  const me = (await (await fetch(`${server.base}/api/v1/auth/me`, { headers: probe })).json()).user.id;
  const trail = (await server.request('GET', `/api/v1/audit?action=access.denied&user_id=${me}&page_size=100`, { as: 'auditor' })).json;
  assert.equal(trail.items.length, 20, 'twenty a minute, no more');
  const oldest = trail.items.at(-1);
  assert.deepEqual([oldest.outcome, oldest.detail, oldest.username], ['denied', 'GET /api/v1/audit', 'probe1']);
  const reached = trail.items.filter((e) => e.record_id === elsewhere);
  assert.equal(reached.length, 19);
  assert.ok(reached.every((e) => e.outcome === 'not_found' && e.detail === 'GET /api/v1/stations/{id}'));
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

    // Confirming takes five wrong codes at most: then the account is locked, the right
    // code too is refused, and every try is in the audit trail.
    const other = await (await fetch(`${strict.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'weining', password: 'Shegong@2026' }) })).json();
    const hers = { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' };
    const started = await (await fetch(`${strict.base}/api/v1/auth/totp/enrol`, { method: 'POST', headers: hers })).json();
    const wrong = totp(started.secret) === '000000' ? '000001' : '000000';
    const tries = [];
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${strict.base}/api/v1/auth/totp/confirm`, { method: 'POST', headers: hers, body: JSON.stringify({ totp_code: wrong }) });
      tries.push(`${r.status} ${(await r.json()).error.code}`);
    }
    assert.deepEqual(tries.slice(0, 4), Array(4).fill('401 invalid_totp'));
    assert.match(tries[4], /^(423|429) /, tries.join(', '));
    assert.equal(tries[5], tries[4]);
    const right = await fetch(`${strict.base}/api/v1/auth/totp/confirm`, { method: 'POST', headers: hers, body: JSON.stringify({ totp_code: totp(started.secret) }) });
    assert.equal(right.status, Number(tries[4].split(' ')[0]), 'locked: the right code waits too');
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

test('every answer forbids sniffing, framing and referrers; the console runs only its own code; API answers are never cached', async () => {
  const common = (r, what) => {
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', what);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', what);
    assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, what);
  };
  const token = server.tokens.luohe ?? (await server.login('luohe')).token;
  // The code lists are public and may be cached; what holds personal data may not.
  const vocabulary = await fetch(`${server.base}/api/v1/vocabulary`);
  common(vocabulary, 'vocabulary');
  assert.match(vocabulary.headers.get('cache-control'), /^public/);
  for (const path of ['/api/v1/persons?page_size=1', '/api/v1/auth/me', '/api/v1/no-such-thing']) {
    const r = await fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    common(r, path);
    assert.equal(r.headers.get('cache-control'), 'no-store', path);
    assert.match(r.headers.get('content-security-policy'), /default-src 'none'/, path);
  }
  const page = await fetch(`${server.base}/`);
  assert.equal(page.status, 200);
  common(page, '/');
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
});

test('the database, its WAL and a backup are readable by their owner only', async (t) => {
  if (server.postgres) { t.skip('the files are SQLite\'s'); return; }
  const data = join(server.dir, 'data');
  const backup = join(server.dir, 'backup.db');
  assert.equal(server.cli(['backup', backup]).status, 0);
  for (const file of ['shegong.db', 'shegong.db-wal', 'keys', backup]) {
    const mode = statSync(file.startsWith('/') ? file : join(data, file)).mode & 0o777;
    assert.equal(mode.toString(8), '600', file);
  }
  assert.equal((statSync(data).mode & 0o777).toString(8), '700', 'the data folder');
  rmSync(backup);
});

// Tampering goes straight at the SQLite file, as someone holding a copy could: edits,
// deletions, insertions and moves, and what an attacker without the key ring does to
// hide them — links recomputed (plain SM3, the only hash they can compute), the tail cut
// and the head moved back (even to a head row saved earlier), a prune marker forged.
test('audit verify finds every rewrite of the trail an attacker with the database can make', async (t) => {
  if (server.postgres) { t.skip('the tampering is done on the SQLite file'); return; }
  assert.equal(await server.stop({ keep: true }), 0); // the file is copied and edited with the server down
  const data = join(server.dir, 'data');
  const db = join(data, 'shegong.db');
  const copies = [];
  const fresh = () => {
    const copy = `${db}.${Math.random().toString(36).slice(2)}`;
    execFileSync('sqlite3', [db, `.backup ${copy}`]);
    copies.push(copy);
    return copy;
  };
  // The key ring is the server's (data/keys); the database is the copy.
  const cli = (file, args, env = {}) => {
    try {
      return { status: 0, out: String(execFileSync(process.env.SHEGONG_BIN, [...args, '--data-dir', data, '--store', `sqlite:${file}`],
        { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })) };
    } catch (e) { return { status: e.status, out: String(e.stdout) + String(e.stderr) }; }
  };
  const verify = (file, ...more) => cli(file, ['audit', 'verify', ...more]);
  const sql = (file, text) => String(execFileSync('sqlite3', [file, text])).trim();
  const intact = verify(fresh());
  assert.equal(intact.status, 0, intact.out);
  const total = Number(/(\d+) entries/.exec(intact.out)[1]);
  assert.ok(total >= 10, intact.out);

  // An entry's canonical bytes and its plain link, as domain/audit.cpp writes them.
  const canonical = (e) => [String(e.seq), String(e.at), e.user_id, e.username, e.role, e.remote, e.action, e.resource,
    e.record_id, e.region_code, e.outcome, e.purpose, e.detail].map((v) => `${Buffer.byteLength(v)}:${v};`).join('');
  const plainLink = (prev, e) => createHash('sm3').update(`${prev}\n${canonical(e)}`).digest('hex');
  const entries = (file) => JSON.parse(execFileSync('sqlite3', ['-json', file, 'SELECT * FROM audit_log ORDER BY seq']));
  const quote = (v) => `'${String(v).replaceAll("'", "''")}'`;
  // Every link from `from` on recomputed without the key, and the head moved to the last.
  const relink = (file, from, keepKeyId = false) => {
    const all = entries(file);
    let prev = from > 1 ? all[from - 2].hash : '0'.repeat(64);
    const updates = [];
    for (const e of all.slice(from - 1)) {
      const hash = plainLink(prev, e);
      updates.push(`UPDATE audit_log SET key_id = ${keepKeyId ? 'key_id' : "''"}, prev_hash = ${quote(prev)}, hash = ${quote(hash)} WHERE seq = ${e.seq};`);
      prev = hash;
    }
    updates.push(`UPDATE audit_head SET hash = ${quote(prev)} WHERE id = 1;`);
    sql(file, updates.join('\n'));
  };

  const cases = [
    ['edit', (f) => sql(f, "UPDATE audit_log SET username = 'nobody' WHERE seq = 5"), 5],
    ['delete', (f) => sql(f, 'DELETE FROM audit_log WHERE seq = 4'), 4],
    ['insert', (f) => sql(f, 'UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 6; UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1006; ' +
      "INSERT INTO audit_log SELECT 6, at, user_id, 'intruder', role, remote, action, resource, record_id, region_code, outcome, purpose, detail, prev_hash, hash, key_id FROM audit_log WHERE seq = 5"), 6],
    ['reorder', (f) => sql(f, 'UPDATE audit_log SET seq = -1 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = -1'), 7],
    ['truncate', (f) => sql(f, `DELETE FROM audit_log WHERE seq = ${total}`), total],
    // A reveal by someone else now shown as the administrator's, every later link recomputed.
    ['edit and relink', (f) => { sql(f, "UPDATE audit_log SET username = 'admin' WHERE seq = 5"); relink(f, 5); }, 5],
    ['edit and relink, key id kept', (f) => { sql(f, "UPDATE audit_log SET username = 'admin' WHERE seq = 5"); relink(f, 5, true); }, 5],
    // The whole trail relinked from its first entry: consistent, but its head is unsigned.
    ['relink everything', (f) => { sql(f, "UPDATE audit_log SET username = 'admin' WHERE seq = 5"); relink(f, 1); }, total],
    ['relink everything, head signature cleared', (f) => { relink(f, 1); sql(f, "UPDATE audit_head SET mac = '', key_id = ''"); }, total],
    ['cut the tail, head moved back', (f) => sql(f, `DELETE FROM audit_log WHERE seq > ${total - 3}; ` +
      `UPDATE audit_head SET seq = ${total - 3}, hash = (SELECT hash FROM audit_log WHERE seq = ${total - 3})`), total - 3],
    ['delete and renumber', (f) => sql(f, 'DELETE FROM audit_log WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq > 4; ' +
      'UPDATE audit_head SET seq = seq - 1'), 4],
    ['forged prune marker', (f) => sql(f, 'DELETE FROM audit_log WHERE seq <= 3; ' +
      "UPDATE audit_head SET pruned_seq = 3, pruned_hash = (SELECT prev_hash FROM audit_log WHERE seq = 4)"), 4],
  ];
  // The database itself refuses to change the trail; someone holding the file drops
  // its guards first.
  const guarded = fresh();
  for (const change of ["UPDATE audit_log SET username = 'nobody' WHERE seq = 5", 'DELETE FROM audit_log WHERE seq = 4',
    'UPDATE audit_head SET seq = seq - 1', 'DELETE FROM audit_head']) {
    let refused = '';
    try { sql(guarded, change); } catch (e) { refused = String(e.stderr); }
    assert.match(refused, /append-only|pruned|forward|kept/, change);
  }
  const unguard = (file) => sql(file, ['audit_log_no_update', 'audit_log_prune_only', 'audit_head_forward', 'audit_head_kept']
    .map((t) => `DROP TRIGGER ${t};`).join(' '));
  for (const [what, tamper, seq] of cases) {
    const file = fresh();
    unguard(file);
    tamper(file);
    const r = verify(file);
    assert.equal(r.status, 1, `${what}: ${r.out}`);
    assert.match(r.out, new RegExp(`BROKEN at entry ${seq}:`), `${what}: ${r.out}`);
  }

  // Rolled back to a head row saved earlier: the chain and the head's signature are
  // consistent again; only the witness kept outside the database shows the cut.
  const file = fresh();
  const witness = join(server.dir, 'witness.log');
  assert.equal(cli(file, ['audit', 'witness', '--append', witness]).status, 0);
  const saved = sql(file, 'SELECT seq, hash, key_id, mac FROM audit_head').split('|');
  unguard(file);
  assert.equal(cli(file, ['user', 'add', '--username', 'later_one', '--role', 'viewer', '--region', '4111'], { SHEGONG_PASSWORD: 'Initial#2026' }).status, 0);
  assert.equal(cli(file, ['audit', 'witness', '--append', witness]).status, 0);
  const later = verify(file, '--witness', witness);
  assert.equal(later.status, 0, later.out);
  assert.match(later.out, /2 of 2 witnessed heads found/);
  sql(file, `DELETE FROM audit_log WHERE seq > ${saved[0]}; UPDATE audit_head SET seq = ${saved[0]}, hash = ${quote(saved[1])}, ` +
    `key_id = ${quote(saved[2])}, mac = ${quote(saved[3])}`);
  assert.equal(verify(file).status, 0, 'without its witness the rolled-back trail looks whole');
  const caught = verify(file, '--witness', witness);
  assert.equal(caught.status, 1, caught.out);
  assert.match(caught.out, /its tail was cut/);
  // A witness line altered by hand does not check either.
  const lines = (await import('node:fs')).readFileSync(witness, 'utf8').trim().split('\n');
  writeFileSync(witness, `${lines[0].replace(/ (\d+) /, (m, at) => ` ${Number(at) + 1} `)}\n`);
  assert.match(verify(fresh(), '--witness', witness).out, /signature does not check/);
  for (const c of copies) rmSync(c, { force: true });
});
