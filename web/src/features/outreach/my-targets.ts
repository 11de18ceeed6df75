import { addDays } from './outreach-codes'
import type { DueState } from './outreach-codes'
import type { Target } from './outreach-api'

/** A target's due date and state; a target cached by an older console may lack the date. */
export type DueDates = { next_due_on: Target['next_due_on'] | null; due_state: Target['due_state'] | null }

/**
 * The due state of a target on `today` (docs/outreach.md, Visit rule): overdue when its
 * next visit was due before today, due when it falls within the next 7 days, else ok.
 * Worked out on the phone so that a list read days ago offline is still right; the
 * server's `due_state` is used when the target has no due date.
 */
export function dueStateOn(t: DueDates, today: string): DueState | null {
  if (!t.next_due_on) return t.due_state ?? null
  if (t.next_due_on < today) return 'overdue'
  if (t.next_due_on <= addDays(today, 7)) return 'due'
  return 'ok'
}

const RANK: Record<DueState, number> = { overdue: 0, due: 1, ok: 2 }

/** What is due first: overdue, then due soon, then the rest; by due date, then address. */
export function sortByDue<T extends DueDates & Pick<Target, 'address'>>(targets: readonly T[], today: string): T[] {
  const rank = (t: T) => {
    const s = dueStateOn(t, today)
    return s ? RANK[s] : 3
  }
  return [...targets].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.next_due_on ?? '9999-12-31').localeCompare(b.next_due_on ?? '9999-12-31') ||
      a.address.localeCompare(b.address, 'zh-CN'),
  )
}

/** Days from `today` to `date` (negative when past). */
export function daysUntil(date: string, today: string): number {
  const ms = (d: string) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number]
    return Date.UTC(y, m - 1, day)
  }
  return Math.round((ms(date) - ms(today)) / 86_400_000)
}
