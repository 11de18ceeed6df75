import type { DataBoard } from '@element-plus/icons-vue'

export interface MenuEntry {
  path: string
  label: string
  icon: typeof DataBoard
  /** Shown when the user may open `path` (its route's permission). */
  testid: string
}

/** A heading with entries under it; shown when any of them is. */
export interface MenuGroup {
  group: string
  label: string
  icon: typeof DataBoard
  testid: string
  children: readonly MenuEntry[]
}

export const isGroup = (m: MenuEntry | MenuGroup): m is MenuGroup => 'group' in m
