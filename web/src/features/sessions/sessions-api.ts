import { api } from '@/shared/api/client'
import type { Page, Schemas } from '@/shared/api/types'

/** One signed-in session (GET /sessions, secadmin only), newest first. */
export type SessionEntry = Schemas['Session']

/** An account locked by failed sign-ins (GET /lockouts, secadmin only); user_id null: no account has the name. */
export type Lockout = Schemas['LockoutList']['items'][number]

export const sessionsApi = {
  list: (q: { page: number; page_size: number }) => api.get<Page<SessionEntry>>('/sessions', { ...q }),
  /** 204; 404 not_found when the session has already ended. */
  revoke: (id: string) => api.del<void>(`/sessions/${encodeURIComponent(id)}`),
  lockouts: () => api.get<{ items: Lockout[]; total: number }>('/lockouts'),
  /** 204, also when the lock has already ended; audited. */
  lift: (username: string) => api.del<void>(`/lockouts/${encodeURIComponent(username)}`),
}
