import { reactive, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'
import { ElMessage } from 'element-plus'
import { errorText } from '@/shared/api/errors'
import type { Page } from '@/shared/api/types'
import { translator } from '@/shared/i18n'
import { toActiveParam } from '@/shared/list/list-params'
import { usePagedList } from '@/shared/list/use-paged-list'
import { useScopeStore } from '@/shared/scope/scope-store'
import type { ListParams } from './places-api'

/** What every place record has for the list page's own actions. */
interface PlaceRecord {
  id: string
  version: number
  active: boolean
}

/** The calls a places list page makes. */
interface PlaceApi<T, K extends string> {
  list: (p: ListParams & { kind?: K }) => Promise<Page<T>>
  update: (id: string, body: Record<string, unknown>) => Promise<T>
}

/**
 * The state of a places list page (stations, grids): the list within the scope
 * region, its kind / active / keyword filters, the create-or-edit dialog, and
 * switching a record on or off.
 */
export function usePlaceList<T extends PlaceRecord, K extends string>(placeApi: PlaceApi<T, K>, kinds: readonly K[] = []) {
  const { t } = useI18n()
  const scope = useScopeStore()
  // `?kind=` (a figure of the dashboard) opens the list on one kind.
  const named = useRoute().query.kind
  const kind = typeof named === 'string' && (kinds as readonly string[]).includes(named) ? (named as K) : ''
  const filters = reactive({ kind: kind as K | '', active: '' as boolean | '', q: '' })

  const list = usePagedList<T>((p) =>
    placeApi.list({
      ...p,
      region: scope.code,
      kind: (filters.kind as K | '') || undefined,
      active: toActiveParam(filters.active),
      q: filters.q.trim() || undefined,
    }),
  )

  function resetFilters(): void {
    Object.assign(filters, { kind: '', active: '', q: '' })
    void list.search()
  }

  const dialogOpen = ref(false)
  /** The record the dialog edits; null when it creates one. */
  const editing = ref(null) as Ref<T | null>

  function openCreate(): void {
    editing.value = null
    dialogOpen.value = true
  }
  function openEdit(record: T): void {
    editing.value = record
    dialogOpen.value = true
  }

  /** Switches the record on or off, says so, and reloads the list. */
  async function saveActive(record: T): Promise<void> {
    try {
      await placeApi.update(record.id, { version: record.version, active: !record.active })
      ElMessage.success(t(record.active ? 'station.deactivated' : 'station.reactivated'))
    } catch (e) {
      ElMessage.error(errorText(e, translator))
    }
    await list.load()
  }

  return { scope, filters, list, resetFilters, dialogOpen, editing, openCreate, openEdit, saveActive }
}
