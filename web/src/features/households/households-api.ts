import { api } from '@/shared/api/client'
import type { Page, Schemas } from '@/shared/api/types'

/** A household as listed (docs/persons.md, HouseholdSummary). Times are ISO 8601 text. */
export type HouseholdSummary = Schemas['Household']

export type HouseholdMember = Schemas['HouseholdMember']

export type EmergencyContact = HouseholdDetail['emergency_contacts'][number]

export type HouseholdDetail = Schemas['HouseholdDetail']

export interface HouseholdQuery {
  q?: string
  region?: string
  grid_id?: string
  page: number
  page_size: number
  sort?: string
}

const enc = encodeURIComponent

export const householdsApi = {
  list: (q: HouseholdQuery) => api.get<Page<HouseholdSummary>>('/households', { ...q }),
  get: (id: string) => api.get<HouseholdDetail>(`/households/${enc(id)}`),
  create: (body: Record<string, unknown>) => api.post<HouseholdDetail>('/households', body),
  /** 409 version_conflict with `current`. */
  update: (id: string, body: Record<string, unknown>) => api.patch<HouseholdDetail>(`/households/${enc(id)}`, body),
}
