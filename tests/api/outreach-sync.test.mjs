// The offline sync of door-knocking visits, tortured: 1,000 visits made on phones (client
// UUIDv7 ids) by four workers arrive each one to three times, shuffled, eight requests in
// flight, some copies of a visit at the very same moment; then corrections, each followed by
// a stale one from "another phone", and pairs of corrections racing on one version. Every
// visit must exist exactly once, nothing may be lost or counted twice, every stale edit must
// get 409, and no request may get a 5xx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { uuidv7, addUser, chinaDate, addDays, allPages, pool, rng } from './outreach-helpers.mjs';

const VISITS = 1000;
const WORKERS = 4;
const IN_FLIGHT = 8;
const SEED = Number(process.env.OUTREACH_SYNC_SEED ?? 20261129);
const TOWN = '330521001';
const VILLAGES = ['330521001004', '330521001005', '330521001006', '330521001007'];
const CHECK_KEYS = ['health', 'home_safety', 'heating', 'food', 'school', 'mood'];
const NEED_CATEGORIES = ['medical', 'daily_care', 'family', 'hygiene', 'safety', 'education', 'economic', 'other'];

let server;
const random = rng(SEED);
const workers = [];
const targets = [];      // {target_id, members: [person id], worker}
const visits = new Map(); // id -> {body, worker, edited: null | {notes, checks}}
let campaign;
let today;
const statuses = [];     // every answer: {what, status}

// A request whose answer is counted in `statuses`.
async function send(what, method, path, opts) {
  let r;
  try {
    r = await server.request(method, path, opts);
  } catch (e) {
    statuses.push({ what, status: 0, text: String(e) });
    throw e;
  }
  statuses.push({ what, status: r.status, text: r.status >= 500 ? r.text.slice(0, 300) : '' });
  return r;
}

before(async () => {
  server = await startServer();
  for (let w = 0; w < WORKERS; w++) workers.push(await addUser(server, `sync_w${w + 1}`, 'social_worker', TOWN, `同步社工${w + 1}`));
  today = chinaDate();
  // 40 targets: 10 households of two (both members can be seen), 30 persons on their own.
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
  const given = ['秀英', '桂兰', '建国', '国强', '玉兰', '志强', '淑珍', '建华'];
  let n = 0;
  const person = async (region, extra) => {
    n++;
    const body = { name: `${surnames[n % 10]}${given[Math.floor(n / 10) % 8]}`, region_code: region, allow_duplicate: true,
      birth_date: `19${40 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`, risk_level: ['low', 'medium', 'high'][n % 3],
      categories: [{ category: 'tekun', start_date: '2021-01-01' }], ...extra };
    const r = await server.request('POST', '/api/v1/persons', { as: 'deqing', body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  for (let h = 0; h < 10; h++) {
    const region = VILLAGES[h % VILLAGES.length];
    const hh = await server.request('POST', '/api/v1/households', { as: 'deqing', body: { region_code: region, address: `同步测试路${h + 1}号` } });
    assert.equal(hh.status, 201, hh.text);
    await person(region, { household_id: hh.json.id, relation: 'head' });
    await person(region, { household_id: hh.json.id, relation: 'spouse', categories: [] });
  }
  for (let p = 0; p < 30; p++) await person(VILLAGES[p % VILLAGES.length], {});

  const made = await server.request('POST', '/api/v1/campaigns', { as: 'deqing', body: { id: uuidv7(), name: '同步压力测试行动',
    region_code: TOWN, starts_on: addDays(today, -60), ends_on: addDays(today, 30), categories: ['tekun'] } });
  assert.equal(made.status, 201, made.text);
  const started = await server.request('POST', `/api/v1/campaigns/${made.json.id}/start`, { as: 'deqing', body: { version: made.json.version } });
  assert.equal(started.status, 200, started.text);
  campaign = started.json;
  assert.equal(campaign.targets, 40);
  const cov = await server.request('GET', `/api/v1/campaigns/${campaign.id}/coverage`, { as: 'deqing' });
  today = cov.json.today;
  const { items } = await allPages(server, `/api/v1/campaigns/${campaign.id}/targets`, 'deqing');
  assert.equal(items.length, 40);
  items.forEach((t, i) => targets.push({ target_id: t.target_id, members: t.members.map((m) => m.person_id), worker: workers[i % WORKERS] }));
  for (const w of workers) {
    const mine = targets.filter((t) => t.worker === w).map((t) => t.target_id);
    const r = await server.request('POST', `/api/v1/campaigns/${campaign.id}/assignments`, { as: 'deqing',
      body: { worker_id: w.id, target_ids: mine } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.assigned, mine.length);
  }
});
after(async () => { assert.equal(await server.stop(), 0); });

// One visit as a phone keeps it in its outbox: made on a day of the last 59, id from that moment.
function makeVisit(i) {
  const t = targets[random.int(targets.length)];
  const day = addDays(today, -59 + random.int(58));
  const when = new Date(Date.parse(`${day}T01:00:00Z`) + i * 13_000).toISOString(); // unique, 09:00–12:37 in China
  const mode = random() < 0.7 ? 'home' : random() < 0.66 ? 'phone' : 'video';
  const seen = t.members.filter(() => random() < 0.6);
  if (seen.length === 0) seen.push(t.members[random.int(t.members.length)]);
  const checks = Object.fromEntries(CHECK_KEYS.map((k) => [k, random.pick(['ok', 'ok', 'ok', 'concern', 'na'])]));
  const needs = random() < 0.1
    ? [{ id: uuidv7(Date.parse(when)), category: random.pick(NEED_CATEGORIES), urgency: random.pick(['low', 'normal', 'urgent']),
      description: `第${i}次走访发现的需求`, due_on: addDays(day, 7 + random.int(30)), person_id: null }]
    : [];
  return { worker: t.worker, target: t, body: { id: uuidv7(Date.parse(when)), target_id: t.target_id, campaign_id: campaign.id,
    visited_at: when, mode, persons_seen: seen, checks, notes: `离线记录 ${i}`,
    location: random() < 0.5 ? { lat: 30.54 + random() / 100, lng: 119.96 + random() / 100, accuracy_m: 5 + random.int(50) } : null,
    needs } };
}

test('1,000 offline visits sent 1–3 times, shuffled, 8 in flight: each stored exactly once', async () => {
  const t0 = Date.now();
  for (let i = 0; i < VISITS; i++) {
    const v = makeVisit(i);
    visits.set(v.body.id, { ...v, created: 0, replayed: 0, other: [] });
  }
  const all = [...visits.values()];
  const tasks = [];
  const post = async (v) => {
    const r = await send('POST /visits', 'POST', '/api/v1/visits', { as: v.worker.username, body: v.body });
    if (r.status === 201) v.created++;
    else if (r.status === 200) {
      v.replayed++;
      if (r.json?.id !== v.body.id) v.other.push(`200 for another id: ${r.text.slice(0, 100)}`);
    } else v.other.push(`${r.status} ${r.text.slice(0, 200)}`);
  };
  // The first 30 visits: three copies at the very same moment (a phone retrying on a flaky line).
  for (const v of all.slice(0, 30)) tasks.push(() => Promise.all([post(v), post(v), post(v)]));
  for (const v of all.slice(30)) {
    const copies = 1 + random.int(3);
    for (let c = 0; c < copies; c++) tasks.push(() => post(v));
  }
  random.shuffle(tasks);
  await pool(tasks, IN_FLIGHT);
  console.log(`# ${statuses.length} submissions of ${VISITS} visits in ${Date.now() - t0} ms`);

  const problems = [];
  const bad = all.filter((v) => v.created !== 1 || v.other.length > 0)
    .map((v) => `${v.body.id}${all.indexOf(v) < 30 ? ' (3 copies at once)' : ''}: ${v.created} created, ${v.replayed} replayed, ${v.other.join(' | ')}`);
  if (bad.length) problems.push(`${bad.length} visits not answered 201 once and 200 otherwise`, ...bad.slice(0, 10));
  const fivexx = statuses.filter((x) => x.status >= 500 || x.status === 0);
  if (fivexx.length) problems.push(`${fivexx.length} answers 5xx`, ...fivexx.slice(0, 5).map((x) => JSON.stringify(x)));

  const listed = await allPages(server, `/api/v1/visits?campaign_id=${campaign.id}`, 'deqing');
  const ids = listed.items.map((v) => v.id);
  if (listed.total !== VISITS) problems.push(`the list counts ${listed.total} visits, not ${VISITS}`);
  if (new Set(ids).size !== ids.length) problems.push('a visit twice in the list');
  const lost = [...visits.keys()].filter((id) => !ids.includes(id));
  if (lost.length) problems.push(`lost: ${lost.slice(0, 10)}`);
  const madeUp = ids.filter((id) => !visits.has(id));
  if (madeUp.length) problems.push(`made up: ${madeUp.slice(0, 10)}`);
  for (const v of listed.items) {
    const mine = visits.get(v.id);
    if (!mine) continue;
    if (v.version !== 1 || v.worker_id !== mine.worker.id || [...v.persons_seen].sort().join() !== [...mine.body.persons_seen].sort().join())
      problems.push(`${v.id} stored as version ${v.version} by ${v.worker_id} seeing ${v.persons_seen}`);
  }
  problems.push(...await checkCounts('after the submissions'));
  assert.deepEqual(problems, []);
});

// Coverage, the targets' visit counts, per-worker rows and needs, against what was sent: a list of differences.
async function checkCounts(when) {
  const problems = [];
  const all = [...visits.values()];
  const personTimes = all.reduce((s, v) => s + Math.max(1, v.body.persons_seen.length), 0);
  const needs = all.reduce((s, v) => s + v.body.needs.length, 0);
  const cov = await send('coverage', 'GET', `/api/v1/campaigns/${campaign.id}/coverage?by=worker`, { as: 'deqing' });
  assert.equal(cov.status, 200, cov.text);
  const perTarget = new Map(targets.map((t) => [t.target_id, 0]));
  for (const v of all) perTarget.set(v.target.target_id, perTarget.get(v.target.target_id) + 1);
  const diff = (where, got, want) => {
    for (const k of Object.keys(want)) if (got?.[k] !== want[k]) problems.push(`${when}: ${where} ${k} ${got?.[k]}, expected ${want[k]}`);
  };
  diff('coverage', cov.json.totals, { visits: VISITS, person_times: personTimes, needs_raised: needs,
    visited: [...perTarget.values()].filter((n) => n > 0).length, targets: 40, assigned: 40 });
  for (const w of workers) {
    const theirs = all.filter((v) => v.worker === w);
    diff(`coverage row of ${w.username}`, cov.json.rows.find((r) => r.key === w.id), { visits: theirs.length,
      person_times: theirs.reduce((s, v) => s + Math.max(1, v.body.persons_seen.length), 0), needs_raised: theirs.reduce((s, v) => s + v.body.needs.length, 0) });
  }
  const listedTargets = await allPages(server, `/api/v1/campaigns/${campaign.id}/targets`, 'deqing');
  const span = new Map(); // target -> [first, last] visited_at
  for (const v of all) {
    const at = Date.parse(v.body.visited_at);
    const [a, b] = span.get(v.target.target_id) ?? [Infinity, -Infinity];
    span.set(v.target.target_id, [Math.min(a, at), Math.max(b, at)]);
  }
  for (const t of listedTargets.items) {
    const [first, last] = span.get(t.target_id) ?? [null, null];
    diff(`target ${t.target_id}`, { visits: t.visits, first_visit_at: t.first_visit_at && Date.parse(t.first_visit_at),
      last_visit_at: t.last_visit_at && Date.parse(t.last_visit_at) },
    { visits: perTarget.get(t.target_id), first_visit_at: first, last_visit_at: last });
  }
  const needList = await send('needs', 'GET', `/api/v1/needs?campaign_id=${campaign.id}&page_size=1`, { as: 'deqing' });
  diff('needs list', needList.json, { total: needs });
  // person_times also equals the sum over the visits as stored.
  const stored = await allPages(server, `/api/v1/visits?campaign_id=${campaign.id}`, 'deqing');
  diff('sum over the stored visits', { person_times: stored.items.reduce((s, v) => s + Math.max(1, v.persons_seen.length), 0) }, { person_times: cov.json.totals.person_times });
  return problems;
}

const edit = (v, version, notes) => ({ version, visited_at: v.body.visited_at, mode: v.body.mode, persons_seen: v.body.persons_seen,
  checks: { ...v.body.checks, mood: 'concern' }, notes, location: v.body.location });

test('corrections, stale corrections and racing corrections: every stale one gets 409, none is lost', async () => {
  const t0 = Date.now();
  const all = random.shuffle([...visits.values()]);
  const sequential = all.slice(0, 150);
  const racing = all.slice(150, 200);
  const problems = [];
  let stale = 0;
  const tasks = [];
  // A correction, then a second phone's correction still based on version 1.
  for (const v of sequential) {
    tasks.push(async () => {
      const first = await send('PUT', 'PUT', `/api/v1/visits/${v.body.id}`, { as: v.worker.username, body: edit(v, 1, `更正 ${v.body.notes}`) });
      if (first.status !== 200 || first.json.version !== 2) { problems.push(`${v.body.id} first correction: ${first.status} ${first.text.slice(0, 200)}`); return; }
      v.edited = { notes: `更正 ${v.body.notes}`, version: 2 };
      const second = await send('PUT stale', 'PUT', `/api/v1/visits/${v.body.id}`, { as: v.worker.username, body: edit(v, 1, `另一台手机 ${v.body.notes}`) });
      stale++;
      if (second.status !== 409 || second.json?.error?.code !== 'version_conflict') problems.push(`${v.body.id} stale correction: ${second.status} ${second.text.slice(0, 200)}`);
      else if (second.json.current?.version !== 2 || second.json.current?.notes !== v.edited.notes || second.json.submitted?.notes !== `另一台手机 ${v.body.notes}`)
        problems.push(`${v.body.id} stale correction: current/submitted ${JSON.stringify([second.json.current?.version, second.json.current?.notes, second.json.submitted?.notes])}`);
    });
  }
  // Two phones correct the same version at the same moment: one wins, the other gets 409.
  for (const v of racing) {
    tasks.push(async () => {
      const [a, b] = await Promise.all([
        send('PUT race', 'PUT', `/api/v1/visits/${v.body.id}`, { as: v.worker.username, body: edit(v, 1, `甲 ${v.body.notes}`) }),
        send('PUT race', 'PUT', `/api/v1/visits/${v.body.id}`, { as: v.worker.username, body: edit(v, 1, `乙 ${v.body.notes}`) })]);
      stale++;
      const codes = [a.status, b.status].sort();
      if (codes[0] !== 200 || codes[1] !== 409) { problems.push(`${v.body.id} race: ${a.status} ${b.status} ${a.text.slice(0, 100)} ${b.text.slice(0, 100)}`); return; }
      const winner = a.status === 200 ? '甲' : '乙';
      v.edited = { notes: `${winner} ${v.body.notes}`, version: 2 };
    });
  }
  await pool(random.shuffle(tasks), IN_FLIGHT);
  console.log(`# ${sequential.length * 2 + racing.length * 2} corrections in ${Date.now() - t0} ms`);
  assert.equal(stale, 200);
  const fivexx = statuses.filter((x) => x.status >= 500 || x.status === 0);
  if (fivexx.length) problems.push(`${fivexx.length} answers 5xx`, ...fivexx.slice(0, 5).map((x) => JSON.stringify(x)));

  // Every visit as it should be now: the correction that won, kept over its first version.
  const listed = await allPages(server, `/api/v1/visits?campaign_id=${campaign.id}`, 'deqing');
  if (listed.total !== VISITS) problems.push(`the list counts ${listed.total} visits`);
  for (const got of listed.items) {
    const v = visits.get(got.id);
    if (!v) continue;
    const want = v.edited ? [2, v.edited.notes] : [1, v.body.notes];
    if (got.version !== want[0] || got.notes !== want[1]) problems.push(`${got.id}: ${got.version} ${got.notes}, expected ${want}`);
  }
  for (const v of [...sequential.slice(0, 10), ...racing.slice(0, 10)]) {
    const got = await send('GET visit', 'GET', `/api/v1/visits/${v.body.id}`, { as: v.worker.username });
    // (Whether `versions` also lists the current version is outreach.test.mjs's business.)
    const earlier = got.json.versions.filter((x) => x.version < got.json.version);
    if (earlier.length !== 1 || earlier[0].notes !== v.body.notes) problems.push(`${v.body.id}: earlier versions ${JSON.stringify(earlier.map((x) => [x.version, x.notes]))}`);
  }
  problems.push(...await checkCounts('after the corrections'));
  assert.deepEqual(problems, []);
});

test('the outboxes sent once more, while further corrections go in, change nothing', async () => {
  const edited = [...visits.values()].filter((v) => v.edited);
  const other = [...visits.values()].filter((v) => !v.edited).slice(0, 100);
  const again = edited.slice(0, 100); // corrected once more (on version 2) while their original is replayed
  const problems = [];
  const tasks = [...edited, ...other].map((v) => async () => {
    const r = await send('POST replay', 'POST', '/api/v1/visits', { as: v.worker.username, body: v.body });
    if (r.status !== 200) problems.push(`replay of ${v.body.id}${v.edited ? ' (corrected)' : ''}: ${r.status} ${r.text.slice(0, 200)}`);
  });
  for (const v of again) {
    tasks.push(async () => {
      const notes = `再次更正 ${v.body.notes}`;
      const r = await send('PUT again', 'PUT', `/api/v1/visits/${v.body.id}`, { as: v.worker.username, body: edit(v, 2, notes) });
      if (r.status !== 200 || r.json.version !== 3) problems.push(`second correction of ${v.body.id}: ${r.status} ${r.text.slice(0, 200)}`);
      else v.edited = { notes, version: 3 };
    });
  }
  await pool(random.shuffle(tasks), IN_FLIGHT);
  const fivexx = statuses.filter((x) => x.status >= 500 || x.status === 0);
  if (fivexx.length) problems.push(`${fivexx.length} answers 5xx`, ...fivexx.slice(0, 5).map((x) => JSON.stringify(x)));
  const listed = await allPages(server, `/api/v1/visits?campaign_id=${campaign.id}`, 'deqing');
  if (listed.total !== VISITS) problems.push(`the list counts ${listed.total} visits`);
  for (const got of listed.items) {
    const v = visits.get(got.id);
    if (v && (got.version !== (v.edited ? v.edited.version : 1) || got.notes !== (v.edited ? v.edited.notes : v.body.notes)))
      problems.push(`changed by a replay? ${got.id}: version ${got.version} ${got.notes}`);
  }
  problems.push(...await checkCounts('after the replays'));
  console.log(`# ${statuses.length} requests in all, ${fivexx.length} answered 5xx`);
  assert.deepEqual(problems, []);
  // The region's figures, moved by racing visits, replays and corrections, equal a recount.
  const rebuilt = server.cli(['stats', 'rebuild']);
  assert.equal(rebuilt.status, 0, rebuilt.stdout + rebuilt.stderr);
  assert.match(rebuilt.stdout, / 0 differences/);
  const figures = await server.request('GET', `/api/v1/stats/dashboard?region=330521000000&from=2020-01`, { as: 'deqing' });
  assert.equal(figures.status, 200, figures.text);
  assert.equal(figures.json.figures.visits.value, VISITS);
});
