import type { Can } from '@/features/auth/permissions'

/**
 * What the signed-in user may do with persons and households (docs/persons.md,
 * Permissions), from the permissions the server sent at sign-in. The server checks the
 * same; the console only hides what would be refused.
 */
export interface PersonPermissions {
  /** Read persons and households (a viewer sees names masked too). */
  read: boolean
  /** Create and edit persons and households, run imports. */
  write: boolean
  /** See the full ID number, phone and health notes; export unmasked. */
  reveal: boolean
  /** Merge two records and undo a merge. */
  merge: boolean
  /** Add and change categories (the list itself; everyone signed in reads it). */
  editCategories: boolean
}

export function personPermissions(can: Can): PersonPermissions {
  return {
    read: can('read', 'person'),
    write: can('write', 'person'),
    reveal: can('reveal', 'person'),
    merge: can('write', 'merge'),
    editCategories: can('write', 'category'),
  }
}
