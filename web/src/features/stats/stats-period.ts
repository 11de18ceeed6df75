/**
 * Periods of the dashboard (docs/stats.md, Regions and periods): whole months `YYYY-MM`, both
 * ends included, in China's calendar; at most 120 months. The quick choices end at the current
 * month, as the server's own default does (`to` = this month, `from` = January of its year).
 */

export interface Period {
  from: string
  to: string
}

export const QUICK_PERIODS = ['month', 'quarter', 'year', 'all'] as const
export type QuickPeriod = (typeof QUICK_PERIODS)[number]
/** A quick choice, or a range picked by hand. */
export type PeriodChoice = QuickPeriod | 'custom'

/** 累计 starts here: the month the platform's records begin. */
export const CUMULATIVE_FROM = '2023-12'
/** The longest period the server answers. */
export const MAX_MONTHS = 120

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value)
}

/** The month of a moment in China (UTC+8, no daylight saving), `YYYY-MM`. */
export function chinaMonth(now: number | Date = Date.now()): string {
  const ms = typeof now === 'number' ? now : now.getTime()
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 7)
}

/** Months counted from year 0: `2024-03` → 2024·12 + 2. */
function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return y * 12 + (m - 1)
}

function monthOfIndex(i: number): string {
  const y = Math.floor(i / 12)
  const m = i - y * 12 + 1
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`
}

/** `2024-11` + 3 → `2025-02`. */
export function addMonths(month: string, n: number): string {
  return monthOfIndex(monthIndex(month) + n)
}

/** Months from `from` to `to`, both included (0 when `to` is before `from`). */
export function monthCount(from: string, to: string): number {
  return Math.max(0, monthIndex(to) - monthIndex(from) + 1)
}

/** The first day of a month, `YYYY-MM-01`. */
export function firstDay(month: string): string {
  return `${month}-01`
}

/** The last day of a month: `2024-02` → `2024-02-29`. */
export function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${month}-${String(d).padStart(2, '0')}`
}

/** The period a quick choice stands for, as of `now`. */
export function quickPeriod(choice: QuickPeriod, now: number | Date = Date.now()): Period {
  const to = chinaMonth(now)
  const [year, m] = to.split('-') as [string, string]
  switch (choice) {
    case 'month':
      return { from: to, to }
    case 'quarter': {
      const first = Math.floor((Number(m) - 1) / 3) * 3 + 1
      return { from: `${year}-${String(first).padStart(2, '0')}`, to }
    }
    case 'year':
      return { from: `${year}-01`, to }
    case 'all':
      // Before December 2023 nothing was recorded; a clock set earlier still gets one month.
      return { from: to < CUMULATIVE_FROM ? to : CUMULATIVE_FROM, to }
  }
}

/** The server's default period: January of this year to this month. */
export function defaultPeriod(now: number | Date = Date.now()): Period {
  return quickPeriod('year', now)
}

/** Which quick choice a period is (本月 wins over 本季度 in January, …), else `custom`. */
export function choiceOf(period: Period, now: number | Date = Date.now()): PeriodChoice {
  for (const c of QUICK_PERIODS) {
    const q = quickPeriod(c, now)
    if (q.from === period.from && q.to === period.to) return c
  }
  return 'custom'
}

/**
 * A period from what the address or the pickers hold: a missing or malformed end takes the
 * default (to = this month, from = January of `to`'s year), ends the wrong way round are
 * swapped, and a period longer than MAX_MONTHS keeps its last MAX_MONTHS months.
 */
export function normalisePeriod(from: unknown, to: unknown, now: number | Date = Date.now()): Period {
  let t = isMonth(to) ? to : chinaMonth(now)
  let f = isMonth(from) ? from : `${t.slice(0, 4)}-01`
  if (f > t) [f, t] = [t, f]
  if (monthCount(f, t) > MAX_MONTHS) f = addMonths(t, -(MAX_MONTHS - 1))
  return { from: f, to: t }
}

/** Whether a month may be chosen as the start of a period ending at `to` (and the other way round). */
export function fromAllowed(month: string, to: string): boolean {
  return month <= to && monthCount(month, to) <= MAX_MONTHS
}
export function toAllowed(month: string, from: string, now: number | Date = Date.now()): boolean {
  return month >= from && monthCount(from, month) <= MAX_MONTHS && month <= chinaMonth(now)
}
