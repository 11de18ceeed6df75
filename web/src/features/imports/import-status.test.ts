import { describe, expect, it } from 'vitest'
import { translator } from '@/shared/i18n'
import {
  importPercent,
  importProgressStatus,
  importStatusLabel,
  importStatusText,
  importStatusTagType,
  importUserName,
  isImportFinished,
} from './import-status'
import { IMPORT_STATUSES } from './imports-api'

const job = (status: string, processed = 0, total = 0) => ({ status: status as never, processed_rows: processed, total_rows: total })

describe('import status', () => {
  it('names every status in Chinese', () => {
    expect(IMPORT_STATUSES.map((s) => importStatusLabel(s, translator))).toEqual(['排队中', '读取文件', '校验中', '写入中', '完成', '失败'])
    expect(importStatusLabel('paused', translator)).toBe('paused')
  })
  it('adds the rows once the total is known', () => {
    expect(importStatusText(job('reading'), translator)).toBe('读取文件')
    expect(importStatusText(job('checking', 120, 500), translator)).toBe('校验中 120 / 500 行')
    expect(importStatusText(job('done', 500, 500), translator)).toBe('完成 500 / 500 行')
    expect(importStatusText(job('queued', 0, 500), translator)).toBe('排队中')
  })
  it('knows when a job is over', () => {
    expect(['queued', 'reading', 'checking', 'writing'].some(isImportFinished)).toBe(false)
    expect(isImportFinished('done')).toBe(true)
    expect(isImportFinished('failed')).toBe(true)
  })
})

describe('importPercent', () => {
  it('follows the rows and reaches 100 only when done', () => {
    expect(importPercent(job('queued', 0, 0))).toBe(0)
    expect(importPercent(job('reading', 0, 0))).toBe(0)
    expect(importPercent(job('checking', 1, 3))).toBe(33)
    expect(importPercent(job('writing', 500, 500))).toBe(99)
    expect(importPercent(job('writing', 600, 500))).toBe(99)
    expect(importPercent(job('done', 0, 0))).toBe(100)
    expect(importPercent(job('failed', 250, 500))).toBe(50)
  })
  it('colours the bar by outcome', () => {
    expect(importProgressStatus({ status: 'checking', committed: false, failed_rows: 0 })).toBeUndefined()
    expect(importProgressStatus({ status: 'done', committed: true, failed_rows: 0 })).toBe('success')
    expect(importProgressStatus({ status: 'done', committed: true, failed_rows: 2 })).toBe('warning')
    expect(importProgressStatus({ status: 'done', committed: false, failed_rows: 2 })).toBe('exception')
    expect(importProgressStatus({ status: 'failed', committed: false, failed_rows: 0 })).toBe('exception')
    expect(importStatusTagType('done')).toBe('success')
    expect(importStatusTagType('failed')).toBe('danger')
    expect(importStatusTagType('writing')).toBe('primary')
  })
  it('names the user by the user name the server sends', () => {
    expect(importUserName('luohe')).toBe('luohe')
    expect(importUserName(undefined)).toBe('')
  })
})
