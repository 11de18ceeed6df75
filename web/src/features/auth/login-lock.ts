import { ApiError, errorText, type Translator } from '@/shared/api/errors'

/** `"too many failed sign-ins; try again in 15 minute(s)"` → 15; null when the message names no minutes. */
export function lockMinutes(message: string | null | undefined): number | null {
  const m = /(\d+) minute/.exec(message ?? '')
  if (!m?.[1]) return null
  const n = Number(m[1])
  return Number.isFinite(n) && n > 0 ? n : null
}

/** The line the login page shows for a failed sign-in; a lock-out says how long it lasts. */
export function loginErrorText(err: unknown, tr: Translator): string {
  if (err instanceof ApiError && err.code === 'login_locked') {
    const minutes = lockMinutes(err.message)
    return minutes === null ? tr.t('auth.lockedLater') : tr.t('auth.lockedMinutes', { minutes })
  }
  return errorText(err, tr)
}
