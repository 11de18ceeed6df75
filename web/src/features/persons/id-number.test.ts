import { describe, expect, it } from 'vitest'
import { idCheckChar, isValidIdNumber, parseIdNumber } from './id-number'

describe('idCheckChar', () => {
  it('computes the GB 11643 check character', () => {
    // The specimen number of the standard.
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052418800101001')).toBe('4')
    expect(idCheckChar('41110219480302123')).toBe('X')
    expect(idCheckChar('41110219480302125')).toBe('6')
  })
  it('refuses what is not 17 digits', () => {
    expect(idCheckChar('1101051949123100')).toBeNull()
    expect(idCheckChar('1101051949123100X')).toBeNull()
  })
})

describe('parseIdNumber', () => {
  it('reads birth date and sex of an 18-character number', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({ id18: '11010519491231002X', birth_date: '1949-12-31', sex: '2' })
    expect(parseIdNumber(' 11010519491231002x ')).toEqual({ id18: '11010519491231002X', birth_date: '1949-12-31', sex: '2' })
    expect(parseIdNumber('41110219480302123X')?.sex).toBe('1')
    expect(parseIdNumber('411102194803021235')).toBeNull()
  })
  it('converts a 15-digit number', () => {
    // 15 digits: 6 region, yymmdd, 3 sequence (odd: man).
    expect(parseIdNumber('411102480302123')).toEqual({ id18: '41110219480302123X', birth_date: '1948-03-02', sex: '1' })
  })
  it('refuses a wrong check character, a date that does not exist, or a bad length', () => {
    expect(parseIdNumber('110105194912310021')).toBeNull()
    expect(parseIdNumber('41110219490230123' + idCheckChar('41110219490230123'))).toBeNull() // 30 February
    expect(parseIdNumber('41110218991231123' + idCheckChar('41110218991231123'))).toBeNull() // before 1900
    expect(parseIdNumber('4111021948030212')).toBeNull()
    expect(parseIdNumber('')).toBeNull()
    expect(parseIdNumber(null)).toBeNull()
    expect(isValidIdNumber('20000229' + '0000000000')).toBe(false)
  })
  it('knows leap years', () => {
    expect(isValidIdNumber('41110220000229123' + idCheckChar('41110220000229123'))).toBe(true)
    expect(isValidIdNumber('41110219000229123' + idCheckChar('41110219000229123'))).toBe(false)
  })
})
