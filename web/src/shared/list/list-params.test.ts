import { describe, expect, it } from 'vitest'
import { createBody, patchBody, toActiveParam, toSortParam } from './list-params'

describe('sort and filter parameters', () => {
  it('maps el-table sort orders', () => {
    expect(toSortParam('name', 'ascending')).toBe('name')
    expect(toSortParam('created_at', 'descending')).toBe('-created_at')
    expect(toSortParam('name', null)).toBeUndefined()
    expect(toSortParam(null, 'ascending')).toBeUndefined()
  })
  it('maps the active select', () => {
    expect(toActiveParam(true)).toBe('true')
    expect(toActiveParam(false)).toBe('false')
    expect(toActiveParam('')).toBeUndefined()
  })
})

describe('request bodies', () => {
  const original = { name: '马路街社工站', phone: '0395-1234567', manager: null as string | null, households: 10 }

  it('sends only changed fields, with the version', () => {
    expect(patchBody(original, { ...original, name: '新名' }, ['name', 'phone', 'manager', 'households'], 4)).toEqual({
      version: 4,
      name: '新名',
    })
  })
  it('clears a field emptied in the form and treats null and empty alike', () => {
    expect(patchBody(original, { ...original, phone: '', manager: '' }, ['name', 'phone', 'manager'], 1)).toEqual({
      version: 1,
      phone: null,
    })
  })
  it('notices a number going to zero', () => {
    expect(patchBody(original, { ...original, households: 0 }, ['households'], 2)).toEqual({ version: 2, households: 0 })
  })
  it('leaves empty fields out of a create', () => {
    expect(createBody({ name: 'a', address: '', opened_on: null, households: 0 })).toEqual({ name: 'a', households: 0 })
  })
})
