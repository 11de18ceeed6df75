import { describe, expect, it } from 'vitest'
import { codePrefix, formatRegionCode, isRegionCode, isWithinRegion, levelOfCode, parentCodeOf } from './region-code'

describe('levelOfCode', () => {
  it.each([
    ['410000000000', 'province'],
    ['411100000000', 'city'],
    ['411102000000', 'county'],
    ['411102001000', 'township'],
    ['411102001001', 'village'],
    ['330521005001', 'village'],
    ['110101000000', 'county'],
    ['441900003000', 'township'],
  ])('%s is a %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level)
  })

  it('rejects what is not a 12-digit code', () => {
    for (const bad of ['41110200100', '4111020010011', '41110200100a', '', '000000000000', ' 41110200100']) {
      expect(levelOfCode(bad), bad).toBeNull()
      expect(isRegionCode(bad), bad).toBe(false)
    }
  })
})

describe('parentCodeOf', () => {
  it('climbs one level at a time', () => {
    expect(parentCodeOf('411102001001')).toBe('411102001000')
    expect(parentCodeOf('411102001000')).toBe('411102000000')
    expect(parentCodeOf('411102000000')).toBe('411100000000')
    expect(parentCodeOf('411100000000')).toBe('410000000000')
    expect(parentCodeOf('410000000000')).toBeNull()
    expect(parentCodeOf('bogus')).toBeNull()
  })
  it('gives the city for a township of a city without counties', () => {
    // 东莞市 441900: its townships carry county digits 00.
    expect(parentCodeOf('441900003000')).toBe('441900000000')
  })
})

describe('scope prefixes', () => {
  it('uses only the significant digits', () => {
    expect(codePrefix('410000000000')).toBe('41')
    expect(codePrefix('411102001000')).toBe('411102001')
    expect(codePrefix('x')).toBe('')
  })
  it('tells whether a code lies within a region', () => {
    expect(isWithinRegion('411102001001', '411100000000')).toBe(true)
    expect(isWithinRegion('411100000000', '411100000000')).toBe(true)
    expect(isWithinRegion('411200000000', '411100000000')).toBe(false)
    // 41 is a prefix of 410000000000 but 411100000000 is not within 411102000000.
    expect(isWithinRegion('411100000000', '411102000000')).toBe(false)
    expect(isWithinRegion('330521005001', '410000000000')).toBe(false)
    expect(isWithinRegion('411102001001', 'bogus')).toBe(false)
  })
})

describe('formatRegionCode', () => {
  it('groups the digits by level', () => {
    expect(formatRegionCode('411102001001')).toBe('41 11 02 001 001')
    expect(formatRegionCode('abc')).toBe('abc')
  })
})
