import { firstDay, lastDay, type Period } from './stats-period'

/**
 * Where each figure of the dashboard leads: the list of the records behind it, in the
 * dashboard's region (`region` + `region_name`, which those pages take as their scope),
 * filtered as far as the list page can:
 * - stations (by kind), grids, micro-grids and residents → 社工站点 / 网格管理;
 * - persons served (by category) → 人员, holding the category on the last day of the period;
 * - visits, households visited and person-times → 走访记录 of the period;
 * - needs (by category, by state) and the money linked to them → 需求看板;
 * - households in the campaigns' targets → 走访活动.
 * Workers have no list a dashboard reader may open: no link.
 */

export interface LinkContext {
  region: string | null
  regionName: string
  period: Period
}

export interface StatsLink {
  path: string
  query: Record<string, string>
}

/** The need figure and the needs board's filter that lists its needs. */
const NEED_STATE_FILTER: Record<string, Record<string, string>> = {
  needs_raised: {},
  needs_resolved: { state: 'resolved' },
  needs_referred: { state: 'referred' },
  needs_closed: { state: 'closed' },
  needs_open: { open: 'true' },
}

/** The list behind figure `code` (and one of its `dims`); null when there is none. */
export function figureLink(code: string, ctx: LinkContext, dim?: string | null): StatsLink | null {
  const query: Record<string, string> = ctx.region ? { region: ctx.region, region_name: ctx.regionName } : {}
  const withDim = (key: string) => (dim ? { [key]: dim } : {})
  switch (code) {
    case 'stations':
      return { path: '/stations', query: { ...query, ...withDim('kind') } }
    case 'grids':
    case 'residents':
      return { path: '/grids', query: { ...query, kind: 'grid' } }
    case 'micro_grids':
      return { path: '/grids', query: { ...query, kind: 'micro_grid' } }
    case 'persons_served':
    case 'persons_by_category':
      return { path: '/persons', query: { ...query, on: lastDay(ctx.period.to), ...withDim('category') } }
    case 'households_in_target':
      return { path: '/outreach/campaigns', query }
    case 'visits':
    case 'households_visited':
    case 'person_times':
      return { path: '/outreach/visits', query: { ...query, from: firstDay(ctx.period.from), to: lastDay(ctx.period.to) } }
    case 'resources':
    case 'value_fen':
      // Split by the kind of resource, which the board does not filter by.
      return { path: '/outreach/needs', query }
    default:
      if (code in NEED_STATE_FILTER) return { path: '/outreach/needs', query: { ...query, ...NEED_STATE_FILTER[code], ...withDim('category') } }
      return null
  }
}
