import { api } from '@/shared/api/client'
import type { User } from '@/shared/api/types'

export interface LoginResponse {
  token: string
  must_change_password?: boolean
  user: User
}

export const authApi = {
  login: (username: string, password: string) => api.post<LoginResponse>('/auth/login', { username, password }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<{ user: User }>('/auth/me'),
  /** 204; 422 invalid_field on `current_password` (wrong) or `password` (breaks a rule). */
  changePassword: (current_password: string, new_password: string) =>
    api.post<void>('/auth/password', { current_password, new_password }),
}
