/**
 * Registers `/sw.js` (web/public/sw.js), which keeps the console's shell — index.html and
 * the hashed files under /assets/ — so that a worker can reload the page without a network.
 * It never keeps API answers. Failing to register changes nothing but the offline reload.
 */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}
