import { api } from '@/shared/api/client'
import type { User } from '@/shared/api/types'

export interface LoginResponse {
  token: string
  user: User
}

export const authApi = {
  login: (username: string, password: string) => api.post<LoginResponse>('/auth/login', { username, password }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<{ user: User }>('/auth/me'),
}
