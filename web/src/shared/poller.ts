/** Timer functions, injectable for tests. */
export interface Timers {
  set: (fn: () => void, ms: number) => unknown
  clear: (handle: unknown) => void
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface PollerOptions<T> {
  fetch: () => Promise<T>
  onUpdate: (value: T) => void
  /** Stops polling once it says so. */
  isDone: (value: T) => boolean
  /** Called on a failed fetch; polling stops after `maxErrors` failures in a row. */
  onError?: (e: unknown) => void
  intervalMs?: number
  maxErrors?: number
  timers?: Timers
}

/**
 * Fetches now and then every `intervalMs` after each answer (never two requests at
 * once) until `isDone`, `stop()`, or too many failures in a row. Starting again
 * stops the previous run.
 */
export function createPoller<T>(o: PollerOptions<T>) {
  const timers = o.timers ?? realTimers
  const interval = o.intervalMs ?? 1000
  const maxErrors = o.maxErrors ?? 3
  let run = 0
  let handle: unknown = null
  let active = false

  async function tick(myRun: number, errors: number): Promise<void> {
    handle = null
    let nextErrors = errors
    try {
      const value = await o.fetch()
      if (myRun !== run) return
      o.onUpdate(value)
      if (o.isDone(value)) {
        active = false
        return
      }
      nextErrors = 0
    } catch (e) {
      if (myRun !== run) return
      o.onError?.(e)
      nextErrors = errors + 1
      if (nextErrors >= maxErrors) {
        active = false
        return
      }
    }
    handle = timers.set(() => void tick(myRun, nextErrors), interval)
  }

  function stop(): void {
    run++
    active = false
    if (handle !== null) timers.clear(handle)
    handle = null
  }

  function start(): Promise<void> {
    stop()
    active = true
    return tick(run, 0)
  }

  return { start, stop, isActive: () => active }
}
