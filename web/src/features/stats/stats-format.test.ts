import { describe, expect, it } from 'vitest'
import { EMPTY } from '@/shared/format'
import { growthArrow, growthTagType, growthText, growthTone, moneyFigure, percentText, progressValue, ratioText, shareOf, wanYuanText, yuanText } from './stats-format'

describe('growth', () => {
  it('writes a signed percentage with one decimal', () => {
    expect(growthText(12.3)).toBe('+12.3%')
    expect(growthText(-4)).toBe('-4.0%')
    expect(growthText(0)).toBe('0.0%')
    expect(growthText(250)).toBe('+250.0%')
  })
  it('shows a dash when there was nothing to compare with', () => {
    expect(growthText(null)).toBe(EMPTY)
    expect(growthText(undefined)).toBe(EMPTY)
    expect(growthText(Number.NaN)).toBe(EMPTY)
  })
  it('colours up green, down red, unchanged and unknown grey', () => {
    expect([growthTone(3), growthTone(-3), growthTone(0), growthTone(null)]).toEqual(['up', 'down', 'flat', 'none'])
    expect([growthTagType(3), growthTagType(-3), growthTagType(0), growthTagType(null)]).toEqual(['success', 'danger', 'info', 'info'])
    expect([growthArrow(3), growthArrow(-3), growthArrow(0), growthArrow(null)]).toEqual(['↑', '↓', '', ''])
  })
})

describe('money', () => {
  it('shows fen as 元 with two decimals, exactly', () => {
    expect(yuanText(59321550)).toBe('593,215.50')
    expect(yuanText(5)).toBe('0.05')
    expect(yuanText(0)).toBe('0.00')
    expect(yuanText(-250)).toBe('-2.50')
    // Beyond what fen / 100 as a float keeps exact.
    expect(yuanText(900719925474099)).toBe('9,007,199,254,740.99')
    expect(yuanText(null)).toBe(EMPTY)
  })
  it('shows 万元 with two decimals', () => {
    expect(wanYuanText(59321550)).toBe('59.32')
    expect(wanYuanText(1_000_000)).toBe('1.00')
    expect(wanYuanText(123456789000)).toBe('123,456.79')
  })
  it('puts a card in 万元 from 1万元 up, in 元 below', () => {
    expect(moneyFigure(59321550)).toEqual({ value: '59.32', unit: 'wanYuan' })
    expect(moneyFigure(999_999)).toEqual({ value: '9,999.99', unit: 'yuan' })
    expect(moneyFigure(1_000_000)).toEqual({ value: '1.00', unit: 'wanYuan' })
    expect(moneyFigure(null)).toEqual({ value: EMPTY, unit: 'yuan' })
  })
})

describe('ratios and shares', () => {
  it('writes ratios and percentages with one decimal', () => {
    expect(ratioText(0.754)).toBe('0.8')
    expect(ratioText(0.754, 'zh-CN', 2)).toBe('0.75')
    expect(ratioText(1234.5)).toBe('1,234.5')
    expect(percentText(82.14)).toBe('82.1%')
    expect(percentText(null)).toBe(EMPTY)
  })
  it('keeps a progress bar within 0–100', () => {
    expect(progressValue(82.14)).toBe(82.1)
    expect(progressValue(130)).toBe(100)
    expect(progressValue(-1)).toBe(0)
    expect(progressValue(null)).toBe(0)
  })
  it('works out a share, null when there is nothing to divide by', () => {
    expect(shareOf(12316, 15000)).toBe(82.1)
    expect(shareOf(1, 0)).toBeNull()
    expect(shareOf(null, 10)).toBeNull()
  })
})
