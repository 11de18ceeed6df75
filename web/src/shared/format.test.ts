import { describe, expect, it } from 'vitest'
import { EMPTY, formatCount, formatDate, formatDateTime, formatYuan } from './format'

describe('formatDate', () => {
  it('keeps a calendar date as it is', () => {
    expect(formatDate('2024-01-15')).toBe('2024-01-15')
  })
  it('shows a timestamp as its date in China Standard Time', () => {
    // 17:30 UTC on 31 Dec is already 1 Jan in Beijing.
    expect(formatDate('2025-12-31T17:30:00Z')).toBe('2026-01-01')
  })
  it('shows a dash for nothing and the raw text for garbage', () => {
    expect(formatDate(null)).toBe(EMPTY)
    expect(formatDate('')).toBe(EMPTY)
    expect(formatDate('not a date')).toBe('not a date')
  })
})

describe('formatDateTime', () => {
  it('converts to CST with a 24-hour clock', () => {
    expect(formatDateTime('2026-03-01T02:05:00Z')).toBe('2026-03-01 10:05')
    expect(formatDateTime('2026-03-01T16:00:00Z')).toBe('2026-03-02 00:00')
    expect(formatDateTime('2026-03-01T10:05:00+08:00')).toBe('2026-03-01 10:05')
  })
  it('shows a dash for nothing', () => {
    expect(formatDateTime(undefined)).toBe(EMPTY)
  })
  it('takes epoch milliseconds as the API sends them for persons', () => {
    // 2026-03-01T02:05:00Z
    expect(formatDateTime(Date.UTC(2026, 2, 1, 2, 5))).toBe('2026-03-01 10:05')
    expect(formatDate(Date.UTC(2025, 11, 31, 17, 30))).toBe('2026-01-01')
    expect(formatDateTime(0)).toBe('1970-01-01 08:00')
  })
})

describe('figures', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(0)).toBe('0')
    expect(formatCount(null)).toBe(EMPTY)
  })
  it('shows fen as yuan with two decimals', () => {
    expect(formatYuan(123456)).toBe('1,234.56')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(-250)).toBe('-2.50')
  })
})
