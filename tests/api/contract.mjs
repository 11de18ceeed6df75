// The wire contract, enforced: every response an API test receives is checked against
// docs/openapi.json — its path and method are documented, its status is listed (a 2xx
// explicitly; an error may fall to `default`), its media type is one the operation
// declares, and a JSON body matches the schema. Object schemas are read closed: a field
// the document does not name fails, so a handler and the document cannot drift apart.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = process.env.SHEGONG_ROOT;
if (!root) throw new Error('set SHEGONG_ROOT');

// The validator comes from the console's dependencies (one npm tree for the project).
const requireWeb = createRequire(join(root, 'web', 'package.json'));
const Ajv2020 = requireWeb('ajv/dist/2020').default;
const addFormats = requireWeb('ajv-formats').default;

const DOC_ID = 'shegong-openapi';

// Component schemas that other schemas extend with allOf stay open where they are
// extended (the composite closes over both); everywhere else they are closed.
function extendedBases(doc) {
  const bases = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf) {
        if (typeof member?.$ref === 'string') bases.add(member.$ref);
      }
    }
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return bases;
}

const isObjectSchema = (s) => s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'));
const declaresExtras = (s) => 'additionalProperties' in s || 'unevaluatedProperties' in s;

// Returns a copy of the document whose references point into DOC_ID and whose
// object schemas refuse fields they do not name.
export function closedDocument(doc) {
  const bases = extendedBases(doc);
  const close = (node, { member = false, base = false } = {}) => {
    if (Array.isArray(node)) return node.map((v) => close(v));
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const ref = { ...node, $ref: node.$ref.startsWith('#') ? DOC_ID + node.$ref : node.$ref };
      // A base used on its own is closed at the place of use.
      return bases.has(node.$ref) && !member ? { allOf: [ref], unevaluatedProperties: false } : ref;
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'example' || k === 'examples') out[k] = v;
      else if (k === 'allOf') out[k] = v.map((m) => close(m, { member: true }));
      else out[k] = close(v);
    }
    const open = member || base || declaresExtras(node);
    if (!open && (Array.isArray(node.allOf) || (isObjectSchema(node) && node.properties))) {
      out.unevaluatedProperties = false;
    }
    return out;
  };
  const schemas = {};
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    schemas[name] = close(schema, { base: bases.has(`#/components/schemas/${name}`) });
  }
  const { schemas: _, ...others } = doc.components ?? {};
  return { paths: close(doc.paths), components: { ...close(others), schemas } };
}

function compileDocument(doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const closed = closedDocument(doc);
  ajv.addSchema({ $id: DOC_ID, components: closed.components });
  const deref = (node) => {
    let n = node;
    while (n && typeof n.$ref === 'string') {
      const path = n.$ref.replace(`${DOC_ID}#/`, '').split('/');
      n = path.reduce((acc, key) => acc?.[key], closed);
    }
    return n;
  };
  // Templates with fewer parameters first, so /persons/search wins over /persons/{id}.
  const templates = Object.keys(closed.paths)
    .map((path) => ({
      path,
      params: (path.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  const validators = new Map();
  const validator = (key, schema) => {
    if (!validators.has(key)) validators.set(key, ajv.compile(schema));
    return validators.get(key);
  };
  const errorSchema = { $ref: `${DOC_ID}#/components/schemas/Error` };
  return { closed, deref, templates, validator, errorSchema };
}

let compiled;
function contract() {
  compiled ??= compileDocument(JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')));
  return compiled;
}

const describe = (errors) => errors.slice(0, 8)
  .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params?.unevaluatedProperty ? ` '${e.params.unevaluatedProperty}'` : ''}`)
  .join('; ');

// Lists what is wrong with one response (empty when it keeps the contract).
// `body` is the parsed JSON (undefined when the body is not JSON or empty).
export function responseProblems({ method, url, status, contentType, text, body }) {
  const { closed, deref, templates, validator, errorSchema } = contract();
  const { pathname } = new URL(url, 'http://127.0.0.1');
  const verb = method.toUpperCase();
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const problems = [];
  const where = `${verb} ${pathname} → ${status}`;
  const checkError = () => {
    const validate = validator('Error', errorSchema);
    if (!validate(body)) problems.push(`${where}: not an Error body: ${describe(validate.errors)}`);
  };

  const template = templates.find((t) => t.pattern.test(pathname));
  if (!template) {
    // Undocumented paths may only be the console's own files or an error.
    if (pathname.startsWith('/api/')) {
      if (status === 404 || status === 405) checkError();
      else problems.push(`${where}: the path is not in docs/openapi.json`);
    }
    return problems;
  }
  if (verb === 'OPTIONS') return problems;
  const item = closed.paths[template.path];
  const operation = item[verb === 'HEAD' ? 'get' : verb.toLowerCase()];
  if (!operation) {
    if (status === 405) checkError();
    else problems.push(`${where}: ${verb} is not documented for ${template.path}`);
    return problems;
  }
  const listed = operation.responses?.[String(status)];
  const response = deref(listed ?? (status >= 300 ? operation.responses?.default : undefined));
  if (!response) {
    problems.push(`${where}: status ${status} is not documented for ${verb} ${template.path}`);
    return problems;
  }
  if (verb === 'HEAD') return problems;
  const content = response.content ?? {};
  const types = Object.keys(content);
  if (types.length === 0) {
    if (text) problems.push(`${where}: documented without a body, but one came (${text.slice(0, 80)})`);
    return problems;
  }
  if (!types.includes(media)) {
    problems.push(`${where}: media type '${media}' is not one of ${types.join(', ')}`);
    return problems;
  }
  const schema = content[media].schema;
  if (media === 'application/json' && schema) {
    if (body === undefined) { problems.push(`${where}: the body is not JSON`); return problems; }
    const validate = validator(`${template.path} ${verb} ${status} ${media}`, schema);
    if (!validate(body)) problems.push(`${where}: ${describe(validate.errors)}`);
  }
  return problems;
}

// Throws when a response breaks the contract, naming the request and the fields.
export function assertKeepsContract(response) {
  const problems = responseProblems(response);
  if (problems.length) throw new Error(`response breaks docs/openapi.json:\n  ${problems.join('\n  ')}`);
}

// fetch, with the response checked against the document before the test sees it.
export async function checkedFetch(input, init = {}) {
  const r = await fetch(input, init);
  const text = await r.clone().text();
  let body;
  try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
  assertKeepsContract({ method: init.method ?? 'GET', url: String(input), status: r.status,
    contentType: r.headers.get('content-type'), text, body });
  return r;
}
