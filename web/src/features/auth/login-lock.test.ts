import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import { lockMinutes, loginErrorText } from './login-lock'

describe('lockMinutes', () => {
  it('reads the minutes from the server message', () => {
    expect(lockMinutes('too many failed sign-ins; try again in 15 minute(s)')).toBe(15)
    expect(lockMinutes('try again in 1 minute')).toBe(1)
    expect(lockMinutes('try again in 120 minutes')).toBe(120)
  })

  it('gives null when no minutes are named', () => {
    expect(lockMinutes('too many failed sign-ins')).toBeNull()
    expect(lockMinutes('try again in a few minutes')).toBeNull()
    expect(lockMinutes('')).toBeNull()
    expect(lockMinutes(undefined)).toBeNull()
    expect(lockMinutes('try again in 0 minute(s)')).toBeNull()
  })
})

describe('loginErrorText', () => {
  it('says how long the lock lasts', () => {
    const e = new ApiError(429, 'login_locked', 'too many failed sign-ins; try again in 15 minute(s)')
    expect(loginErrorText(e, translator)).toBe('登录失败次数过多，账户已临时锁定，请 15 分钟后再试')
    const seven = new ApiError(429, 'login_locked', 'try again in 7 minute(s)')
    expect(loginErrorText(seven, translator)).toBe('登录失败次数过多，账户已临时锁定，请 7 分钟后再试')
  })

  it('falls back to "later" without minutes', () => {
    const e = new ApiError(429, 'login_locked', 'locked')
    expect(loginErrorText(e, translator)).toBe('登录失败次数过多，账户已临时锁定，请稍后再试')
  })

  it('leaves other errors to the error map', () => {
    expect(loginErrorText(new ApiError(401, 'invalid_credentials', 'x'), translator)).toBe('用户名或密码错误')
    // A 429 that is not a lock-out (per-address rate limit) is not called a lock.
    expect(loginErrorText(new ApiError(429, 'rate_limited', 'slow down, 15 minute(s)'), translator)).toBe('操作过于频繁，请稍后再试')
  })
})
