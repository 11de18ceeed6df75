import { ApiError, errorText, type Translator } from '@/shared/api/errors'

/** Roles that may open the role permissions page (the server lets both read it). */
export const ROLE_VIEW_ROLES: readonly string[] = ['sysadmin', 'secadmin']
/** Only the system administrator changes what a role may do. */
export const canEditRoles = (role: string | null | undefined): boolean => role === 'sysadmin'

/** The resources of the API, in the order of the matrix columns. */
export const RESOURCES = ['region', 'station', 'grid', 'user', 'audit', 'session'] as const
export type Resource = (typeof RESOURCES)[number]
export const ACTIONS = ['read', 'write'] as const
export type Action = (typeof ACTIONS)[number]

/** One permission as the API names it. */
export interface Permission {
  action: string
  resource: string
}

/** One row of the matrix: for every resource, may the role read it, may it write it. */
export type MatrixRow = Record<Resource, Record<Action, boolean>>

/** The API's permission list → one matrix row (unknown actions or resources are left out). */
export function toMatrixRow(permissions: readonly Permission[]): MatrixRow {
  const row = Object.fromEntries(RESOURCES.map((r) => [r, { read: false, write: false }])) as MatrixRow
  for (const p of permissions) {
    if ((RESOURCES as readonly string[]).includes(p.resource) && (ACTIONS as readonly string[]).includes(p.action)) {
      row[p.resource as Resource][p.action as Action] = true
    }
  }
  return row
}

/** One matrix row → the API's permission list, in column order, reads before writes. */
export function toPermissions(row: MatrixRow): Permission[] {
  const out: Permission[] = []
  for (const resource of RESOURCES) {
    for (const action of ACTIONS) if (row[resource][action]) out.push({ action, resource })
  }
  return out
}

/** True when the two rows grant the same. */
export function sameRow(a: MatrixRow, b: MatrixRow): boolean {
  return RESOURCES.every((r) => ACTIONS.every((x) => a[r][x] === b[r][x]))
}

export function cloneRow(row: MatrixRow): MatrixRow {
  return Object.fromEntries(RESOURCES.map((r) => [r, { ...row[r] }])) as MatrixRow
}

/**
 * The message for a refused save: a broken separation of duties is told in the
 * server's own words; anything else through the error map.
 */
export function roleSaveErrorText(err: unknown, tr: Translator): string {
  if (err instanceof ApiError && err.code === 'invalid_field' && err.field === 'permissions' && err.message) {
    return tr.t('rolePerms.refused', { reason: err.message })
  }
  return errorText(err, tr)
}
