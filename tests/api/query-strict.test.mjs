// Every operation takes exactly the query parameters docs/openapi.json gives it: an
// unknown one, an empty one or one given twice is a 422 naming it (before the handler
// runs, so a filter left blank never silently means "no filter"), and a method a path
// does not have is a 405 whose Allow lists the methods it has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server.mjs';

const doc = JSON.parse(readFileSync(join(process.env.SHEGONG_ROOT, 'docs', 'openapi.json'), 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ANY_ID = '0190a000-0000-7000-8000-000000000001';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const paramOf = (p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p);
// A concrete path for a pattern: any id will do, the query is checked first.
const concrete = (pattern) => pattern.replace(/\{code\}/g, '4111').replace(/\{role\}/g, 'viewer').replace(/\{[a-z_]+\}/g, ANY_ID);

function operations() {
  const out = [];
  for (const [pattern, item] of Object.entries(doc.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const params = [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(paramOf);
      out.push({ method: method.toUpperCase(), pattern, query: params.filter((p) => p.in === 'query').map((p) => p.name),
        open: Array.isArray(item[method].security) && item[method].security.length === 0 });
    }
  }
  return out;
}

async function expect422(op, qs, field, problems) {
  const r = await server.request(op.method, `${concrete(op.pattern)}?${qs}`, { as: op.open ? null : 'admin',
    body: op.method === 'GET' ? undefined : {} });
  if (r.status !== 422 || r.json?.error?.code !== 'invalid_query' || r.json?.error?.field !== field)
    problems.push(`${op.method} ${op.pattern}?${qs}: ${r.status} ${r.text.slice(0, 160)}`);
}

test('unknown, empty and repeated query parameters are refused by name on every operation', async () => {
  const problems = [];
  const ops = operations().filter((op) => op.pattern !== '/api/v1/auth/login' && op.pattern !== '/api/v1/auth/logout');
  assert.ok(ops.length > 70, `operations read from the document: ${ops.length}`);
  let withQuery = 0;
  for (const op of ops) {
    await expect422(op, 'no_such_filter=1', 'no_such_filter', problems);
    if (op.query.length === 0) continue;
    withQuery++;
    const name = op.query[0];
    await expect422(op, `${name}=`, name, problems);
    await expect422(op, `${name}=1&${name}=2`, name, problems);
  }
  assert.ok(withQuery > 20, `operations with query parameters: ${withQuery}`);
  assert.deepEqual(problems, []);
});

test('a documented filter still works, and a trailing & is no parameter', async () => {
  const ok = await server.request('GET', '/api/v1/stations?region=330521&page_size=5&', { as: 'deqing' });
  assert.equal(ok.status, 200, ok.text);
  assert.ok(ok.json.items.length > 0);
  const blank = await server.request('GET', '/api/v1/stations?region=&page_size=5', { as: 'deqing' });
  assert.equal(blank.status, 422);
  assert.equal(blank.json.error.field, 'region');
  assert.match(blank.json.error.message, /region/);
});

test('a method the path does not have is 405 with Allow naming the methods it has', async () => {
  const problems = [];
  // A path may match several patterns (/persons/export and /persons/{id}): it has the methods of all.
  const matches = (pattern, path) => {
    const a = pattern.split('/'), b = path.split('/');
    return a.length === b.length && a.every((seg, i) => seg.startsWith('{') || seg === b[i]);
  };
  for (const pattern of Object.keys(doc.paths)) {
    const has = [...new Set(Object.entries(doc.paths).filter(([p]) => matches(p, concrete(pattern)))
      .flatMap(([, item]) => METHODS.filter((m) => item[m]).map((m) => m.toUpperCase())))];
    const wrong = ['DELETE', 'PATCH', 'PUT', 'POST'].find((m) => !has.includes(m));
    if (!wrong) continue;
    const r = await server.request(wrong, concrete(pattern), { as: null });
    const allow = (r.headers.get('allow') ?? '').split(',').map((s) => s.trim()).filter(Boolean).sort();
    const want = [...has, ...(has.includes('GET') ? ['HEAD'] : [])].sort();
    if (r.status !== 405 || JSON.stringify(allow) !== JSON.stringify(want) || r.json?.error?.code !== 'method_not_allowed')
      problems.push(`${wrong} ${pattern}: ${r.status}, Allow: ${r.headers.get('allow')}, want ${want.join(', ')}`);
  }
  assert.deepEqual(problems, []);
});

test('the document is served, and is the one in the tree', async () => {
  const r = await server.request('GET', '/api/v1/openapi.json', { as: null });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, doc);
});
