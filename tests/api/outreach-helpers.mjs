// Shared by the outreach tests (敲门行动): client-made UUIDv7 ids, accounts of a given
// role and area, China dates, paging, and a small pool of requests in flight.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkedFetch as fetch } from './contract.mjs';

// A UUIDv7 as a phone makes it offline: 48 bits of Unix milliseconds, version 7,
// variant 10, the rest random (RFC 9562 §5.7).
export function uuidv7(ms = Date.now()) {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// An account made with the CLI, its first password changed: {id, username, token}.
// The token is stored in server.tokens, so server.request(…, {as: username}) uses it.
export async function addUser(server, username, role, region, displayName) {
  const args = ['user', 'add', '--username', username, '--role', role, '--region', region];
  if (displayName) args.push('--display-name', displayName);
  const add = server.cli(args, { SHEGONG_PASSWORD: 'Initial#2026ab' });
  assert.equal(add.status, 0, `user add ${username}: ${add.stderr}`);
  const login = await server.login(username, 'Initial#2026ab');
  const changed = await fetch(`${server.base}/api/v1/auth/password`, { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ current_password: 'Initial#2026ab', new_password: 'Outreach#2026ok' }) });
  assert.equal(changed.status, 204, `password change of ${username}`);
  server.tokens[username] = login.token;
  return { id: login.user.id, username, token: login.token };
}

// The calendar date in China (UTC+8, no daylight saving) of a moment.
export function chinaDate(ms = Date.now()) {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// A moment on a China date: `hhmm` UTC on that date is 8 hours later in China, the same day for hhmm < 16:00.
export function at(date, hhmm = '02:30') {
  return `${date}T${hhmm}:00Z`;
}

// Every item of a paged list (page_size 200).
export async function allPages(server, path, as) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 1; page < 1000; page++) {
    const r = await server.request('GET', `${path}${sep}page=${page}&page_size=200`, { as });
    assert.equal(r.status, 200, `GET ${path} page ${page}: ${r.text}`);
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= r.json.total) return { items, total: r.json.total };
  }
  throw new Error(`${path}: too many pages`);
}

// Runs the async functions with at most `n` in flight.
export async function pool(tasks, n) {
  let next = 0;
  const runners = Array.from({ length: Math.min(n, tasks.length) }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await task();
    }
  });
  await Promise.all(runners);
}

// A deterministic pseudo-random generator (mulberry32), so a failing run can be repeated with its seed.
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  next.shuffle = (arr) => {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [arr[i], arr[j]] = [arr[j], arr[i]];
    }
    return arr;
  };
  return next;
}

// The masked form of a name for a viewer, as the register shows it: 孙秀英 -> 孙*英.
export function maskedName(name) {
  const chars = [...name];
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
