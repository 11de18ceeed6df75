// Declarative API cases: each file in cases/ lists requests and the JSON they must answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, contains } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0, 'the server exits cleanly on SIGTERM'); });

for (const file of readdirSync(join(here, 'cases')).filter((f) => f.endsWith('.json')).sort()) {
  const cases = JSON.parse(readFileSync(join(here, 'cases', file), 'utf8'));
  for (const c of cases) {
    test(`${file}: ${c.name}`, async () => {
      const as = 'as' in c ? c.as : 'admin';
      const r = await server.request(c.method, c.path, { as, body: c.body, raw: c.raw, headers: c.headers });
      assert.equal(r.status, c.status, `status for ${c.method} ${c.path}: ${r.text}`);
      if (c.json) contains(r.json, c.json);
      if (r.status >= 400) {
        assert.ok(r.json?.error?.code && r.json.error.message, `an error has the one shape: ${r.text}`);
        assert.match(r.headers.get('content-type'), /^application\/json/);
      }
      assert.ok(r.headers.get('x-request-id'), 'every response carries a request id');
    });
  }
}
