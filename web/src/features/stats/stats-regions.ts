import { isRegionCode, isWithinRegion, parentCodeOf } from '@/shared/regions/region-code'

/**
 * The breadcrumb of the dashboard: the regions from the user's own (`root`; null for a
 * national role, which starts at the whole country, null too) down to `code`, by the digits
 * of the codes. Never above the user's own region; a code outside it gives the root alone.
 */
export function regionTrail(code: string | null, root: string | null): (string | null)[] {
  if (code === null || !isRegionCode(code)) return [root]
  if (root !== null && !isWithinRegion(code, root)) return [root]
  const down: string[] = [code]
  for (let c = parentCodeOf(code); c !== null; c = parentCodeOf(c)) {
    if (root !== null && !isWithinRegion(c, root)) break
    down.unshift(c)
  }
  return root === null ? [null, ...down] : down
}

/** Whether a user whose own region is `root` (null: national) may look at `code`. */
export function mayView(code: string | null, root: string | null): boolean {
  if (root === null) return code === null || isRegionCode(code)
  return code !== null && isWithinRegion(code, root)
}
