import { describe, expect, it } from 'vitest'
import { buildQuery } from '@/shared/api/http'
import { NEED_CATEGORIES } from '@/features/outreach/outreach-codes'
import { STATION_KINDS } from '@/features/places/places-api'
import fixture from './fixtures/dashboard.json'
import { dimsEntries, FIGURE_CODES, figureValue, hasAnyFigure, needsMatrix, statsQuery, type StatsDashboard } from './stats-api'

const dashboard = fixture as unknown as StatsDashboard

describe('statsQuery', () => {
  it('sends the region and both months, leaving out a national region', () => {
    expect(buildQuery(statsQuery('411100000000', { from: '2024-01', to: '2024-03' }))).toBe('?region=411100000000&from=2024-01&to=2024-03')
    expect(buildQuery(statsQuery(null, { from: '2024-01', to: '2024-03' }))).toBe('?from=2024-01&to=2024-03')
  })
})

describe('reading the dashboard', () => {
  it('has every key figure of the cards', () => {
    for (const code of FIGURE_CODES) expect(figureValue(dashboard, code), code).not.toBeNull()
    expect(figureValue(dashboard, 'value_fen')).toBe(59321550)
    expect(figureValue(dashboard, 'nonexistent')).toBeNull()
    expect(figureValue(null, 'visits')).toBeNull()
  })
  it('lists dims in the console’s order, unknown ones after, zeros left out', () => {
    expect(dimsEntries(dashboard.figures.stations, STATION_KINDS)).toEqual([
      ['social_work_station', 52],
      ['neighbourhood_centre', 6],
      ['children_home', 2],
    ])
    expect(dimsEntries(dashboard.figures.persons_by_category, ['tekun', 'dibao']).map(([k]) => k)).toEqual(['tekun', 'dibao', 'left_behind_child', 'custom_cat'])
    expect(dimsEntries(undefined)).toEqual([])
  })
  it('makes the needs matrix by category and state', () => {
    const m = needsMatrix(dashboard, NEED_CATEGORIES)
    expect(m.categories).toEqual(['medical', 'daily_care', 'economic'])
    expect(m.series.map((s) => s.code)).toEqual(['needs_raised', 'needs_resolved', 'needs_referred', 'needs_closed', 'needs_open'])
    expect(m.series.find((s) => s.code === 'needs_resolved')?.values).toEqual([160, 120, 36])
    expect(m.series.find((s) => s.code === 'needs_closed')?.values).toEqual([0, 0, 4])
    expect(needsMatrix(null, NEED_CATEGORIES)).toEqual({ categories: [], series: expect.any(Array) })
  })
  it('tells an empty answer', () => {
    expect(hasAnyFigure(dashboard)).toBe(true)
    expect(hasAnyFigure({ ...dashboard, figures: { visits: { value: 0 } } })).toBe(false)
    expect(hasAnyFigure(null)).toBe(false)
  })
})
