import { describe, expect, it } from 'vitest'
import { blankNeedFilters, blankTargetFilters, needFilterQuery, needFiltersFromQuery, targetFilterQuery } from './outreach-api'

describe('list queries', () => {
  it('sends only the target filters that are set', () => {
    expect(targetFilterQuery(blankTargetFilters())).toEqual({
      q: undefined, region: undefined, grid_id: undefined, worker_id: undefined, unassigned: undefined, due_state: undefined, visited: undefined,
    })
    expect(targetFilterQuery({ ...blankTargetFilters(), q: ' 王 ', grid_id: 'g1', due_state: 'overdue', visited: 'false', worker_id: 'w1' })).toMatchObject({
      q: '王', grid_id: 'g1', due_state: 'overdue', visited: 'false', worker_id: 'w1',
    })
  })
  it('lets 仅未分配 win over a worker', () => {
    expect(targetFilterQuery({ ...blankTargetFilters(), unassigned: true, worker_id: 'w1' })).toMatchObject({ unassigned: 'true', worker_id: undefined })
  })
  it('asks for needs of the scope, open ones only when no state is chosen', () => {
    expect(needFilterQuery({ ...blankNeedFilters(), overdue: true, open: true }, '411102001000')).toEqual({
      campaign_id: undefined, region: '411102001000', state: undefined, overdue: 'true', open: 'true', category: undefined,
    })
    expect(needFilterQuery({ ...blankNeedFilters(), state: 'resolved', open: true, category: 'medical' }, undefined)).toMatchObject({
      state: 'resolved', open: undefined, category: 'medical', region: undefined,
    })
  })
  it('reads the board’s filters from its address (a figure of the dashboard), ignoring unknown codes', () => {
    expect(needFiltersFromQuery({})).toEqual(blankNeedFilters())
    expect(needFiltersFromQuery({ category: 'medical', state: 'resolved' })).toEqual({ ...blankNeedFilters(), category: 'medical', state: 'resolved' })
    expect(needFiltersFromQuery({ open: 'true', category: 'bogus' })).toEqual({ ...blankNeedFilters(), open: true })
    expect(needFiltersFromQuery({ open: 'true', state: 'closed', overdue: 'true' })).toEqual({ ...blankNeedFilters(), state: 'closed', overdue: true })
    expect(needFiltersFromQuery({ state: ['resolved'] })).toEqual(blankNeedFilters())
  })
})
