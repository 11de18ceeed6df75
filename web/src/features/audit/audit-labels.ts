import type { Translator } from '@/shared/api/errors'

/** Actions the server writes to the audit trail that have a label (others show as they are). */
export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.refused',
  'logout',
  'password.change',
  'user.create',
  'user.activate',
  'user.deactivate',
  'user.password_reset',
  'session.revoke',
  'totp.enrol',
  'totp.reset',
  'station.create',
  'station.update',
  'station.deactivate',
  'grid.create',
  'grid.update',
  'grid.deactivate',
  'person.reveal',
  'person.export',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const ROLES = [
  'sysadmin',
  'secadmin',
  'auditor',
  'civil_affairs_admin',
  'station_manager',
  'social_worker',
  'volunteer_coordinator',
  'viewer',
] as const
export type Role = (typeof ROLES)[number]

export const AUDIT_OUTCOMES = ['ok', 'failed', 'denied'] as const
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

function isOneOf<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v)
}

/** i18n key of an action: dots would be read as nesting, so `login.success` → `audit.actions.login_success`. */
export function actionKey(action: AuditAction): string {
  return `audit.actions.${action.replace(/\./g, '_')}`
}

/** `login.success` → 登录成功; an action without a label is shown raw. */
export function actionLabel(action: string, tr: Translator): string {
  if (!isOneOf(AUDIT_ACTIONS, action)) return action
  const key = actionKey(action)
  return tr.te(key) ? tr.t(key) : action
}

/** `auditor` → 审计员; an unknown role is shown raw, an empty one as empty. */
export function roleLabel(role: string | null | undefined, tr: Translator): string {
  if (!role) return ''
  if (!isOneOf(ROLES, role)) return role
  const key = `roles.${role}`
  return tr.te(key) ? tr.t(key) : role
}

/** `ok` → 成功; unknown outcomes raw. */
export function outcomeLabel(outcome: string, tr: Translator): string {
  if (!isOneOf(AUDIT_OUTCOMES, outcome)) return outcome
  return tr.t(`audit.outcomes.${outcome}`)
}

/** el-tag type for an outcome. */
export function outcomeTagType(outcome: string): 'success' | 'warning' | 'danger' | 'info' {
  if (outcome === 'ok') return 'success'
  if (outcome === 'failed') return 'warning'
  if (outcome === 'denied') return 'danger'
  return 'info'
}

export const HASH_PREFIX_LENGTH = 12

/** The first 12 characters of a record's hash chain value. */
export function shortHash(hash: string | null | undefined): string {
  return (hash ?? '').slice(0, HASH_PREFIX_LENGTH)
}

/** "station" + "018c…" → `station 018c…`; either part may be empty. */
export function auditObject(resource: string | null | undefined, recordId: string | null | undefined): string {
  return [resource, recordId].filter((s) => s).join(' ')
}
