/** Helpers shared by the server-side paginated list pages. */

export type SortOrder = 'ascending' | 'descending' | null

/** el-table's sort-change → the API's `sort=` value (`name`, `-name`, or none). */
export function toSortParam(prop: string | null | undefined, order: SortOrder): string | undefined {
  if (!prop || !order) return undefined
  return order === 'descending' ? `-${prop}` : prop
}

/** `true`/`false`/'' from a select → the API's `active=` value. */
export function toActiveParam(v: boolean | '' | null | undefined): 'true' | 'false' | undefined {
  if (v === true) return 'true'
  if (v === false) return 'false'
  return undefined
}

/**
 * The body of a PATCH: the record's version and only the fields that changed.
 * Empty strings are sent as null so that a cleared field is cleared on the server.
 */
export function patchBody<T extends object>(
  original: T,
  edited: Partial<T>,
  keys: readonly (keyof T & string)[],
  version: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = { version }
  for (const k of keys) {
    const before = original[k] === '' ? null : original[k]
    const afterRaw = edited[k]
    const after = afterRaw === '' || afterRaw === undefined ? null : afterRaw
    if ((before ?? null) !== after) body[k] = after
  }
  return body
}

/** Only the non-empty fields, for a POST. */
export function createBody<T extends object>(values: T): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === null || v === undefined) continue
    body[k] = v
  }
  return body
}
