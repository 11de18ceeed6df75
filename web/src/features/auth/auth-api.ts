import { api } from '@/shared/api/client'
import type { Schemas } from '@/shared/api/types'

export type LoginResponse = Schemas['LoginResponse']

/** POST /auth/totp/enrol: a new (not yet confirmed) secret; 409 conflict once one is confirmed. */
export type TotpEnrolment = Schemas['TotpEnrolment']

export const authApi = {
  /** 401 totp_required: the account has a second factor, send `totp_code` too; 401 invalid_totp: wrong or spent code. */
  login: (username: string, password: string, totp_code?: string) =>
    api.post<LoginResponse>('/auth/login', totp_code ? { username, password, totp_code } : { username, password }),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<Schemas['Me']>('/auth/me'),
  /** 204; 422 invalid_field on `current_password` (wrong) or `password` (breaks a rule). */
  changePassword: (current_password: string, new_password: string) =>
    api.post<void>('/auth/password', { current_password, new_password }),
  enrolTotp: () => api.post<TotpEnrolment>('/auth/totp/enrol'),
  /** 204; 401 invalid_totp (field totp_code) for a wrong code, the session stays. */
  confirmTotp: (totp_code: string) => api.post<void>('/auth/totp/confirm', { totp_code }),
}
