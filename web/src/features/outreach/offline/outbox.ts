import { ApiError, CLIENT_ERROR_CODES, PASSWORD_CHANGE_REQUIRED, TOTP_ENROLMENT_REQUIRED } from '@/shared/api/errors'
import type { VisitBody } from '../outreach-api'
import type { OutboxEntry, OutboxError, OutboxSummary, OutreachDb } from './outreach-db'

/**
 * The outbox of visits (docs/outreach.md, Visits). A submitted visit is written here
 * first and sent afterwards, in the order it was recorded; only the server's acceptance
 * takes it out:
 *
 * - 201 (recorded) or 200 (the same visit was recorded before: an offline replay) → removed;
 * - no answer (offline, network error) → kept, and the round stops;
 * - 401, or a 403 that asks for a new password or a second factor → kept for after the
 *   worker signs in again, and the round stops;
 * - 408 and 429 (the server asks to come back later) → kept, and the round stops;
 * - 5xx → kept with the error shown; the next entries are still tried;
 * - 409 `conflict` (the id holds a different visit, e.g. one corrected since an earlier
 *   send whose answer was lost) → marked `conflict`: shown, never resent by itself;
 * - any other 4xx (the server refuses the content: a time outside the campaign, a person
 *   who is not a member, no permission) → marked `failed` with the server's message.
 *
 * Nothing is ever dropped but by `discard`, which the worker confirms.
 */

/** Sends one visit; resolves when the server answered 2xx, throws an ApiError otherwise. */
export type VisitSender = (body: VisitBody) => Promise<unknown>

export interface OutboxOptions {
  send: VisitSender
  /** `navigator.onLine`; when false a round does not even try. */
  isOnline?: () => boolean
  now?: () => number
}

/** Why a round stopped before the end of the queue. */
export type StopReason = 'offline' | 'network' | 'unauthorized' | 'busy'

export interface FlushReport {
  /** Ids accepted by the server and removed. */
  sent: string[]
  /** Ids refused (4xx) and marked failed. */
  failed: string[]
  /** Ids whose id holds another visit on the server. */
  conflicts: string[]
  /** Ids tried and kept for a later round (network error, 5xx, 401…). */
  kept: string[]
  stopped: StopReason | null
}

/** What to do with an entry after a failed send. */
export type Disposition =
  | { action: 'keep'; stop: StopReason | null }
  | { action: 'fail' }
  | { action: 'conflict' }

/** How a failed send is treated (see the module comment). */
export function dispositionOf(err: unknown): Disposition {
  if (!(err instanceof ApiError) || err.status === 0 || err.code === CLIENT_ERROR_CODES.network) return { action: 'keep', stop: 'network' }
  const s = err.status
  if (s === 401) return { action: 'keep', stop: 'unauthorized' }
  if (s === 403 && (err.code === PASSWORD_CHANGE_REQUIRED || err.code === TOTP_ENROLMENT_REQUIRED)) return { action: 'keep', stop: 'unauthorized' }
  if (s === 408 || s === 429) return { action: 'keep', stop: 'busy' }
  if (s === 409) return { action: 'conflict' }
  if (s >= 400 && s < 500) return { action: 'fail' }
  return { action: 'keep', stop: null }
}

export function errorOf(err: unknown): OutboxError {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message }
  return { status: 0, code: CLIENT_ERROR_CODES.network, message: err instanceof Error ? err.message : String(err) }
}

/** Queue order: when recorded, then id (UUIDv7, time-ordered). */
function byQueueOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.queued_at - b.queued_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

const emptyReport = (stopped: StopReason | null = null): FlushReport => ({ sent: [], failed: [], conflicts: [], kept: [], stopped })

export class Outbox {
  private readonly db: OutreachDb
  private readonly send: VisitSender
  private readonly isOnline: () => boolean
  private readonly now: () => number
  /** One round at a time per account; a request during a round joins it. */
  private readonly rounds = new Map<string, Promise<FlushReport>>()

  constructor(db: OutreachDb, opts: OutboxOptions) {
    this.db = db
    this.send = opts.send
    this.isOnline = opts.isOnline ?? (() => true)
    this.now = opts.now ?? (() => Date.now())
  }

  /**
   * Puts a visit in the outbox (before any attempt to send it). Enqueuing the same visit
   * id again replaces the body of an entry not yet accepted and queues it again.
   */
  async enqueue(user: string, body: VisitBody, summary: OutboxSummary): Promise<OutboxEntry> {
    const existing = await this.db.outbox.get(body.id)
    if (existing && existing.user !== user) throw new Error(`visit ${body.id} belongs to another account`)
    const entry: OutboxEntry = {
      id: body.id,
      user,
      queued_at: existing?.queued_at ?? this.now(),
      body: structuredClone(body),
      summary: structuredClone(summary),
      state: 'queued',
      attempts: existing?.attempts ?? 0,
      last_attempt_at: existing?.last_attempt_at ?? null,
      error: null,
    }
    await this.db.outbox.put(entry)
    return entry
  }

  /** The account's entries in queue order. */
  async list(user: string): Promise<OutboxEntry[]> {
    const rows = await this.db.outbox.where('user').equals(user).toArray()
    return rows.sort(byQueueOrder)
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.db.outbox.get(id)
  }

  /** Everything not yet accepted: queued, failed and in conflict. */
  count(user: string): Promise<number> {
    return this.db.outbox.where('user').equals(user).count()
  }

  /**
   * Sends the account's queued entries in order (see the module comment for what each
   * answer does). Failed and conflicting entries wait for `retry`. A call while a round
   * runs gets that round's report.
   */
  flush(user: string): Promise<FlushReport> {
    const running = this.rounds.get(user)
    if (running) return running
    const round = this.round(user).finally(() => this.rounds.delete(user))
    this.rounds.set(user, round)
    return round
  }

  private async round(user: string): Promise<FlushReport> {
    if (!this.isOnline()) return emptyReport('offline')
    const report = emptyReport()
    const tried = new Set<string>()
    for (;;) {
      // Read the queue again each time: entries may be added (or discarded) during the round.
      const next = (await this.list(user)).find((e) => e.state === 'queued' && !tried.has(e.id))
      if (!next) return report
      tried.add(next.id)
      if (!this.isOnline()) {
        report.stopped = 'offline'
        return report
      }
      const at = this.now()
      try {
        await this.send(next.body)
      } catch (err) {
        const d = dispositionOf(err)
        const error = errorOf(err)
        const state = d.action === 'fail' ? 'failed' : d.action === 'conflict' ? 'conflict' : 'queued'
        // The entry may have been discarded while it was on its way: do not bring it back.
        await this.db.outbox.update(next.id, { state, error, attempts: next.attempts + 1, last_attempt_at: at })
        if (d.action === 'fail') report.failed.push(next.id)
        else if (d.action === 'conflict') report.conflicts.push(next.id)
        else {
          report.kept.push(next.id)
          if (d.stop) {
            report.stopped = d.stop
            return report
          }
        }
        continue
      }
      await this.db.outbox.delete(next.id)
      report.sent.push(next.id)
    }
  }

  /** Queues a failed (or conflicting) entry again and starts a round. */
  async retry(user: string, id: string): Promise<FlushReport> {
    const e = await this.db.outbox.get(id)
    if (!e || e.user !== user) return emptyReport()
    await this.db.outbox.update(id, { state: 'queued' })
    return this.flush(user)
  }

  /** Removes an entry for good (the worker confirmed it). */
  async discard(user: string, id: string): Promise<boolean> {
    const e = await this.db.outbox.get(id)
    if (!e || e.user !== user) return false
    await this.db.outbox.delete(id)
    return true
  }
}
