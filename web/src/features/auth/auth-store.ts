import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { tokenStore } from '@/shared/api/client'
import type { User } from '@/shared/api/types'
import { useScopeStore, type ScopeRegion } from '@/shared/scope/scope-store'
import { authApi } from './auth-api'
import { canFrom } from './permissions'

const USER_KEY = 'shegong.user'

/** The change-password page, the only page while a change is required. */
export const PASSWORD_PATH = '/password'

/** The second-factor set-up page, the only page while an administrator has to set one up. */
export const TOTP_PATH = '/totp'

function readUser(): User | null {
  try {
    const raw = sessionStorage.getItem(USER_KEY)
    return raw ? (JSON.parse(raw) as User) : null
  } catch {
    return null
  }
}

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(tokenStore.get())
  const user = ref<User | null>(token.value ? readUser() : null)

  const isLoggedIn = computed(() => token.value !== null)
  /** `can('write', 'visit')`: whether the user's role may, as the server said at sign-in. */
  const can = computed(() => canFrom(user.value?.permissions))
  /** Nothing but the change-password page until the user has chosen a new password. */
  const mustChangePassword = computed(() => isLoggedIn.value && user.value?.must_change_password === true)
  /** Nothing but the TOTP set-up page until a second factor is confirmed (after any password change). */
  const mustEnrolTotp = computed(() => isLoggedIn.value && !mustChangePassword.value && user.value?.must_enrol_totp === true)
  /** The user's own region, the root of everything they see; null = national. */
  const homeRegion = computed<ScopeRegion | null>(() =>
    user.value?.region_code ? { code: user.value.region_code, name: user.value.region_name ?? user.value.region_code } : null,
  )

  function remember(t: string, u: User): void {
    token.value = t
    user.value = u
    tokenStore.set(t)
    sessionStorage.setItem(USER_KEY, JSON.stringify(u))
  }

  function forget(): void {
    token.value = null
    user.value = null
    tokenStore.clear()
    sessionStorage.removeItem(USER_KEY)
  }

  async function login(username: string, password: string, totpCode?: string): Promise<void> {
    const res = await authApi.login(username, password, totpCode)
    remember(res.token, {
      ...res.user,
      must_change_password: res.must_change_password === true || res.user.must_change_password === true,
      must_enrol_totp: res.must_enrol_totp === true || res.user.must_enrol_totp === true,
    })
    // A fresh login starts at the user's own region.
    useScopeStore().set(homeRegion.value)
  }

  /** Refreshes the user from the server (display name or region may have changed). */
  async function refresh(): Promise<void> {
    if (!token.value) return
    const res = await authApi.me()
    if (token.value) remember(token.value, res.user)
    useScopeStore().clampTo(homeRegion.value)
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      /* the session is dropped locally whatever the server says */
    }
    forget()
    useScopeStore().set(null)
  }

  /** The server answered 403 password_change_required: the password has to be changed first. */
  function requirePasswordChange(): void {
    if (token.value && user.value && !user.value.must_change_password) remember(token.value, { ...user.value, must_change_password: true })
  }

  /** The server answered 403 totp_enrolment_required: a second factor has to be set up first. */
  function requireTotpEnrolment(): void {
    if (token.value && user.value && !user.value.must_enrol_totp) remember(token.value, { ...user.value, must_enrol_totp: true })
  }

  /** Confirms the second factor with a code from the app; the session stays valid. */
  async function confirmTotp(code: string): Promise<void> {
    await authApi.confirmTotp(code)
    if (token.value && user.value) remember(token.value, { ...user.value, must_enrol_totp: false })
    await refresh().catch(() => undefined)
  }

  /** Changes the password; the session stays valid. */
  async function changePassword(current: string, next: string): Promise<void> {
    await authApi.changePassword(current, next)
    if (token.value && user.value) remember(token.value, { ...user.value, must_change_password: false })
    await refresh().catch(() => undefined)
  }

  /** The server no longer accepts our token. */
  function expire(): void {
    forget()
  }

  return {
    token,
    user,
    isLoggedIn,
    can,
    mustChangePassword,
    mustEnrolTotp,
    homeRegion,
    login,
    refresh,
    logout,
    expire,
    requirePasswordChange,
    changePassword,
    requireTotpEnrolment,
    confirmTotp,
  }
})
