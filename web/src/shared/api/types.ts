/**
 * Shapes of the shegong API (`/api/v1`). The records the server sends are generated from
 * docs/openapi.json (`npm run api-types` writes openapi.d.ts); only what the console adds
 * on its side (generic pages, query parameters) is written here.
 */
import type { components } from './openapi'

/** Every schema of docs/openapi.json, by name. */
export type Schemas = components['schemas']

export type RegionLevel = Schemas['RegionLevel']

/** A region as listed; a name search adds its path ("浙江省/湖州市/德清县/康乾街道"). */
export type Region = Schemas['Region'] & { path?: string }

export type RegionDetail = Schemas['RegionDetail']
export type RegionAncestor = RegionDetail['ancestors'][number]

export interface ItemList<T> {
  items: T[]
  total: number
}

export interface Page<T> extends ItemList<T> {
  /** False when more than `total` match: lists count up to a cap, not a province's whole register. */
  total_exact: boolean
  page: number
  page_size: number
}

/** The signed-in user (POST /auth/login, GET /auth/me). */
export type User = Schemas['CurrentUser']
