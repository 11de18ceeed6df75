import { api } from '@/shared/api/client'
import type { Query } from '@/shared/api/http'
import type { ItemList, Page, Schemas } from '@/shared/api/types'
import type { Category } from './person-codes'

/**
 * A person as listed (docs/persons.md, `PersonSummary`). Times are ISO 8601 text
 * (`2026-11-29T13:27:56.451Z`); absent text fields are empty strings.
 */
export type PersonSummary = Schemas['PersonSummary']

export type Guardian = PersonDetail['guardians'][number]

/** One line of a person's category history (newest first, ended ones included). */
export type CategoryEntry = Schemas['CategoryEntry']

export type PersonDetail = Schemas['PersonDetail']

/** POST /persons/{id}/reveal: null where the person has none. */
export type Revealed = Schemas['Revealed']

export const PERSON_SORTS = ['name', 'birth_date', 'created_at', 'updated_at', 'risk_level', 'region_code'] as const

/** The filters of the persons list, as the page holds them. */
export interface PersonFilters {
  q: string
  /** A region picked in the filter bar; null = the page's scope. */
  region: string | null
  category: string
  /** YYYY-MM-DD: the category held on that day (server default: today). */
  on: string | null
  risk_level: string
  include_merged: boolean
  household_id?: string
}

export function blankPersonFilters(): PersonFilters {
  return { q: '', region: null, category: '', on: null, risk_level: '', include_merged: false }
}

/**
 * The filters named in the list's address: `?category=tekun&on=2026-03-31` (a figure of the
 * dashboard: who held the category on the last day of its period). The region comes as the
 * scope (see the router); anything malformed is left blank.
 */
export function personFiltersFromQuery(query: Record<string, unknown>): PersonFilters {
  const f = blankPersonFilters()
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '')
  if (/^[a-z0-9_]{1,64}$/.test(s('category'))) f.category = s('category')
  if (/^\d{4}-\d{2}-\d{2}$/.test(s('on'))) f.on = s('on')
  return f
}

/** The filters as GET /persons (and its export) takes them; empty ones are left out. */
export function personFilterQuery(f: PersonFilters, scopeCode: string | null | undefined): Query {
  return {
    q: f.q.trim() || undefined,
    region: f.region || scopeCode || undefined,
    category: f.category || undefined,
    on: f.on || undefined,
    risk_level: f.risk_level || undefined,
    household_id: f.household_id || undefined,
    include_merged: f.include_merged ? 'true' : undefined,
  }
}

export interface ExportOptions {
  unmasked: boolean
  purpose: string
  sort?: string
}

/**
 * The query of GET /persons/export: the list's filters and sort, the purpose when
 * given, and `unmasked=true` only when asked for (the server wants a purpose then).
 */
export function personExportQuery(f: PersonFilters, scopeCode: string | null | undefined, o: ExportOptions): Query {
  return {
    ...personFilterQuery(f, scopeCode),
    sort: o.sort || undefined,
    purpose: o.purpose.trim() || undefined,
    unmasked: o.unmasked ? 'true' : undefined,
  }
}

export interface PersonPageParams {
  page: number
  page_size: number
  sort?: string
}

const enc = encodeURIComponent

export const personsApi = {
  list: (query: Query, p: PersonPageParams) => api.get<Page<PersonSummary>>('/persons', { ...query, ...p }),
  get: (id: string, purpose?: string) => api.get<PersonDetail>(`/persons/${enc(id)}`, { purpose }),
  /** 201; 409 duplicate_person (`existing_id`) or possible_duplicate (`candidates`). */
  create: (body: Record<string, unknown>) => api.post<PersonDetail>('/persons', body),
  /** 409 version_conflict with `current`. */
  update: (id: string, body: Record<string, unknown>) => api.patch<PersonDetail>(`/persons/${enc(id)}`, body),
  reveal: (id: string, purpose: string) => api.post<Revealed>(`/persons/${enc(id)}/reveal`, { purpose }),
  duplicates: (id: string) => api.get<{ items: PersonSummary[] }>(`/persons/${enc(id)}/duplicates`),
  addCategory: (id: string, body: { category: string; start_date: string; end_date?: string; document?: string }) =>
    api.post<CategoryEntry>(`/persons/${enc(id)}/categories`, body),
  /** `document: ""` clears it (a null one is ignored by the server). */
  updateCategory: (id: string, entryId: string, body: { end_date?: string | null; document?: string }) =>
    api.patch<CategoryEntry>(`/persons/${enc(id)}/categories/${enc(entryId)}`, body),
  /** `otherId` is merged into `id`; answers the survivor. */
  merge: (id: string, otherId: string, reason: string) => api.post<PersonDetail>(`/persons/${enc(id)}/merge`, { other_id: otherId, reason }),
  unmerge: (id: string, reason: string) => api.post<PersonDetail>(`/persons/${enc(id)}/unmerge`, { reason }),
  export: (query: Query) => api.download('/persons/export', query),
}

export const categoriesApi = {
  list: () => api.get<ItemList<Category> | { items: Category[] }>('/categories'),
}
