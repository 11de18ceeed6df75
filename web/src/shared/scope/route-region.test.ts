import { describe, expect, it } from 'vitest'
import { regionFromQuery } from './route-region'

const LUOHE = { code: '411100000000', name: '漯河市' }

describe('regionFromQuery', () => {
  it('does nothing without a region in the address', () => {
    expect(regionFromQuery({}, LUOHE)).toBeNull()
    expect(regionFromQuery({ category: 'tekun' }, LUOHE)).toBeNull()
  })
  it('takes a region within the user’s own, with its name, and keeps the other parameters', () => {
    expect(regionFromQuery({ region: '411102000000', region_name: '源汇区', category: 'tekun' }, LUOHE)).toEqual({
      region: { code: '411102000000', name: '源汇区' },
      rest: { category: 'tekun' },
    })
    expect(regionFromQuery({ region: '411100000000' }, LUOHE)).toEqual({ region: { code: '411100000000', name: null }, rest: {} })
  })
  it('drops a region the user may not see, or one that is not a code', () => {
    expect(regionFromQuery({ region: '330521000000', region_name: '德清县', on: '2026-01-31' }, LUOHE)).toEqual({
      region: null,
      rest: { on: '2026-01-31' },
    })
    expect(regionFromQuery({ region: 'bogus' }, LUOHE)?.region).toBeNull()
    expect(regionFromQuery({ region: ['411102000000'] }, LUOHE)?.region).toBeNull()
  })
  it('lets a national user go anywhere', () => {
    expect(regionFromQuery({ region: '330521000000' }, null)?.region).toEqual({ code: '330521000000', name: null })
  })
})
