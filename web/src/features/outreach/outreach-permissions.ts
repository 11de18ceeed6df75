/**
 * Who may do what in door-knocking outreach (docs/outreach.md, Permissions). The server
 * checks the same (and limits everything to the caller's region); the console only hides
 * what would be refused.
 */

/** Read campaigns, targets, coverage, visits and needs (a viewer sees names masked). */
export const OUTREACH_READ_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager', 'social_worker', 'viewer']
/** Create, edit, start and end campaigns. */
export const CAMPAIGN_WRITE_ROLES: readonly string[] = ['civil_affairs_admin']
/** Assign targets to workers. */
export const ASSIGN_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager']
/** Record and correct visits, move needs, link resources; the ones with a phone and an outbox. */
export const VISIT_WRITE_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager', 'social_worker']
/** The roles a target may be assigned to (`worker_id` of POST …/assignments). */
export const ASSIGNABLE_ROLES: readonly string[] = ['social_worker', 'station_manager']

export interface OutreachPermissions {
  read: boolean
  writeCampaigns: boolean
  assign: boolean
  writeVisits: boolean
}

export function outreachPermissions(role: string | null | undefined): OutreachPermissions {
  const r = role ?? ''
  return {
    read: OUTREACH_READ_ROLES.includes(r),
    writeCampaigns: CAMPAIGN_WRITE_ROLES.includes(r),
    assign: ASSIGN_ROLES.includes(r),
    writeVisits: VISIT_WRITE_ROLES.includes(r),
  }
}
