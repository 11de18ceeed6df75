import type { DataBoard } from '@element-plus/icons-vue'

export interface MenuEntry {
  path: string
  label: string
  icon: typeof DataBoard
  testid: string
  /** Shown only to these roles (the route checks the same). */
  roles?: readonly string[]
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
