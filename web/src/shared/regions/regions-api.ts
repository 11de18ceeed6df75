import { api } from '../api/client'
import type { ItemList, Page, Region, RegionDetail } from '../api/types'

export const regionsApi = {
  provinces: () => api.get<ItemList<Region>>('/regions'),
  get: (code: string) => api.get<RegionDetail>(`/regions/${encodeURIComponent(code)}`),
  children: (code: string) => api.get<ItemList<Region>>(`/regions/${encodeURIComponent(code)}/children`),
  search: (q: string, under: string | null, page = 1, pageSize = 20) =>
    api.get<Page<Region>>('/regions', { q, under, page, page_size: pageSize }),
}
