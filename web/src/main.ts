import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
// Styles of the services called from scripts (components get theirs on demand).
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import App from './App.vue'
import { router } from './router'
import { i18n, setLocale } from './shared/i18n'
import { setPasswordChangeHandler, setTotpEnrolmentHandler, setUnauthorizedHandler } from './shared/api/client'
import { PASSWORD_PATH, TOTP_PATH, useAuthStore } from './features/auth/auth-store'
import { useOutreachStore } from './features/outreach/offline/outreach-store'
import { registerServiceWorker } from './shared/service-worker'
import './style.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(router)

// Any 401 on a request that carried our token: the session is gone.
setUnauthorizedHandler(() => {
  const auth = useAuthStore(pinia)
  if (!auth.isLoggedIn) return
  auth.expire()
  void router.replace({ path: '/login', query: { expired: '1' } })
})

// A 403 password_change_required: the account needs a new password before anything else.
setPasswordChangeHandler(() => {
  const auth = useAuthStore(pinia)
  if (!auth.isLoggedIn) return
  auth.requirePasswordChange()
  if (router.currentRoute.value.path !== PASSWORD_PATH) void router.replace(PASSWORD_PATH)
})

// A 403 totp_enrolment_required: an administrator needs a second factor before anything else.
setTotpEnrolmentHandler(() => {
  const auth = useAuthStore(pinia)
  if (!auth.isLoggedIn) return
  auth.requireTotpEnrolment()
  if (auth.mustEnrolTotp && router.currentRoute.value.path !== TOTP_PATH) void router.replace(TOTP_PATH)
})

setLocale(i18n.global.locale.value)
const auth = useAuthStore(pinia)
if (auth.isLoggedIn) {
  void auth
    .refresh()
    .then(() => {
      // The password may have expired since the page was last loaded.
      if (auth.mustChangePassword && router.currentRoute.value.path !== PASSWORD_PATH) void router.replace(PASSWORD_PATH)
      // The server may have started requiring a second factor since.
      else if (auth.mustEnrolTotp && router.currentRoute.value.path !== TOTP_PATH) void router.replace(TOTP_PATH)
    })
    .catch(() => undefined)
}

app.mount('#app')

// Door-knocking visits wait in IndexedDB until the server has them: send them now, when the
// network comes back, and every minute (docs/outreach.md).
useOutreachStore(pinia).start()
// The built console keeps its shell (index.html and /assets/) so that a reload works offline.
if (import.meta.env.PROD) registerServiceWorker()
