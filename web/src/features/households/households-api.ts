import { api } from '@/shared/api/client'
import type { Page } from '@/shared/api/types'

/** A household as listed (docs/persons.md, HouseholdSummary). Times are ISO 8601 text. */
export interface HouseholdSummary {
  id: string
  region_code: string
  region_name: string
  address: string
  grid_id: string | null
  grid_name: string
  micro_grid_id: string | null
  micro_grid_name: string
  head_name: string
  /** How many persons belong to it. */
  members: number
  version: number
  created_at: string
  updated_at: string
}

export interface HouseholdMember {
  person_id: string
  name: string
  relation: string | null
  sex: string | null
  birth_date: string | null
  age: number | null
  categories: string[]
}

export interface EmergencyContact {
  name: string
  relation: string
  phone_masked: string | null
}

export interface HouseholdDetail extends Omit<HouseholdSummary, 'members'> {
  members: HouseholdMember[]
  emergency_contacts: EmergencyContact[]
}

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
