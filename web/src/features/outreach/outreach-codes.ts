import type { Schemas } from '@/shared/api/types'
import { codeList } from '@/shared/api/code-list'
import type { Translator } from '@/shared/api/errors'
import { EMPTY } from '@/shared/format'

/** Codes of door-knocking outreach (docs/outreach.md), in the order the console offers them. */

export type CampaignStatus = Schemas['CampaignStatus']
export const CAMPAIGN_STATUSES = codeList<CampaignStatus>()(['draft', 'active', 'ended'])

export type VisitMode = Schemas['VisitMode']
export const VISIT_MODES = codeList<VisitMode>()(['home', 'phone', 'video'])

export const CHECK_ITEMS = ['health', 'home_safety', 'heating', 'food', 'school', 'mood'] as const
export type CheckItem = (typeof CHECK_ITEMS)[number]

export type CheckValue = Schemas['CheckValue']
export const CHECK_VALUES = codeList<CheckValue>()(['ok', 'concern', 'na'])

export type Checks = Record<CheckItem, CheckValue>

export type NeedCategory = Schemas['NeedCategory']
export const NEED_CATEGORIES = codeList<NeedCategory>()(['medical', 'daily_care', 'family', 'hygiene', 'safety', 'education', 'economic', 'other'])

export type Urgency = Schemas['NeedUrgency']
export const URGENCIES = codeList<Urgency>()(['low', 'normal', 'urgent'])

export type NeedState = Schemas['NeedState']
export const NEED_STATES = codeList<NeedState>()(['raised', 'linked', 'in_progress', 'resolved', 'referred', 'closed'])

export type ResourceKind = Schemas['ResourceKind']
export const RESOURCE_KINDS = codeList<ResourceKind>()(['referral', 'money', 'goods', 'service'])

export type DueState = Schemas['DueState']
export const DUE_STATES = codeList<DueState>()(['overdue', 'due', 'ok'])

export const RISK_KEYS = ['high', 'medium', 'low'] as const
export type VisitRule = Record<(typeof RISK_KEYS)[number], number>
/** 高风险每周, 重点每月, 一般每季度. */
export const DEFAULT_VISIT_RULE: Readonly<VisitRule> = { high: 7, medium: 30, low: 90 }

/** The kinds of code that have labels, and their i18n tables under `outreach.codes`. */
const CODE_LISTS = {
  status: CAMPAIGN_STATUSES,
  mode: VISIT_MODES,
  check: CHECK_ITEMS,
  checkValue: CHECK_VALUES,
  needCategory: NEED_CATEGORIES,
  urgency: URGENCIES,
  needState: NEED_STATES,
  resourceKind: RESOURCE_KINDS,
  dueState: DUE_STATES,
} as const
export type OutreachCodeKind = keyof typeof CODE_LISTS

/** 中文 label of a code (`outreachLabel('mode', 'home')` → 上门); unknown codes show as they are. */
export function outreachLabel(kind: OutreachCodeKind, code: string | null | undefined, tr: Translator): string {
  if (code === null || code === undefined || code === '') return EMPTY
  if (!(CODE_LISTS[kind] as readonly string[]).includes(code)) return code
  const key = `outreach.codes.${kind}.${code}`
  return tr.te(key) ? tr.t(key) : code
}

/**
 * A blank set of checks: everything 正常 until the worker says otherwise, except 就学,
 * which is 不适用 unless the household has a child of school age (6–18).
 */
export function blankChecks(memberAges: readonly (number | null | undefined)[] = []): Checks {
  const schoolAge = memberAges.some((a) => typeof a === 'number' && a >= 6 && a <= 18)
  return { health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: schoolAge ? 'ok' : 'na', mood: 'ok' }
}

/** The checks that need attention, in the form's order. */
export function concerns(checks: Partial<Record<string, string>> | null | undefined): CheckItem[] {
  if (!checks) return []
  return CHECK_ITEMS.filter((c) => checks[c] === 'concern')
}

// ---- Need state machine -------------------------------------------------------------

/** The states a need is still being worked on in. */
export const OPEN_NEED_STATES: readonly NeedState[] = ['raised', 'linked', 'in_progress']
/** No move leaves these. */
export const FINAL_NEED_STATES: readonly NeedState[] = ['resolved', 'referred', 'closed']
/** Moves that need a reason. */
export const REASON_REQUIRED: readonly NeedState[] = ['referred', 'closed']

/**
 * raised → linked → in_progress → resolved, where a step may be skipped (raised → in progress,
 * linked → resolved, as the server allows); any of the first three → referred or closed.
 * Linking a resource moves a raised need to linked by itself.
 */
const NEXT: Readonly<Record<NeedState, readonly NeedState[]>> = {
  raised: ['linked', 'in_progress', 'referred', 'closed'],
  linked: ['in_progress', 'resolved', 'referred', 'closed'],
  in_progress: ['resolved', 'referred', 'closed'],
  resolved: [],
  referred: [],
  closed: [],
}

/** The moves the state machine allows from `state` (none for an unknown state). */
export function allowedTransitions(state: string | null | undefined): readonly NeedState[] {
  return (NEED_STATES as readonly string[]).includes(state ?? '') ? NEXT[state as NeedState] : []
}

export function isOpenNeed(state: string | null | undefined): boolean {
  return (OPEN_NEED_STATES as readonly string[]).includes(state ?? '')
}

export function needsReason(to: string): boolean {
  return (REASON_REQUIRED as readonly string[]).includes(to)
}

/**
 * The value a resource of this kind may carry, as the server checks it: a referral none, money
 * and goods more than nothing, a service anything. An i18n key when the value does not fit.
 */
export function resourceValueProblem(kind: ResourceKind, fen: number | null): string | null {
  if (fen === null) return 'outreach.needs.valueInvalid'
  if (kind === 'referral') return fen === 0 ? null : 'outreach.needs.referralNoValue'
  if ((kind === 'money' || kind === 'goods') && fen <= 0) return 'outreach.needs.valueRequired'
  return null
}

// ---- Tag colours ----------------------------------------------------------------------

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** 已逾期 red, 即将到期 orange, 正常 green. */
export function dueTagType(due: string | null | undefined): TagType {
  if (due === 'overdue') return 'danger'
  if (due === 'due') return 'warning'
  if (due === 'ok') return 'success'
  return 'info'
}

export function urgencyTagType(u: string | null | undefined): TagType {
  if (u === 'urgent') return 'danger'
  if (u === 'normal') return 'warning'
  return 'info'
}

export function needStateTagType(s: string | null | undefined): TagType {
  switch (s) {
    case 'raised':
      return 'danger'
    case 'linked':
      return 'warning'
    case 'in_progress':
      return 'primary'
    case 'resolved':
      return 'success'
    default:
      return 'info'
  }
}

export function statusTagType(s: string | null | undefined): TagType {
  if (s === 'active') return 'success'
  if (s === 'draft') return 'warning'
  return 'info'
}

export function checkTagType(v: string | null | undefined): TagType {
  if (v === 'concern') return 'danger'
  if (v === 'ok') return 'success'
  return 'info'
}

// ---- Money ------------------------------------------------------------------------------

/**
 * Yuan as typed (`500`, `500.5`, `1,200.00`, `¥12.30`) → integer fen, without floating-point
 * error; null when it is not an amount of at most two decimals. Negative amounts are refused.
 */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  const text = String(input).trim().replace(/^[¥￥]/, '').replace(/,/g, '').trim()
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(text)
  if (!m) return null
  const yuan = Number(m[1])
  const cents = Number((m[2] ?? '').padEnd(2, '0'))
  return yuan * 100 + cents
}

/** Integer fen → `500.00` (no grouping, for an input box). */
export function fenToYuanText(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// ---- Dates ------------------------------------------------------------------------------

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return t.toISOString().slice(0, 10)
}

/** A time for the API: ISO 8601 UTC to the second (`2024-01-05T02:30:00Z`). */
export function apiTime(d: Date | number | string): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Percentage with no decimals, `—` when there is nothing to divide by. */
export function percent(part: number | null | undefined, whole: number | null | undefined): string {
  if (!whole || part === null || part === undefined) return EMPTY
  return `${Math.round((part / whole) * 100)}%`
}
