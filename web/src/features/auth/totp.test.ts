import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import { groupSecret, isTotpCode, needsTotpCode, normaliseTotpCode, totpErrorText } from './totp'

describe('groupSecret', () => {
  it('groups a Base32 secret in fours', () => {
    expect(groupSecret('6MHBYFWAY5BRBHKQ26RQ57NK7FVUUSWY')).toBe('6MHB YFWA Y5BR BHKQ 26RQ 57NK 7FVU USWY')
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ')
    expect(groupSecret('ABCD')).toBe('ABCD')
  })

  it('keeps every character and only adds spaces', () => {
    const secret = 'XRKPLOQ4ZBUXMY6XHUPTXPSOM4JEE2X6'
    const grouped = groupSecret(secret)
    expect(grouped.replace(/ /g, '')).toBe(secret)
    expect(grouped.split(' ').every((g) => g.length === 4)).toBe(true)
  })

  it('cleans what it is given and allows other group sizes', () => {
    expect(groupSecret('abcd efgh-ijkl====')).toBe('ABCD EFGH IJKL')
    expect(groupSecret('ABCDEFGH', 3)).toBe('ABC DEF GH')
    expect(groupSecret('')).toBe('')
    expect(groupSecret(null)).toBe('')
    expect(groupSecret(undefined)).toBe('')
  })
})

describe('TOTP codes', () => {
  it('normalises what is typed or pasted', () => {
    expect(normaliseTotpCode('123 456')).toBe('123456')
    expect(normaliseTotpCode(' 123-456 ')).toBe('123456')
    expect(normaliseTotpCode('１２３４５６')).toBe('123456')
    expect(normaliseTotpCode('12a456')).toBe('12a456')
    expect(normaliseTotpCode(null)).toBe('')
  })

  it('accepts exactly six digits', () => {
    expect(isTotpCode('012345')).toBe(true)
    expect(isTotpCode('012 345')).toBe(true)
    expect(isTotpCode('１２３４５６')).toBe(true)
    expect(isTotpCode('12345')).toBe(false)
    expect(isTotpCode('1234567')).toBe(false)
    expect(isTotpCode('12a456')).toBe(false)
    expect(isTotpCode('')).toBe(false)
    expect(isTotpCode(undefined)).toBe(false)
  })

  it('knows when the sign-in wants a code', () => {
    expect(needsTotpCode(new ApiError(401, 'totp_required', 'enter the code', 'totp_code'))).toBe(true)
    expect(needsTotpCode(new ApiError(401, 'invalid_totp', 'wrong', 'totp_code'))).toBe(true)
    expect(needsTotpCode(new ApiError(401, 'invalid_credentials', 'wrong'))).toBe(false)
    expect(needsTotpCode(new ApiError(429, 'login_locked', 'locked'))).toBe(false)
    expect(needsTotpCode(new Error('totp_required'))).toBe(false)
  })

  it('words a wrong code for where it was entered', () => {
    const wrong = new ApiError(401, 'invalid_totp', 'the code does not match', 'totp_code')
    expect(totpErrorText(wrong, translator, 'confirm')).toBe('验证码不正确，请核对手机时间')
    expect(totpErrorText(wrong, translator, 'login')).toBe('验证码不正确或已使用过，请等下一个验证码出现后再试')
    expect(totpErrorText(new ApiError(409, 'conflict', 'already set up'), translator, 'confirm')).toMatch(/已启用两步验证/)
    expect(totpErrorText(new ApiError(409, 'conflict', 'x'), translator, 'login')).toBe('与已有记录冲突')
    expect(totpErrorText(new ApiError(401, 'totp_required', 'x'), translator, 'login')).toBe('请输入两步验证码')
  })
})
