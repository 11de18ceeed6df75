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

/** A file the server sent (`download`): its bytes and the name it suggested. */
export interface DownloadedFile {
  blob: Blob
  /** From Content-Disposition; null when the server named none. */
  filename: string | null
}

export interface HttpClient {
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
  del<T>(path: string): Promise<T>
  /** POSTs raw bytes (a file) as the request body; the answer is JSON. */
  upload<T>(path: string, file: Blob, query?: Query): Promise<T>
  /** GETs a file (XLSX, …) with the session's token; errors are the usual ApiError. */
  download(path: string, query?: Query): Promise<DownloadedFile>
}

/**
 * The file name of a Content-Disposition header: `filename*=UTF-8''…` (RFC 5987,
 * used for Chinese names) wins over a plain `filename="…"`; null when neither is there.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header)
  if (star) {
    const value = star[1]!.trim().replace(/^"(.*)"$/, '$1')
    const quote = value.indexOf("''")
    const encoded = quote >= 0 ? value.slice(quote + 2) : value
    try {
      const name = decodeURIComponent(encoded)
      if (name) return name
    } catch {
      /* fall back to the plain name */
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header)
  if (!plain) return null
  const name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim()
  return name || null
}

/** How a request body goes out: JSON, or raw bytes of a file. */
type RequestBody = { json: unknown } | { raw: Blob } | undefined

/**
 * A thin fetch wrapper: JSON in and out (or a raw file up, a file down), Bearer token,
 * every failure turned into an ApiError (network failures included), 204 answered
 * with `undefined`.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const doFetch = opts.fetchImpl ?? ((input, init) => fetch(input, init))

  /** Sends a request; a failure (network, or a status that is not 2xx) is thrown as an ApiError. */
  async function send(method: string, path: string, body: RequestBody, query: Query | undefined, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept }
    const token = opts.getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    let payload: BodyInit | undefined
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body.json)
    } else if (body && 'raw' in body) {
      headers['Content-Type'] = body.raw.type || 'application/octet-stream'
      payload = body.raw
    }

    let res: Response
    try {
      res = await doFetch(opts.baseUrl + path + buildQuery(query), { method, headers, body: payload })
    } catch (e) {
      throw new ApiError(0, CLIENT_ERROR_CODES.network, e instanceof Error ? e.message : String(e))
    }
    if (res.ok) return res

    const err = decodeApiError(res.status, await res.text())
    if (res.status === 401 && token && opts.onUnauthorized && !TOTP_CODE_ERRORS.includes(err.code)) opts.onUnauthorized(err)
    if (res.status === 403 && err.code === PASSWORD_CHANGE_REQUIRED && token && opts.onPasswordChangeRequired) {
      opts.onPasswordChangeRequired(err)
    }
    if (res.status === 403 && err.code === TOTP_ENROLMENT_REQUIRED && token && opts.onTotpEnrolmentRequired) {
      opts.onTotpEnrolmentRequired(err)
    }
    throw err
  }

  async function request<T>(method: string, path: string, body?: RequestBody, query?: Query): Promise<T> {
    const res = await send(method, path, body, query, 'application/json')
    const text = await res.text()
    if (res.status === 204 || text === '') return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(res.status, CLIENT_ERROR_CODES.badResponse, 'response is not JSON')
    }
  }

  async function download(path: string, query?: Query): Promise<DownloadedFile> {
    const res = await send('GET', path, undefined, query, '*/*')
    const blob = await res.blob()
    return { blob, filename: filenameFromDisposition(res.headers.get('Content-Disposition')) }
  }

  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, { json: body ?? {} }),
    patch: (path, body) => request('PATCH', path, { json: body }),
    put: (path, body) => request('PUT', path, { json: body }),
    del: (path) => request('DELETE', path),
    upload: (path, file, query) => request('POST', path, { raw: file }, query),
    download,
  }
}
