import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

/** An in-memory sessionStorage (the tests run in node, without a DOM). */
class MemoryStorage {
  private data = new Map<string, string>()
  getItem(k: string): string | null {
    return this.data.has(k) ? this.data.get(k)! : null
  }
  setItem(k: string, v: string): void {
    this.data.set(k, String(v))
  }
  removeItem(k: string): void {
    this.data.delete(k)
  }
}

const storage = new MemoryStorage()
Object.defineProperty(globalThis, 'sessionStorage', { value: storage, configurable: true })

const { SCOPE_STORAGE_KEY, readScope, useScopeStore, writeScope } = await import('./scope-store')

const LUOHE = { code: '411100000000', name: '漯河市' }
const YUANHUI = { code: '411102000000', name: '源汇区' }
const ZHEJIANG = { code: '330000000000', name: '浙江省' }

beforeEach(() => {
  storage.removeItem(SCOPE_STORAGE_KEY)
  setActivePinia(createPinia())
})

describe('scope persistence', () => {
  it('writes and reads back a scope', () => {
    writeScope(storage, YUANHUI)
    expect(JSON.parse(storage.getItem(SCOPE_STORAGE_KEY)!)).toEqual(YUANHUI)
    expect(readScope(storage)).toEqual(YUANHUI)
    writeScope(storage, null)
    expect(storage.getItem(SCOPE_STORAGE_KEY)).toBeNull()
  })

  it('ignores malformed stored values', () => {
    for (const raw of ['{', '"411100000000"', '{"code":"4111","name":"x"}', '{"code":"411100000000"}', 'null']) {
      storage.setItem(SCOPE_STORAGE_KEY, raw)
      expect(readScope(storage), raw).toBeNull()
    }
  })

  it('restores the scope when the store is created (a page reload)', () => {
    storage.setItem(SCOPE_STORAGE_KEY, JSON.stringify(YUANHUI))
    const scope = useScopeStore()
    expect(scope.code).toBe(YUANHUI.code)
    expect(scope.region?.name).toBe('源汇区')
  })

  it('saves every change', () => {
    const scope = useScopeStore()
    expect(scope.code).toBeUndefined()
    scope.set(LUOHE)
    expect(readScope(storage)).toEqual(LUOHE)
    scope.set(null)
    expect(readScope(storage)).toBeNull()
    expect(scope.code).toBeUndefined()
  })
})

describe('clampTo', () => {
  it('keeps a scope inside the user region', () => {
    const scope = useScopeStore()
    scope.set(YUANHUI)
    scope.clampTo(LUOHE)
    expect(scope.code).toBe(YUANHUI.code)
  })

  it('replaces a scope outside the user region, or none, by the user region', () => {
    const scope = useScopeStore()
    scope.set(ZHEJIANG)
    scope.clampTo(LUOHE)
    expect(scope.region).toEqual(LUOHE)
    expect(readScope(storage)).toEqual(LUOHE)
    scope.set(null)
    scope.clampTo(LUOHE)
    expect(scope.code).toBe(LUOHE.code)
  })

  it('leaves a national user free', () => {
    const scope = useScopeStore()
    scope.set(ZHEJIANG)
    scope.clampTo(null)
    expect(scope.code).toBe(ZHEJIANG.code)
  })
})
