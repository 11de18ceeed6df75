/** Shapes of the shegong API (`/api/v1`), as documented in docs/openapi.yaml. */

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village'

export interface Region {
  code: string
  name: string
  level: RegionLevel
  parent_code: string | null
  has_children: boolean
  /** Only in name-search results: "浙江省/湖州市/德清县/康乾街道". */
  path?: string
}

export interface RegionAncestor {
  code: string
  name: string
  level: RegionLevel
}

export interface RegionDetail extends Region {
  ancestors: RegionAncestor[]
}

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

export interface User {
  id: string
  username: string
  display_name: string
  role: string
  region_code: string | null
  region_name: string | null
  /** A new account, or a password older than 90 days: only /auth/password, /auth/logout and /auth/me answer. */
  must_change_password?: boolean
  /** An administrator on a server that requires a second factor, without one yet: only the TOTP set-up answers. */
  must_enrol_totp?: boolean
}
