import { ApiError, CLIENT_ERROR_CODES, decodeApiError, PASSWORD_CHANGE_REQUIRED, TOTP_CODE_ERRORS, TOTP_ENROLMENT_REQUIRED } from './errors'

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

/** Builds `?a=1&b=x`, leaving out null, undefined and empty strings. */
export function buildQuery(query?: Query): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue
    params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

export interface HttpClientOptions {
  /** Prefix put before every path, e.g. `/api/v1`. */
  baseUrl: string
  /** Returns the current bearer token, if any. */
  getToken: () => string | null
  /**
   * Called when a request that carried a token is answered 401 (session gone); not for
   * a wrong second-factor code (`invalid_totp`), which leaves the session as it was.
   */
  onUnauthorized?: (err: ApiError) => void
  /** Called when a request that carried a token is answered 403 `password_change_required`. */
  onPasswordChangeRequired?: (err: ApiError) => void
  /** Called when a request that carried a token is answered 403 `totp_enrolment_required`. */
  onTotpEnrolmentRequired?: (err: ApiError) => void
  fetchImpl?: typeof fetch
}

export interface HttpClient {
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
  del<T>(path: string): Promise<T>
}

/**
 * A thin fetch wrapper: JSON in and out, Bearer token, every failure turned into an
 * ApiError (network failures included), 204 answered with `undefined`.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const doFetch = opts.fetchImpl ?? ((input, init) => fetch(input, init))

  async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const token = opts.getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'

    let res: Response
    try {
      res = await doFetch(opts.baseUrl + path + buildQuery(query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (e) {
      throw new ApiError(0, CLIENT_ERROR_CODES.network, e instanceof Error ? e.message : String(e))
    }

    const text = await res.text()
    if (!res.ok) {
      const err = decodeApiError(res.status, text)
      if (res.status === 401 && token && opts.onUnauthorized && !TOTP_CODE_ERRORS.includes(err.code)) opts.onUnauthorized(err)
      if (res.status === 403 && err.code === PASSWORD_CHANGE_REQUIRED && token && opts.onPasswordChangeRequired) {
        opts.onPasswordChangeRequired(err)
      }
      if (res.status === 403 && err.code === TOTP_ENROLMENT_REQUIRED && token && opts.onTotpEnrolmentRequired) {
        opts.onTotpEnrolmentRequired(err)
      }
      throw err
    }
    if (res.status === 204 || text === '') return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(res.status, CLIENT_ERROR_CODES.badResponse, 'response is not JSON')
    }
  }

  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body),
    put: (path, body) => request('PUT', path, body),
    del: (path) => request('DELETE', path),
  }
}
