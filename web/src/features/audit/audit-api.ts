import { api } from '@/shared/api/client'
import type { Page, Schemas } from '@/shared/api/types'

/** One line of the audit trail (GET /audit), newest first. */
export type AuditEntry = Schemas['AuditEntry']

export interface AuditQuery {
  user_id?: string
  record_id?: string
  action?: string
  /** YYYY-MM-DD */
  from?: string
  /** YYYY-MM-DD */
  to?: string
  page: number
  page_size: number
}

export const auditApi = {
  /** Only the auditor role may read it; others get 403 forbidden. */
  list: (q: AuditQuery) => api.get<Page<AuditEntry>>('/audit', { ...q }),
}
