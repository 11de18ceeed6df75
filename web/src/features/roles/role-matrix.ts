import { ApiError, errorText, reasonText, type Translator } from '@/shared/api/errors'


/**
 * The resources the console knows, in the order of the matrix columns. The server may
 * name others (a newer server): they get a column after these, labelled by their code,
 * and are never dropped when a role is saved.
 */
export const RESOURCES = ['region', 'station', 'grid', 'user', 'audit', 'session', 'person', 'category', 'merge', 'campaign', 'assignment', 'visit', 'stats'] as const
export type Resource = (typeof RESOURCES)[number]
/** The actions the console knows, in the order of the checkboxes of a column. */
export const ACTIONS = ['read', 'write', 'reveal'] as const
export type Action = (typeof ACTIONS)[number]

/**
 * The actions offered on a known resource: `reveal` only means something on `person`
 * (the server refuses it elsewhere); `merge` is only ever written.
 */
const ACTIONS_OF: Partial<Record<Resource, readonly Action[]>> = {
  person: ['read', 'write', 'reveal'],
  merge: ['write'],
}
const DEFAULT_ACTIONS: readonly Action[] = ['read', 'write']

/** One permission as the API names it. */
export interface Permission {
  action: string
  resource: string
}

/** One column of the matrix: a resource and the actions it offers, in checkbox order. */
export interface MatrixColumn {
  resource: string
  actions: string[]
}

/** One row of the matrix: for every column's resource, which of its actions the role holds. */
export type MatrixRow = Record<string, Record<string, boolean>>

function orderedUnion(known: readonly string[], seen: Iterable<string>): string[] {
  const out = [...known]
  for (const s of seen) if (!out.includes(s)) out.push(s)
  return out
}

/**
 * The columns for what the server sent: every known resource with its usual actions,
 * plus any resource or action the server names that the console does not know (so
 * that what a role holds is always shown and always sent back).
 */
export function matrixColumns(lists: readonly (readonly Permission[])[]): MatrixColumn[] {
  const all = lists.flat()
  const resources = orderedUnion(RESOURCES, all.map((p) => p.resource))
  return resources.map((resource) => {
    const usual = (RESOURCES as readonly string[]).includes(resource) ? (ACTIONS_OF[resource as Resource] ?? DEFAULT_ACTIONS) : []
    const seen = all.filter((p) => p.resource === resource).map((p) => p.action)
    // Known actions first in their usual order, then unknown ones as they came.
    const actions = orderedUnion(usual, seen).sort((a, b) => actionRank(a) - actionRank(b))
    return { resource, actions }
  })
}

function actionRank(a: string): number {
  const i = (ACTIONS as readonly string[]).indexOf(a)
  return i < 0 ? ACTIONS.length : i
}

/** The API's permission list → one matrix row over `columns` (a permission outside them is added to the row). */
export function toMatrixRow(permissions: readonly Permission[], columns: readonly MatrixColumn[]): MatrixRow {
  const row: MatrixRow = {}
  for (const c of columns) row[c.resource] = Object.fromEntries(c.actions.map((a) => [a, false]))
  for (const p of permissions) (row[p.resource] ??= {})[p.action] = true
  return row
}

/**
 * One matrix row → the API's permission list: column by column, actions in checkbox
 * order, then anything the row holds outside the columns. Nothing the row holds is
 * left out.
 */
export function toPermissions(row: MatrixRow, columns: readonly MatrixColumn[]): Permission[] {
  const out: Permission[] = []
  const done = new Set<string>()
  const push = (resource: string, action: string) => {
    const key = `${resource}\u0000${action}`
    if (done.has(key)) return
    done.add(key)
    if (row[resource]?.[action]) out.push({ action, resource })
  }
  for (const c of columns) for (const a of c.actions) push(c.resource, a)
  for (const [resource, actions] of Object.entries(row)) for (const a of Object.keys(actions)) push(resource, a)
  return out
}

/** True when the two rows grant the same. */
export function sameRow(a: MatrixRow, b: MatrixRow): boolean {
  const granted = (r: MatrixRow) =>
    Object.entries(r)
      .flatMap(([res, acts]) => Object.entries(acts).filter(([, on]) => on).map(([act]) => `${res}\u0000${act}`))
      .sort()
      .join('\n')
  return granted(a) === granted(b)
}

export function cloneRow(row: MatrixRow): MatrixRow {
  return Object.fromEntries(Object.entries(row).map(([r, acts]) => [r, { ...acts }]))
}

/** 中文 name of a resource, or its code when the console does not know it. */
export function resourceLabel(resource: string, tr: Translator): string {
  const key = `rolePerms.resources.${resource}`
  return tr.te(key) ? tr.t(key) : resource
}

/** 中文 name of an action, or its code when the console does not know it. */
export function actionLabel(action: string, tr: Translator): string {
  const key = `rolePerms.actions.${action}`
  return tr.te(key) ? tr.t(key) : action
}

/**
 * The message for a refused save: a broken separation of duties is told in the
 * server's own words; anything else through the error map.
 */
export function roleSaveErrorText(err: unknown, tr: Translator): string {
  if (err instanceof ApiError && err.code === 'invalid_field' && err.field === 'permissions' && err.message) {
    return tr.t('rolePerms.refused', { reason: reasonText(err, tr) ?? err.message })
  }
  return errorText(err, tr)
}
