import type { Translator } from '@/shared/api/errors'
import { IMPORT_STATUSES, type ImportJob, type ImportStatus } from './imports-api'

export function isImportFinished(status: string): boolean {
  return status === 'done' || status === 'failed'
}

/** 读取文件 / 校验中 / 写入中 / 完成 / 失败; an unknown status as it is. */
export function importStatusLabel(status: string, tr: Translator): string {
  return (IMPORT_STATUSES as readonly string[]).includes(status) ? tr.t(`imports.statuses.${status}`) : status
}

/**
 * The line under the progress bar: the status, and the rows done once the total is
 * known (`校验中 120 / 500 行`).
 */
export function importStatusText(job: Pick<ImportJob, 'status' | 'processed_rows' | 'total_rows'>, tr: Translator): string {
  const label = importStatusLabel(job.status, tr)
  if (job.total_rows > 0 && job.status !== 'queued') {
    return `${label} ${tr.t('imports.rows', { processed: job.processed_rows, total: job.total_rows })}`
  }
  return label
}

/**
 * How far the job is, 0–100: the rows processed of the total while it runs (never 100
 * before it is done), 100 when done, and where it stopped when it failed.
 */
export function importPercent(job: Pick<ImportJob, 'status' | 'processed_rows' | 'total_rows'>): number {
  if (job.status === 'done') return 100
  if (job.status === 'queued' || job.total_rows <= 0) return 0
  const p = Math.floor((Math.min(job.processed_rows, job.total_rows) / job.total_rows) * 100)
  return job.status === 'failed' ? p : Math.min(p, 99)
}

/** el-progress status: green when done (and written), red when it failed or wrote nothing, none while running. */
export function importProgressStatus(job: Pick<ImportJob, 'status' | 'committed' | 'failed_rows'>): 'success' | 'exception' | 'warning' | undefined {
  if (job.status === 'failed') return 'exception'
  if (job.status !== 'done') return undefined
  if (!job.committed) return 'exception'
  return job.failed_rows > 0 ? 'warning' : 'success'
}

/** Tag colour of a status in the list of past imports. */
export function importStatusTagType(status: ImportStatus | string): 'success' | 'danger' | 'info' | 'primary' {
  if (status === 'done') return 'success'
  if (status === 'failed') return 'danger'
  if (status === 'queued') return 'info'
  return 'primary'
}

/** The user who started a job (the server sends the user name). */
export function importUserName(user: ImportJob['user'] | undefined): string {
  return typeof user === 'string' ? user : ''
}
