// Writes the component schemas the record descriptions give (`shegong openapi-schemas`)
// into docs/openapi.json, leaving the rest of the document as it is. `make api` runs it and
// then regenerates the console's types from the document.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = process.env.SHEGONG_BIN ?? join(root, 'build/release/shegong')
const path = join(root, 'docs/openapi.json')

const described = JSON.parse(execFileSync(bin, ['openapi-schemas'], { encoding: 'utf8' }))
const doc = JSON.parse(readFileSync(path, 'utf8'))
const changed = []
for (const [name, schema] of Object.entries(described)) {
  if (JSON.stringify(doc.components.schemas[name]) !== JSON.stringify(schema)) changed.push(name)
  doc.components.schemas[name] = schema
}
writeFileSync(path, JSON.stringify(doc, null, 2) + '\n')
console.log(changed.length ? `docs/openapi.json: ${changed.join(', ')} written` : 'docs/openapi.json: up to date')
