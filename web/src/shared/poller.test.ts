import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPoller } from './poller'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createPoller', () => {
  it('fetches at once, then every interval until done', async () => {
    const answers = ['reading', 'checking', 'done', 'never']
    const fetch = vi.fn(async () => answers.shift()!)
    const seen: string[] = []
    const p = createPoller({ fetch, onUpdate: (v) => seen.push(v), isDone: (v) => v === 'done', intervalMs: 1000 })
    await p.start()
    expect(seen).toEqual(['reading'])
    expect(p.isActive()).toBe(true)
    await vi.advanceTimersByTimeAsync(999)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(seen).toEqual(['reading', 'checking'])
    await vi.advanceTimersByTimeAsync(1000)
    expect(seen).toEqual(['reading', 'checking', 'done'])
    expect(p.isActive()).toBe(false)
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('stops when told, and a late answer of a stopped run is dropped', async () => {
    let release: (v: string) => void = () => undefined
    const fetch = vi.fn(() => new Promise<string>((ok) => (release = ok)))
    const seen: string[] = []
    const p = createPoller({ fetch, onUpdate: (v) => seen.push(v), isDone: () => false })
    const first = p.start()
    p.stop()
    release('late')
    await first
    await vi.advanceTimersByTimeAsync(5000)
    expect(seen).toEqual([])
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('keeps trying after a failure and gives up after too many in a row', async () => {
    const fetch = vi.fn(async () => {
      throw new Error('down')
    })
    const errors: unknown[] = []
    const p = createPoller({ fetch, onUpdate: () => undefined, isDone: () => false, onError: (e) => errors.push(e), maxErrors: 3, intervalMs: 100 })
    await p.start()
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(errors).toHaveLength(3)
    expect(p.isActive()).toBe(false)
  })

  it('counts only failures in a row', async () => {
    const script = [new Error('a'), 'x', new Error('b'), new Error('c'), 'done']
    const fetch = vi.fn(async () => {
      const next = script.shift()
      if (next instanceof Error) throw next
      return next!
    })
    const seen: string[] = []
    const p = createPoller({ fetch, onUpdate: (v) => seen.push(v), isDone: (v) => v === 'done', maxErrors: 3, intervalMs: 10 })
    await p.start()
    await vi.advanceTimersByTimeAsync(100)
    expect(seen).toEqual(['x', 'done'])
    expect(fetch).toHaveBeenCalledTimes(5)
  })
})
