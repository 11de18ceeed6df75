/**
 * Who may read figures, the dashboard and the report (docs/stats.md, permission `stats`
 * read). GET /auth/me gives the role only, so the console maps roles as the menu does
 * elsewhere; the server checks the permission itself (and limits the region to the
 * caller's own).
 */
export const STATS_READ_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager', 'social_worker', 'viewer']

export const canReadStats = (role: string | null | undefined): boolean => STATS_READ_ROLES.includes(role ?? '')
