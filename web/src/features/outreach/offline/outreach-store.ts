import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { liveQuery, type Subscription } from 'dexie'
import { useAuthStore } from '@/features/auth/auth-store'
import { assignmentsApi, campaignsApi, visitsApi, type Target, type VisitBody } from '../outreach-api'
import { Outbox, type FlushReport } from './outbox'
import { OutreachDb, type OutboxEntry, type OutboxSummary } from './outreach-db'
import { TargetCache, type CachedCampaign } from './target-cache'

/** Rounds of the outbox while the app is open (besides app start, the `online` event and each submission). */
export const FLUSH_INTERVAL_MS = 60_000

let db: OutreachDb | null = null
/** The one database of the app, opened on first use (never in unit tests of other modules). */
function database(): OutreachDb {
  db ??= new OutreachDb()
  return db
}

const online = () => (typeof navigator === 'undefined' ? true : navigator.onLine)

/**
 * The outbox and the cached targets of the signed-in worker, for the pages and the
 * header's 待上传 badge. The list of entries follows IndexedDB live (other tabs too).
 */
export const useOutreachStore = defineStore('outreach', () => {
  const auth = useAuthStore()
  const outbox = new Outbox(database(), { send: (body) => visitsApi.create(body), isOnline: online })
  const cache = new TargetCache(database())

  const isOnline = ref(online())
  const entries = shallowRef<OutboxEntry[]>([])
  const flushing = ref(false)
  const lastReport = shallowRef<FlushReport | null>(null)
  /** Counts the syncs of the assigned targets, for pages that show them to read them again. */
  const syncs = ref(0)
  /** The account whose data is shown; null when signed out (or a role without visits). */
  const user = computed(() => (auth.user && auth.can('write', 'visit') ? auth.user.id : null))
  const pendingCount = computed(() => entries.value.length)

  let sub: Subscription | null = null
  watch(
    user,
    (u) => {
      sub?.unsubscribe()
      sub = null
      entries.value = []
      if (!u) return
      sub = liveQuery(() => outbox.list(u)).subscribe({
        next: (rows) => {
          entries.value = rows
        },
        error: () => {
          entries.value = []
        },
      })
    },
    { immediate: true },
  )

  /** Sends what is queued; the report of the round (null when there is no one to send for). */
  async function flush(): Promise<FlushReport | null> {
    const u = user.value
    if (!u) return null
    flushing.value = true
    try {
      const report = await outbox.flush(u)
      lastReport.value = report
      // The due dates have moved: read the list again.
      if (report.sent.length > 0) void syncTargets().catch(() => undefined)
      return report
    } finally {
      flushing.value = false
    }
  }

  /** Writes the visit to the outbox, then tries to send it at once. */
  async function submit(body: VisitBody, summary: OutboxSummary): Promise<{ entry: OutboxEntry; report: FlushReport | null }> {
    const u = user.value
    if (!u) throw new Error('not signed in as a worker')
    const entry = await outbox.enqueue(u, body, summary)
    const report = await flush().catch(() => null)
    return { entry, report }
  }

  async function retry(id: string): Promise<FlushReport | null> {
    const u = user.value
    if (!u) return null
    flushing.value = true
    try {
      const report = await outbox.retry(u, id)
      lastReport.value = report
      return report
    } finally {
      flushing.value = false
    }
  }

  function discard(id: string): Promise<boolean> {
    const u = user.value
    return u ? outbox.discard(u, id) : Promise.resolve(false)
  }

  /** Reads the worker's targets (and the active campaigns' names and periods) and keeps them on the phone. */
  async function syncTargets(): Promise<number> {
    const u = user.value
    if (!u) return 0
    const mine = await assignmentsApi.mine()
    let campaigns: CachedCampaign[] | undefined
    try {
      const res = await campaignsApi.list({ status: 'active' }, { page: 1, page_size: 200 })
      campaigns = res.items.map((c) => ({ id: c.id, name: c.name, starts_on: c.starts_on, ends_on: c.ends_on }))
    } catch {
      campaigns = undefined
    }
    if (user.value !== u) return 0
    await cache.replaceMine(u, mine.items, campaigns)
    syncs.value++
    return mine.items.length
  }

  /** Keeps a target opened from a list so that its form opens without the network. */
  async function rememberTarget(t: Target): Promise<void> {
    if (user.value) await cache.remember(user.value, t)
  }

  const getEntry = (id: string) => outbox.get(id)
  const pendingFor = (targetId: string) => entries.value.filter((e) => e.body.target_id === targetId)

  // ---- Starting: the `online` and `offline` events and a timer ----
  let started = false
  function start(): void {
    if (started || typeof window === 'undefined') return
    started = true
    window.addEventListener('online', () => {
      isOnline.value = true
      void flush().catch(() => undefined)
      void syncTargets().catch(() => undefined)
    })
    window.addEventListener('offline', () => {
      isOnline.value = false
    })
    setInterval(() => {
      isOnline.value = online()
      if (isOnline.value && pendingCount.value > 0) void flush().catch(() => undefined)
    }, FLUSH_INTERVAL_MS)
    // App start, and each sign-in.
    watch(
      user,
      (u) => {
        if (!u || !online()) return
        void flush().catch(() => undefined)
        void syncTargets().catch(() => undefined)
      },
      { immediate: true },
    )
  }

  return {
    isOnline,
    entries,
    pendingCount,
    flushing,
    lastReport,
    syncs,
    user,
    cache,
    flush,
    submit,
    retry,
    discard,
    syncTargets,
    rememberTarget,
    pendingFor,
    getEntry,
    start,
  }
})
