import type { Target } from '../outreach-api'
import { targetKey, type CachedTarget, type OutreachDb } from './outreach-db'

/** A campaign as the phone remembers it: enough to name it and to bound a visit's time. */
export interface CachedCampaign {
  id: string
  name: string
  starts_on: string
  ends_on: string
}

const syncedKey = (user: string) => `${user}|mine_synced_at`
const campaignsKey = (user: string) => `${user}|campaigns`

/**
 * The targets a worker may open the visit form for without a network: their assigned
 * targets (replaced on each sync from GET /assignments/mine), and any other target they
 * opened from a list (kept until the next sync, so the form can be filled for it too).
 */
export class TargetCache {
  private readonly db: OutreachDb
  private readonly now: () => number

  constructor(db: OutreachDb, now: () => number = () => Date.now()) {
    this.db = db
    this.now = now
  }

  /** Replaces the account's assigned targets with a fresh list from the server. */
  async replaceMine(user: string, targets: readonly Target[], campaigns?: readonly CachedCampaign[]): Promise<void> {
    const at = this.now()
    await this.db.transaction('rw', this.db.targets, this.db.meta, async () => {
      await this.db.targets.where('user').equals(user).delete()
      await this.db.targets.bulkPut(targets.map((t) => ({ ...structuredClone(t), key: targetKey(user, t.campaign_id, t.target_id), user, mine: 1 as const, synced_at: at })))
      await this.db.meta.put({ key: syncedKey(user), value: at })
      if (campaigns) await this.db.meta.put({ key: campaignsKey(user), value: campaigns.map((c) => ({ ...c })) })
    })
  }

  /** Keeps a target opened from a list (not assigned to the account) until the next sync. */
  async remember(user: string, target: Target): Promise<void> {
    const key = targetKey(user, target.campaign_id, target.target_id)
    const existing = await this.db.targets.get(key)
    await this.db.targets.put({ ...structuredClone(target), key, user, mine: existing?.mine ?? 0, synced_at: this.now() })
  }

  /** The account's assigned targets, in the order the server gave them. */
  async mine(user: string): Promise<CachedTarget[]> {
    return this.db.targets.where('[user+mine]').equals([user, 1]).toArray()
  }

  get(user: string, campaignId: string, targetId: string): Promise<CachedTarget | undefined> {
    return this.db.targets.get(targetKey(user, campaignId, targetId))
  }

  /** Any cached copy of a target (of whichever campaign), for naming its members. */
  async anyOf(user: string, targetId: string): Promise<CachedTarget | undefined> {
    return this.db.targets.where('[user+target_id]').equals([user, targetId]).first()
  }

  /** When the assigned targets were last read from the server (ms), or null. */
  async lastSync(user: string): Promise<number | null> {
    const row = await this.db.meta.get(syncedKey(user))
    return typeof row?.value === 'number' ? row.value : null
  }

  async campaigns(user: string): Promise<CachedCampaign[]> {
    const row = await this.db.meta.get(campaignsKey(user))
    return Array.isArray(row?.value) ? (row.value as CachedCampaign[]) : []
  }
}
