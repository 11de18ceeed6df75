// GET /api/v1/vocabulary: every code list with its labels and state machines, the same
// codes as the document's schemas, and the copy the console labels its codes from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, checkedFetch as fetch } from './server.mjs';

const root = process.env.SHEGONG_ROOT;
const schemas = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8')).components.schemas;
// Enums of the document that are not code lists a person reads labels of.
const NOT_LISTS = new Set(['ErrorCode', 'RegionLevel']);

let server;
let vocabulary;
before(async () => {
  server = await startServer();
  const res = await fetch(`${server.base}/api/v1/vocabulary`);
  assert.equal(res.status, 200, 'served without a session: it holds no one\'s data');
  vocabulary = await res.json();
});
after(async () => { assert.equal(await server.stop(), 0); });

test('each list holds exactly the codes of the schema it is named after, in order', () => {
  const names = Object.keys(vocabulary.lists);
  assert.ok(names.length >= 19, names.join(' '));
  for (const [name, list] of Object.entries(vocabulary.lists)) {
    assert.ok(schemas[name], `${name} is a schema of docs/openapi.json`);
    assert.deepEqual(list.codes.map((c) => c.code), schemas[name].enum, name);
    for (const c of list.codes) assert.ok(/[\u4e00-\u9fff]/.test(c.zh) && /[A-Za-z]/.test(c.en), `${name}.${c.code}`);
  }
  for (const [name, schema] of Object.entries(schemas))
    if (schema.enum && !NOT_LISTS.has(name)) assert.ok(vocabulary.lists[name], `the code list ${name} is served`);
});

test('the state machines are served as the server enforces them', async () => {
  const needs = vocabulary.lists.NeedState.transitions;
  const key = (t) => `${t.from}→${t.to}`;
  assert.ok(needs.some((t) => key(t) === 'raised→linked' && !t.reason_required));
  assert.ok(needs.some((t) => key(t) === 'in_progress→closed' && t.reason_required));
  assert.ok(!needs.some((t) => t.from === 'resolved'), 'resolved is final');
  assert.deepEqual(vocabulary.lists.CampaignStatus.transitions.map(key), ['draft→active', 'active→ended']);
  assert.deepEqual(vocabulary.lists.StationKind.transitions, []);
});

test("the console's copy is the served vocabulary (else run make api)", () => {
  const copy = JSON.parse(readFileSync(join(root, 'web/src/shared/i18n/vocabulary.json'), 'utf8'));
  assert.deepEqual(copy, vocabulary);
});
