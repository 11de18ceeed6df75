// Many people sign in from behind one address (a county bureau's NAT): failures from
// it slow it down but never keep a colleague with the right password out; the account
// that fails is locked until the lock ends or the security administrator lifts it.
// A server of its own: everything here comes from 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD, checkedFetch as fetch } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const login = (username, password) => fetch(`${server.base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
});

test('a hundred failures from one address: it is slowed, a colleague still signs in, the failing account is locked and lifted', async () => {
  const SLOW_AFTER = 20, LOCK_S = 15 * 60;
  // Signed in before, so the security administrator's own session is not what is tested.
  await server.login('security');
  const problems = [];
  for (let i = 1; i <= 100; i++) {
    const r = await login(`guess-${i}`, 'wrong-guess');
    const body = await r.json();
    if (i <= SLOW_AFTER) {
      if (r.status !== 401) problems.push(`failure ${i}: ${r.status} ${JSON.stringify(body)}`);
      continue;
    }
    const wait = Math.min(2 ** (i - SLOW_AFTER - 1), LOCK_S);
    if (r.status !== 429 || body.error.code !== 'rate_limited' || r.headers.get('retry-after') !== String(wait))
      problems.push(`failure ${i}: ${r.status} ${body.error?.code} Retry-After ${r.headers.get('retry-after')}, want ${wait}`);
  }
  assert.deepEqual(problems, []);

  // A colleague behind the same address, with the right password: at once.
  const colleague = await login('luohe', DEMO_PASSWORD);
  assert.equal(colleague.status, 200, await colleague.clone().text());

  // The account that fails five times is locked, the right password included.
  const add = server.cli(['user', 'add', '--username', 'neighbour', '--role', 'viewer'], { SHEGONG_PASSWORD: 'Kx7#Pw2026cd' });
  assert.equal(add.status, 0, add.stderr);
  let fifth;
  for (let i = 0; i < 5; i++) fifth = await login('neighbour', 'not-it');
  assert.equal(fifth.status, 429);
  assert.equal((await fifth.json()).error.code, 'login_locked');
  assert.ok(Number(fifth.headers.get('retry-after')) > LOCK_S - 60, `Retry-After ${fifth.headers.get('retry-after')}`);
  const refused = await login('neighbour', 'Kx7#Pw2026cd');
  assert.equal(refused.status, 429);
  assert.equal((await refused.json()).error.code, 'login_locked');

  // The security administrator sees that lock (and only it: no name failed five times) and lifts it.
  const listed = await server.request('GET', '/api/v1/lockouts', { as: 'security' });
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.items.map((l) => [l.username, typeof l.user_id]), [['neighbour', 'string']]);
  assert.ok(Date.parse(listed.json.items[0].locked_until) > Date.now() + (LOCK_S - 60) * 1000);
  assert.equal((await server.request('GET', '/api/v1/lockouts', { as: 'luohe' })).status, 403);
  const lifted = await server.request('DELETE', '/api/v1/lockouts/neighbour', { as: 'security' });
  assert.equal(lifted.status, 204, lifted.text);
  assert.deepEqual((await server.request('GET', '/api/v1/lockouts', { as: 'security' })).json.items, []);
  assert.equal((await login('neighbour', 'Kx7#Pw2026cd')).status, 200);

  // The lifting is in the audit trail, with who lifted whose lock.
  const trail = await server.request('GET', '/api/v1/audit?action=login.unlock', { as: 'auditor' });
  assert.equal(trail.status, 200, trail.text);
  assert.equal(trail.json.items.length, 1);
  assert.equal(trail.json.items[0].username, 'security');
  assert.match(trail.json.items[0].detail, /neighbour/);
});
