import type { RegionLevel } from '../api/types'

/**
 * Helpers for the 12-digit statistical region code (GB/T 2260 + township/village
 * digits): 2 province, 2 city, 2 county, 3 township, 3 village digits.
 */

export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village']

/** How many leading digits are significant at each level. */
const SIGNIFICANT: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
}

export function isRegionCode(code: unknown): code is string {
  return typeof code === 'string' && /^\d{12}$/.test(code) && !code.startsWith('00')
}

/** The level a code denotes, from its trailing zeros; null when it is not a region code. */
export function levelOfCode(code: string): RegionLevel | null {
  if (!isRegionCode(code)) return null
  if (/^0{10}$/.test(code.slice(2))) return 'province'
  if (/^0{8}$/.test(code.slice(4))) return 'city'
  if (/^0{6}$/.test(code.slice(6))) return 'county'
  if (code.slice(9) === '000') return 'township'
  return 'village'
}

/** The significant prefix: `411102001000` → `411102001`. Empty for an invalid code. */
export function codePrefix(code: string): string {
  const level = levelOfCode(code)
  return level ? code.slice(0, SIGNIFICANT[level]) : ''
}

/**
 * The code of the level above, by the digits alone; null for a province or an
 * invalid code. (Places without a county level, such as 东莞市, name their
 * townships directly under the city: the digits still give the city.)
 */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code)
  if (!level || level === 'province') return null
  const keep = SIGNIFICANT[REGION_LEVELS[REGION_LEVELS.indexOf(level) - 1]!]
  return code.slice(0, keep).padEnd(12, '0')
}

/** Whether `code` lies within `ancestor` (a region is within itself). */
export function isWithinRegion(code: string, ancestor: string): boolean {
  const prefix = codePrefix(ancestor)
  return prefix !== '' && isRegionCode(code) && code.startsWith(prefix)
}

/** Grouped for reading: `411102001001` → `41 11 02 001 001`. */
export function formatRegionCode(code: string): string {
  if (!/^\d{12}$/.test(code)) return code
  return [code.slice(0, 2), code.slice(2, 4), code.slice(4, 6), code.slice(6, 9), code.slice(9)].join(' ')
}
