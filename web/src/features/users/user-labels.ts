import type { Can } from '@/features/auth/permissions'
import { ApiError, errorText, formErrors, type Translator } from '@/shared/api/errors'
import { passwordFormErrors } from '@/features/auth/password-rules'


export interface UserPermissions {
  /** New accounts, (de)activation, temporary passwords: the system administrator. */
  create: boolean
  toggleActive: boolean
  resetPassword: boolean
  /** Clearing a lost second factor: the security administrator. */
  resetTotp: boolean
}

/** What the signed-in user may do on the users page (the server checks the same). */
export function userPermissions(can: Can): UserPermissions {
  const write = can('write', 'user')
  return { create: write, toggleActive: write, resetPassword: write, resetTotp: can('write', 'session') }
}

/** The form's fields, as the API names them. */
export const USER_FIELDS = ['username', 'display_name', 'role', 'region_code', 'password'] as const
export type UserField = (typeof USER_FIELDS)[number]

/** Letters, digits, `_ . -` (the server's rule). */
export function isValidUsername(name: string | null | undefined): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(name ?? '')
}

/** The region column: the account's region code, or 全国 for a national account. */
export function userRegionLabel(code: string | null | undefined, tr: Translator): string {
  return code ? code : tr.t('users.national')
}

/** 启用 / 停用 */
export function activeLabel(active: boolean, tr: Translator): string {
  return tr.t(active ? 'users.activeYes' : 'users.activeNo')
}

/** 已启用 / 未启用 */
export function totpLabel(active: boolean, tr: Translator): string {
  return tr.t(active ? 'users.totpOn' : 'users.totpOff')
}

/**
 * Puts a refusal of POST /users on the field it concerns, in words fit for it:
 * a taken user name, a password rule, a region outside the caller's area;
 * anything else is one general message.
 */
export function userFormErrors(err: unknown, tr: Translator): { fields: Partial<Record<UserField, string>>; general: string | null } {
  if (err instanceof ApiError) {
    if (err.code === 'conflict' && err.field === 'username') return { fields: { username: tr.t('users.usernameTaken') }, general: null }
    if (err.code === 'forbidden' && err.field === 'region_code') return { fields: { region_code: tr.t('users.regionOutside') }, general: null }
    if (err.code === 'invalid_field' && err.field === 'password') {
      const text = passwordFormErrors(err, tr).fields.new_password
      if (text) return { fields: { password: text }, general: null }
    }
  }
  return formErrors(err, tr, USER_FIELDS)
}

/** The message for a failed row action (PATCH /users/{id}, the TOTP reset). */
export function userActionErrorText(err: unknown, tr: Translator): string {
  if (err instanceof ApiError) {
    if (err.code === 'conflict' && err.field === 'active') return tr.t('users.cannotDeactivateSelf')
    if (err.code === 'invalid_field' && (err.field === 'password' || err.field === 'temporary_password')) {
      const text = passwordFormErrors(new ApiError(err.status, err.code, err.message, 'password'), tr).fields.new_password
      if (text) return text
    }
  }
  return errorText(err, tr)
}
