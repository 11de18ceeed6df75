import { api } from '@/shared/api/client'
import { codeList } from '@/shared/api/code-list'
import type { Page, Schemas } from '@/shared/api/types'

export type StationKind = Schemas['StationKind']
export const STATION_KINDS = codeList<StationKind>()(['social_work_station', 'neighbourhood_centre', 'children_home', 'community_service_complex'])

export type GridKind = Schemas['GridKind']
export const GRID_KINDS = codeList<GridKind>()(['grid', 'micro_grid'])

export type Station = Schemas['Station']

/** What the form edits: every field a create may send (docs/openapi.json), each held. */
export type StationFields = Required<Omit<Schemas['StationCreate'], 'id'>>
export const STATION_FIELDS = codeList<keyof StationFields>()(['region_code', 'name', 'kind', 'address', 'phone', 'manager', 'opened_on', 'floor_area'])

export type Grid = Schemas['Grid']

export type GridFields = Required<Omit<Schemas['GridCreate'], 'id'>>
export const GRID_FIELDS = codeList<keyof GridFields>()(['region_code', 'parent_id', 'kind', 'name', 'households', 'residents', 'grid_worker'])

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
