import { describe, expect, it } from 'vitest'
import { blankHousehold, householdCreateBody, householdPatchBody, householdToForm } from './household-form'
import type { HouseholdDetail } from './households-api'

const detail: HouseholdDetail = {
  id: 'h1',
  region_code: '411102001001',
  region_name: '滨西社区居民委员会',
  address: '滨西路 1 号',
  grid_id: 'g1',
  grid_name: '一网格',
  micro_grid_id: null,
  micro_grid_name: '',
  head_name: '张丽丽',
  version: 2,
  created_at: '2026-11-29T13:28:51.268Z',
  updated_at: '2026-11-29T13:28:51.268Z',
  members: [],
  emergency_contacts: [{ name: '张明', relation: '儿子', phone_masked: '139****0000' }],
}

describe('household bodies', () => {
  it('creates with the filled fields and the contacts that have a name', () => {
    const v = {
      ...blankHousehold(),
      region_code: '411102001001',
      address: ' 滨西路 2 号 ',
      emergency_contacts: [
        { name: '王五', relation: '邻居', phone: '13700000000' },
        { name: '', relation: '', phone: '' },
      ],
    }
    expect(householdCreateBody('h2', v)).toEqual({
      id: 'h2',
      region_code: '411102001001',
      address: '滨西路 2 号',
      emergency_contacts: [{ name: '王五', relation: '邻居', phone: '13700000000' }],
    })
  })
  it('patches the changed fields, contacts only when re-entered', () => {
    const v = { ...householdToForm(detail), grid_id: null, micro_grid_id: null }
    expect(householdPatchBody(detail, v, false)).toEqual({ version: 2, grid_id: null })
    v.emergency_contacts[0]!.phone = '13900000001'
    expect(householdPatchBody(detail, v, true)).toEqual({
      version: 2,
      grid_id: null,
      emergency_contacts: [{ name: '张明', relation: '儿子', phone: '13900000001' }],
    })
  })
})
