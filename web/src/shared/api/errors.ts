/**
 * Errors coming back from the shegong API, which always answers
 * `{"error":{"code","message","field?"}}` (409 version_conflict adds `current`).
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | undefined
  /** For `version_conflict`: the record as the server holds it now. */
  readonly current: unknown
  /**
   * The whole `error` object as the server sent it, for codes that carry more than
   * code, message and field (e.g. `possible_duplicate` with `candidates`,
   * `duplicate_person` with `existing_id`). A `submitted` sent beside `current` (a visit
   * correction's version conflict: the body that lost) is kept here too.
   */
  readonly details: Readonly<Record<string, unknown>>

  constructor(status: number, code: string, message: string, field?: string, current?: unknown, details?: Record<string, unknown>) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.current = current
    this.details = details ?? {}
  }
}

/** 403 code: the user must change the password before anything else answers. */
export const PASSWORD_CHANGE_REQUIRED = 'password_change_required'

/** 403 code: an administrator must set up a second factor (TOTP) before anything else answers. */
export const TOTP_ENROLMENT_REQUIRED = 'totp_enrolment_required'

/** 401 codes about the second-factor code itself: the session (if any) is still good. */
export const TOTP_CODE_ERRORS: readonly string[] = ['totp_required', 'invalid_totp']

/** Codes the client itself produces when no error body could be read. */
export const CLIENT_ERROR_CODES = {
  network: 'network_error',
  badResponse: 'bad_response',
} as const

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Builds an ApiError from a response status and its body text. Never throws:
 * a body that is not the documented error shape becomes `http_<status>`.
 */
export function decodeApiError(status: number, bodyText: string): ApiError {
  let body: unknown
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined
  } catch {
    body = undefined
  }
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string') {
    const e = body.error
    const message = typeof e.message === 'string' ? e.message : e.code as string
    const field = typeof e.field === 'string' && e.field !== '' ? e.field : undefined
    const details = body.submitted !== undefined && e.submitted === undefined ? { ...e, submitted: body.submitted } : e
    return new ApiError(status, e.code as string, message, field, body.current, details)
  }
  return new ApiError(status, `http_${status}`, bodyText.slice(0, 200) || `HTTP ${status}`)
}

/** Minimal view of vue-i18n used to turn an error into words (kept injectable for tests). */
export interface Translator {
  t: (key: string, params?: Record<string, unknown>) => string
  te: (key: string) => boolean
  /** The console's language ('zh-CN', 'en'); Chinese when not given. */
  locale?: () => string
}

/**
 * The server's wording of the rule that refused (`error.reason`, from its one table of
 * reasons) in the console's language; null when the error names no reason.
 */
export function reasonText(err: ApiError, tr: Translator): string | null {
  const r = err.details.reason
  if (!isRecord(r)) return null
  const text = tr.locale?.() === 'en' ? r.en : r.zh
  return typeof text === 'string' && text !== '' ? text : null
}

/**
 * The message a person sees for an error: the server's wording of the rule that
 * refused, else the translated text for a known code, else the server's own message,
 * else a generic line.
 */
export function errorText(err: unknown, tr: Translator): string {
  if (err instanceof ApiError) {
    const reason = reasonText(err, tr)
    if (reason) return reason
    const key = `errors.${err.code}`
    if (tr.te(key)) return tr.t(key)
    if (err.message) return err.message
    return tr.t('errors.unknown')
  }
  if (err instanceof Error && err.message) return err.message
  return tr.t('errors.unknown')
}

/**
 * Splits an error for a form: a message on the field it names when the form has
 * that field, else one general message (e.g. `version_conflict` names `version`,
 * which no form shows).
 */
export function formErrors(
  err: unknown,
  tr: Translator,
  formFields: readonly string[],
): { fields: Record<string, string>; general: string | null } {
  if (err instanceof ApiError && err.field && formFields.includes(err.field)) {
    return { fields: { [err.field]: errorText(err, tr) }, general: null }
  }
  return { fields: {}, general: errorText(err, tr) }
}

/**
 * Field-level errors for a form: `{ name: "…" }` when the server named a field.
 * Server fields use the API's snake_case names, which the forms use too.
 */
export function fieldErrors(err: unknown, tr: Translator): Record<string, string> {
  if (err instanceof ApiError && err.field) return { [err.field]: errorText(err, tr) }
  return {}
}
