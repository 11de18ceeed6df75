import { api } from '@/shared/api/client'
import type { Page } from '@/shared/api/types'

/** One signed-in session (GET /sessions, secadmin only), newest first. */
export interface SessionEntry {
  id: string
  user_id: string
  username: string
  remote: string
  created_at: string
  last_seen_at: string
  expires_at: string
}

export const sessionsApi = {
  list: (q: { page: number; page_size: number }) => api.get<Page<SessionEntry>>('/sessions', { ...q }),
  /** 204; 404 not_found when the session has already ended. */
  revoke: (id: string) => api.del<void>(`/sessions/${encodeURIComponent(id)}`),
}
