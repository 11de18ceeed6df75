import Dexie, { type DexieOptions, type EntityTable } from 'dexie'
import type { Target, VisitBody } from '../outreach-api'

/**
 * What the phone keeps in IndexedDB for door-knocking work without a network: the
 * worker's assigned targets (refreshed from GET /assignments/mine when online), the
 * outbox of visits not yet accepted by the server, and a few facts about the last sync.
 * Every row carries the id of the account it belongs to: two people who share a phone
 * see and send only their own.
 */

/** A target as cached for one account. `mine` is 1 for the assigned ones (IndexedDB cannot index booleans). */
export interface CachedTarget extends Target {
  /** `${user}|${campaign_id}|${target_id}` */
  key: string
  user: string
  mine: 0 | 1
  synced_at: number
}

/** Where an outbox entry stands: waiting to be sent, refused by the server, or its id taken by another visit. */
export type OutboxState = 'queued' | 'failed' | 'conflict'

/** What the server said the last time the entry was sent (status 0: no answer at all). */
export interface OutboxError {
  status: number
  code: string
  message: string
}

/** What the pending list shows about a visit without asking the server. */
export interface OutboxSummary {
  address: string
  campaign_name: string
  members: string[]
}

export interface OutboxEntry {
  /** The visit's own id (UUIDv7): the key, and what makes a resend a harmless replay. */
  id: string
  user: string
  queued_at: number
  body: VisitBody
  summary: OutboxSummary
  state: OutboxState
  attempts: number
  last_attempt_at: number | null
  error: OutboxError | null
}

/** Small facts kept per account: the time of the last sync, the active campaigns' names and periods. */
export interface MetaRow {
  key: string
  value: unknown
}

export const OUTREACH_DB_NAME = 'shegong-outreach'

export class OutreachDb extends Dexie {
  targets!: EntityTable<CachedTarget, 'key'>
  outbox!: EntityTable<OutboxEntry, 'id'>
  meta!: EntityTable<MetaRow, 'key'>

  /** `options` lets the tests hand in fake-indexeddb. */
  constructor(name: string = OUTREACH_DB_NAME, options?: DexieOptions) {
    super(name, options)
    this.version(1).stores({
      targets: 'key, user, [user+mine], [user+target_id]',
      outbox: 'id, user, [user+queued_at], [user+state]',
      meta: 'key',
    })
  }
}

export const targetKey = (user: string, campaignId: string, targetId: string) => `${user}|${campaignId}|${targetId}`
