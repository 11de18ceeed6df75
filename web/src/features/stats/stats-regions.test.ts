import { describe, expect, it } from 'vitest'
import { mayView, regionTrail } from './stats-regions'

describe('regionTrail', () => {
  it('runs from the user’s own region down to the one shown', () => {
    expect(regionTrail('411102001000', '411100000000')).toEqual(['411100000000', '411102000000', '411102001000'])
    expect(regionTrail('411100000000', '411100000000')).toEqual(['411100000000'])
  })
  it('starts at the whole country for a national role', () => {
    expect(regionTrail('411102000000', null)).toEqual([null, '410000000000', '411100000000', '411102000000'])
    expect(regionTrail(null, null)).toEqual([null])
  })
  it('never goes above the user’s own region', () => {
    expect(regionTrail('330521000000', '411100000000')).toEqual(['411100000000'])
    expect(regionTrail('bogus', '411100000000')).toEqual(['411100000000'])
  })
  it('skips the county a city without counties does not have', () => {
    expect(regionTrail('441900003000', '440000000000')).toEqual(['440000000000', '441900000000', '441900003000'])
  })
})

describe('mayView', () => {
  it('keeps a user within their own region', () => {
    expect(mayView('411102000000', '411100000000')).toBe(true)
    expect(mayView('411200000000', '411100000000')).toBe(false)
    expect(mayView(null, '411100000000')).toBe(false)
    expect(mayView(null, null)).toBe(true)
    expect(mayView('330521000000', null)).toBe(true)
  })
})
