// What the server's own tables give the contract and the console (`make api` runs it):
// the component schemas of the record descriptions (`shegong openapi-schemas`) written
// into docs/openapi.json, the rest of the document left as it is; and the vocabulary
// (`shegong vocabulary`: code lists, labels, state machines) written for the console,
// which labels its codes from it. Tests fail while either is stale.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = process.env.SHEGONG_BIN ?? join(root, 'build/release/shegong')
const run = (command) => JSON.parse(execFileSync(bin, [command], { encoding: 'utf8' }))

const docPath = join(root, 'docs/openapi.json')
const described = run('openapi-schemas')
const doc = JSON.parse(readFileSync(docPath, 'utf8'))
const changed = []
for (const [name, schema] of Object.entries(described)) {
  if (JSON.stringify(doc.components.schemas[name]) !== JSON.stringify(schema)) changed.push(name)
  doc.components.schemas[name] = schema
}
writeFileSync(docPath, JSON.stringify(doc, null, 2) + '\n')
console.log(changed.length ? `docs/openapi.json: ${changed.join(', ')} written` : 'docs/openapi.json: up to date')

const vocabularyPath = join(root, 'web/src/shared/i18n/vocabulary.json')
writeFileSync(vocabularyPath, JSON.stringify(run('vocabulary'), null, 2) + '\n')
console.log('web/src/shared/i18n/vocabulary.json written')
