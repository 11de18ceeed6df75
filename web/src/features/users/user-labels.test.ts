import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator, withLabels } from '@/shared/i18n'
import zhCN from '@/shared/i18n/zh-CN'
import en from '@/shared/i18n/en'
import { roleLabel, ROLES } from '@/features/audit/audit-labels'
import { canFrom } from '@/features/auth/permissions'
import {
  activeLabel,
  isValidUsername,
  totpLabel,
  userActionErrorText,
  userFormErrors,
  userPermissions,
  userRegionLabel,
} from './user-labels'

describe('role labels on the users page', () => {
  it('names every role the role select offers, distinctly, in both languages', () => {
    const zh = ROLES.map((r) => roleLabel(r, translator))
    expect(zh).toEqual(['系统管理员', '安全管理员', '审计员', '民政管理员', '社工站站长', '社工', '志愿者协调员', '只读用户'])
    const english = (withLabels(en, 'en') as unknown as { roles: Record<string, string> }).roles
    expect(new Set(ROLES.map((r) => english[r])).size).toBe(ROLES.length)
    for (const r of ROLES) expect(english[r]).not.toBe(zh[ROLES.indexOf(r)])
  })
})

describe('who may do what', () => {
  it('manages accounts with user write and resets second factors with session write', () => {
    const user = canFrom([{ action: 'read', resource: 'user' }, { action: 'write', resource: 'user' }])
    const session = canFrom([{ action: 'read', resource: 'user' }, { action: 'write', resource: 'session' }])
    expect(userPermissions(user)).toEqual({ create: true, toggleActive: true, resetPassword: true, resetTotp: false })
    expect(userPermissions(session)).toEqual({ create: false, toggleActive: false, resetPassword: false, resetTotp: true })
    expect(userPermissions(canFrom([{ action: 'read', resource: 'user' }]))).toEqual({ create: false, toggleActive: false, resetPassword: false, resetTotp: false })
    expect(userPermissions(canFrom(undefined))).toEqual({ create: false, toggleActive: false, resetPassword: false, resetTotp: false })
  })
})

describe('columns', () => {
  it('shows the region code, or 全国 for a national account', () => {
    expect(userRegionLabel('411100000000', translator)).toBe('411100000000')
    expect(userRegionLabel(null, translator)).toBe('全国')
    expect(userRegionLabel('', translator)).toBe('全国')
  })

  it('names the status and the second factor', () => {
    expect(activeLabel(true, translator)).toBe('启用')
    expect(activeLabel(false, translator)).toBe('停用')
    expect(totpLabel(true, translator)).toBe('已启用')
    expect(totpLabel(false, translator)).toBe('未启用')
  })

  it('checks user names as the server does', () => {
    expect(isValidUsername('clerk2')).toBe(true)
    expect(isValidUsername('li.ming_2-x')).toBe(true)
    expect(isValidUsername('Bad Name')).toBe(false)
    expect(isValidUsername('李明')).toBe(false)
    expect(isValidUsername('')).toBe(false)
    expect(isValidUsername(null)).toBe(false)
  })
})

describe('userFormErrors', () => {
  it('puts a taken user name on the user name', () => {
    const e = new ApiError(409, 'conflict', 'the user name is taken', 'username')
    expect(userFormErrors(e, translator)).toEqual({ fields: { username: '该用户名已被占用' }, general: null })
  })

  it('puts a broken password rule on the password, in Chinese', () => {
    const e = new ApiError(422, 'invalid_field', 'a password has at least 8 characters', 'password')
    expect(userFormErrors(e, translator)).toEqual({ fields: { password: '新密码不符合要求：至少 8 个字符' }, general: null })
  })

  it('puts a region outside the area on the region', () => {
    const e = new ApiError(403, 'forbidden', 'outside your area', 'region_code')
    expect(userFormErrors(e, translator)).toEqual({ fields: { region_code: '所选区划超出您的管理范围' }, general: null })
  })

  it('keeps other field errors on their field and the rest general', () => {
    const e = new ApiError(422, 'invalid_field', 'a user name holds letters, digits, _ . - only', 'username')
    expect(userFormErrors(e, translator)).toEqual({ fields: { username: zhCN.errors.invalid_field }, general: null })
    expect(userFormErrors(new ApiError(403, 'forbidden', 'your role may not do this'), translator)).toEqual({
      fields: {},
      general: zhCN.errors.forbidden,
    })
  })
})

describe('userActionErrorText', () => {
  it('explains refusing to deactivate oneself', () => {
    const e = new ApiError(409, 'conflict', 'you cannot deactivate your own account', 'active')
    expect(userActionErrorText(e, translator)).toBe('不能停用自己的账户')
  })

  it('names the rule a temporary password breaks', () => {
    const e = new ApiError(422, 'invalid_field', 'a password cannot contain the user name', 'password')
    expect(userActionErrorText(e, translator)).toBe('新密码不符合要求：不能包含用户名')
  })

  it('falls back to the error map', () => {
    expect(userActionErrorText(new ApiError(404, 'not_found', 'gone'), translator)).toBe(zhCN.errors.not_found)
    expect(userActionErrorText(new ApiError(409, 'conflict', 'x'), translator)).toBe('与已有记录冲突')
  })
})
