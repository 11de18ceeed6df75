/**
 * Who may do what with persons and households (docs/persons.md, Permissions). The
 * server checks the same; the console only hides what would be refused. GET
 * /auth/me gives the role only, so the console maps roles as the menu does elsewhere.
 */

/** Read persons and households (a viewer sees names masked too). */
export const PERSON_READ_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager', 'social_worker', 'viewer']
/** Create and edit persons and households, run imports. */
export const PERSON_WRITE_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager', 'social_worker']
/** See the full ID number, phone and health notes; export unmasked. */
export const PERSON_REVEAL_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager', 'social_worker']
/** Merge two records and undo a merge. */
export const PERSON_MERGE_ROLES: readonly string[] = ['civil_affairs_admin', 'station_manager']
/** Add and change categories (the list itself; everyone signed in reads it). */
export const CATEGORY_EDIT_ROLES: readonly string[] = ['civil_affairs_admin', 'sysadmin']

export interface PersonPermissions {
  read: boolean
  write: boolean
  reveal: boolean
  merge: boolean
  editCategories: boolean
}

export function personPermissions(role: string | null | undefined): PersonPermissions {
  const r = role ?? ''
  return {
    read: PERSON_READ_ROLES.includes(r),
    write: PERSON_WRITE_ROLES.includes(r),
    reveal: PERSON_REVEAL_ROLES.includes(r),
    merge: PERSON_MERGE_ROLES.includes(r),
    editCategories: CATEGORY_EDIT_ROLES.includes(r),
  }
}
