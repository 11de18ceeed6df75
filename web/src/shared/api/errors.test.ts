import { describe, expect, it, vi } from 'vitest'
import { ApiError, decodeApiError, errorText, fieldErrors, formErrors, type Translator } from './errors'
import { buildQuery, createHttpClient } from './http'
import zhCN from '../i18n/zh-CN'

/** A translator over the real zh-CN catalogue, so a missing key fails here. */
const zh: Translator = {
  te: (key) => lookup(key) !== undefined,
  t: (key) => lookup(key) ?? key,
}
function lookup(key: string): string | undefined {
  let node: unknown = zhCN
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

describe('decodeApiError', () => {
  it('reads the documented error shape', () => {
    const e = decodeApiError(422, '{"error":{"code":"missing_field","message":"name is required","field":"name"}}')
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(422)
    expect(e.code).toBe('missing_field')
    expect(e.message).toBe('name is required')
    expect(e.field).toBe('name')
  })

  it('keeps the current record of a version conflict', () => {
    const e = decodeApiError(409, '{"error":{"code":"version_conflict","message":"stale"},"current":{"id":"x","version":3}}')
    expect(e.code).toBe('version_conflict')
    expect(e.current).toEqual({ id: 'x', version: 3 })
    expect(e.field).toBeUndefined()
  })

  it('treats an empty field as no field', () => {
    expect(decodeApiError(400, '{"error":{"code":"invalid_field","message":"m","field":""}}').field).toBeUndefined()
  })

  it('survives bodies that are not the error shape', () => {
    expect(decodeApiError(502, '<html>Bad Gateway</html>').code).toBe('http_502')
    expect(decodeApiError(500, '').message).toBe('HTTP 500')
    expect(decodeApiError(400, '{"error":"nope"}').code).toBe('http_400')
    expect(decodeApiError(400, '[1,2]').code).toBe('http_400')
  })
})

describe('errorText', () => {
  it('maps known codes to Chinese', () => {
    expect(errorText(new ApiError(401, 'invalid_credentials', 'bad password'), zh)).toBe('用户名或密码错误')
    expect(errorText(new ApiError(403, 'password_change_required', 'change your password first'), zh)).toBe('请先修改密码')
    expect(errorText(new ApiError(429, 'login_locked', 'try again in 15 minute(s)'), zh)).toBe('登录失败次数过多，账户已临时锁定，请稍后再试')
    expect(errorText(new ApiError(401, 'unauthenticated', 'no token'), zh)).toBe('会话已过期，请重新登录')
  })

  it('falls back to the server message, then to a generic line', () => {
    expect(errorText(new ApiError(418, 'teapot', '我是茶壶'), zh)).toBe('我是茶壶')
    expect(errorText(new ApiError(418, 'teapot', ''), zh)).toBe(zhCN.errors.unknown)
    expect(errorText('???', zh)).toBe(zhCN.errors.unknown)
  })

  it('has a Chinese message for every documented error code', () => {
    const codes = ['invalid_json', 'invalid_field', 'missing_field', 'invalid_region_code', 'region_not_found', 'unauthenticated',
      'invalid_credentials', 'forbidden', 'not_found', 'version_conflict', 'conflict', 'payload_too_large', 'rate_limited',
      'login_locked', 'password_change_required', 'invalid_query', 'totp_required', 'invalid_totp', 'totp_enrolment_required']
    for (const c of codes) expect(zh.te(`errors.${c}`), c).toBe(true)
  })

  it('says the rule that refused in the server\'s words, in the console\'s language', () => {
    const body = JSON.stringify({ error: { code: 'invalid_field', message: 'id_number check character is wrong', field: 'id_number',
      reason: { key: 'citizen_id.check_character', params: {}, zh: '身份证号校验位不正确（可能输错了某一位）', en: "the ID number's check character is wrong" } } })
    const err = decodeApiError(422, body)
    expect(errorText(err, zh)).toBe('身份证号校验位不正确（可能输错了某一位）')
    expect(errorText(err, { ...zh, locale: () => 'en' })).toBe("the ID number's check character is wrong")
    // Without a reason, the code's words as before.
    expect(errorText(decodeApiError(422, JSON.stringify({ error: { code: 'invalid_field', message: 'x' } })), zh)).toBe(zhCN.errors.invalid_field)
  })

  it('puts a named field error on that field only', () => {
    expect(fieldErrors(new ApiError(422, 'invalid_field', 'bad phone', 'phone'), zh)).toEqual({ phone: zhCN.errors.invalid_field })
    expect(fieldErrors(new ApiError(409, 'conflict', 'dup'), zh)).toEqual({})
  })
})

describe('formErrors', () => {
  const fields = ['region_code', 'name', 'opened_on']
  it('puts an error on a field the form has', () => {
    const e = new ApiError(422, 'invalid_field', 'opened_on must be a date', 'opened_on')
    expect(formErrors(e, zh, fields)).toEqual({ fields: { opened_on: zhCN.errors.invalid_field }, general: null })
  })
  it('shows an error on a field the form lacks as a general message', () => {
    // The server names `version` on a conflict; no form has a version input.
    const e = new ApiError(409, 'version_conflict', 'stale', 'version', { version: 2 })
    expect(formErrors(e, zh, fields)).toEqual({ fields: {}, general: zhCN.errors.version_conflict })
    expect(formErrors(new TypeError('boom'), zh, fields)).toEqual({ fields: {}, general: 'boom' })
  })
})

describe('buildQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(buildQuery({ region: '411100000000', q: '千丰 社区', kind: undefined, active: null, sort: '', page: 2 })).toBe(
      '?region=411100000000&q=%E5%8D%83%E4%B8%B0+%E7%A4%BE%E5%8C%BA&page=2',
    )
    expect(buildQuery({})).toBe('')
    expect(buildQuery({ active: false })).toBe('?active=false')
  })
})

function response(status: number, body: string): Response {
  return new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': 'application/json' } })
}

describe('createHttpClient', () => {
  it('sends the bearer token and JSON body', async () => {
    const fetchImpl = vi.fn(async () => response(201, '{"id":"1"}'))
    const http = createHttpClient({ baseUrl: '/api/v1', getToken: () => 'tok', fetchImpl })
    await expect(http.post('/stations', { name: 'a' })).resolves.toEqual({ id: '1' })
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/stations')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok')
    expect(init.body).toBe('{"name":"a"}')
  })

  it('answers 204 with undefined', async () => {
    const http = createHttpClient({ baseUrl: '', getToken: () => 't', fetchImpl: async () => response(204, '') })
    await expect(http.post('/auth/logout')).resolves.toBeUndefined()
  })

  it('reports a lost session only when a token was sent', async () => {
    const onUnauthorized = vi.fn()
    const body = '{"error":{"code":"unauthenticated","message":"expired"}}'
    const withToken = createHttpClient({ baseUrl: '', getToken: () => 't', onUnauthorized, fetchImpl: async () => response(401, body) })
    await expect(withToken.get('/auth/me')).rejects.toMatchObject({ code: 'unauthenticated', status: 401 })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)

    const login = createHttpClient({
      baseUrl: '',
      getToken: () => null,
      onUnauthorized,
      fetchImpl: async () => response(401, '{"error":{"code":"invalid_credentials","message":"x"}}'),
    })
    await expect(login.post('/auth/login', {})).rejects.toMatchObject({ code: 'invalid_credentials' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('reports a required password change on a 403 with that code only', async () => {
    const onPasswordChangeRequired = vi.fn()
    const onUnauthorized = vi.fn()
    const client = (status: number, body: string) =>
      createHttpClient({ baseUrl: '', getToken: () => 't', onUnauthorized, onPasswordChangeRequired, fetchImpl: async () => response(status, body) })
    const required = '{"error":{"code":"password_change_required","message":"change your password first"}}'
    await expect(client(403, required).get('/stations')).rejects.toMatchObject({ code: 'password_change_required', status: 403 })
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
    await expect(client(403, '{"error":{"code":"forbidden","message":"no"}}').get('/audit')).rejects.toMatchObject({ code: 'forbidden' })
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('keeps the session on a wrong second-factor code', async () => {
    const onUnauthorized = vi.fn()
    const client = (body: string) => createHttpClient({ baseUrl: '', getToken: () => 't', onUnauthorized, fetchImpl: async () => response(401, body) })
    const wrong = '{"error":{"code":"invalid_totp","message":"the code does not match","field":"totp_code"}}'
    await expect(client(wrong).post('/auth/totp/confirm', { totp_code: '000000' })).rejects.toMatchObject({ code: 'invalid_totp', field: 'totp_code' })
    expect(onUnauthorized).not.toHaveBeenCalled()
    await expect(client('{"error":{"code":"unauthenticated","message":"gone"}}').get('/auth/me')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('reports a required second factor on a 403 with that code only', async () => {
    const onTotpEnrolmentRequired = vi.fn()
    const onPasswordChangeRequired = vi.fn()
    const client = (status: number, body: string, token: string | null = 't') =>
      createHttpClient({
        baseUrl: '',
        getToken: () => token,
        onPasswordChangeRequired,
        onTotpEnrolmentRequired,
        fetchImpl: async () => response(status, body),
      })
    const required = '{"error":{"code":"totp_enrolment_required","message":"set up a second factor"}}'
    await expect(client(403, required).get('/stations')).rejects.toMatchObject({ code: 'totp_enrolment_required', status: 403 })
    expect(onTotpEnrolmentRequired).toHaveBeenCalledTimes(1)
    expect(onPasswordChangeRequired).not.toHaveBeenCalled()
    await expect(client(403, '{"error":{"code":"password_change_required","message":"x"}}').get('/stations')).rejects.toBeDefined()
    expect(onTotpEnrolmentRequired).toHaveBeenCalledTimes(1)
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
    // Without a token there is no session to send anywhere.
    await expect(client(403, required, null).get('/stations')).rejects.toBeDefined()
    expect(onTotpEnrolmentRequired).toHaveBeenCalledTimes(1)
  })

  it('turns a network failure into network_error', async () => {
    const http = createHttpClient({
      baseUrl: '',
      getToken: () => null,
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    await expect(http.get('/x')).rejects.toMatchObject({ code: 'network_error', status: 0 })
  })
})
