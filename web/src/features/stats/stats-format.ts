import { EMPTY } from '@/shared/format'

/**
 * How the dashboard writes its figures: growth as a signed percentage with one decimal and a
 * colour (up green, down red, unchanged grey, nothing to compare with a dash), money from fen
 * to 元 (two decimals) or 万元, ratios with one decimal.
 */

export type GrowthTone = 'up' | 'down' | 'flat' | 'none'

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Which way a growth percentage goes; `none` when the server had nothing to compare with (null). */
export function growthTone(pct: number | null | undefined): GrowthTone {
  if (!finite(pct)) return 'none'
  if (pct > 0) return 'up'
  if (pct < 0) return 'down'
  return 'flat'
}

/** `12.3` → `+12.3%`, `-4` → `-4.0%`, `0` → `0.0%`, null → `—`. */
export function growthText(pct: number | null | undefined): string {
  if (!finite(pct)) return EMPTY
  const sign = pct > 0 ? '+' : pct < 0 ? '-' : ''
  return `${sign}${Math.abs(pct).toFixed(1)}%`
}

/** The el-tag type of a growth: up green, down red, otherwise grey. */
export function growthTagType(pct: number | null | undefined): 'success' | 'danger' | 'info' {
  const tone = growthTone(pct)
  return tone === 'up' ? 'success' : tone === 'down' ? 'danger' : 'info'
}

/** The arrow before a growth: ↑ ↓, or nothing. */
export function growthArrow(pct: number | null | undefined): string {
  const tone = growthTone(pct)
  return tone === 'up' ? '↑' : tone === 'down' ? '↓' : ''
}

function grouped(value: number, decimals: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value)
}

/** Integer fen → 元 with two decimals, grouped: 5932150 → `59,321.50`. Exact for any safe integer. */
export function yuanText(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (!finite(fen)) return EMPTY
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.floor(abs / 100))
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}

/** Integer fen → 万元 with two decimals (rounded): 5932150 → `5.93`. */
export function wanYuanText(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (!finite(fen)) return EMPTY
  return grouped(fen / 1_000_000, 2, locale)
}

/** 1万元 in fen: from here on the card shows 万元. */
export const WAN_YUAN_FEN = 1_000_000

/** The money on a card: 万元 from 1万元 up, 元 below; the other unit goes underneath. */
export function moneyFigure(fen: number | null | undefined, locale = 'zh-CN'): { value: string; unit: 'yuan' | 'wanYuan' } {
  if (finite(fen) && Math.abs(fen) >= WAN_YUAN_FEN) return { value: wanYuanText(fen, locale), unit: 'wanYuan' }
  return { value: yuanText(fen, locale), unit: 'yuan' }
}

/** A ratio with one decimal (grouped), `—` when the server sent null. */
export function ratioText(v: number | null | undefined, locale = 'zh-CN', decimals = 1): string {
  if (!finite(v)) return EMPTY
  return grouped(v, decimals, locale)
}

/** A percentage (0–100) with one decimal and the sign: `86.4%`; `—` for null. */
export function percentText(v: number | null | undefined, locale = 'zh-CN'): string {
  if (!finite(v)) return EMPTY
  return `${ratioText(v, locale)}%`
}

/** What an el-progress bar can show: 0–100, one decimal. */
export function progressValue(v: number | null | undefined): number {
  if (!finite(v)) return 0
  return Math.min(100, Math.max(0, Math.round(v * 10) / 10))
}

/** part / whole as a percentage with one decimal; null when there is nothing to divide by. */
export function shareOf(part: number | null | undefined, whole: number | null | undefined): number | null {
  if (!finite(part) || !finite(whole) || whole === 0) return null
  return Math.round((part / whole) * 1000) / 10
}
