import { api } from '@/shared/api/client'
import type { Translator } from '@/shared/api/errors'
import { roleLabel } from '@/features/audit/audit-labels'

/** One of GET /workers: an active account that may be responsible for persons of the region. */
export interface Worker {
  id: string
  username: string
  display_name: string
  /** social_worker, station_manager or civil_affairs_admin. */
  role: string
  region_code: string | null
}

export const workersApi = {
  /** Person writers only; `region` is the person's village (12 digits). */
  list: (region: string) => api.get<{ items: Worker[] }>('/workers', { region }),
}

export interface WorkerOption {
  id: string
  username: string
  name: string
  roleLabel: string
  /** What the closed select shows: `王芳（社工）`. */
  label: string
}

/** Social workers first, then station managers, then administrators; by name within each. */
const ROLE_ORDER = ['social_worker', 'station_manager', 'civil_affairs_admin']

/**
 * The options of the responsible-worker select. The worker already set is kept at the
 * top under `currentName` when the list does not hold them (moved away, deactivated, or
 * outside what the caller may list), so that saving the form does not clear them.
 */
export function workerOptions(
  workers: readonly Worker[],
  currentId: string | null | undefined,
  currentName: string | null | undefined,
  tr: Translator,
): WorkerOption[] {
  const rank = (r: string) => {
    const i = ROLE_ORDER.indexOf(r)
    return i < 0 ? ROLE_ORDER.length : i
  }
  const out = [...workers]
    .sort((a, b) => rank(a.role) - rank(b.role) || (a.display_name || a.username).localeCompare(b.display_name || b.username, 'zh-CN'))
    .map((w) => {
      const name = w.display_name || w.username
      const role = roleLabel(w.role, tr)
      return { id: w.id, username: w.username, name, roleLabel: role, label: role ? `${name}（${role}）` : name }
    })
  if (currentId && !out.some((o) => o.id === currentId)) {
    const name = currentName || currentId
    out.unshift({ id: currentId, username: '', name, roleLabel: '', label: name })
  }
  return out
}
