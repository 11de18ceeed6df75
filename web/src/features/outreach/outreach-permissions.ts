import type { Can } from '@/features/auth/permissions'

/**
 * What the signed-in user may do in door-knocking outreach (docs/outreach.md,
 * Permissions), from the permissions the server sent at sign-in. The server checks the
 * same (and limits everything to the caller's region); the console only hides what would
 * be refused.
 */
export interface OutreachPermissions {
  /** Read campaigns, targets, coverage, visits and needs (a viewer sees names masked). */
  read: boolean
  /** Create, edit, start and end campaigns. */
  writeCampaigns: boolean
  /** Assign targets to workers. */
  assign: boolean
  /** Record and correct visits, move needs, link resources; the ones with a phone and an outbox. */
  writeVisits: boolean
}

export function outreachPermissions(can: Can): OutreachPermissions {
  return {
    read: can('read', 'campaign'),
    writeCampaigns: can('write', 'campaign'),
    assign: can('write', 'assignment'),
    writeVisits: can('write', 'visit'),
  }
}

/** The roles a target may be assigned to (`worker_id` of POST …/assignments): the server's rule, not the caller's permission. */
export const ASSIGNABLE_ROLES: readonly string[] = ['social_worker', 'station_manager']
