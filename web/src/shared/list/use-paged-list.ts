import { reactive, ref, shallowRef } from 'vue'
import type { Page } from '@/shared/api/types'
import { errorText } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import { toSortParam, type SortOrder } from '@/shared/list/list-params'

/**
 * State of a server-side paginated, sorted, filtered list. `fetchPage` gets the
 * paging and sort; the page adds its own filters.
 */
export function usePagedList<T>(fetchPage: (p: { page: number; page_size: number; sort?: string }) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const totalExact = ref(true)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const paging = reactive({ page: 1, pageSize: 20, sort: undefined as string | undefined })

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const res = await fetchPage({ page: paging.page, page_size: paging.pageSize, sort: paging.sort })
      items.value = res.items
      total.value = res.total
      totalExact.value = res.total_exact !== false
    } catch (e) {
      error.value = errorText(e, translator)
    } finally {
      loading.value = false
    }
  }

  /** Filters changed: back to the first page. */
  function search(): Promise<void> {
    paging.page = 1
    return load()
  }

  function onSortChange(e: { prop: string | null; order: SortOrder }): void {
    paging.sort = toSortParam(e.prop, e.order)
    void search()
  }

  return { items, total, totalExact, loading, error, paging, load, search, onSortChange }
}

/** A list made by `usePagedList`, as the shared list components take it. */
export type PagedList<T = unknown> = ReturnType<typeof usePagedList<T>>
