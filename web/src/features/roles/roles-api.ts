import { api } from '@/shared/api/client'
import type { Permission } from './role-matrix'

/** One role and what it may do, as GET /roles lists it. */
export interface RolePermissions {
  role: string
  permissions: Permission[]
}

/** GET /roles, and the answer of PUT /roles/{role}: every role. */
export interface RoleList {
  items: RolePermissions[]
  total: number
}

export const rolesApi = {
  /** sysadmin and secadmin. */
  list: () => api.get<RoleList>('/roles'),
  /**
   * sysadmin; answers every role as GET does. 422 invalid_field (permissions) when the
   * change breaks the separation of duties.
   */
  update: (role: string, permissions: Permission[]) =>
    api.put<RoleList>(`/roles/${encodeURIComponent(role)}`, { permissions }),
}
