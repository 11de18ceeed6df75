import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import zhCN from '@/shared/i18n/zh-CN'
import en from '@/shared/i18n/en'
import { canEditRoles, cloneRow, RESOURCES, ROLE_VIEW_ROLES, roleSaveErrorText, sameRow, toMatrixRow, toPermissions } from './role-matrix'

describe('matrix ⇄ permission list', () => {
  it('turns the API list into a row and back, in column order', () => {
    const perms = [
      { action: 'write', resource: 'grid' },
      { action: 'read', resource: 'region' },
      { action: 'read', resource: 'grid' },
      { action: 'read', resource: 'station' },
    ]
    const row = toMatrixRow(perms)
    expect(row.grid).toEqual({ read: true, write: true })
    expect(row.region).toEqual({ read: true, write: false })
    expect(row.audit).toEqual({ read: false, write: false })
    expect(Object.keys(row)).toEqual([...RESOURCES])
    expect(toPermissions(row)).toEqual([
      { action: 'read', resource: 'region' },
      { action: 'read', resource: 'station' },
      { action: 'read', resource: 'grid' },
      { action: 'write', resource: 'grid' },
    ])
  })

  it('gives an empty list for an empty row and leaves out what it does not know', () => {
    expect(toPermissions(toMatrixRow([]))).toEqual([])
    const row = toMatrixRow([{ action: 'delete', resource: 'grid' }, { action: 'read', resource: 'planet' }, { action: 'read', resource: 'session' }])
    expect(toPermissions(row)).toEqual([{ action: 'read', resource: 'session' }])
  })

  it('compares rows and copies them without sharing', () => {
    const a = toMatrixRow([{ action: 'read', resource: 'user' }])
    const b = cloneRow(a)
    expect(sameRow(a, b)).toBe(true)
    b.user.write = true
    expect(sameRow(a, b)).toBe(false)
    expect(a.user.write).toBe(false)
  })
})

describe('who may do what', () => {
  it('shows the page to both administrators, changes only by the system one', () => {
    expect([...ROLE_VIEW_ROLES].sort()).toEqual(['secadmin', 'sysadmin'])
    expect(canEditRoles('sysadmin')).toBe(true)
    expect(canEditRoles('secadmin')).toBe(false)
    expect(canEditRoles(undefined)).toBe(false)
  })
})

describe('roleSaveErrorText', () => {
  it('shows the server\'s reason when the separation of duties is broken', () => {
    const e = new ApiError(422, 'invalid_field', 'viewer may not read audit: only the auditor reads the audit trail', 'permissions')
    expect(roleSaveErrorText(e, translator)).toBe('不符合职责分离要求：viewer may not read audit: only the auditor reads the audit trail')
  })

  it('falls back to the error map', () => {
    expect(roleSaveErrorText(new ApiError(403, 'forbidden', 'no'), translator)).toBe(zhCN.errors.forbidden)
  })

  it('names every resource in both languages', () => {
    for (const r of RESOURCES) {
      expect(zhCN.rolePerms.resources[r]).toBeTruthy()
      expect(en.rolePerms.resources[r]).not.toBe(zhCN.rolePerms.resources[r])
    }
  })
})
