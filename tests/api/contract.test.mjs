// The contract check itself can fail: real responses from a running server pass it,
// and the same responses bent the ways a handler drifts (a field added, one dropped,
// a type changed, an undocumented status or path) are refused with the field named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { responseProblems } from './contract.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0); });

// A real response, as the checker sees it.
async function seen(method, path, options) {
  const r = await server.request(method, path, options);
  return { method, url: server.base + path, status: r.status, contentType: r.headers.get('content-type'), text: r.text, body: r.json };
}
const copy = (v) => JSON.parse(JSON.stringify(v));

test('a real page of stations keeps the contract; a drifted one does not', async () => {
  const page = await seen('GET', '/api/v1/stations?page_size=5');
  assert.equal(page.status, 200);
  assert.ok(page.body.items.length > 0, 'the demo has stations to bend');
  assert.deepEqual(responseProblems(page), []);

  const added = copy(page.body);
  added.items[0].nickname = 'x';
  assert.match(responseProblems({ ...page, body: added }).join('\n'), /\/items\/0 must NOT have unevaluated properties 'nickname'/);

  const dropped = copy(page.body);
  delete dropped.items[0].manager;
  assert.match(responseProblems({ ...page, body: dropped }).join('\n'), /\/items\/0 must have required property 'manager'/);

  const retyped = copy(page.body);
  retyped.items[0].version = String(retyped.items[0].version);
  assert.match(responseProblems({ ...page, body: retyped }).join('\n'), /\/items\/0\/version must be integer/);

  const outside = copy(page.body);
  outside.items[0].kind = 'castle';
  assert.match(responseProblems({ ...page, body: outside }).join('\n'), /\/items\/0\/kind must be equal to one of the allowed values/);
});

test('a composite record (allOf) is closed over all its parts', async () => {
  const made = await seen('POST', '/api/v1/households', { as: 'deqing', body: { region_code: '330521005203', address: '契约路1号' } });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(responseProblems(made), []);
  const detail = await seen('GET', `/api/v1/households/${made.body.id}`, { as: 'deqing' });
  assert.equal(detail.status, 200);
  assert.deepEqual(responseProblems(detail), []);
  const added = copy(detail.body);
  added.secret = 1;
  assert.match(responseProblems({ ...detail, body: added }).join('\n'), /must NOT have unevaluated properties 'secret'/);
});

test('an error keeps the one error shape', async () => {
  const missing = await seen('GET', '/api/v1/stations/00000000-0000-7000-8000-000000000000');
  assert.equal(missing.status, 404);
  assert.deepEqual(responseProblems(missing), []);
  const bare = { ...missing, body: { message: 'not found' } };
  assert.match(responseProblems(bare).join('\n'), /not an Error body|must have required property 'error'/);
});

test('statuses, paths, methods and media types the document does not list are refused', async () => {
  const page = await seen('GET', '/api/v1/stations?page_size=1');
  assert.match(responseProblems({ ...page, status: 206 }).join('\n'), /status 206 is not documented/);
  assert.match(responseProblems({ ...page, url: `${server.base}/api/v1/castles` }).join('\n'), /not in docs\/openapi.json/);
  assert.match(responseProblems({ ...page, method: 'PUT', url: `${server.base}/api/v1/stations` }).join('\n'), /PUT is not documented/);
  assert.match(responseProblems({ ...page, contentType: 'text/html' }).join('\n'), /media type 'text\/html'/);
  // The console's own files are not API routes and are not checked.
  assert.deepEqual(responseProblems({ ...page, url: `${server.base}/stations/new`, contentType: 'text/html', body: undefined }), []);
});
