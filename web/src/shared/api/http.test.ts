import { describe, expect, it, vi } from 'vitest'
import { ApiError, decodeApiError } from './errors'
import { createHttpClient, filenameFromDisposition } from './http'

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 name of RFC 5987', () => {
    expect(filenameFromDisposition(`attachment; filename="persons.xlsx"; filename*=UTF-8''%E4%BA%BA%E5%91%98.xlsx`)).toBe('人员.xlsx')
    expect(filenameFromDisposition(`attachment; filename*=utf-8''errors%20123.xlsx`)).toBe('errors 123.xlsx')
  })
  it('reads a plain name, quoted or not', () => {
    expect(filenameFromDisposition('attachment; filename="audit-2026.xlsx"')).toBe('audit-2026.xlsx')
    expect(filenameFromDisposition('attachment; filename=template.xlsx')).toBe('template.xlsx')
    expect(filenameFromDisposition('attachment; filename="a \\"b\\".xlsx"')).toBe('a "b".xlsx')
  })
  it('falls back to the plain name when the encoded one is broken, and to null without any', () => {
    expect(filenameFromDisposition(`attachment; filename="x.xlsx"; filename*=UTF-8''%E4%ZZ`)).toBe('x.xlsx')
    expect(filenameFromDisposition('attachment')).toBeNull()
    expect(filenameFromDisposition(null)).toBeNull()
    expect(filenameFromDisposition('')).toBeNull()
  })
})

describe('error details', () => {
  it('keeps what a code carries beyond code, message and field', () => {
    const e = decodeApiError(
      409,
      '{"error":{"code":"possible_duplicate","message":"m","candidates":[{"id":"a","name":"张丽丽"}]}}',
    )
    expect(e.details.candidates).toEqual([{ id: 'a', name: '张丽丽' }])
    expect(decodeApiError(409, '{"error":{"code":"duplicate_person","message":"m","existing_id":"p1"}}').details.existing_id).toBe('p1')
    expect(new ApiError(500, 'x', 'y').details).toEqual({})
  })

  it('keeps the submitted body of a visit correction that lost a race, beside current', () => {
    const e = decodeApiError(
      409,
      '{"error":{"code":"version_conflict","message":"m","field":"version"},"current":{"version":3,"notes":"a"},"submitted":{"version":2,"notes":"b"}}',
    )
    expect(e.current).toEqual({ version: 3, notes: 'a' })
    expect(e.details.submitted).toEqual({ version: 2, notes: 'b' })
    expect(e.details.code).toBe('version_conflict')
  })
})

describe('upload and download', () => {
  it('posts the raw file with its type, the token and the query', async () => {
    const fetchImpl = vi.fn(async () => new Response('{"id":"job1","status":"queued"}', { status: 202 }))
    const http = createHttpClient({ baseUrl: '/api/v1', getToken: () => 'tok', fetchImpl })
    const file = new Blob(['姓名,身份证号\n'], { type: 'text/csv' })
    await expect(http.upload('/imports', file, { mode: 'valid_rows', filename: '人员.csv' })).resolves.toEqual({ id: 'job1', status: 'queued' })
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/imports?mode=valid_rows&filename=%E4%BA%BA%E5%91%98.csv')
    expect(init.method).toBe('POST')
    expect(init.body).toBe(file)
    const headers = init.headers as Record<string, string>
    expect(headers.Authorization).toBe('Bearer tok')
    expect(headers['Content-Type']).toBe('text/csv')
  })

  it('sends a file without a type as octet-stream', async () => {
    const fetchImpl = vi.fn(async () => new Response('{}', { status: 202 }))
    const http = createHttpClient({ baseUrl: '', getToken: () => 't', fetchImpl })
    await http.upload('/imports', new Blob([new Uint8Array([0x50, 0x4b])]))
    const [, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit]
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream')
  })

  it('downloads the bytes with the server\'s file name', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4])
    const fetchImpl = vi.fn(
      async () =>
        new Response(bytes, {
          status: 200,
          headers: { 'Content-Disposition': `attachment; filename*=UTF-8''%E4%BA%BA%E5%91%98.xlsx` },
        }),
    )
    const http = createHttpClient({ baseUrl: '/api/v1', getToken: () => 'tok', fetchImpl })
    const file = await http.download('/persons/export', { region: '411100000000', unmasked: undefined })
    expect(file.filename).toBe('人员.xlsx')
    expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(bytes)
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/persons/export?region=411100000000')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok')
  })

  it('turns a refused download into the usual error and reports a lost session', async () => {
    const onUnauthorized = vi.fn()
    const forbidden = createHttpClient({
      baseUrl: '',
      getToken: () => 't',
      onUnauthorized,
      fetchImpl: async () => new Response('{"error":{"code":"forbidden","message":"no reveal"}}', { status: 403 }),
    })
    await expect(forbidden.download('/persons/export')).rejects.toMatchObject({ code: 'forbidden', status: 403 })
    const gone = createHttpClient({
      baseUrl: '',
      getToken: () => 't',
      onUnauthorized,
      fetchImpl: async () => new Response('{"error":{"code":"unauthenticated","message":"x"}}', { status: 401 }),
    })
    await expect(gone.download('/imports/template')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })
})
