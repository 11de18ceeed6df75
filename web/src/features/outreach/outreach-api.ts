import { api } from '@/shared/api/client'
import type { Query } from '@/shared/api/http'
import type { ItemList, Page, Schemas } from '@/shared/api/types'
import { NEED_CATEGORIES, NEED_STATES } from './outreach-codes'
import type { DueState, NeedCategory, NeedState, ResourceKind } from './outreach-codes'

/** Shapes of the outreach API (docs/outreach.md). Money is integer fen; dates `YYYY-MM-DD`; times ISO 8601 UTC. */

export type Campaign = Schemas['Campaign']

export type CampaignCreate = Schemas['CampaignCreate']

export type TargetMember = Schemas['TargetMember']

export type Target = Schemas['Target']

export type VisitLocation = Schemas['Location']

export type NeedDraft = Schemas['NeedInput']

/** The body of POST /visits, as it sits in the outbox. */
export type VisitBody = Required<Schemas['VisitCreate']>

/** The body of PUT /visits/{id}: a correction (needs are not corrected this way). */
export type VisitCorrection = Required<Schemas['VisitUpdate']>

export type Visit = Schemas['Visit']
/** GET /visits/{id}: the visit with every earlier version. */
export type VisitDetail = Schemas['VisitDetail']

export type VisitVersion = Schemas['VisitVersion']

export type NeedTransition = Schemas['NeedTransition']

export type NeedResource = Schemas['NeedResource']

export type Need = Schemas['Need']

export type CoverageFigures = Schemas['CoverageCounts']

export type CoverageRow = Schemas['CoverageRow']

export type Coverage = Schemas['Coverage']

export type CoverageBy = 'region' | 'worker'

export interface PageParams {
  page: number
  page_size: number
  sort?: string
}

/** The filters of the targets table, as the campaign page holds them. */
export interface TargetFilters {
  q: string
  region: string | null
  grid_id: string | null
  worker_id: string | null
  unassigned: boolean
  due_state: DueState | ''
  visited: '' | 'true' | 'false'
}

export function blankTargetFilters(): TargetFilters {
  return { q: '', region: null, grid_id: null, worker_id: null, unassigned: false, due_state: '', visited: '' }
}

/** The filters as GET /campaigns/{id}/targets takes them; empty ones are left out. */
export function targetFilterQuery(f: TargetFilters): Query {
  return {
    q: f.q.trim() || undefined,
    region: f.region || undefined,
    grid_id: f.grid_id || undefined,
    // "Unassigned" and a worker exclude each other: unassigned wins.
    worker_id: f.unassigned ? undefined : f.worker_id || undefined,
    unassigned: f.unassigned ? 'true' : undefined,
    due_state: f.due_state || undefined,
    visited: f.visited || undefined,
  }
}

export interface NeedFilters {
  campaign_id: string
  state: NeedState | ''
  overdue: boolean
  category: NeedCategory | ''
  /** Only the open ones (raised, linked, in progress). */
  open: boolean
}

export function blankNeedFilters(): NeedFilters {
  return { campaign_id: '', state: '', overdue: false, category: '', open: false }
}

/** The board's filters named in its address (`?category=medical&state=resolved`, `?open=true`); anything else is left blank. */
export function needFiltersFromQuery(query: Record<string, unknown>): NeedFilters {
  const f = blankNeedFilters()
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '')
  if ((NEED_CATEGORIES as readonly string[]).includes(s('category'))) f.category = s('category') as NeedCategory
  if ((NEED_STATES as readonly string[]).includes(s('state'))) f.state = s('state') as NeedState
  f.open = s('open') === 'true' && !f.state
  f.overdue = s('overdue') === 'true'
  return f
}

export function needFilterQuery(f: NeedFilters, region: string | null | undefined): Query {
  return {
    campaign_id: f.campaign_id || undefined,
    region: region || undefined,
    state: f.state || undefined,
    overdue: f.overdue ? 'true' : undefined,
    open: f.open && !f.state ? 'true' : undefined,
    category: f.category || undefined,
  }
}

/** Who assignments go to: `worker_id: null` unassigns. */
export type AssignmentBody = { worker_id: string | null; target_ids: string[] } | { worker_id: string | null; grid_id: string }

const enc = encodeURIComponent

export const campaignsApi = {
  list: (query: Query, p: PageParams) => api.get<Page<Campaign>>('/campaigns', { ...query, ...p }),
  get: (id: string) => api.get<Campaign>(`/campaigns/${enc(id)}`),
  /** 201; 200 on an identical replay of `id`. */
  create: (body: CampaignCreate) => api.post<Campaign>('/campaigns', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<Campaign>(`/campaigns/${enc(id)}`, body),
  start: (id: string, version: number) => api.post<Campaign>(`/campaigns/${enc(id)}/start`, { version }),
  end: (id: string, version: number) => api.post<Campaign>(`/campaigns/${enc(id)}/end`, { version }),
  refresh: (id: string) => api.post<{ joined: number }>(`/campaigns/${enc(id)}/refresh`, {}),
  targets: (id: string, query: Query, p: PageParams) => api.get<Page<Target>>(`/campaigns/${enc(id)}/targets`, { ...query, ...p }),
  assign: (id: string, body: AssignmentBody) => api.post<{ assigned: number }>(`/campaigns/${enc(id)}/assignments`, body),
  coverage: (id: string, region: string | null | undefined, by: CoverageBy) =>
    api.get<Coverage>(`/campaigns/${enc(id)}/coverage`, { region: region || undefined, by }),
}

export const assignmentsApi = {
  /** The caller's targets in every active campaign, soonest due first (at most 2,000). */
  mine: () => api.get<ItemList<Target>>('/assignments/mine'),
}

export const visitsApi = {
  /** 201 with the visit; 200 with the stored one on an identical replay; 409 `conflict` when the id holds another visit. */
  create: (body: VisitBody) => api.post<Visit>('/visits', body),
  list: (query: Query, p: PageParams) => api.get<Page<Visit>>('/visits', { ...query, ...p }),
  get: (id: string) => api.get<VisitDetail>(`/visits/${enc(id)}`),
  /** 409 `version_conflict` with `current` and `submitted`. */
  correct: (id: string, body: VisitCorrection) => api.put<Visit>(`/visits/${enc(id)}`, body),
}

export const needsApi = {
  list: (query: Query, p: PageParams) => api.get<Page<Need>>('/needs', { ...query, ...p }),
  get: (id: string) => api.get<Need>(`/needs/${enc(id)}`),
  transition: (id: string, body: { id: string; to: NeedState; reason?: string; version: number }) =>
    api.post<Need>(`/needs/${enc(id)}/transitions`, body),
  addResource: (id: string, body: { id: string; kind: ResourceKind; provider: string; value_fen: number; description: string; version: number }) =>
    api.post<Need>(`/needs/${enc(id)}/resources`, body),
}
