import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import { blankPerson, personCreateBody, personFormErrors, personPatchBody, personToForm } from './person-form'
import type { PersonDetail } from './persons-api'

const detail: PersonDetail = {
  id: 'p1',
  name: '张丽丽',
  sex: '2',
  birth_date: '1948-03-02',
  age: 78,
  id_number_masked: '411102********1234',
  phone_masked: '138****5678',
  region_code: '411102001001',
  region_name: '滨西社区居民委员会',
  registered_address: '',
  current_address: '',
  grid_id: null,
  grid_name: '',
  worker_id: null,
  worker_name: '',
  risk_level: 'medium',
  living_situation: 'alone',
  household_id: null,
  relation: null,
  categories: ['tekun'],
  merged_into: null,
  version: 3,
  created_at: '2025-11-24T16:00:00.000Z',
  updated_at: '2025-11-24T16:00:00.000Z',
  cadre_contact: '',
  notes: '行动不便',
  has_health_notes: true,
  household: null,
  guardians: [{ name: '张明', relation: '儿子', phone_masked: '139****0000' }],
  category_history: [],
  merged: [],
}

describe('personCreateBody', () => {
  it('sends the client id and only what was filled in', () => {
    const v = { ...blankPerson(), name: ' 张丽丽 ', id_number: '11010519491231002x', region_code: '411102001001', risk_level: 'high' }
    expect(personCreateBody('id1', v, false)).toEqual({
      id: 'id1',
      name: '张丽丽',
      id_number: '11010519491231002X',
      region_code: '411102001001',
      risk_level: 'high',
    })
  })
  it('keeps guardians and categories that have something in them, and the duplicate confirmation', () => {
    const v = {
      ...blankPerson(),
      name: '李四',
      region_code: '411102001001',
      guardians: [
        { name: '李大', relation: '父亲', phone: '13800000000' },
        { name: '  ', relation: '', phone: '' },
      ],
      categories: [
        { category: 'orphan', start_date: '2025-01-01', end_date: null, document: '' },
        { category: '', start_date: '2025-01-01', end_date: null, document: '' },
      ],
    }
    expect(personCreateBody('id2', v, true)).toEqual({
      id: 'id2',
      name: '李四',
      region_code: '411102001001',
      guardians: [{ name: '李大', relation: '父亲', phone: '13800000000' }],
      categories: [{ category: 'orphan', start_date: '2025-01-01' }],
      allow_duplicate: true,
    })
  })
})

describe('personPatchBody', () => {
  it('sends the version and the changed fields only', () => {
    const v = { ...personToForm(detail), risk_level: 'high', current_address: ' 滨西路 3 号 ' }
    expect(personPatchBody(detail, v, false)).toEqual({ version: 3, risk_level: 'high', current_address: '滨西路 3 号' })
  })
  it('clears a text field with an empty string (the server ignores null there) and a reference with null', () => {
    const base = { ...detail, cadre_contact: '村委 王主任', grid_id: 'g1', relation: 'head' as const, household_id: 'h1', registered_address: '源汇区老街' }
    const v = { ...personToForm(base), notes: '', cadre_contact: '', grid_id: null, living_situation: '', registered_address: '' }
    expect(personPatchBody(base, v, false)).toEqual({
      version: 3,
      notes: '',
      cadre_contact: '',
      grid_id: null,
      living_situation: '',
      registered_address: '',
    })
  })
  it('sends a sensitive field only when a new value is typed', () => {
    const v = { ...personToForm(detail), phone: ' 13912345678 ' }
    expect(personToForm(detail).phone).toBe('')
    expect(personPatchBody(detail, v, false)).toEqual({ version: 3, phone: '13912345678' })
  })
  it('sends the guardians whole when they are re-entered', () => {
    const v = personToForm(detail)
    v.guardians[0]!.phone = '13900000001'
    expect(personPatchBody(detail, v, true)).toEqual({ version: 3, guardians: [{ name: '张明', relation: '儿子', phone: '13900000001' }] })
    expect(personPatchBody(detail, v, false)).toEqual({ version: 3 })
  })
})

describe('personFormErrors', () => {
  it('puts a field error on its field', () => {
    expect(personFormErrors(new ApiError(422, 'invalid_field', 'birth_date disagrees', 'birth_date'), translator)).toEqual({
      fields: { birth_date: '字段内容不合法' },
      general: null,
    })
  })
  it('puts a nested error on its section with the row', () => {
    expect(personFormErrors(new ApiError(422, 'invalid_field', 'bad phone', 'guardians[1].phone'), translator).fields).toEqual({
      guardians: '第 2 行：字段内容不合法',
    })
    expect(personFormErrors(new ApiError(422, 'invalid_field', 'x', 'categories[0].start_date'), translator).fields).toEqual({
      categories: '第 1 行：字段内容不合法',
    })
    expect(personFormErrors(new ApiError(422, 'missing_field', 'x', 'categories.0.start_date'), translator).fields).toEqual({
      categories: '第 1 行：缺少必填字段',
    })
    // Without a row number the error goes on the section as it is.
    expect(personFormErrors(new ApiError(422, 'invalid_field', 'x', 'guardians.phone'), translator).fields).toEqual({
      guardians: '字段内容不合法',
    })
  })
  it('shows anything else as the general message', () => {
    expect(personFormErrors(new ApiError(409, 'version_conflict', 'stale', 'version'), translator)).toEqual({
      fields: {},
      general: '该记录已被他人修改，已载入最新内容，请核对后重新保存',
    })
    expect(personFormErrors(new ApiError(409, 'duplicate_person', 'dup'), translator).general).toBe('该身份证号已登记')
  })
})
