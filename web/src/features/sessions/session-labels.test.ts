import { describe, expect, it } from 'vitest'
import { ApiError } from '@/shared/api/errors'
import { translator } from '@/shared/i18n'
import zhCN from '@/shared/i18n/zh-CN'
import { revokeConfirmText, revokeErrorText } from './session-labels'

describe('sessions', () => {
  it('says a session already gone has ended', () => {
    expect(revokeErrorText(new ApiError(404, 'not_found', 'no active session has this id', 'id'), translator)).toBe('该会话已结束')
    expect(revokeErrorText(new ApiError(403, 'forbidden', 'no'), translator)).toBe(zhCN.errors.forbidden)
  })

  it('warns before ending a session of one\'s own account', () => {
    const luohe = { username: 'luohe', user_id: 'u-luohe' }
    expect(revokeConfirmText(luohe, 'u-security', translator)).toBe('确定让“luohe”的这个会话强制下线吗？该用户须重新登录。')
    expect(revokeConfirmText(luohe, 'u-luohe', translator)).toMatch(/您本人账户的会话/)
    expect(revokeConfirmText(luohe, null, translator)).toMatch(/luohe/)
  })
})
