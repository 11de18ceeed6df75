import { describe, expect, it } from 'vitest'
import { figureLink, type LinkContext } from './stats-links'

const ctx: LinkContext = { region: '411102000000', regionName: '源汇区', period: { from: '2024-01', to: '2024-02' } }
const scoped = { region: '411102000000', region_name: '源汇区' }

describe('figureLink', () => {
  it('opens the places lists, by kind', () => {
    expect(figureLink('stations', ctx)).toEqual({ path: '/stations', query: scoped })
    expect(figureLink('stations', ctx, 'children_home')).toEqual({ path: '/stations', query: { ...scoped, kind: 'children_home' } })
    expect(figureLink('grids', ctx)).toEqual({ path: '/grids', query: { ...scoped, kind: 'grid' } })
    expect(figureLink('residents', ctx)).toEqual({ path: '/grids', query: { ...scoped, kind: 'grid' } })
    expect(figureLink('micro_grids', ctx)).toEqual({ path: '/grids', query: { ...scoped, kind: 'micro_grid' } })
  })
  it('opens the persons who held a category on the last day of the period', () => {
    expect(figureLink('persons_served', ctx)).toEqual({ path: '/persons', query: { ...scoped, on: '2024-02-29' } })
    expect(figureLink('persons_by_category', ctx, 'tekun')).toEqual({ path: '/persons', query: { ...scoped, on: '2024-02-29', category: 'tekun' } })
  })
  it('opens the visits of the period', () => {
    const visits = { path: '/outreach/visits', query: { ...scoped, from: '2024-01-01', to: '2024-02-29' } }
    expect(figureLink('visits', ctx)).toEqual(visits)
    expect(figureLink('households_visited', ctx)).toEqual(visits)
    expect(figureLink('person_times', ctx)).toEqual(visits)
  })
  it('opens the needs board on the state and the category', () => {
    expect(figureLink('needs_raised', ctx)).toEqual({ path: '/outreach/needs', query: scoped })
    expect(figureLink('needs_resolved', ctx, 'medical')).toEqual({ path: '/outreach/needs', query: { ...scoped, state: 'resolved', category: 'medical' } })
    expect(figureLink('needs_referred', ctx)).toEqual({ path: '/outreach/needs', query: { ...scoped, state: 'referred' } })
    expect(figureLink('needs_closed', ctx)).toEqual({ path: '/outreach/needs', query: { ...scoped, state: 'closed' } })
    expect(figureLink('needs_open', ctx)).toEqual({ path: '/outreach/needs', query: { ...scoped, open: 'true' } })
    // Money is split by the kind of resource, which the board does not filter by.
    expect(figureLink('value_fen', ctx, 'money')).toEqual({ path: '/outreach/needs', query: scoped })
  })
  it('opens the campaigns for the target households', () => {
    expect(figureLink('households_in_target', ctx)).toEqual({ path: '/outreach/campaigns', query: scoped })
  })
  it('has nothing for workers or unknown figures', () => {
    expect(figureLink('workers', ctx)).toBeNull()
    expect(figureLink('something_new', ctx)).toBeNull()
  })
  it('leaves the region out for the whole country', () => {
    expect(figureLink('stations', { ...ctx, region: null })).toEqual({ path: '/stations', query: {} })
  })
})
