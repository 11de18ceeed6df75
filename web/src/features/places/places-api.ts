import { api } from '@/shared/api/client'
import { codeList } from '@/shared/api/code-list'
import type { Page, Schemas } from '@/shared/api/types'

export type StationKind = Schemas['StationKind']
export const STATION_KINDS = codeList<StationKind>()(['social_work_station', 'neighbourhood_centre', 'children_home', 'community_service_complex'])

export type GridKind = Schemas['GridKind']
export const GRID_KINDS = codeList<GridKind>()(['grid', 'micro_grid'])

export type Station = Schemas['Station']

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

export type Grid = Schemas['Grid']

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

export type PlacesSummary = Schemas['PlaceSummary']

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
