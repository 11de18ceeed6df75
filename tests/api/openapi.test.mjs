// Keeps docs/openapi.json honest: it documents exactly the routes the binary serves,
// its references resolve, and its Error schema knows every error code. An endpoint
// added without documentation, or documentation for one that is gone, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.env.SHEGONG_ROOT;
const bin = process.env.SHEGONG_BIN;
if (!root || !bin) throw new Error('set SHEGONG_BIN and SHEGONG_ROOT');

const text = readFileSync(join(root, 'docs', 'openapi.json'), 'utf8');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

test('the document parses and is OpenAPI 3.1.0', () => {
  const doc = JSON.parse(text);
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(typeof doc.paths, 'object');
});

test('paths match `shegong routes` exactly, method by method', () => {
  const doc = JSON.parse(text);
  const routes = String(execFileSync(bin, ['routes'])).trim().split('\n')
    .map((line) => line.trim().split(/\s+/)).map(([method, pattern]) => `${method.toUpperCase()} ${pattern}`);
  assert.ok(routes.length > 0, 'shegong routes printed nothing');
  const documented = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item).filter((k) => METHODS.includes(k))) documented.push(`${method.toUpperCase()} ${path}`);
  }
  assert.deepEqual(routes.filter((r) => !documented.includes(r)), [], 'routes missing from docs/openapi.json');
  assert.deepEqual(documented.filter((d) => !routes.includes(d)), [], 'operations in docs/openapi.json that are not routes');
});

test('public routes need no authentication, the others a bearer token', () => {
  const doc = JSON.parse(text);
  const lines = String(execFileSync(bin, ['routes'])).trim().split('\n').map((l) => l.trim().split(/\s+/));
  for (const [method, pattern, kind] of lines) {
    const operation = doc.paths[pattern]?.[method.toLowerCase()];
    const security = operation?.security ?? doc.security;
    const open = Array.isArray(security) && (security.length === 0 || security.some((s) => Object.keys(s).length === 0));
    assert.equal(open, kind === 'public', `${method} ${pattern} is ${kind} but its security is ${JSON.stringify(security)}`);
  }
});

test('every $ref resolves inside the document', () => {
  const doc = JSON.parse(text);
  const resolve = (pointer) => {
    if (!pointer.startsWith('#/')) return undefined;
    let node = doc;
    for (const raw of pointer.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
      node = node[key];
    }
    return node;
  };
  const broken = [];
  let count = 0;
  const walk = (node, at) => {
    if (Array.isArray(node)) { node.forEach((v, i) => walk(v, `${at}/${i}`)); return; }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        count++;
        if (resolve(v) === undefined) broken.push(`${at}: ${v}`);
      } else {
        walk(v, `${at}/${k}`);
      }
    }
  };
  walk(doc, '#');
  assert.ok(count > 0, 'no $ref found at all');
  assert.deepEqual(broken, [], 'unresolved $ref');
});

test('the Error schema lists every error code of error.hpp', () => {
  const doc = JSON.parse(text);
  const header = readFileSync(join(root, 'src', 'core', 'include', 'shegong', 'core', 'error.hpp'), 'utf8');
  const body = header.match(/enum\s+class\s+ErrorCode\s*\{([\s\S]*?)\};/);
  assert.ok(body, 'enum class ErrorCode not found in error.hpp');
  const codes = body[1].replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')
    .split(',').map((s) => s.trim().split(/\s|=/)[0]).filter(Boolean);
  assert.ok(codes.length > 10, `too few codes parsed: ${codes}`);

  const schemas = doc.components?.schemas ?? {};
  const deref = (s) => (s?.$ref ? schemas[s.$ref.replace('#/components/schemas/', '')] : s);
  const error = schemas.Error;
  assert.ok(error, 'components.schemas.Error is missing');
  const code = deref(error.properties?.error?.properties?.code);
  assert.ok(Array.isArray(code?.enum), 'Error.error.code has no enum');
  assert.deepEqual(codes.filter((c) => !code.enum.includes(c)), [], 'error codes missing from the Error schema');
  assert.deepEqual(code.enum.filter((c) => !codes.includes(c)), [], 'codes in the Error schema that error.hpp does not have');
});
