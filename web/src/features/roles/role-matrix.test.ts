import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import zhCN from '@/shared/i18n/zh-CN'
import en from '@/shared/i18n/en'
import {
  ACTIONS,
  actionLabel,
  cloneRow,
  matrixColumns,
  RESOURCES,
  resourceLabel,
  roleSaveErrorText,
  sameRow,
  toMatrixRow,
  toPermissions,
  type Permission,
} from './role-matrix'
import { saveRole } from './roles-api'

const put = vi.hoisted(() => vi.fn())
vi.mock('@/shared/api/client', () => ({ api: { put, get: vi.fn() } }))

describe('matrix ⇄ permission list', () => {
  it('turns the API list into a row and back, in column order', () => {
    const perms = [
      { action: 'write', resource: 'grid' },
      { action: 'read', resource: 'region' },
      { action: 'read', resource: 'grid' },
      { action: 'read', resource: 'station' },
    ]
    const columns = matrixColumns([perms])
    const row = toMatrixRow(perms, columns)
    expect(row.grid).toEqual({ read: true, write: true })
    expect(row.region).toEqual({ read: true, write: false })
    expect(row.audit).toEqual({ read: false, write: false })
    expect(Object.keys(row)).toEqual([...RESOURCES])
    expect(toPermissions(row, columns)).toEqual([
      { action: 'read', resource: 'region' },
      { action: 'read', resource: 'station' },
      { action: 'read', resource: 'grid' },
      { action: 'write', resource: 'grid' },
    ])
  })

  it('offers reveal on persons only, and only write on merging', () => {
    const columns = matrixColumns([])
    const actions = Object.fromEntries(columns.map((c) => [c.resource, c.actions]))
    expect(columns.map((c) => c.resource)).toEqual([...RESOURCES])
    expect(actions.person).toEqual(['read', 'write', 'reveal'])
    expect(actions.category).toEqual(['read', 'write'])
    expect(actions.merge).toEqual(['write'])
    expect(actions.grid).toEqual(['read', 'write'])
  })

  it('round-trips what the server sends today for a civil-affairs administrator', () => {
    const perms = [
      { action: 'read', resource: 'region' },
      { action: 'read', resource: 'person' },
      { action: 'read', resource: 'category' },
      { action: 'write', resource: 'person' },
      { action: 'write', resource: 'category' },
      { action: 'write', resource: 'merge' },
      { action: 'reveal', resource: 'person' },
    ]
    const columns = matrixColumns([perms])
    const row = toMatrixRow(perms, columns)
    expect(row.person).toEqual({ read: true, write: true, reveal: true })
    expect(new Set(toPermissions(row, columns).map((p) => `${p.action}:${p.resource}`))).toEqual(
      new Set(perms.map((p) => `${p.action}:${p.resource}`)),
    )
  })

  it('shows resources and actions it does not know as columns of their own and keeps them', () => {
    const perms = [
      { action: 'read', resource: 'session' },
      { action: 'read', resource: 'volunteer' },
      { action: 'approve', resource: 'person' },
    ]
    const columns = matrixColumns([perms, [{ action: 'write', resource: 'volunteer' }]])
    expect(columns.at(-1)).toEqual({ resource: 'volunteer', actions: ['read', 'write'] })
    expect(columns.find((c) => c.resource === 'person')!.actions).toEqual(['read', 'write', 'reveal', 'approve'])
    const row = toMatrixRow(perms, columns)
    expect(row.volunteer).toEqual({ read: true, write: false })
    expect(toPermissions(row, columns)).toEqual([
      { action: 'read', resource: 'session' },
      { action: 'approve', resource: 'person' },
      { action: 'read', resource: 'volunteer' },
    ])
    expect(toPermissions(toMatrixRow([], columns), columns)).toEqual([])
  })

  it('never drops a permission held outside the columns', () => {
    const columns = matrixColumns([])
    const row = toMatrixRow([{ action: 'read', resource: 'planet' }, { action: 'read', resource: 'grid' }], columns)
    expect(toPermissions(row, columns)).toEqual([
      { action: 'read', resource: 'grid' },
      { action: 'read', resource: 'planet' },
    ])
  })

  it('compares rows and copies them without sharing', () => {
    const columns = matrixColumns([])
    const a = toMatrixRow([{ action: 'read', resource: 'user' }], columns)
    const b = cloneRow(a)
    expect(sameRow(a, b)).toBe(true)
    b.user!.write = true
    expect(sameRow(a, b)).toBe(false)
    expect(a.user!.write).toBe(false)
    b.user!.write = false
    expect(sameRow(a, b)).toBe(true)
  })
})

describe('saving a role', () => {
  beforeEach(() => put.mockReset())

  it('sends back a resource the console does not know, with the change made', async () => {
    const viewer = [
      { action: 'read', resource: 'region' },
      { action: 'read', resource: 'person' },
      { action: 'read', resource: 'category' },
      { action: 'read', resource: 'volunteer_team' },
      { action: 'export', resource: 'person' },
    ]
    put.mockResolvedValue({ items: [{ role: 'viewer', permissions: [...viewer, { action: 'read', resource: 'grid' }] }], total: 1 })
    // What the page does: columns from the list, a row per role, a checkbox ticked, save.
    const columns = matrixColumns([viewer])
    const row = cloneRow(toMatrixRow(viewer, columns))
    row.grid!.read = true
    await saveRole('viewer', row, columns)

    expect(put).toHaveBeenCalledTimes(1)
    const [path, body] = put.mock.calls[0]!
    expect(path).toBe('/roles/viewer')
    const sent = new Set((body as { permissions: Permission[] }).permissions.map((p) => `${p.action}:${p.resource}`))
    expect(sent).toEqual(new Set(['read:region', 'read:person', 'read:category', 'read:volunteer_team', 'export:person', 'read:grid']))
  })
})

describe('roleSaveErrorText', () => {
  it('shows the server\'s reason, in Chinese, when the separation of duties is broken', () => {
    const e = new ApiError(422, 'invalid_field', 'viewer may not read audit', 'permissions', undefined, {
      reason: { key: 'duties.audit_auditor_only', params: { role: '只读用户' }, zh: '审计日志只由审计员查看，只读用户不可', en: 'only the auditor reads the audit trail, not the Viewer' },
    })
    expect(roleSaveErrorText(e, translator)).toBe('不符合职责分离要求：审计日志只由审计员查看，只读用户不可')
  })

  it('falls back to the server\'s message when it names no reason', () => {
    const e = new ApiError(422, 'invalid_field', 'viewer may not read audit', 'permissions')
    expect(roleSaveErrorText(e, translator)).toBe('不符合职责分离要求：viewer may not read audit')
  })

  it('falls back to the error map', () => {
    expect(roleSaveErrorText(new ApiError(403, 'forbidden', 'no'), translator)).toBe(zhCN.errors.forbidden)
  })

  it('names every resource and action in both languages', () => {
    for (const r of RESOURCES) {
      expect(zhCN.rolePerms.resources[r]).toBeTruthy()
      expect(en.rolePerms.resources[r]).not.toBe(zhCN.rolePerms.resources[r])
    }
    for (const a of ACTIONS) {
      expect(zhCN.rolePerms.actions[a]).toBeTruthy()
      expect(en.rolePerms.actions[a]).not.toBe(zhCN.rolePerms.actions[a])
    }
  })

  it('labels the register\'s resources in Chinese and an unknown one by its code', () => {
    expect(['person', 'category', 'merge'].map((r) => resourceLabel(r, translator))).toEqual(['服务对象', '人员类别', '合并重复'])
    expect(actionLabel('reveal', translator)).toBe('查看完整信息')
    expect(resourceLabel('volunteer_team', translator)).toBe('volunteer_team')
    expect(actionLabel('export', translator)).toBe('export')
  })
})
