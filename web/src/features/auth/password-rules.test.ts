import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import zhCN from '@/shared/i18n/zh-CN'
import {
  characterClasses,
  passwordFormErrors,
  passwordProblems,
  PASSWORD_RULES,
  problemsText,
  serverPasswordProblem,
} from './password-rules'

describe('characterClasses', () => {
  it('counts lower-case, capitals, digits and symbols', () => {
    expect(characterClasses('')).toBe(0)
    expect(characterClasses('abcdefgh')).toBe(1)
    expect(characterClasses('abcDEF')).toBe(2)
    expect(characterClasses('abcDEF12')).toBe(3)
    expect(characterClasses('aB3#')).toBe(4)
    // Anything that is not an ASCII letter or digit counts as a symbol.
    expect(characterClasses('abc 中文')).toBe(2)
  })
})

describe('passwordProblems', () => {
  it('accepts the passwords the server accepts', () => {
    expect(passwordProblems('Better#2026cd', { username: 'newcomer', current: 'Start#2026ab' })).toEqual([])
    expect(passwordProblems('Shegong@2026')).toEqual([])
    expect(passwordProblems('abcdefg1#')).toEqual([]) // lower + digit + symbol is three classes
  })

  it('wants at least 8 characters, counted as characters', () => {
    expect(passwordProblems('Ab#4567')).toEqual(['length'])
    expect(passwordProblems('Ab#45678')).toEqual([])
    // 7 characters even though they take more than 8 UTF-16 units / bytes.
    expect(passwordProblems('Ab1密码密码')).toEqual(['length'])
  })

  it('wants three kinds of characters', () => {
    expect(passwordProblems('weakpassword')).toEqual(['classes'])
    expect(passwordProblems('Weakpassword')).toEqual(['classes'])
    expect(passwordProblems('12345678')).toEqual(['classes'])
    expect(passwordProblems('short')).toEqual(['length', 'classes'])
  })

  it('refuses the user name in any case', () => {
    expect(passwordProblems('NewComer#2026', { username: 'newcomer' })).toEqual(['username'])
    expect(passwordProblems('x-newcomer-9A', { username: 'NEWCOMER' })).toEqual(['username'])
    expect(passwordProblems('Better#2026cd', { username: '' })).toEqual([])
    expect(passwordProblems('Better#2026cd', { username: null })).toEqual([])
  })

  it('refuses the current password', () => {
    expect(passwordProblems('Start#2026ab', { current: 'Start#2026ab' })).toEqual(['same'])
    expect(passwordProblems('Start#2026ab', { current: 'start#2026ab' })).toEqual([])
  })

  it('lists every broken rule in the order the page shows them', () => {
    expect(passwordProblems('luohe', { username: 'luohe', current: 'luohe' })).toEqual(['length', 'classes', 'username', 'same'])
    expect(PASSWORD_RULES).toEqual(['length', 'classes', 'username', 'same'])
  })
})

describe('serverPasswordProblem', () => {
  it('recognises the server messages', () => {
    expect(serverPasswordProblem('a password has at least 8 characters')).toBe('length')
    expect(serverPasswordProblem('a password mixes at least 3 of: lower-case letters, capitals, digits, symbols')).toBe('classes')
    expect(serverPasswordProblem('a password cannot contain the user name')).toBe('username')
    expect(serverPasswordProblem('the new password must differ from the current one')).toBe('same')
    expect(serverPasswordProblem('something new')).toBeNull()
  })
})

describe('Chinese texts', () => {
  it('names the broken rules', () => {
    expect(problemsText(['length', 'username'], translator)).toBe('新密码不符合要求：至少 8 个字符；不能包含用户名')
  })

  it('puts a wrong current password on the current-password field', () => {
    const e = new ApiError(422, 'invalid_field', 'the current password is wrong', 'current_password')
    expect(passwordFormErrors(e, translator)).toEqual({ fields: { current_password: '当前密码不正确' }, general: null })
  })

  it('puts a rule the server enforces on the new-password field', () => {
    const e = new ApiError(422, 'invalid_field', 'a password cannot contain the user name', 'password')
    expect(passwordFormErrors(e, translator)).toEqual({ fields: { new_password: '新密码不符合要求：不能包含用户名' }, general: null })
    const unknown = new ApiError(422, 'invalid_field', 'a password is on the breached list', 'password')
    expect(passwordFormErrors(unknown, translator).fields.new_password).toBe('新密码不符合要求：a password is on the breached list')
  })

  it('shows other failures as one general message', () => {
    expect(passwordFormErrors(new ApiError(401, 'unauthenticated', 'gone'), translator)).toEqual({
      fields: {},
      general: zhCN.errors.unauthenticated,
    })
  })
})
