import type { RouteMeta, Router } from 'vue-router'
import type { Can } from './permissions'

/** Whether a page's permission (its route's `meta.permission`) is one the user holds. */
export function permits(meta: RouteMeta, can: Can): boolean {
  return !meta.permission || can(meta.permission[0], meta.permission[1])
}

/** Whether the user may open `path`: the menu, the dashboard's links and the router ask the same question. */
export function mayOpen(router: Router, path: string, can: Can): boolean {
  return permits(router.resolve(path).meta, can)
}
