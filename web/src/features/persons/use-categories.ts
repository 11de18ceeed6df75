import { computed, shallowRef } from 'vue'
import { translator } from '@/shared/i18n'
import { categoriesApi } from './persons-api'
import { categoryLabel, type Category } from './person-codes'

/** The categories, read once per page load (everyone signed in may read them). */
const categories = shallowRef<Category[]>([])
let pending: Promise<void> | null = null

function load(): Promise<void> {
  pending ??= categoriesApi.list().then(
    (res) => {
      categories.value = res.items
    },
    () => {
      // Labels fall back to the built-in names; try again on the next page.
      pending = null
    },
  )
  return pending
}

export function useCategories() {
  void load()
  return {
    categories,
    /** Those that may be given to a person now. */
    active: computed(() => categories.value.filter((c) => c.active)),
    label: (code: string) => categoryLabel(code, categories.value, translator),
    reload: () => {
      pending = null
      return load()
    },
  }
}
