import { createHttpClient, type HttpClient } from './http'
import type { ApiError } from './errors'

const TOKEN_KEY = 'shegong.token'

/** The session token lives in sessionStorage: one browser tab, gone when it closes. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
}

let unauthorizedHandler: ((err: ApiError) => void) | null = null
let passwordChangeHandler: ((err: ApiError) => void) | null = null
let totpEnrolmentHandler: ((err: ApiError) => void) | null = null

/** Installed once by main.ts: what to do when the server no longer knows our token. */
export function setUnauthorizedHandler(h: (err: ApiError) => void): void {
  unauthorizedHandler = h
}

/** Installed once by main.ts: what to do when the server wants a new password first. */
export function setPasswordChangeHandler(h: (err: ApiError) => void): void {
  passwordChangeHandler = h
}

/** Installed once by main.ts: what to do when the server wants a second factor set up first. */
export function setTotpEnrolmentHandler(h: (err: ApiError) => void): void {
  totpEnrolmentHandler = h
}

/** The one client every feature uses. */
export const api: HttpClient = createHttpClient({
  baseUrl: '/api/v1',
  getToken: tokenStore.get,
  onUnauthorized: (err) => unauthorizedHandler?.(err),
  onPasswordChangeRequired: (err) => passwordChangeHandler?.(err),
  onTotpEnrolmentRequired: (err) => totpEnrolmentHandler?.(err),
})
