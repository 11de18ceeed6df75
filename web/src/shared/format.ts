/**
 * Formatting of dates and figures for display, in one place. Times are shown in
 * China Standard Time whatever the browser's zone, so a county office and a
 * travelling supervisor read the same clock.
 */

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai'
export const EMPTY = '—'

function parts(d: Date, withTime: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: DISPLAY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
  })
  const out: Record<string, string> = {}
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value
  return out
}

/** `2024-01-15` stays as is; a timestamp (ISO text or epoch milliseconds) becomes its calendar date in CST. */
export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const p = parts(d, false)
  return `${p.year}-${p.month}-${p.day}`
}

/** `2026-03-01T02:05:00Z` (or epoch milliseconds) → `2026-03-01 10:05` (CST). */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const p = parts(d, true)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** Grouped integer: 12345 → `12,345`. */
export function formatCount(value: number | null | undefined, locale = 'zh-CN'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return EMPTY
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value)
}

/** Money is integer fen in the API and yuan with two decimals on screen. */
export function formatYuan(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return EMPTY
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100)
}
