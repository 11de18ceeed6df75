import { api } from '@/shared/api/client'
import type { Page } from '@/shared/api/types'

export const STATION_KINDS = ['social_work_station', 'neighbourhood_centre', 'children_home', 'community_service_complex'] as const
export type StationKind = (typeof STATION_KINDS)[number]

export const GRID_KINDS = ['grid', 'micro_grid'] as const
export type GridKind = (typeof GRID_KINDS)[number]

export interface Station {
  id: string
  region_code: string
  region_name: string
  name: string
  kind: StationKind
  address: string | null
  phone: string | null
  manager: string | null
  opened_on: string | null
  active: boolean
  version: number
  created_at: string
  updated_at: string
}

export interface StationFields {
  region_code: string
  name: string
  kind: StationKind
  address: string
  phone: string
  manager: string
  opened_on: string | null
}
export const STATION_FIELDS = ['region_code', 'name', 'kind', 'address', 'phone', 'manager', 'opened_on'] as const

export interface Grid {
  id: string
  region_code: string
  region_name: string
  parent_id: string | null
  parent_name: string | null
  kind: GridKind
  name: string
  households: number
  residents: number
  grid_worker: string | null
  active: boolean
  version: number
  created_at: string
  updated_at: string
}

export interface GridFields {
  region_code: string
  parent_id: string | null
  kind: GridKind
  name: string
  households: number
  residents: number
  grid_worker: string
}
export const GRID_FIELDS = ['region_code', 'parent_id', 'kind', 'name', 'households', 'residents', 'grid_worker'] as const

export interface ListParams {
  region?: string
  q?: string
  sort?: string
  page: number
  page_size: number
  active?: 'true' | 'false'
}

export interface PlacesSummary {
  region_code: string
  stations: Record<StationKind, number>
  grids: number
  micro_grids: number
  households: number
  residents: number
}

export const stationsApi = {
  list: (p: ListParams & { kind?: StationKind }) => api.get<Page<Station>>('/stations', { ...p }),
  get: (id: string) => api.get<Station>(`/stations/${encodeURIComponent(id)}`),
  create: (body: Record<string, unknown>) => api.post<Station>('/stations', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<Station>(`/stations/${encodeURIComponent(id)}`, body),
}

export const gridsApi = {
  list: (p: ListParams & { kind?: GridKind; parent_id?: string }) => api.get<Page<Grid>>('/grids', { ...p }),
  get: (id: string) => api.get<Grid>(`/grids/${encodeURIComponent(id)}`),
  create: (body: Record<string, unknown>) => api.post<Grid>('/grids', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<Grid>(`/grids/${encodeURIComponent(id)}`, body),
}

export const summaryApi = {
  get: (region: string | undefined) => api.get<PlacesSummary>('/places/summary', { region }),
}
