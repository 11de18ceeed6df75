import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { isRegionCode, isWithinRegion } from '../regions/region-code'

/**
 * The region that scopes every page (chosen in the top bar). Kept in
 * sessionStorage so that a reload keeps the place a person was looking at.
 */
export interface ScopeRegion {
  code: string
  name: string
}

export const SCOPE_STORAGE_KEY = 'shegong.scope'

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** Reads a stored scope; anything malformed counts as none. */
export function readScope(storage: StorageLike): ScopeRegion | null {
  const raw = storage.getItem(SCOPE_STORAGE_KEY)
  if (!raw) return null
  try {
    const v: unknown = JSON.parse(raw)
    if (typeof v === 'object' && v !== null) {
      const { code, name } = v as Record<string, unknown>
      if (isRegionCode(code) && typeof name === 'string') return { code, name }
    }
  } catch {
    /* fall through */
  }
  return null
}

export function writeScope(storage: StorageLike, scope: ScopeRegion | null): void {
  if (scope) storage.setItem(SCOPE_STORAGE_KEY, JSON.stringify({ code: scope.code, name: scope.name }))
  else storage.removeItem(SCOPE_STORAGE_KEY)
}

export const useScopeStore = defineStore('scope', () => {
  const storage: StorageLike = globalThis.sessionStorage
  /** null: the whole country (only for users without a region of their own). */
  const region = ref<ScopeRegion | null>(readScope(storage))

  /** The code to send as `region=`; undefined leaves the parameter out. */
  const code = computed(() => region.value?.code)

  function set(next: ScopeRegion | null): void {
    region.value = next ? { code: next.code, name: next.name } : null
    writeScope(storage, region.value)
  }

  /**
   * Makes sure the scope lies inside what the user may see: a user of 漯河市 cannot
   * keep a stored scope of 浙江省 (say, from an earlier login in the same tab).
   */
  function clampTo(userRegion: ScopeRegion | null): void {
    if (!userRegion) return
    if (!region.value || !isWithinRegion(region.value.code, userRegion.code)) set(userRegion)
  }

  return { region, code, set, clampTo }
})
