/**
 * Registers `/sw.js` (web/public/sw.js), which keeps the console's shell — index.html and
 * the hashed files under /assets/ — so that a worker can reload the page without a network.
 * It never keeps API answers. Failing to register changes nothing but the offline reload.
 *
 * The files this page loaded before the worker took control never passed through it, so
 * the page hands it their addresses to keep as well.
 */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const sw = navigator.serviceWorker
  const handOver = (worker: ServiceWorker | null | undefined) => {
    if (!worker) return
    worker.postMessage({ type: 'keep-assets', urls: loadedAssets() })
  }
  const register = () => {
    sw.register('/sw.js', { scope: '/' })
      .then(() => sw.ready)
      .then((reg) => handOver(reg.active))
      .catch(() => undefined)
    sw.addEventListener('controllerchange', () => handOver(sw.controller))
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}

/** Same-origin files under /assets/ that this page has loaded so far. */
export function loadedAssets(): string[] {
  const out = new Set<string>()
  for (const e of performance.getEntriesByType('resource')) {
    try {
      const u = new URL(e.name, location.href)
      if (u.origin === location.origin && u.pathname.startsWith('/assets/')) out.add(u.pathname)
    } catch {
      /* not a URL */
    }
  }
  return [...out]
}
