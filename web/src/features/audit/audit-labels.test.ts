import { describe, expect, it } from 'vitest'
import { translator } from '@/shared/i18n'
import zhCN from '@/shared/i18n/zh-CN'
import en from '@/shared/i18n/en'
import {
  actionKey,
  actionLabel,
  auditObject,
  AUDIT_ACTIONS,
  outcomeLabel,
  outcomeTagType,
  roleLabel,
  ROLES,
  shortHash,
} from './audit-labels'

describe('actionLabel', () => {
  it('names the known actions in Chinese', () => {
    expect(actionLabel('login.success', translator)).toBe('登录成功')
    expect(actionLabel('login.failure', translator)).toBe('登录失败')
    expect(actionLabel('login.refused', translator)).toBe('登录被拒（锁定）')
    expect(actionLabel('logout', translator)).toBe('退出登录')
    expect(actionLabel('password.change', translator)).toBe('修改密码')
    expect(actionLabel('user.create', translator)).toBe('创建用户')
    expect(actionLabel('user.activate', translator)).toBe('启用用户')
    expect(actionLabel('user.deactivate', translator)).toBe('停用用户')
    expect(actionLabel('user.password_reset', translator)).toBe('重置用户密码')
    expect(actionLabel('session.revoke', translator)).toBe('强制下线')
    expect(actionLabel('totp.enrol', translator)).toBe('启用两步验证')
    expect(actionLabel('totp.reset', translator)).toBe('重置两步验证')
    expect(actionLabel('station.create', translator)).toBe('新增站点')
    expect(actionLabel('station.update', translator)).toBe('修改站点')
    expect(actionLabel('station.deactivate', translator)).toBe('停用站点')
    expect(actionLabel('grid.create', translator)).toBe('新增网格')
    expect(actionLabel('grid.update', translator)).toBe('修改网格')
    expect(actionLabel('grid.deactivate', translator)).toBe('停用网格')
    expect(actionLabel('person.reveal', translator)).toBe('查看人员完整信息')
    expect(actionLabel('person.export', translator)).toBe('导出人员')
  })

  it('shows an unknown action raw, also one that looks like a key prefix', () => {
    expect(actionLabel('case.export', translator)).toBe('case.export')
    expect(actionLabel('login', translator)).toBe('login')
    expect(actionLabel('login_success', translator)).toBe('login_success')
    expect(actionLabel('', translator)).toBe('')
  })

  it('has a distinct label in both languages for every action', () => {
    const zhLabels = AUDIT_ACTIONS.map((a) => zhCN.audit.actions[actionKey(a).replace('audit.actions.', '') as keyof typeof zhCN.audit.actions])
    const enLabels = AUDIT_ACTIONS.map((a) => en.audit.actions[actionKey(a).replace('audit.actions.', '') as keyof typeof en.audit.actions])
    for (const l of [...zhLabels, ...enLabels]) expect(typeof l).toBe('string')
    expect(new Set(zhLabels).size).toBe(AUDIT_ACTIONS.length)
    expect(new Set(enLabels).size).toBe(AUDIT_ACTIONS.length)
  })
})

describe('roleLabel', () => {
  it('names the roles in Chinese', () => {
    const expected: Record<string, string> = {
      sysadmin: '系统管理员',
      secadmin: '安全管理员',
      auditor: '审计员',
      civil_affairs_admin: '民政管理员',
      station_manager: '社工站站长',
      social_worker: '社工',
      volunteer_coordinator: '志愿者协调员',
      viewer: '只读用户',
    }
    expect([...ROLES].sort()).toEqual(Object.keys(expected).sort())
    for (const [role, name] of Object.entries(expected)) expect(roleLabel(role, translator)).toBe(name)
  })

  it('keeps unknown roles raw and an empty role empty', () => {
    expect(roleLabel('superuser', translator)).toBe('superuser')
    expect(roleLabel('', translator)).toBe('')
    expect(roleLabel(null, translator)).toBe('')
  })
})

describe('outcomes, hashes, objects', () => {
  it('labels and colours outcomes', () => {
    expect(outcomeLabel('ok', translator)).toBe('成功')
    expect(outcomeLabel('failed', translator)).toBe('失败')
    expect(outcomeLabel('denied', translator)).toBe('拒绝')
    expect(outcomeLabel('partial', translator)).toBe('partial')
    expect(outcomeTagType('ok')).toBe('success')
    expect(outcomeTagType('failed')).toBe('warning')
    expect(outcomeTagType('denied')).toBe('danger')
    expect(outcomeTagType('partial')).toBe('info')
  })

  it('shortens the hash to 12 characters', () => {
    const h = '3edbfd231cf05951827d0f0c6736e0dc56d24cf680e8ccc2de1253de16f81e04'
    expect(shortHash(h)).toBe('3edbfd231cf0')
    expect(shortHash('abc')).toBe('abc')
    expect(shortHash(null)).toBe('')
  })

  it('joins resource and record id', () => {
    expect(auditObject('station', '018c22af')).toBe('station 018c22af')
    expect(auditObject('session', '')).toBe('session')
    expect(auditObject('', '')).toBe('')
  })
})
