// The people list answers what the test itself computes, for every filter, sort, scope
// and page: a county (whose pages walk the sort order's index), a township and a village
// (selected by the region index), categories on a day, risk, both directions. Runs on
// both engines (the suite runs once on SQLite, once on PostgreSQL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const fakeId = (first17) => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * W[i], 0) % 11];

// A surname nobody else in the demo has, so that `q` picks exactly the test's people.
const SURNAME = '闾丘';
const GIVEN = ['安', '柏', '岑', '丹', '恩', '芳', '歌', '荷', '伊', '佳', '凯', '岚', '梅', '楠', '鸥', '萍',
  '琴', '蓉', '舒', '婷', '韵', '薇', '霞', '瑶'];
const VILLAGES = ['330521001001', '330521001002', '330521002001', '330521002002'];
const RISKS = ['low', 'medium', 'high'];
// Category histories, by person (i % 5): what each held and when.
const HISTORIES = [
  [{ category: 'dibao', start_date: '2020-01-01' }],
  [{ category: 'dibao', start_date: '2019-01-01', end_date: '2022-12-31' }],
  [{ category: 'tekun', start_date: '2023-06-01' }],
  [{ category: 'dibao', start_date: '2021-01-01' }, { category: 'tekun', start_date: '2019-05-01', end_date: '2021-09-30' }],
  [],
];
const RANK = { low: 1, medium: 2, high: 3 };

const people = [];

test('twenty-four people in four villages of two townships, with category histories and risk levels', async () => {
  const before = await server.request('GET', `/api/v1/persons?q=${encodeURIComponent(SURNAME)}`, { as: 'deqing' });
  assert.equal(before.json.total, 0, 'the surname is the test\'s own');
  for (let i = 0; i < GIVEN.length; i++) {
    // Distinct birth dates, out of the creation order.
    const birth = `19${40 + ((i * 7) % 24)}0${1 + (i % 9)}1${i % 10}`;
    const sex = i % 2 === 0 ? '1' : '2';
    const id = fakeId(`330521${birth}0${10 + i}`.slice(0, 16) + (sex === '1' ? '1' : '2'));
    const body = { name: SURNAME + GIVEN[i], id_number: id, region_code: VILLAGES[i % 4], risk_level: RISKS[i % 3],
      categories: HISTORIES[i % 5] };
    const r = await server.request('POST', '/api/v1/persons', { as: 'deqing', body });
    assert.equal(r.status, 201, r.text);
    people.push({ id: r.json.id, created_at: r.json.created_at, birth_date: birth.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'),
      region_code: body.region_code, risk: body.risk_level, spans: body.categories });
  }
});

const holds = (p, category, on) => p.spans.some((s) => s.category === category && s.start_date <= on && (!s.end_date || s.end_date >= on));
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const KEYS = {
  created_at: (p) => p.created_at,
  birth_date: (p) => p.birth_date,
  region_code: (p) => p.region_code,
  risk_level: (p) => RANK[p.risk],
};

// What the list must answer, by the test's own arithmetic.
function expected({ region, category, on, risk, sort }) {
  const desc = sort.startsWith('-');
  const key = KEYS[sort.replace('-', '')];
  return people
    .filter((p) => !region || p.region_code.startsWith(region.replace(/0+$/, '')))
    .filter((p) => !category || holds(p, category, on))
    .filter((p) => !risk || p.risk === risk)
    .sort((a, b) => (desc ? -1 : 1) * (cmp(key(a), key(b)) || cmp(a.id, b.id)))
    .map((p) => p.id);
}

test('every filter, sort, scope and page answers the test\'s own computation', async () => {
  assert.equal(people.length, GIVEN.length, 'the people were made');
  // The server reads categories on China's today unless `on` is given.
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const problems = [];
  let checked = 0;
  for (const region of [null, '330521', '330521001', '330521001001', '330521002002'])
    for (const category of [null, 'dibao', 'tekun'])
      for (const on of category ? [null, '2021-06-01', '2023-01-15'] : [null])
        for (const risk of [null, 'high'])
          for (const sort of ['created_at', '-created_at', 'birth_date', '-birth_date', 'region_code', '-region_code', 'risk_level', '-risk_level']) {
            const day = on ?? today;
            const want = expected({ region, category, on: day, risk, sort });
            const qs = new URLSearchParams({ q: SURNAME, sort, page_size: '5' });
            if (region) qs.set('region', region);
            if (category) qs.set('category', category);
            if (on) qs.set('on', on);
            if (risk) qs.set('risk_level', risk);
            const got = [];
            for (let page = 1; page <= Math.max(1, Math.ceil(want.length / 5)); page++) {
              qs.set('page', String(page));
              const r = await server.request('GET', `/api/v1/persons?${qs}`, { as: 'deqing' });
              if (r.status !== 200) { problems.push(`${qs}: ${r.status} ${r.text}`); break; }
              if (r.json.total !== want.length || r.json.total_exact !== true)
                problems.push(`${qs}: total ${r.json.total} (${r.json.total_exact}), want ${want.length}`);
              got.push(...r.json.items.map((p) => p.id));
            }
            checked++;
            if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${qs}: ${got.length} rows not in the expected order`);
          }
  assert.ok(checked > 300, `cases: ${checked}`);
  assert.deepEqual(problems, []);
});
