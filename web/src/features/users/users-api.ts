import { api } from '@/shared/api/client'
import type { Page, Schemas } from '@/shared/api/types'

/** One account as GET /users lists it (only accounts inside the caller's area). */
export type UserAccount = Schemas['User']

export interface UserQuery {
  q?: string
  page: number
  page_size: number
}

export type NewUser = Schemas['UserCreate']

export const usersApi = {
  /** sysadmin and secadmin. */
  list: (q: UserQuery) => api.get<Page<UserAccount>>('/users', { ...q }),
  /** sysadmin; 201. 409 conflict (username), 422 invalid_field (password …), 403 forbidden (region_code). */
  create: (body: NewUser) => api.post<UserAccount>('/users', body),
  /** sysadmin; deactivating or resetting the password signs the user out everywhere; 409 deactivating oneself. */
  update: (id: string, body: { active?: boolean; temporary_password?: string }) =>
    api.patch<UserAccount>(`/users/${encodeURIComponent(id)}`, body),
  /** secadmin; 204. */
  resetTotp: (id: string) => api.post<void>(`/users/${encodeURIComponent(id)}/totp/reset`),
}
