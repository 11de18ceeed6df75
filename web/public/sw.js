// The console's service worker: keeps the app shell so that a reload works offline.
// Only same-origin GETs of pages (served index.html) and of /assets/ (hashed, immutable)
// are answered here; everything else — the API above all — goes to the network untouched.
const CACHE = 'shegong-shell-v1'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(new Request('/index.html', { cache: 'reload' })))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('shegong-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

// The page names the files it loaded before this worker controlled it; keep them too.
self.addEventListener('message', (event) => {
  const data = event.data
  if (!data || data.type !== 'keep-assets' || !Array.isArray(data.urls)) return
  const urls = data.urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/'))
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        urls.map((u) =>
          cache.match(u).then((hit) => hit || fetch(u).then((res) => (res.ok ? cache.put(u, res) : undefined))).catch(() => undefined),
        ),
      ),
    ),
  )
})

const isApi = (path) => path.startsWith('/api/') || path === '/healthz' || path === '/readyz' || path === '/metrics'

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || isApi(url.pathname)) return

  if (req.mode === 'navigate') {
    // The newest page when online (a new build is picked up at once), the kept one offline.
    event.respondWith(
      fetch(req)
        .then((res) => {
          const type = res.headers.get('Content-Type') || ''
          if (res.ok && type.startsWith('text/html')) {
            const copy = res.clone()
            void caches.open(CACHE).then((cache) => cache.put('/index.html', copy))
          }
          return res
        })
        .catch(() => caches.match('/index.html').then((hit) => hit || Response.error())),
    )
    return
  }

  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change content: the kept copy first, else the network (kept for next time).
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone()
              void caches.open(CACHE).then((cache) => cache.put(req, copy))
            }
            return res
          }),
      ),
    )
  }
})
