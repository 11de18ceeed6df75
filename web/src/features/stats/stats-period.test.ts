import { describe, expect, it } from 'vitest'
import {
  addMonths,
  chinaMonth,
  choiceOf,
  CUMULATIVE_FROM,
  defaultPeriod,
  firstDay,
  fromAllowed,
  isMonth,
  lastDay,
  MAX_MONTHS,
  monthCount,
  normalisePeriod,
  quickPeriod,
  toAllowed,
} from './stats-period'

/** 2026-05-20 10:00 in Beijing. */
const MAY = Date.UTC(2026, 4, 20, 2, 0)

describe('months', () => {
  it('takes the month of China’s calendar', () => {
    // 16:30 UTC on 31 January is already 1 February in Beijing.
    expect(chinaMonth(Date.UTC(2026, 0, 31, 16, 30))).toBe('2026-02')
    expect(chinaMonth(Date.UTC(2026, 0, 31, 15, 59))).toBe('2026-01')
    expect(chinaMonth(new Date(MAY))).toBe('2026-05')
  })
  it('checks the YYYY-MM shape', () => {
    expect(isMonth('2024-01')).toBe(true)
    for (const bad of ['2024-1', '2024-13', '2024-00', '24-01', '', null, 202401]) expect(isMonth(bad), String(bad)).toBe(false)
  })
  it('adds and counts months across years', () => {
    expect(addMonths('2024-11', 3)).toBe('2025-02')
    expect(addMonths('2024-01', -1)).toBe('2023-12')
    expect(monthCount('2023-12', '2024-03')).toBe(4)
    expect(monthCount('2024-03', '2024-03')).toBe(1)
    expect(monthCount('2024-04', '2024-03')).toBe(0)
  })
  it('gives the first and last days', () => {
    expect(firstDay('2024-02')).toBe('2024-02-01')
    expect(lastDay('2024-02')).toBe('2024-02-29')
    expect(lastDay('2025-02')).toBe('2025-02-28')
    expect(lastDay('2024-12')).toBe('2024-12-31')
    expect(lastDay('2024-04')).toBe('2024-04-30')
  })
})

describe('quick choices', () => {
  it('end at the current month', () => {
    expect(quickPeriod('month', MAY)).toEqual({ from: '2026-05', to: '2026-05' })
    expect(quickPeriod('quarter', MAY)).toEqual({ from: '2026-04', to: '2026-05' })
    expect(quickPeriod('year', MAY)).toEqual({ from: '2026-01', to: '2026-05' })
    expect(quickPeriod('all', MAY)).toEqual({ from: CUMULATIVE_FROM, to: '2026-05' })
  })
  it('start the quarter at its first month', () => {
    expect(quickPeriod('quarter', Date.UTC(2026, 2, 31, 12)).from).toBe('2026-01')
    expect(quickPeriod('quarter', Date.UTC(2026, 9, 1, 12)).from).toBe('2026-10')
    expect(quickPeriod('quarter', Date.UTC(2026, 11, 31, 12)).from).toBe('2026-10')
  })
  it('defaults to this year as the server does', () => {
    expect(defaultPeriod(MAY)).toEqual({ from: '2026-01', to: '2026-05' })
  })
  it('names the choice a period is, the narrowest first', () => {
    expect(choiceOf({ from: '2026-04', to: '2026-05' }, MAY)).toBe('quarter')
    expect(choiceOf({ from: '2023-12', to: '2026-05' }, MAY)).toBe('all')
    expect(choiceOf({ from: '2026-01', to: '2026-04' }, MAY)).toBe('custom')
    // In January, this month, this quarter and this year are the same months: 本月.
    expect(choiceOf({ from: '2026-01', to: '2026-01' }, Date.UTC(2026, 0, 10))).toBe('month')
  })
})

describe('normalisePeriod', () => {
  it('keeps a good period', () => {
    expect(normalisePeriod('2024-01', '2024-03', MAY)).toEqual({ from: '2024-01', to: '2024-03' })
  })
  it('fills in missing or malformed ends like the server', () => {
    expect(normalisePeriod(undefined, undefined, MAY)).toEqual({ from: '2026-01', to: '2026-05' })
    expect(normalisePeriod(undefined, '2024-08', MAY)).toEqual({ from: '2024-01', to: '2024-08' })
    expect(normalisePeriod('2025-13', ['2024-08'], MAY)).toEqual({ from: '2026-01', to: '2026-05' })
  })
  it('swaps ends the wrong way round', () => {
    expect(normalisePeriod('2024-06', '2024-02', MAY)).toEqual({ from: '2024-02', to: '2024-06' })
  })
  it('keeps at most the last 120 months', () => {
    const p = normalisePeriod('2000-01', '2026-05', MAY)
    expect(p).toEqual({ from: '2016-06', to: '2026-05' })
    expect(monthCount(p.from, p.to)).toBe(MAX_MONTHS)
  })
})

describe('what the month pickers offer', () => {
  it('keeps from ≤ to within 120 months, and to no later than this month', () => {
    expect(fromAllowed('2024-01', '2024-03')).toBe(true)
    expect(fromAllowed('2024-04', '2024-03')).toBe(false)
    expect(fromAllowed('2014-04', '2024-03')).toBe(true)
    expect(fromAllowed('2014-03', '2024-03')).toBe(false)
    expect(toAllowed('2026-05', '2026-01', MAY)).toBe(true)
    expect(toAllowed('2026-06', '2026-01', MAY)).toBe(false)
    expect(toAllowed('2025-12', '2026-01', MAY)).toBe(false)
  })
})
