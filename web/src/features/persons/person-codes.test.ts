import { describe, expect, it } from 'vitest'
import { translator } from '@/shared/i18n'
import { EMPTY } from '@/shared/format'
import {
  BUILTIN_CATEGORIES,
  birthLabel,
  categoryLabel,
  codeLabel,
  LIVING_SITUATIONS,
  purposeError,
  RELATIONS,
  RISK_LEVELS,
  riskTagType,
  SEXES,
  type Category,
} from './person-codes'
import { personPermissions } from './person-permissions'
import { canFrom } from '@/features/auth/permissions'

describe('codeLabel', () => {
  it('names the codes of the register in Chinese', () => {
    expect(SEXES.map((s) => codeLabel('sex', s, translator))).toEqual(['男', '女', '未知的性别', '未说明的性别'])
    expect(codeLabel('living', 'alone', translator)).toBe('独居')
    expect(codeLabel('living', 'institution', translator)).toBe('机构集中供养')
    expect(RISK_LEVELS.map((r) => codeLabel('risk', r, translator))).toEqual(['低', '中', '高'])
    expect(codeLabel('relation', 'head', translator)).toBe('户主')
    expect(codeLabel('relation', 'grandchild', translator)).toBe('孙子女')
  })
  it('has a distinct label for every code', () => {
    for (const [kind, list] of [['living', LIVING_SITUATIONS], ['relation', RELATIONS]] as const) {
      const labels = list.map((c) => codeLabel(kind, c, translator))
      expect(new Set(labels).size, kind).toBe(list.length)
      for (const [i, l] of labels.entries()) expect(l, list[i]).not.toBe(list[i])
    }
  })
  it('shows nothing as a dash and an unknown code raw', () => {
    expect(codeLabel('sex', null, translator)).toBe(EMPTY)
    expect(codeLabel('risk', '', translator)).toBe(EMPTY)
    expect(codeLabel('risk', 'extreme', translator)).toBe('extreme')
    expect(codeLabel('sex', '3', translator)).toBe('3')
  })
})

describe('categoryLabel', () => {
  const list: Category[] = [
    { code: 'tekun', name: '特困供养人员', description: '', active: true, builtin: true },
    { code: 'veteran', name: '优抚对象', description: '', active: true, builtin: false },
  ]
  it('takes the server\'s name first', () => {
    expect(categoryLabel('tekun', list, translator)).toBe('特困供养人员')
    expect(categoryLabel('veteran', list, translator)).toBe('优抚对象')
  })
  it('falls back to the built-in name, then the code', () => {
    expect(categoryLabel('dibao', [], translator)).toBe('低保对象')
    expect(categoryLabel('severely_disabled', [], translator)).toBe('重残')
    expect(categoryLabel('veteran', [], translator)).toBe('veteran')
  })
  it('has a Chinese name for every built-in category', () => {
    for (const c of BUILTIN_CATEGORIES) expect(translator.t(`categories.builtin.${c}`), c).toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('display helpers', () => {
  it('colours the risk levels', () => {
    expect(riskTagType('low')).toBe('success')
    expect(riskTagType('medium')).toBe('warning')
    expect(riskTagType('high')).toBe('danger')
    expect(riskTagType(null)).toBe('info')
  })
  it('shows the birth date with the age', () => {
    expect(birthLabel('1948-03-02', 78, translator)).toBe('1948-03-02（78岁）')
    expect(birthLabel('1948-03-02', null, translator)).toBe('1948-03-02')
    expect(birthLabel(null, 78, translator)).toBe('78岁')
    expect(birthLabel(null, null, translator)).toBe(EMPTY)
  })
  it('wants a purpose of 2 to 200 characters', () => {
    expect(purposeError('入户走访核对身份', translator)).toBeNull()
    expect(purposeError('  核对 ', translator)).toBeNull()
    expect(purposeError('', translator)).toBe('请填写用途')
    expect(purposeError('   ', translator)).toBe('请填写用途')
    expect(purposeError('查', translator)).toBe('用途须为 2–200 个字')
    expect(purposeError('字'.repeat(200), translator)).toBeNull()
    expect(purposeError('字'.repeat(201), translator)).toBe('用途须为 2–200 个字')
  })
})

describe('personPermissions', () => {
  it('reads each switch from its own permission', () => {
    const none = { read: false, write: false, reveal: false, merge: false, editCategories: false }
    const one = (action: 'read' | 'write' | 'reveal', resource: 'person' | 'merge' | 'category') => personPermissions(canFrom([{ action, resource }]))
    expect(one('read', 'person')).toEqual({ ...none, read: true })
    expect(one('write', 'person')).toEqual({ ...none, write: true })
    expect(one('reveal', 'person')).toEqual({ ...none, reveal: true })
    expect(one('write', 'merge')).toEqual({ ...none, merge: true })
    expect(one('write', 'category')).toEqual({ ...none, editCategories: true })
    // Reading categories or merges grants nothing here.
    expect(one('read', 'category')).toEqual(none)
    expect(personPermissions(canFrom(null))).toEqual(none)
  })
})
