import { ApiError, errorText, type Translator } from '@/shared/api/errors'

/** The message after a failed 强制下线: a session that has ended already is no failure worth alarm. */
export function revokeErrorText(err: unknown, tr: Translator): string {
  if (err instanceof ApiError && err.status === 404) return tr.t('sessions.alreadyGone')
  return errorText(err, tr)
}

/** The confirmation before ending a session; one of the caller's own accounts may be this very tab. */
export function revokeConfirmText(session: { username: string; user_id: string }, myUserId: string | null | undefined, tr: Translator): string {
  if (myUserId && session.user_id === myUserId) return tr.t('sessions.revokeOwnConfirm')
  return tr.t('sessions.revokeConfirm', { name: session.username })
}
