import { api } from '@/shared/api/client'
import type { Schemas } from '@/shared/api/types'
import { toPermissions, type MatrixColumn, type MatrixRow, type Permission } from './role-matrix'

/** One role and what it may do, as GET /roles lists it. */
export type RolePermissions = Schemas['RolePermissions']

/** GET /roles, and the answer of PUT /roles/{role}: every role. */
export type RoleList = Schemas['RoleList']

export const rolesApi = {
  /** sysadmin and secadmin. */
  list: () => api.get<RoleList>('/roles'),
  /**
   * sysadmin; answers every role as GET does. PUT replaces the whole list, so it must
   * hold everything the role keeps. 422 invalid_field (permissions) when the change
   * breaks the separation of duties.
   */
  update: (role: string, permissions: Permission[]) =>
    api.put<RoleList>(`/roles/${encodeURIComponent(role)}`, { permissions }),
}

/**
 * Saves one row of the matrix: every permission the row holds, those of resources or
 * actions the console does not know included (PUT replaces the role's whole list).
 */
export function saveRole(role: string, row: MatrixRow, columns: readonly MatrixColumn[]): Promise<RoleList> {
  return rolesApi.update(role, toPermissions(row, columns))
}
