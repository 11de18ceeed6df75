import { api } from '@/shared/api/client'
import type { Schemas } from '@/shared/api/types'
import type { Query } from '@/shared/api/http'
import type { Period } from './stats-period'

/**
 * Figures, dashboard and report (docs/stats.md). Everything the dashboard draws comes from one
 * GET /stats/dashboard; the workbook from GET /stats/report.xlsx. Both take the same
 * `region`, `from`, `to` (months); the caller needs the `stats` read permission.
 */

/** The indicator codes the console draws, in the order of the key-figure cards. */
export const FIGURE_CODES = [
  'stations',
  'workers',
  'persons_served',
  'households_in_target',
  'households_visited',
  'visits',
  'person_times',
  'needs_raised',
  'needs_resolved',
  'needs_open',
  'value_fen',
  'residents',
  'grids',
  'micro_grids',
] as const
export type FigureCode = (typeof FIGURE_CODES)[number]

/** The states of needs counted by category (`dims`), in the order of the stacked bar. */
export const NEED_FIGURES = ['needs_raised', 'needs_resolved', 'needs_referred', 'needs_closed', 'needs_open'] as const
export type NeedFigure = (typeof NEED_FIGURES)[number]

/** The monthly series of the trend chart. */
export const TREND_CODES = ['visits', 'households_visited', 'person_times', 'needs_raised', 'needs_resolved'] as const

/** One figure: its value, a split by kind or category (`dims`), and where it was read (`facts` when counted from the records). */
export type StatsFigure = Schemas['Figure']

export type StatsRegion = StatsDashboard['region']

/** An earlier period of the same length, and its figures (values only). */
export type ComparedPeriod = StatsDashboard['previous']

/** Percentages with one decimal; null when the earlier value is 0. */
export type Growth = StatsDashboard['growth'][string]

export type StatsRatios = StatsDashboard['ratios']

export type BreakdownRow = StatsDashboard['breakdown']['rows'][number]

export type StatsDashboard = Schemas['Dashboard']

export type Indicator = Schemas['Indicator']

/** The query both calls take; a region of null (a national role's whole country) is left out. */
export function statsQuery(region: string | null | undefined, period: Period): Query {
  return { region: region || undefined, from: period.from, to: period.to }
}

export const statsApi = {
  indicators: () => api.get<{ items: Indicator[] }>('/stats/indicators'),
  dashboard: (region: string | null | undefined, period: Period) => api.get<StatsDashboard>('/stats/dashboard', statsQuery(region, period)),
  report: (region: string | null | undefined, period: Period) => api.download('/stats/report.xlsx', statsQuery(region, period)),
}

// ---- Reading an answer ------------------------------------------------------------------

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** A figure's value; null when the answer lacks it. */
export function figureValue(d: StatsDashboard | null | undefined, code: string): number | null {
  return num(d?.figures?.[code]?.value)
}

/** A figure's split, in the order of `order` first and then any the console does not know, zeros left out. */
export function dimsEntries(fig: StatsFigure | null | undefined, order: readonly string[] = []): [string, number][] {
  const dims = fig?.dims ?? {}
  const known = order.filter((k) => k in dims)
  const rest = Object.keys(dims).filter((k) => !order.includes(k))
  return [...known, ...rest].map((k) => [k, num(dims[k]) ?? 0] as [string, number]).filter(([, v]) => v !== 0)
}

export interface NeedsMatrix {
  /** Category codes on the axis: those of `order` that occur, then unknown ones. */
  categories: string[]
  /** One series per state figure, a value per category. */
  series: { code: NeedFigure; values: number[] }[]
}

/** Needs by category and state, from the `dims` of the five need figures. */
export function needsMatrix(d: StatsDashboard | null | undefined, order: readonly string[]): NeedsMatrix {
  const seen = new Set<string>()
  for (const code of NEED_FIGURES) for (const [k, v] of Object.entries(d?.figures?.[code]?.dims ?? {})) if (num(v)) seen.add(k)
  const categories = [...order.filter((c) => seen.has(c)), ...[...seen].filter((c) => !order.includes(c))]
  return {
    categories,
    series: NEED_FIGURES.map((code) => ({ code, values: categories.map((c) => num(d?.figures?.[code]?.dims?.[c]) ?? 0) })),
  }
}

/** Whether an answer has anything recorded at all (all the figures zero or missing: an empty region or period). */
export function hasAnyFigure(d: StatsDashboard | null | undefined): boolean {
  return Object.values(d?.figures ?? {}).some((f) => (num(f?.value) ?? 0) !== 0)
}
