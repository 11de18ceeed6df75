import { describe, expect, it } from 'vitest'
import { buildQuery } from '@/shared/api/http'
import { blankPersonFilters, personExportQuery, personFilterQuery, personFiltersFromQuery, type PersonFilters } from './persons-api'

const filters = (over: Partial<PersonFilters>): PersonFilters => ({ ...blankPersonFilters(), ...over })

describe('personFilterQuery', () => {
  it('sends nothing but the scope for empty filters', () => {
    expect(buildQuery(personFilterQuery(blankPersonFilters(), '411100000000'))).toBe('?region=411100000000')
    expect(buildQuery(personFilterQuery(blankPersonFilters(), null))).toBe('')
  })
  it('prefers the region picked in the filter bar to the scope, and trims the keyword', () => {
    const q = personFilterQuery(filters({ q: '  zll ', region: '411102001001', category: 'tekun', on: '2025-01-01', risk_level: 'high', include_merged: true }), '411100000000')
    expect(buildQuery(q)).toBe('?q=zll&region=411102001001&category=tekun&on=2025-01-01&risk_level=high&include_merged=true')
  })
})

describe('personExportQuery', () => {
  it('exports masked with the list filters and sort, purpose optional', () => {
    const q = personExportQuery(filters({ q: '张', category: 'dibao' }), '411100000000', { unmasked: false, purpose: '', sort: 'name' })
    expect(buildQuery(q)).toBe('?q=%E5%BC%A0&region=411100000000&category=dibao&sort=name')
  })
  it('adds unmasked=true and the trimmed purpose when asked', () => {
    const q = personExportQuery(filters({}), '411100000000', { unmasked: true, purpose: ' 年度核查 ' })
    expect(q).toMatchObject({ region: '411100000000', unmasked: 'true', purpose: '年度核查' })
    expect(buildQuery(q)).toBe('?region=411100000000&purpose=%E5%B9%B4%E5%BA%A6%E6%A0%B8%E6%9F%A5&unmasked=true')
  })
  it('never sends unmasked=false', () => {
    expect(personExportQuery(filters({}), null, { unmasked: false, purpose: '核对' }).unmasked).toBeUndefined()
  })
})

describe('personFiltersFromQuery', () => {
  it('reads the category and the day from the address (a figure of the dashboard)', () => {
    expect(personFiltersFromQuery({ category: 'tekun', on: '2026-03-31' })).toEqual(filters({ category: 'tekun', on: '2026-03-31' }))
  })
  it('leaves anything malformed blank', () => {
    expect(personFiltersFromQuery({})).toEqual(blankPersonFilters())
    expect(personFiltersFromQuery({ category: 'x y', on: '31/03/2026' })).toEqual(blankPersonFilters())
    expect(personFiltersFromQuery({ category: ['tekun'] })).toEqual(blankPersonFilters())
  })
})
