import { api } from '@/shared/api/client'
import { codeList } from '@/shared/api/code-list'
import type { Page, Schemas } from '@/shared/api/types'

export const IMPORT_MODES = codeList<ImportMode>()(['all_or_nothing', 'valid_rows'])
export type ImportMode = Schemas['ImportJob']['mode']

export const IMPORT_STATUSES = codeList<ImportStatus>()(['queued', 'reading', 'checking', 'writing', 'done', 'failed'])
export type ImportStatus = Schemas['ImportJob']['status']

export type ImportRowError = Schemas['ImportRowError']

/** An import job (GET /imports/{id}). Times are ISO 8601 text. */
export type ImportJob = Schemas['ImportJob']

/** Files larger than this are refused by the server (64 MiB). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024

const enc = encodeURIComponent

export const importsApi = {
  template: () => api.download('/imports/template'),
  /** 202 with the job; the file's bytes are the request body. */
  start: (file: Blob, mode: ImportMode, filename: string) => api.upload<ImportJob>('/imports', file, { mode, filename }),
  list: (p: { page: number; page_size: number }) => api.get<Page<ImportJob>>('/imports', { ...p }),
  get: (id: string) => api.get<ImportJob>(`/imports/${enc(id)}`),
  errors: (id: string) => api.download(`/imports/${enc(id)}/errors`),
}
