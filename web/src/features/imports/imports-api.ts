import { api } from '@/shared/api/client'
import type { Page } from '@/shared/api/types'

export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]

export const IMPORT_STATUSES = ['queued', 'reading', 'checking', 'writing', 'done', 'failed'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

export interface ImportRowError {
  row: number
  column: string
  reason: string
}

/** An import job (GET /imports/{id}). Times are ISO 8601 text. */
export interface ImportJob {
  id: string
  filename: string
  mode: ImportMode
  status: ImportStatus
  total_rows: number
  processed_rows: number
  created: number
  unchanged: number
  failed_rows: number
  /**
   * Whether the rows were written: an all-or-nothing run with bad rows ends
   * `status: done, committed: false` (and says so in `message`).
   */
  committed: boolean
  /** The server's summary (中文), e.g. why nothing was written. */
  message: string
  /** The first 200. */
  errors: ImportRowError[]
  started_at: string | null
  finished_at: string | null
  /** The user name of whoever started it. */
  user: string | null
}

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
