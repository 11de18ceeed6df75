// The figures (docs/stats.md) over HTTP, against a small data set built here by hand so that
// every answer is known: people in two categories, a category that ended, a record merged
// into another, a household of two, households visited twice in a month and in different
// months, a phone call that names nobody, a video call that sees two, visits recorded out of
// order and corrected afterwards, needs resolved, referred, closed and left open, resources
// in fen. Every figure of the dashboard — at each village, township, the county, the city
// and the province, for single months, two months, quarters, years, the year to date and
// periods that fit no bucket — is recomputed here from what the test made (and, for the demo
// data set's people, stations and grids, from the register), never read from a counter.
// Then `shegong stats rebuild` finds no difference, a need is moved into last month and a
// counter is tampered with straight in the database, the workbook is read back, and the
// `report` command prints the same paragraph.
//
// The months: Y is last year, so every visit can be backdated into it; M is this month
// (China time), where needs are raised and resolved, as the server stamps them with its own
// clock (the API has no way to backdate them: the test moves one in the database instead).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { startServer, checkedFetch as fetch } from './server.mjs';
import { uuidv7, addUser, chinaDate, addDays, at, allPages, pool } from './outreach-helpers.mjs';

let server;
const rq = (...a) => server.request(...a);

// ---- the places -------------------------------------------------------------------------
const PROVINCE = '330000000000';   // 浙江省
const CITY = '330500000000';       // 湖州市
const COUNTY = '330521000000';     // 德清县
const TA = '330521001000';         // 武康街道
const TB = '330521101000';         // 乾元镇
const A1 = '330521001001';         // 居仁社区居委会 (武康街道)
const A2 = '330521001200';         // 对河口村委会 (武康街道)
const B1 = '330521101200';         // 明星村委会 (乾元镇)
const NODES = [
  { code: A1, name: '居仁社区居委会', level: 'village', as: 'deqing' },
  { code: A2, name: '对河口村委会', level: 'village', as: 'deqing' },
  { code: B1, name: '明星村委会', level: 'village', as: 'deqing' },
  { code: TA, name: '武康街道', level: 'township', as: 'deqing' },
  { code: TB, name: '乾元镇', level: 'township', as: 'deqing' },
  { code: COUNTY, name: '德清县', level: 'county', as: 'deqing' },
  { code: CITY, name: '湖州市', level: 'city', as: 'zj_viewer' },
  { code: PROVINCE, name: '浙江省', level: 'province', as: 'zj_viewer' },
];
const LEVELS = ['country', 'province', 'city', 'county', 'township', 'village'];
// The significant digits of a 12-digit code: what every code under it starts with.
function prefixOf(code) {
  if (code.endsWith('0000000000')) return code.slice(0, 2);
  if (code.endsWith('00000000')) return code.slice(0, 4);
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

// ---- the indicators (docs/stats.md, in the catalogue's order) ----------------------------
const KIND = {
  stations: 'place', workers: 'place', grids: 'place', micro_grids: 'place', residents: 'place',
  persons_served: 'stock', persons_by_category: 'stock', households_in_target: 'stock', households_visited: 'distinct',
  visits: 'flow', person_times: 'flow', needs_raised: 'flow', needs_resolved: 'flow', needs_referred: 'flow',
  needs_closed: 'flow', needs_open: 'stock', resources: 'flow', value_fen: 'flow',
};
const CODES = Object.keys(KIND);
const COUNTED = CODES.filter((c) => KIND[c] !== 'place');
const SHARED = ['visits', 'households_visited', 'person_times', 'needs_raised', 'needs_resolved', 'value_fen',
  'persons_served', 'stations', 'workers'];

// ---- months ------------------------------------------------------------------------------
const monthNo = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOfNo = (n) => `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
const addMonths = (m, k) => monthOfNo(monthNo(m) + k);
const monthCount = (from, to) => Math.max(0, monthNo(to) - monthNo(from) + 1);
const monthsOf = (from, to) => Array.from({ length: monthCount(from, to) }, (_, i) => addMonths(from, i));
const lastDay = (m) => addDays(`${addMonths(m, 1)}-01`, -1);
const mon = (m) => Number(m.slice(5, 7));
const quarterOf = (m) => `${m.slice(0, 4)}Q${Math.floor((mon(m) - 1) / 3) + 1}`;

// ---- what the test made, and what the register holds besides -----------------------------
let M, Y;                 // this month; last year (a number)
const ym = (n) => `${Y}-${String(n).padStart(2, '0')}`;
const S = {
  users: {}, persons: {}, households: {}, campaigns: {}, visits: {}, needs: {},
};
const model = {
  persons: new Map(),     // id -> {id, region, merged, spans: [{category, start, end}]}; the demo's too
  targets: new Map(),     // target id -> {region, joined (month)}
  visits: new Map(),      // id -> {target, region, day, mode, seen: [ids]}
  needs: new Map(),       // id -> {region, category, raised (month), state, closed (month) | null}
  resources: [],          // {id, region, month, kind, value}
  stations: [],           // {id, region, kind, active}: the register's (the demo's and the test's)
  grids: [],              // {id, region, kind, residents, active}
  workers: [],            // {id, region, role, active}: every account of the register
};
const children = new Map(); // node -> [{code, name}]

before(async () => { server = await startServer(); });
after(async () => { if (server) assert.equal(await server.stop(), 0); });

// Money is fen in the API: 1234.56 yuan is 123456 fen.
const yuan = (y) => Math.round(y * 100);
const CHECKS_OK = { health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: 'na', mood: 'ok' };
const OPEN = new Set(['raised', 'linked', 'in_progress']);

async function person(key, { name, region, household, relation, categories = [] }) {
  const body = { name, region_code: region, birth_date: '1950-01-01', risk_level: 'medium', allow_duplicate: true,
    current_address: `${key}号` };
  if (household) Object.assign(body, { household_id: S.households[household], relation });
  if (categories.length) body.categories = categories.map(([category, start, end]) => ({ category, start_date: start, ...(end ? { end_date: end } : {}) }));
  const r = await rq('POST', '/api/v1/persons', { as: 'deqing', body });
  assert.equal(r.status, 201, `${key}: ${r.text}`);
  S.persons[key] = r.json.id;
  model.persons.set(r.json.id, { id: r.json.id, key, region, merged: false,
    spans: categories.map(([category, start, end]) => ({ category, start, end: end ?? null })) });
  return r.json.id;
}
const P = (key) => S.persons[key];

async function campaign(key, region, categories) {
  const body = { id: uuidv7(), name: `${key}走访行动`, region_code: region, starts_on: `${ym(4)}-01`,
    ends_on: `${Y + 1}-12-31`, categories };
  const c = await rq('POST', '/api/v1/campaigns', { as: 'deqing', body });
  assert.equal(c.status, 201, c.text);
  const s = await rq('POST', `/api/v1/campaigns/${body.id}/start`, { as: 'deqing', body: { version: c.json.version } });
  assert.equal(s.status, 200, s.text);
  S.campaigns[key] = body.id;
  return s.json;
}

// A visit as a phone sends it; the model follows what the server accepted.
function visitBody({ id = uuidv7(), target, campaign: ck, when, mode = 'home', seen = [], needs = [] }) {
  return { id, target_id: target, campaign_id: ck ? S.campaigns[ck] : null, visited_at: when, mode,
    persons_seen: seen, checks: CHECKS_OK, notes: '', location: null, needs };
}
async function visit(key, spec) {
  const body = visitBody(spec);
  const r = await rq('POST', '/api/v1/visits', { as: 'deqing', body });
  assert.equal(r.status, 201, `${key}: ${r.text}`);
  assert.equal(r.json.region_code, spec.region, `${key}: the visit lies in its target's region`);
  S.visits[key] = { body, version: r.json.version };
  model.visits.set(body.id, { target: spec.target, region: spec.region, day: chinaDate(Date.parse(spec.when)),
    mode: body.mode, seen: [...body.persons_seen] });
  for (const n of body.needs) {
    model.needs.set(n.id, { region: spec.region, category: n.category, raised: M, state: 'raised', closed: null });
  }
  return r.json;
}
async function correct(key, change) {
  const v = S.visits[key];
  const body = { version: v.version, visited_at: v.body.visited_at, mode: v.body.mode, persons_seen: v.body.persons_seen,
    checks: CHECKS_OK, notes: '更正', location: null, ...change };
  const r = await rq('PUT', `/api/v1/visits/${v.body.id}`, { as: 'deqing', body });
  assert.equal(r.status, 200, `${key} corrected: ${r.text}`);
  Object.assign(v.body, change);
  v.version = r.json.version;
  const m = model.visits.get(v.body.id);
  m.day = chinaDate(Date.parse(body.visited_at));
  m.mode = body.mode;
  m.seen = [...body.persons_seen];
}
const need = async (id) => {
  const r = await rq('GET', `/api/v1/needs/${id}`, { as: 'deqing' });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
async function move(key, to, reason) {
  const id = S.needs[key];
  const n = await need(id);
  const r = await rq('POST', `/api/v1/needs/${id}/transitions`, { as: 'deqing',
    body: { id: uuidv7(), to, version: n.version, ...(reason ? { reason } : {}) } });
  assert.ok(r.status === 200 || r.status === 201, `${key} → ${to}: ${r.status} ${r.text}`);
  assert.equal(r.json.state, to);
  const m = model.needs.get(id);
  m.state = to;
  if (!OPEN.has(to)) m.closed = M;
  return r.json;
}
async function link(key, kind, valueFen, { id = uuidv7(), replay = false } = {}) {
  const nid = S.needs[key];
  const n = await need(nid);
  const r = await rq('POST', `/api/v1/needs/${nid}/resources`, { as: 'deqing',
    body: { id, kind, provider: '德清县慈善总会', value_fen: valueFen, description: `${kind}`, version: n.version } });
  assert.equal(r.status, replay ? 200 : 201, `${key} links ${kind}: ${r.text}`);
  const m = model.needs.get(nid);
  if (!replay) {
    model.resources.push({ id, region: m.region, month: M, kind, value: valueFen });
    if (m.state === 'raised') m.state = 'linked';
  }
  return { id, json: r.json };
}

// A moment of this month, a little in the past (a visit may not lie in the future).
function nowAt() {
  const start = Date.parse(`${M}-01T00:00:00+08:00`);
  const ms = Math.max(Date.now() - 60_000, start);
  assert.equal(chinaDate(ms).slice(0, 7), M, 'the month did not turn during the test');
  return new Date(ms).toISOString();
}

// ---- the expected figures, from the model ------------------------------------------------
const countBy = (items, key, weight = () => 1) => {
  const out = {};
  for (const x of items) {
    const w = weight(x);
    if (w) out[key(x)] = (out[key(x)] ?? 0) + w;
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0));
};
const sum = (items, f) => items.reduce((s, x) => s + f(x), 0);
const monthOfDay = (day) => day.slice(0, 7);

// Each household's (or lone person's) first visit ever: {day, region}.
function firstVisits() {
  const first = new Map();
  for (const v of model.visits.values()) {
    const f = first.get(v.target);
    if (!f || v.day < f.day) first.set(v.target, { day: v.day, region: v.region });
  }
  return first;
}
// Was any household of `node` first visited before `from`?
function visitedBefore(node, from) {
  const p = prefixOf(node);
  return [...firstVisits().values()].some((f) => f.region.startsWith(p) && monthOfDay(f.day) < from);
}
// The first-occurrence bucket docs/stats.md names for the period, or null (counted from the visits).
function bucketOf(node, from, to) {
  if (from === to) return 'month';
  if ((mon(from) - 1) % 3 === 0 && quarterOf(from) === quarterOf(to)) return 'quarter';
  if (mon(from) === 1 && from.slice(0, 4) === to.slice(0, 4)) return 'year';
  return visitedBefore(node, from) ? null : 'ever';
}

// Every counted indicator of `node` for [from, to]: {code: {value, dims?, source?}}.
function counted(node, from, to) {
  const p = prefixOf(node);
  const inNode = (region) => region.startsWith(p);
  const inPeriod = (month) => month >= from && month <= to;
  const end = lastDay(to);
  const f = {};
  const put = (code, value, dims) => {
    f[code] = { value };
    if (dims && Object.keys(dims).length) f[code].dims = dims;
  };
  const visits = [...model.visits.values()].filter((v) => inNode(v.region) && inPeriod(monthOfDay(v.day)));
  put('visits', visits.length, countBy(visits, (v) => v.mode));
  put('person_times', sum(visits, (v) => Math.max(1, v.seen.length)));
  put('households_visited', new Set(visits.map((v) => v.target)).size);
  if (!bucketOf(node, from, to)) f.households_visited.source = 'facts';
  put('households_in_target', [...model.targets.values()].filter((t) => inNode(t.region) && t.joined <= to).length);
  // People holding a category on the period's last day; a merged-away record holds nothing.
  const dims = {};
  let served = 0;
  for (const person of model.persons.values()) {
    if (person.merged || !inNode(person.region)) continue;
    const held = new Set(person.spans.filter((s) => s.start <= end && (!s.end || s.end >= end)).map((s) => s.category));
    if (held.size) served += 1;
    for (const c of held) dims[c] = (dims[c] ?? 0) + 1;
  }
  put('persons_served', served);
  put('persons_by_category', sum(Object.values(dims), (v) => v), dims);
  const needs = [...model.needs.values()].filter((n) => inNode(n.region));
  const raised = needs.filter((n) => inPeriod(n.raised));
  put('needs_raised', raised.length, countBy(raised, (n) => n.category));
  for (const state of ['resolved', 'referred', 'closed']) {
    const done = needs.filter((n) => n.state === state && n.closed && inPeriod(n.closed));
    put(`needs_${state}`, done.length, countBy(done, (n) => n.category));
  }
  const open = needs.filter((n) => n.raised <= to && !(n.closed && n.closed <= to));
  put('needs_open', open.length, countBy(open, (n) => n.category));
  const res = model.resources.filter((x) => inNode(x.region) && inPeriod(x.month));
  put('resources', res.length, countBy(res, (x) => x.kind));
  put('value_fen', sum(res, (x) => x.value), countBy(res, (x) => x.kind, (x) => x.value));
  return f;
}

// The place figures: now, from the register's stations, grids and accounts.
function places(node) {
  const p = prefixOf(node);
  const stations = model.stations.filter((s) => s.active && s.region.startsWith(p));
  const grids = model.grids.filter((g) => g.active && g.region.startsWith(p));
  const f = {
    stations: { value: stations.length },
    workers: { value: model.workers.filter((w) => w.active && ['social_worker', 'station_manager'].includes(w.role) && w.region.startsWith(p)).length },
    grids: { value: grids.filter((g) => g.kind === 'grid').length },
    micro_grids: { value: grids.filter((g) => g.kind === 'micro_grid').length },
    residents: { value: sum(grids.filter((g) => g.kind === 'grid'), (g) => g.residents) },
  };
  const byKind = countBy(stations, (s) => s.kind);
  if (Object.keys(byKind).length) f.stations.dims = byKind;
  return f;
}

const values = (f) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.value]));
// C++'s std::round: halves away from zero.
const round = (x) => (x < 0 ? -Math.round(-x) : Math.round(x));
const growth = (now, before) => (before === 0 ? null : round(((now - before) * 100) / before * 10) / 10);
const ratio = (num, den, scale) => (den === 0 ? null : round(num * scale / den * 10) / 10);

// ---- the paragraph -----------------------------------------------------------------------
function yuanWords(fen) {
  const WAN = 10_000 * 100;
  if (fen >= WAN) return `${Math.floor(fen / WAN)}${fen % WAN ? '万余元' : '万元'}`;
  let s = String(Math.floor(fen / 100));
  if (fen % 100) s += `.${String(fen % 100).padStart(2, '0')}`.replace(/0$/, '');
  return `${s}元`;
}
// The word a bureau uses for its own area, from the region's name: 全省, 全市, 全县, 全镇, 全街道,
// 全社区, 全村 (a 居委会 is its 社区, a 村委会 its 村).
function areaWord(name) {
  const n = name.replace(/居委会$/, '').replace(/村委会$/, '村');
  for (const end of ['社区', '街道', '省', '市', '县', '镇', '乡', '村']) if (n.endsWith(end)) return `全${end}`;
  throw new Error(`no area word for ${name}`);
}
function monthWords(from, to) {
  if (from === to) return `${from.slice(0, 4)}年${mon(from)}月`;
  if (from.slice(0, 4) === to.slice(0, 4)) return `${from.slice(0, 4)}年${mon(from)}月至${mon(to)}月`;
  return `${from.slice(0, 4)}年${mon(from)}月至${to.slice(0, 4)}年${mon(to)}月`;
}
// The paragraph docs/stats.md describes: the period first unless it is 累计, which stands
// before the verb; clauses whose figure is zero left out.
function paragraph(name, figures, from, to, cumulative) {
  const v = (c) => figures[c].value;
  const who = [v('stations') > 0 ? `${v('stations')}个社工站` : '', v('workers') > 0 ? `${v('workers')}名民政社工` : '']
    .filter(Boolean).join('、');
  const clauses = [];
  if (v('households_visited') > 0) clauses.push(`走访困难群体${v('households_visited')}户`);
  if (v('needs_resolved') > 0) clauses.push(`解决需求${v('needs_resolved')}件`);
  if (v('value_fen') > 0) clauses.push(`链接社会款物${yuanWords(v('value_fen'))}`);
  if (v('person_times') > 0) clauses.push(`惠及${v('person_times')}人次`);
  if (!clauses.length) return `${cumulative ? '' : `${monthWords(from, to)}，`}${areaWord(name)}${who}暂无走访记录。`;
  const head = cumulative ? `${areaWord(name)}${who}累计` : `${monthWords(from, to)}，${areaWord(name)}${who}`;
  return `${head}${clauses.join('，')}。`;
}

// The whole dashboard answer for `node` and [from, to], as docs/stats.md describes it.
function expectedDashboard(nodeInfo, from, to) {
  const node = nodeInfo.code;
  const n = monthCount(from, to);
  const figures = { ...counted(node, from, to), ...places(node) };
  const prev = { from: addMonths(from, -n), to: addMonths(to, -n) };
  const ago = { from: addMonths(from, -12), to: addMonths(to, -12) };
  // Comparisons come from the counters alone: households visited only where a bucket fits.
  const compared = (p) => {
    const f = values(counted(node, p.from, p.to));
    if (!bucketOf(node, p.from, p.to)) delete f.households_visited;
    return f;
  };
  const prevF = compared(prev);
  const agoF = compared(ago);
  const growthOf = Object.fromEntries(COUNTED.map((c) => [c, { pop: growth(figures[c].value, prevF[c] ?? 0), yoy: growth(figures[c].value, agoF[c] ?? 0) }]));
  const v = (c) => figures[c].value;
  const months = monthsOf(from, to);
  const perMonth = months.map((m) => values(counted(node, m, m)));
  const kids = nodeInfo.level === 'village' ? [] : children.get(node);
  const rows = kids.map((k) => {
    const f = values({ ...counted(k.code, from, to), ...places(k.code) });
    return { code: k.code, name: k.name, figures: f, share: Object.fromEntries(SHARED.map((c) => [c, ratio(f[c], v(c), 100)])) };
  });
  const cumulative = !visitedBefore(node, from) && to === M;
  return {
    region: { code: node, name: nodeInfo.name, level: nodeInfo.level },
    period: { from, to },
    figures,
    previous: { ...prev, figures: prevF },
    year_ago: { ...ago, figures: agoF },
    growth: growthOf,
    ratios: {
      workers_per_10k_residents: ratio(v('workers'), v('residents'), 10000),
      visited_share_of_target: ratio(v('households_visited'), v('households_in_target'), 100),
      resolved_share_of_raised: ratio(v('needs_resolved'), v('needs_raised'), 100),
    },
    trend: { months, series: Object.fromEntries(COUNTED.map((c) => [c, perMonth.map((f) => f[c])])) },
    breakdown: { level: nodeInfo.level === 'village' ? null : LEVELS[LEVELS.indexOf(nodeInfo.level) + 1], rows },
    cumulative,
    summary: paragraph(nodeInfo.name, figures, from, to, cumulative),
  };
}

// Every difference between an answer and the expectation, as "path: got …, expected …".
function differences(got, want, path = '', out = []) {
  if (want === null || typeof want !== 'object') {
    if (got !== want) out.push(`${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    return out;
  }
  if (got === null || typeof got !== 'object') {
    out.push(`${path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    return out;
  }
  for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) differences(got[k], want[k], `${path}.${k}`, out);
  return out;
}

async function dashboard(node, from, to, as = 'deqing') {
  const q = [`region=${node}`, from ? `from=${from}` : '', to ? `to=${to}` : ''].filter(Boolean).join('&');
  const r = await rq('GET', `/api/v1/stats/dashboard?${q}`, { as });
  assert.equal(r.status, 200, `${q}: ${r.text}`);
  return r.json;
}

// The dashboard of each node for each period against the expectation; every difference listed.
async function checkAll(periods, nodes = NODES) {
  const wrong = [];
  const tasks = [];
  for (const nodeInfo of nodes) {
    for (const [from, to] of periods) {
      tasks.push(async () => {
        const got = await dashboard(nodeInfo.code, from, to, nodeInfo.as);
        const want = expectedDashboard(nodeInfo, from, to);
        for (const d of differences(got, want)) wrong.push(`${nodeInfo.name} ${from}…${to} ${d}`);
      });
    }
  }
  await pool(tasks, 6);
  assert.deepEqual(wrong.slice(0, 60), [], `${wrong.length} differences`);
}

// ---- the database beneath the server -----------------------------------------------------
function sql(statement) {
  if (server.postgres) return String(execFileSync('psql', [server.storeArgs[1], '-qtAX', '-v', 'ON_ERROR_STOP=1', '-c', statement]));
  const db = join(server.dir, 'data', 'shegong.db');
  assert.ok(existsSync(db), db);
  return String(execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, statement]));
}
function rebuild(...args) {
  const r = server.cli(['stats', 'rebuild', ...args]);
  const m = /(\d+) differences/.exec(r.stdout);
  return { ...r, differences: m ? Number(m[1]) : null };
}

// ---- the data set ------------------------------------------------------------------------
test('the data set is built through the API', async () => {
  const probe = await rq('GET', `/api/v1/stats/dashboard?region=${COUNTY}`, { as: 'deqing' });
  assert.equal(probe.status, 200, probe.text);
  M = probe.json.period.to;
  assert.equal(M, chinaDate().slice(0, 7), 'to defaults to this month, China time');
  assert.equal(probe.json.period.from, `${M.slice(0, 4)}-01`, 'from defaults to January of to\'s year');
  Y = Number(M.slice(0, 4)) - 1;

  // Accounts: workers of a village, of each township (one of them no longer active), viewers.
  const u = async (name, role, region) => { S.users[name] = await addUser(server, name, role, region); };
  await u('wk_a1', 'social_worker', A1);
  await u('mgr_a', 'station_manager', TA);
  await u('wk_b', 'social_worker', TB);
  await u('wk_gone', 'social_worker', B1);
  await u('dq_viewer', 'viewer', COUNTY);
  await u('zj_viewer', 'viewer', PROVINCE);
  const gone = await rq('PATCH', `/api/v1/users/${S.users.wk_gone.id}`, { as: 'admin', body: { active: false } });
  assert.equal(gone.status, 200, gone.text);

  // Grids (a micro-grid's residents are part of its grid's) and stations, one closed.
  const grid = async (region, name, residents, parent) => {
    const r = await rq('POST', '/api/v1/grids', { as: 'deqing',
      body: { region_code: region, name, residents, households: Math.floor(residents / 3), ...(parent ? { kind: 'micro_grid', parent_id: parent } : {}) } });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const g1 = await grid(A1, '居仁社区第一网格', 1500);
  await grid(A1, '居仁社区第一网格第一微网格', 400, g1);
  await grid(B1, '明星村网格', 2500);
  const station = async (region, name, kind) => {
    const r = await rq('POST', '/api/v1/stations', { as: 'deqing', body: { region_code: region, name, kind } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  await station(A1, '居仁社区儿童之家', 'children_home');
  const closed = await station(B1, '明星村儿童之家', 'children_home');
  const shut = await rq('PATCH', `/api/v1/stations/${closed.id}`, { as: 'deqing', body: { version: closed.version, active: false } });
  assert.equal(shut.status, 200, shut.text);

  // People. H1: 王秀英 holds two categories, her husband none. 陈梓萱's category ends in May of Y
  // (set below, after she was counted). 孙志强 is registered twice: the record in 明星村 is merged
  // into the one in 对河口村. 周浩然's category ends on the last day of August.
  for (const [key, region, address] of [['H1', A1, '居仁社区幸福路1号'], ['H2', B1, '明星村东街2号']]) {
    const r = await rq('POST', '/api/v1/households', { as: 'deqing', body: { region_code: region, address } });
    assert.equal(r.status, 201, r.text);
    S.households[key] = r.json.id;
  }
  await person('P1', { name: '王秀英', region: A1, household: 'H1', relation: 'head', categories: [['tekun', '2021-03-01'], ['severely_disabled', '2021-03-01']] });
  await person('P2', { name: '李建国', region: A1, household: 'H1', relation: 'spouse' });
  await person('P3', { name: '陈梓萱', region: A1, categories: [['orphan', '2021-03-01']] });
  await person('P4', { name: '孙志强', region: A2, categories: [['dibao', '2022-01-01']] });
  await person('P5', { name: '赵淑珍', region: A2, categories: [['elderly_in_difficulty', `${ym(6)}-10`]] });
  await person('P6', { name: '孙志强', region: B1, categories: [['disabled', '2022-06-01']] });
  await person('P7', { name: '周桂兰', region: B1, household: 'H2', relation: 'head', categories: [['dibao', '2021-03-01']] });
  await person('P8', { name: '周浩然', region: B1, household: 'H2', relation: 'grandchild', categories: [['left_behind_child', '2021-03-01', `${ym(8)}-31`]] });
  await person('P9', { name: '郭春花', region: B1 });
  const merged = await rq('POST', `/api/v1/persons/${P('P4')}/merge`, { as: 'deqing', body: { other_id: P('P6'), reason: '重复登记' } });
  assert.equal(merged.status, 200, merged.text);
  model.persons.get(P('P4')).spans.push(...model.persons.get(P('P6')).spans);
  model.persons.get(P('P6')).merged = true;
  model.persons.get(P('P6')).spans = [];

  // Campaigns: 武康街道, 乾元镇, and 居仁社区 again (H1 is in two campaigns and counts once).
  const ca = await campaign('CA', TA, ['dibao', 'disabled', 'elderly_in_difficulty', 'orphan', 'severely_disabled', 'tekun']);
  const cb = await campaign('CB', TB, ['dibao', 'left_behind_child', 'tekun']);
  const cc = await campaign('CC', A1, ['tekun']);
  assert.deepEqual([ca.targets, cb.targets, cc.targets], [4, 1, 1], 'CA: H1, 陈梓萱, 孙志强, 赵淑珍; CB: H2; CC: H1');
  for (const [target, region] of [[S.households.H1, A1], [P('P3'), A1], [P('P4'), A2], [P('P5'), A2], [S.households.H2, B1]])
    model.targets.set(target, { region, joined: M });

  // Visits, backdated into Y; H1's July visit goes in before its April ones, 赵淑珍's is moved
  // from September to August and 李建国 added to H1's first visit afterwards.
  const H1 = S.households.H1, H2 = S.households.H2;
  await visit('V3', { target: H1, region: A1, campaign: 'CA', when: at(`${ym(7)}-05`), mode: 'video', seen: [P('P1'), P('P2')] });
  await visit('V1', { target: H1, region: A1, campaign: 'CA', when: at(`${ym(4)}-10`), seen: [P('P1')] });
  await visit('V2', { target: H1, region: A1, campaign: 'CC', when: at(`${ym(4)}-20`), mode: 'phone' });
  await visit('V4', { target: P('P3'), region: A1, campaign: 'CA', when: at(`${ym(5)}-03`), seen: [P('P3')] });
  await visit('V5', { target: P('P4'), region: A2, campaign: 'CA', when: at(`${ym(5)}-12`), seen: [P('P4')] });
  await visit('V6', { target: P('P4'), region: A2, campaign: 'CA', when: at(`${ym(6)}-25`), mode: 'phone', seen: [P('P4')] });
  await visit('V7', { target: P('P5'), region: A2, campaign: 'CA', when: at(`${ym(9)}-15`), seen: [P('P5')] });
  await visit('V8', { target: H2, region: B1, campaign: 'CB', when: at(`${ym(5)}-20`), seen: [P('P7'), P('P8')] });
  await visit('V9', { target: H2, region: B1, campaign: 'CB', when: at(`${ym(9)}-01`), seen: [P('P8')] });
  // 郭春花 holds no category yet: visited outside any campaign.
  await visit('V10', { target: P('P9'), region: B1, when: at(`${ym(6)}-05`), mode: 'phone' });
  await correct('V1', { persons_seen: [P('P1'), P('P2')] });
  await correct('V7', { visited_at: at(`${ym(8)}-15`) });
  await correct('V9', { mode: 'video' });
  // An offline replay is a no-op.
  const replay = await rq('POST', '/api/v1/visits', { as: 'deqing', body: S.visits.V4.body });
  assert.equal(replay.status, 200, replay.text);

  // 陈梓萱's category ends on 15 May of Y; 郭春花 is recognised as 特困 from August of Y and joins CB.
  const p3 = await rq('GET', `/api/v1/persons/${P('P3')}`, { as: 'deqing' });
  const entry = p3.json.category_history.find((e) => e.category === 'orphan');
  const ended = await rq('PATCH', `/api/v1/persons/${P('P3')}/categories/${entry.id}`, { as: 'deqing', body: { end_date: `${ym(5)}-15` } });
  assert.equal(ended.status, 200, ended.text);
  model.persons.get(P('P3')).spans[0].end = `${ym(5)}-15`;
  const granted = await rq('POST', `/api/v1/persons/${P('P9')}/categories`, { as: 'deqing', body: { category: 'tekun', start_date: `${ym(8)}-01` } });
  assert.equal(granted.status, 201, granted.text);
  model.persons.get(P('P9')).spans.push({ category: 'tekun', start: `${ym(8)}-01`, end: null });
  assert.equal((await rq('GET', `/api/v1/campaigns/${S.campaigns.CB}`, { as: 'deqing' })).json.targets, 2, '郭春花 joined CB');
  model.targets.set(P('P9'), { region: B1, joined: M });

  // This month: visits that raise needs.
  const nb = (key, category, personId = null) => {
    const id = uuidv7();
    S.needs[key] = id;
    return { id, category, urgency: 'normal', description: `${category}需求`, person_id: personId };
  };
  await visit('V12', { target: H1, region: A1, campaign: 'CC', when: nowAt(), seen: [P('P1')], needs: [nb('n1', 'medical', P('P1')), nb('n2', 'daily_care')] });
  await visit('V13', { target: P('P4'), region: A2, campaign: 'CA', when: nowAt(), seen: [P('P4')], needs: [nb('n3', 'economic')] });
  await visit('V14', { target: H2, region: B1, campaign: 'CB', when: nowAt(), mode: 'phone', needs: [nb('n4', 'safety'), nb('n5', 'family')] });
  await visit('V15', { target: P('P9'), region: B1, campaign: 'CB', when: nowAt(), mode: 'video', seen: [P('P9')], needs: [nb('n6', 'education'), nb('n7', 'other')] });

  // n1: money, in progress, resolved. n2: goods (a replayed link counts once), open.
  // n3: a referral, then referred. n4: closed. n5, n7: open. n6: money, resolved.
  await link('n1', 'money', yuan(1234.56));
  await move('n1', 'in_progress');
  await move('n1', 'resolved');
  const goods = await link('n2', 'goods', yuan(8000));
  const again = await link('n2', 'goods', yuan(8000), { id: goods.id, replay: true });
  assert.equal(again.json.value_fen, 800000, 'a replayed resource is not added twice');
  await link('n3', 'referral', 0);
  await move('n3', 'referred', '转介县医保局');
  await move('n4', 'closed', '家属已自行解决');
  await link('n6', 'money', yuan(20000));
  await move('n6', 'resolved');

  // The register's part: the demo's people, stations and grids, and every account.
  const listed = await allPages(server, '/api/v1/persons?region=330521&include_merged=true', 'deqing');
  const zj = await allPages(server, '/api/v1/persons?region=33&include_merged=true', 'zj_viewer');
  assert.equal(zj.total, listed.total, 'nobody else is registered in 浙江');
  const mine = new Set(Object.values(S.persons));
  await pool(listed.items.filter((p) => !mine.has(p.id)).map((p) => async () => {
    const d = await rq('GET', `/api/v1/persons/${p.id}`, { as: 'deqing' });
    assert.equal(d.status, 200, d.text);
    model.persons.set(p.id, { id: p.id, region: d.json.region_code, merged: Boolean(d.json.merged_into),
      spans: d.json.category_history.map((e) => ({ category: e.category, start: e.start_date, end: e.end_date ?? null })) });
  }), 8);
  assert.ok(model.persons.size >= 60 + 9, `the demo's people too: ${model.persons.size}`);
  // The register agrees with the test about its own people.
  for (const [key, id] of Object.entries(S.persons)) {
    const d = await rq('GET', `/api/v1/persons/${id}`, { as: 'deqing' });
    const m = model.persons.get(id);
    assert.equal(Boolean(d.json.merged_into), m.merged, `${key} merged`);
    if (m.merged) continue;
    const spans = d.json.category_history.map((e) => `${e.category} ${e.start_date} ${e.end_date ?? ''}`).sort();
    assert.deepEqual(spans, m.spans.map((s) => `${s.category} ${s.start} ${s.end ?? ''}`).sort(), `${key} categories`);
  }
  model.stations = (await allPages(server, '/api/v1/stations?region=33', 'zj_viewer')).items
    .map((s) => ({ id: s.id, region: s.region_code, kind: s.kind, active: s.active }));
  assert.equal(model.stations.find((s) => s.id === closed.id)?.active, false);
  model.grids = (await allPages(server, '/api/v1/grids?region=33', 'zj_viewer')).items
    .map((g) => ({ id: g.id, region: g.region_code, kind: g.kind, residents: g.residents, active: g.active }));
  model.workers = (await allPages(server, '/api/v1/users', 'admin')).items
    .map((x) => ({ id: x.id, region: x.region_code ?? '', role: x.role, active: x.active }));
  assert.deepEqual(model.workers.filter((w) => w.region.startsWith('33') && w.role !== 'viewer' && w.role !== 'civil_affairs_admin')
    .map((w) => [w.id, w.active]).sort(),
  [[S.users.wk_a1.id, true], [S.users.mgr_a.id, true], [S.users.wk_b.id, true], [S.users.wk_gone.id, false]].sort(),
  'the workers in 浙江 are the test\'s');
  for (const n of NODES.filter((x) => x.level !== 'village')) {
    const r = await rq('GET', `/api/v1/regions/${n.code}/children`, { as: n.as });
    assert.equal(r.status, 200, r.text);
    children.set(n.code, r.json.items.map((k) => ({ code: k.code, name: k.name })));
  }
  assert.ok(children.get(TA).some((k) => k.code === A2));
});

// The periods: months, two months, quarters, a year, periods no bucket fits, the year to date.
const PERIODS = () => [
  [ym(4), ym(4)], [ym(5), ym(5)], [ym(6), ym(6)], [ym(8), ym(8)], [ym(9), ym(9)],
  [ym(5), ym(6)],              // two months, not a quarter's start: counted from the visits where April had one
  [ym(4), ym(6)],              // the second quarter
  [ym(7), ym(9)],              // the third quarter
  [ym(4), ym(5)],              // the start of a quarter
  [ym(1), ym(12)],             // the year
  [ym(5), ym(8)],              // four months across two quarters
  [ym(3), M],                  // from before the first visit up to now: 累计
  [`${M.slice(0, 4)}-01`, M],  // the year to date
  [M, M],
  [addMonths(M, -1), addMonths(M, -1)],
];

test('the test\'s own arithmetic: the overlaps are there', () => {
  const A = counted(TA, ym(4), ym(6));
  const months = [ym(4), ym(5), ym(6)];
  const villageMonthly = sum([A1, A2], (v) => sum(months, (m) => counted(v, m, m).households_visited.value));
  assert.deepEqual([A.households_visited.value, villageMonthly], [3, 4], 'Q2 in 武康街道: H1, 陈梓萱, 孙志强 (twice)');
  assert.deepEqual(pickValues(counted(A1, ym(4), ym(4)), ['visits', 'households_visited', 'person_times']),
    { visits: 2, households_visited: 1, person_times: 3 }, 'H1 twice in April: a home visit seeing two, a call naming nobody');
  const a1 = counted(A1, ym(4), ym(4));
  assert.deepEqual([a1.persons_served.value, a1.persons_by_category.value], [2, 3], '王秀英 in two categories counts once');
  assert.equal(counted(A1, ym(5), ym(5)).persons_served.value, 1, '陈梓萱\'s category ended in May');
  assert.deepEqual(counted(B1, ym(8), ym(8)).persons_by_category.dims, { dibao: 1, left_behind_child: 1, tekun: 1 });
  assert.deepEqual(counted(B1, ym(9), ym(9)).persons_by_category.dims, { dibao: 1, tekun: 1 }, '周浩然 held his to 31 August');
  assert.deepEqual(counted(A2, ym(6), ym(6)).persons_by_category.dims, { dibao: 1, disabled: 1, elderly_in_difficulty: 1 },
    'the merged record\'s category counts at the survivor');
  assert.equal(counted(B1, ym(6), ym(6)).persons_by_category.dims?.disabled, undefined, 'and not where the merged record lived');
  assert.equal(counted(TA, ym(5), ym(6)).households_visited.source, 'facts');
  assert.equal(counted(TB, ym(5), ym(6)).households_visited.source, undefined, '乾元镇 had no visit before May: the "ever" firsts');
  assert.deepEqual(pickValues(counted(COUNTY, M, M), ['needs_raised', 'needs_resolved', 'needs_referred', 'needs_closed', 'needs_open', 'resources', 'value_fen', 'households_in_target']),
    { needs_raised: 7, needs_resolved: 2, needs_referred: 1, needs_closed: 1, needs_open: 3, resources: 4, value_fen: 2923456, households_in_target: 6 });
  assert.deepEqual(pickValues(counted(COUNTY, ym(1), ym(12)), ['visits', 'person_times', 'households_visited']),
    { visits: 10, person_times: 13, households_visited: 6 });
});
function pickValues(f, keys) { return Object.fromEntries(keys.map((k) => [k, f[k].value])); }

test('every figure at every level for every period is the hand count', async () => {
  await checkAll(PERIODS());
});

test('the distinct households: not the sum of months nor of villages; counted from the visits when no bucket fits', async () => {
  const q2 = await dashboard(TA, ym(4), ym(6));
  assert.equal(q2.figures.households_visited.value, 3);
  assert.equal(q2.figures.households_visited.source, undefined, 'a quarter has its bucket');
  const monthly = q2.trend.series.households_visited.reduce((a, b) => a + b, 0);
  assert.equal(monthly, 4, 'the township\'s monthly counts add up to more');
  const rows = q2.breakdown.rows.filter((r) => [A1, A2].includes(r.code));
  assert.deepEqual(rows.map((r) => r.figures.households_visited), [2, 1], '居仁社区: H1 and 陈梓萱; 对河口村: 孙志强');
  const twoMonths = await dashboard(TA, ym(5), ym(6));
  assert.deepEqual(twoMonths.figures.households_visited, { value: 2, source: 'facts' });
  const odd = await dashboard(COUNTY, ym(5), ym(8));
  assert.deepEqual(odd.figures.households_visited, { value: 6, source: 'facts' });
  const ever = await dashboard(TB, ym(5), ym(8));
  assert.deepEqual(ever.figures.households_visited, { value: 2 }, 'H2 and 郭春花, from the "ever" firsts');
  const year = await dashboard(A1, ym(1), ym(12));
  assert.deepEqual([year.figures.households_visited.value, year.figures.visits.value, year.figures.person_times.value], [2, 4, 6]);
  assert.deepEqual(year.figures.visits.dims, { home: 2, phone: 1, video: 1 });
});

test('the default period is the year to date, and the caller\'s own region the default region', async () => {
  const want = expectedDashboard(NODES.find((n) => n.code === COUNTY), `${M.slice(0, 4)}-01`, M);
  const r = await rq('GET', '/api/v1/stats/dashboard', { as: 'deqing' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(differences(r.json, want), []);
  const own = await rq('GET', '/api/v1/stats/dashboard', { as: 'mgr_a' });
  assert.equal(own.status, 200, own.text);
  assert.equal(own.json.region.code, TA);
  assert.deepEqual(differences(own.json, expectedDashboard(NODES.find((n) => n.code === TA), `${M.slice(0, 4)}-01`, M)), []);
});

test('the paragraph names the figures the way a bureau writes them', async () => {
  const county = await dashboard(COUNTY, ym(3), M);
  const c = counted(COUNTY, ym(3), M);
  const p = places(COUNTY);
  assert.equal(county.cumulative, true);
  assert.equal(county.summary,
    `全县${p.stations.value}个社工站、3名民政社工累计走访困难群体${c.households_visited.value}户，解决需求2件，链接社会款物2万余元，惠及${c.person_times.value}人次。`);
  assert.deepEqual([c.households_visited.value, c.person_times.value], [6, 17]);
  const town = await dashboard(TA, ym(3), M);
  for (const part of ['累计走访困难群体4户', '解决需求1件', '链接社会款物9234.56元', '惠及11人次', '2名民政社工'])
    assert.ok(town.summary.includes(part), `${part} in ${town.summary}`);
  const qian = await dashboard(TB, ym(3), M);
  assert.ok(qian.summary.startsWith('全镇'), qian.summary);
  assert.ok(qian.summary.includes('链接社会款物2万元，'), `exactly 2万: ${qian.summary}`);
  assert.ok(qian.summary.includes('走访困难群体2户'), qian.summary);
  const q2 = await dashboard(COUNTY, ym(4), ym(6));
  assert.equal(q2.cumulative, false);
  assert.ok(q2.summary.startsWith(`${Y}年4月至6月，全县`), q2.summary);
  assert.ok(q2.summary.includes('走访困难群体5户') && q2.summary.includes('惠及9人次'), q2.summary);
  assert.ok(!q2.summary.includes('解决需求') && !q2.summary.includes('链接社会款物'), `no need was resolved in Q2: ${q2.summary}`);
  const quiet = await dashboard(A2, ym(4), ym(4));
  assert.equal(quiet.summary, `${Y}年4月，${areaWord('对河口村委会')}${places(A2).stations.value ? `${places(A2).stations.value}个社工站` : ''}暂无走访记录。`);
  assert.equal(areaWord('对河口村委会'), '全村');
  const later = await dashboard(COUNTY, ym(5), M);
  assert.equal(later.cumulative, false, 'the county had visits before May');
  assert.ok(later.summary.startsWith(`${Y}年5月至${M.slice(0, 4)}年${mon(M)}月，全县`), later.summary);
});

test('stats rebuild finds no difference from the live counters', async () => {
  const r = rebuild();
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.differences, 0, r.stdout);
  // Counted over the whole country: the demo's 漯河 history is in it too.
  assert.match(r.stdout, /^stats rebuild: \d+ people, \d+ households, \d+ visits, \d+ needs, \d+ resources; \d+ live counters; 0 differences$/m, r.stdout);
});

test('the indicators are listed with their kinds', async () => {
  const r = await rq('GET', '/api/v1/stats/indicators', { as: 'dq_viewer' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((i) => [i.code, i.kind]), Object.entries(KIND));
  for (const i of r.json.items) assert.ok(i.name && i.unit && i.definition, JSON.stringify(i));
});

// A reader of the few parts of an XLSX file the test needs: sheet names, cells as text or numbers.
function readXlsx(buf) {
  const files = {};
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd > 0, 'a zip file');
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0, n = buf.readUInt16LE(eocd + 10); i < n; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    p += 46 + nameLen + extra + comment;
  }
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const strings = [...(files['xl/sharedStrings.xml'] ?? '').matchAll(/<si>(.*?)<\/si>/gs)]
    .map((m) => unescape([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const names = [...files['xl/workbook.xml'].matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => unescape(m[1]));
  const col = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const sheets = {};
  names.forEach((name, i) => {
    const xml = files[`xl/worksheets/sheet${i + 1}.xml`];
    assert.ok(xml, `sheet ${i + 1}`);
    const rows = [];
    for (const m of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
      const v = /<v>(.*?)<\/v>/s.exec(m[4] ?? '')?.[1];
      const cell = v === undefined ? '' : /t="s"/.test(m[3]) ? strings[Number(v)] : Number(v);
      (rows[Number(m[2]) - 1] ??= [])[col(m[1])] = cell;
    }
    sheets[name] = Array.from(rows, (r) => Array.from(r ?? [], (c) => c ?? ''));
  });
  return { names, sheets };
}

// The workbook's rows, as docs/stats.md lists the sheets, from the expected dashboard.
function checkWorkbook(book, want, indicators) {
  assert.deepEqual(book.names, ['指标', '下级区域', '月度趋势', '需求分类', '服务对象分类']);
  const num = (x) => (x === null ? '' : x);
  const figuresSheet = book.sheets['指标'];
  assert.deepEqual(figuresSheet[0], ['指标代码', '指标', '单位', '本期', '上期', '环比(%)', '去年同期', '同比(%)', '口径']);
  const byCode = Object.fromEntries(figuresSheet.slice(1).map((r) => [r[0], r]));
  for (const ind of indicators) {
    const row = byCode[ind.code];
    assert.ok(row, `a row for ${ind.code}`);
    const now = want.figures[ind.code].value;
    const compared = KIND[ind.code] !== 'place';
    const expected = [ind.code, ind.name, ind.unit, now,
      compared ? want.previous.figures[ind.code] ?? '' : '', compared && ind.code in want.previous.figures ? num(want.growth[ind.code].pop) : '',
      compared ? want.year_ago.figures[ind.code] ?? '' : '', compared && ind.code in want.year_ago.figures ? num(want.growth[ind.code].yoy) : '', ind.definition];
    assert.deepEqual(row.concat(Array(9).fill('')).slice(0, 9), expected, `指标 ${ind.code}`);
  }
  assert.equal(byCode.summary?.[3], want.summary, 'the paragraph in the last row');

  const kids = book.sheets['下级区域'];
  const cols = ['stations', 'workers', 'persons_served', 'households_in_target', 'households_visited', 'visits', 'person_times',
    'needs_raised', 'needs_resolved', 'needs_open', 'value_fen', 'grids', 'residents'];
  assert.deepEqual(kids[0], ['区划代码', '区域', ...cols.map((c) => indicators.find((i) => i.code === c).name)]);
  assert.deepEqual(kids.slice(1), want.breakdown.rows.map((r) => [r.code, r.name, ...cols.map((c) => r.figures[c])]), '下级区域');

  const trendCols = ['visits', 'households_visited', 'person_times', 'needs_raised', 'needs_resolved', 'needs_open', 'value_fen', 'persons_served'];
  assert.deepEqual(book.sheets['月度趋势'].slice(1),
    want.trend.months.map((m, i) => [m, ...trendCols.map((c) => want.trend.series[c][i])]), '月度趋势');

  const states = ['needs_raised', 'needs_resolved', 'needs_referred', 'needs_closed', 'needs_open'];
  const cats = [...new Set(states.flatMap((s) => Object.keys(want.figures[s].dims ?? {})))].sort();
  assert.deepEqual(book.sheets['需求分类'], [['需求类别', '发现', '解决', '转介', '关闭', '未办结'],
    ...cats.map((c) => [c, ...states.map((s) => want.figures[s].dims?.[c] ?? 0)])], '需求分类');

  const served = want.figures.persons_served.value;
  const dims = want.figures.persons_by_category.dims ?? {};
  assert.deepEqual(book.sheets['服务对象分类'], [['类别', '人数', '占服务对象(%)'],
    ...Object.keys(dims).sort().map((c) => [c, dims[c], num(ratio(dims[c], served, 100))])], '服务对象分类');
}

test('report.xlsx: the five sheets, with the dashboard\'s figures', async () => {
  const indicators = (await rq('GET', '/api/v1/stats/indicators', { as: 'deqing' })).json.items;
  const from = ym(3);
  const r = await fetch(`${server.base}/api/v1/stats/report.xlsx?region=${COUNTY}&from=${from}&to=${M}`,
    { headers: { authorization: `Bearer ${server.tokens.deqing}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const buf = Buffer.from(await r.arrayBuffer());
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK');
  const want = expectedDashboard(NODES.find((n) => n.code === COUNTY), from, M);
  const book = readXlsx(buf);
  checkWorkbook(book, want, indicators);
  assert.ok(book.sheets['需求分类'].length === 8, 'seven need categories this month');
  const village = await fetch(`${server.base}/api/v1/stats/report.xlsx?region=${A1}&from=${ym(4)}&to=${ym(6)}`,
    { headers: { authorization: `Bearer ${server.tokens.deqing}` } });
  assert.equal(village.status, 200);
  checkWorkbook(readXlsx(Buffer.from(await village.arrayBuffer())), expectedDashboard(NODES[0], ym(4), ym(6)), indicators);
  const refused = await rq('GET', `/api/v1/stats/report.xlsx?region=4111`, { as: 'deqing' });
  assert.equal(refused.status, 404, refused.text);
});

test('shegong report prints the paragraph and writes the workbook', async () => {
  const out = join(server.dir, '德清县报表.xlsx');
  const r = server.cli(['report', '--region', '330521', '--from', ym(4), '--to', ym(9), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const want = expectedDashboard(NODES.find((n) => n.code === COUNTY), ym(4), ym(9));
  assert.equal(r.stdout.trim(), want.summary);
  assert.ok(want.summary.startsWith(`${Y}年4月至9月，全县`), want.summary);
  const indicators = (await rq('GET', '/api/v1/stats/indicators', { as: 'deqing' })).json.items;
  checkWorkbook(readXlsx(readFileSync(out)), want, indicators);
  const bad = server.cli(['report', '--region', '330521', '--from', `${Y}-13`]);
  assert.equal(bad.status, 2, `${bad.stdout} ${bad.stderr}`);
  const noOut = server.cli(['report', '--region', TB, '--from', ym(3), '--to', M]);
  assert.equal(noOut.status, 0, noOut.stderr);
  assert.equal(noOut.stdout.trim(), expectedDashboard(NODES.find((n) => n.code === TB), ym(3), M).summary);
});

test('periods and regions are checked; each role reads its own area or nothing', async () => {
  const get = (q, as = 'deqing') => rq('GET', `/api/v1/stats/dashboard?${q}`, { as });
  const field = (r) => r.json?.error?.field;
  const wrong = [];
  const expect = (what, r, ok) => { if (!ok(r)) wrong.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`); };
  expect('from=2024-13', await get('from=2024-13&to=2024-12'), (r) => r.status === 422 && field(r) === 'from');
  expect('from=2024-1', await get('from=2024-1'), (r) => r.status === 422 && field(r) === 'from');
  expect('to=abc', await get('to=abc'), (r) => r.status === 422 && field(r) === 'to');
  expect('from after to', await get(`from=${ym(6)}&to=${ym(5)}`), (r) => r.status >= 400 && r.status < 500 && field(r) === 'from');
  expect('121 months', await get(`from=${addMonths(M, -120)}&to=${M}`), (r) => r.status >= 400 && r.status < 500 && field(r) === 'from');
  expect('120 months', await get(`region=${A1}&from=${addMonths(M, -119)}&to=${M}`), (r) => r.status === 200 && r.json.trend.months.length === 120);
  expect('region malformed', await get('region=33052'), (r) => r.status >= 400 && r.status < 500 && field(r) === 'region');
  expect('a county asks for 漯河', await get('region=4111'), (r) => r.status === 404);
  expect('a county asks for 浙江', await get('region=33'), (r) => r.status === 404);
  expect('a region that does not exist', await get('region=330521999'), (r) => r.status === 404);
  expect('the report of 漯河', await rq('GET', '/api/v1/stats/report.xlsx?region=4111', { as: 'deqing' }), (r) => r.status === 404);
  expect('a township worker asks for the county', await get(`region=${COUNTY}`, 'mgr_a'), (r) => r.status === 404);
  expect('a township worker asks for the other township', await get(`region=${TB}`, 'mgr_a'), (r) => r.status === 404);
  expect('a village worker asks for its township', await get(`region=${TA}`, 'wk_a1'), (r) => r.status === 404);
  for (const who of ['admin', 'auditor']) {
    expect(`${who} reads the dashboard`, await get(`region=${COUNTY}`, who), (r) => r.status === 403);
    expect(`${who} reads the indicators`, await rq('GET', '/api/v1/stats/indicators', { as: who }), (r) => r.status === 403);
    expect(`${who} reads the report`, await rq('GET', `/api/v1/stats/report.xlsx?region=${COUNTY}`, { as: who }), (r) => r.status === 403);
  }
  expect('nobody signed in', await get(`region=${COUNTY}`, null), (r) => r.status === 401);
  assert.deepEqual(wrong, []);

  // The same figures for each reader of an area: a viewer of the county, a worker of a
  // township and of a village, a viewer of the province; the village's worker by default.
  const period = [ym(4), ym(9)];
  for (const [who, node] of [['dq_viewer', COUNTY], ['wk_b', TB], ['mgr_a', A2], ['wk_a1', A1], ['zj_viewer', CITY]]) {
    const got = await dashboard(node, ...period, who);
    assert.deepEqual(differences(got, expectedDashboard(NODES.find((n) => n.code === node), ...period)), [], `${who} reads ${node}`);
  }
  const mineByDefault = await rq('GET', `/api/v1/stats/dashboard?from=${ym(4)}&to=${ym(9)}`, { as: 'wk_a1' });
  assert.equal(mineByDefault.json.region.code, A1);
  assert.deepEqual(differences(mineByDefault.json, expectedDashboard(NODES[0], ...period)), []);
});

test('a need raised last month and resolved this month counts in each month', async () => {
  // The server stamps needs with its own clock: n7 is moved into last month in the database,
  // which the live counters do not know until `stats rebuild --fix`.
  const last = addMonths(M, -1);
  const raisedAt = Date.parse(`${last}-15T10:00:00+08:00`);
  sql(`UPDATE needs SET raised_at = ${raisedAt} WHERE id = '${S.needs.n7}'`);
  const n7 = model.needs.get(S.needs.n7);
  n7.raised = last;
  const found = rebuild();
  assert.equal(found.status, 1, found.stdout);
  assert.ok(found.differences >= 2, found.stdout);
  for (const node of ['330521101200', '330521101000', '330521000000', '330500000000', '330000000000', '全国'])
    assert.match(found.stdout, new RegExp(`^${node} ${last} needs_raised/other: live 0, from the facts 1$`, 'm'), found.stdout);
  assert.match(found.stdout, new RegExp(`^330521101200 ${M} needs_raised/other: live 1, from the facts 0$`, 'm'));
  const fixed = rebuild('--fix');
  assert.equal(fixed.status, 0, fixed.stdout);
  assert.match(fixed.stdout, /differences, fixed/);
  assert.equal(rebuild().differences, 0);

  // Now resolved, through the API, this month.
  await link('n7', 'service', 0);
  await move('n7', 'resolved');
  const b1 = await dashboard(B1, last, last);
  assert.deepEqual([b1.figures.needs_raised.value, b1.figures.needs_open.value, b1.figures.needs_resolved.value], [1, 1, 0]);
  const now = await dashboard(B1, M, M);
  assert.deepEqual([now.figures.needs_raised.value, now.figures.needs_resolved.value, now.figures.needs_open.value], [3, 2, 1],
    'this month: n4, n5, n6 raised; n6 and n7 resolved; n5 open');
  assert.deepEqual(now.previous.figures.needs_raised, 1);
  assert.equal(now.growth.needs_raised.pop, 200);
  assert.equal(now.growth.needs_resolved.pop, null, 'nothing was resolved last month');
  await checkAll([[last, last], [M, M], [last, M], [`${M.slice(0, 4)}-01`, M], [ym(3), M]]);
  const again = rebuild();
  assert.equal(again.status, 0, again.stdout);
  assert.equal(again.differences, 0, again.stdout);
});

test('a counter changed in the database: rebuild names it, --fix repairs it', async () => {
  const month = ym(4);
  sql(`UPDATE stat_counts SET value = value + 5 WHERE node = '${A1}' AND month = '${month}' AND indicator = 'visits' AND dim = 'home'`);
  const tampered = await dashboard(A1, month, month);
  assert.equal(tampered.figures.visits.value, 7, 'the dashboard reads the counters');
  const r = rebuild();
  assert.equal(r.status, 1, r.stdout);
  assert.equal(r.differences, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`^${A1} ${month} visits/home: live 6, from the facts 1$`, 'm'));
  // A counter row that should not be there at all.
  sql(`INSERT INTO stat_counts (node, month, indicator, dim, value) VALUES ('${TB}', '${ym(2)}', 'person_times', '', 3)`);
  const two = rebuild();
  assert.equal(two.differences, 2, two.stdout);
  assert.match(two.stdout, new RegExp(`^${TB} ${ym(2)} person_times: live 3, from the facts 0$`, 'm'));
  const fixed = rebuild('--fix');
  assert.equal(fixed.status, 0, fixed.stdout);
  assert.match(fixed.stdout, /2 differences, fixed/);
  const after = rebuild();
  assert.equal(after.status, 0, after.stdout);
  assert.equal(after.differences, 0, after.stdout);
  await checkAll([[month, month], [ym(1), ym(12)], [ym(2), ym(2)]]);
});
