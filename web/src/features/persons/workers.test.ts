import { describe, expect, it, vi } from 'vitest'
import { translator } from '@/shared/i18n'
import { workerOptions, workersApi, type Worker } from './workers'

const get = vi.hoisted(() => vi.fn())
vi.mock('@/shared/api/client', () => ({ api: { get } }))

const w = (id: string, display_name: string, role: string): Worker => ({ id, username: id, display_name, role, region_code: '411102001001' })

describe('the responsible-worker picker', () => {
  it('asks GET /workers for the village', async () => {
    get.mockResolvedValue({ items: [] })
    await workersApi.list('411102001001')
    expect(get).toHaveBeenCalledWith('/workers', { region: '411102001001' })
  })

  it('lists social workers first, each named with their role', () => {
    const items = [w('lh', '漯河市民政局', 'civil_affairs_admin'), w('sm', '李站长', 'station_manager'), w('sw', '王芳', 'social_worker'), w('sw2', '', 'social_worker')]
    expect(workerOptions(items, null, null, translator).map((o) => o.label)).toEqual([
      '王芳（社工）',
      'sw2（社工）',
      '李站长（社工站站长）',
      '漯河市民政局（民政管理员）',
    ])
  })

  it('keeps the worker already set when the list does not hold them', () => {
    const items = [w('sw', '王芳', 'social_worker')]
    expect(workerOptions(items, 'gone', '赵离职', translator)[0]).toMatchObject({ id: 'gone', label: '赵离职' })
    expect(workerOptions(items, 'sw', '王芳', translator)).toHaveLength(1)
    expect(workerOptions([], null, '赵离职', translator)).toEqual([])
  })
})
