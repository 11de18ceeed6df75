import type { Schemas } from '@/shared/api/types'

/**
 * What the signed-in user may do, as the server sent it at sign-in (`user.permissions` of
 * POST /auth/login and GET /auth/me): the role's permissions as the security policy holds
 * them now. Menus, routes and buttons follow it, so a role edited on the role permissions
 * page changes what its users see; the server checks every request all the same.
 */
export type Permission = Schemas['Permission']
export type Action = Permission['action']
export type Resource = Permission['resource']
export type Can = (action: Action, resource: Resource) => boolean

export function canFrom(permissions: readonly Permission[] | null | undefined): Can {
  const held = new Set((permissions ?? []).map((p) => `${p.action} ${p.resource}`))
  return (action, resource) => held.has(`${action} ${resource}`)
}

/** Nothing allowed: before sign-in. */
export const CAN_NOTHING: Can = () => false
