import { isRegionCode, isWithinRegion } from '../regions/region-code'
import type { ScopeRegion } from './scope-store'

/**
 * A list page opened with `?region=CODE&region_name=名称` (a figure of the dashboard leads
 * there) starts scoped to that region: the router sets the scope of the top bar and drops
 * both parameters from the address, so that the top bar stays the one place the scope is
 * changed. A region outside the user's own (or not a region code) is ignored.
 */
export interface RouteRegion {
  /** The region to scope to; null when the address named none, or one the user may not see. */
  region: { code: string; name: string | null } | null
  /** The query without `region` and `region_name`. */
  rest: Record<string, unknown>
}

type QueryLike = Record<string, unknown>

/** Null when the query has no `region` to act on (nothing to do). */
export function regionFromQuery(query: QueryLike, home: ScopeRegion | null): RouteRegion | null {
  if (!('region' in query) && !('region_name' in query)) return null
  const { region, region_name, ...rest } = query
  const code = typeof region === 'string' ? region : null
  const name = typeof region_name === 'string' && region_name.trim() ? region_name.trim() : null
  const allowed = code !== null && isRegionCode(code) && (!home || isWithinRegion(code, home.code))
  return { region: allowed ? { code, name } : null, rest }
}
