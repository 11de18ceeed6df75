import { describe, expect, it } from 'vitest'
import { translator } from '@/shared/i18n'
import {
  addDays,
  allowedTransitions,
  apiTime,
  blankChecks,
  CHECK_ITEMS,
  CHECK_VALUES,
  concerns,
  DUE_STATES,
  fenToYuanText,
  isOpenNeed,
  NEED_CATEGORIES,
  NEED_STATES,
  needsReason,
  outreachLabel,
  percent,
  RESOURCE_KINDS,
  URGENCIES,
  VISIT_MODES,
  CAMPAIGN_STATUSES,
  yuanToFen,
  resourceValueProblem,
} from './outreach-codes'

describe('labels', () => {
  it('names every code in Chinese as the document does', () => {
    const l = (kind: Parameters<typeof outreachLabel>[0], codes: readonly string[]) => codes.map((c) => outreachLabel(kind, c, translator))
    expect(l('mode', VISIT_MODES)).toEqual(['上门', '电话', '视频'])
    expect(l('check', CHECK_ITEMS)).toEqual(['健康', '居住安全', '冬季取暖', '饮食', '就学', '情绪'])
    expect(l('checkValue', CHECK_VALUES)).toEqual(['正常', '需关注', '不适用'])
    expect(l('needCategory', NEED_CATEGORIES)).toEqual(['医疗', '生活照料', '心理/家庭关系', '环境卫生', '安全', '教育', '经济', '其他'])
    expect(l('urgency', URGENCIES)).toEqual(['一般', '较急', '紧急'])
    expect(l('needState', NEED_STATES)).toEqual(['已发现', '已链接资源', '办理中', '已解决', '已转介', '未解决关闭'])
    expect(l('resourceKind', RESOURCE_KINDS)).toEqual(['转介', '资金', '物资', '服务'])
    expect(l('dueState', DUE_STATES)).toEqual(['已逾期', '即将到期', '正常'])
    expect(l('status', CAMPAIGN_STATUSES)).toEqual(['草稿', '进行中', '已结束'])
  })
  it('shows an unknown code as it is and nothing as a dash', () => {
    expect(outreachLabel('mode', 'drone', translator)).toBe('drone')
    expect(outreachLabel('mode', null, translator)).toBe('—')
  })
})

describe('the need state machine', () => {
  it('moves forward (a step may be skipped, but never straight to resolved), or to referred or closed', () => {
    expect(allowedTransitions('raised')).toEqual(['linked', 'in_progress', 'referred', 'closed'])
    expect(allowedTransitions('linked')).toEqual(['in_progress', 'resolved', 'referred', 'closed'])
    expect(allowedTransitions('in_progress')).toEqual(['resolved', 'referred', 'closed'])
  })
  it('has no move out of a final state', () => {
    for (const s of ['resolved', 'referred', 'closed', 'bogus', null]) expect(allowedTransitions(s)).toEqual([])
  })
  it('wants a reason for referred and closed only', () => {
    expect(NEED_STATES.filter(needsReason)).toEqual(['referred', 'closed'])
    expect(NEED_STATES.filter(isOpenNeed)).toEqual(['raised', 'linked', 'in_progress'])
  })
})

describe('money', () => {
  it('turns yuan as typed into integer fen without rounding errors', () => {
    expect(yuanToFen('500')).toBe(50000)
    expect(yuanToFen('500.00')).toBe(50000)
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1,200.5')).toBe(120050)
    expect(yuanToFen('￥12.3')).toBe(1230)
    expect(yuanToFen(' 7. ')).toBe(700)
    expect(yuanToFen(19.99)).toBe(1999)
  })
  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '-5', '1e3', null, undefined]) expect(yuanToFen(bad)).toBeNull()
  })
  it('checks a value against the kind of resource as the server does', () => {
    expect(resourceValueProblem('money', 50000)).toBeNull()
    expect(resourceValueProblem('money', 0)).toBe('outreach.needs.valueRequired')
    expect(resourceValueProblem('goods', 0)).toBe('outreach.needs.valueRequired')
    expect(resourceValueProblem('service', 0)).toBeNull()
    expect(resourceValueProblem('referral', 0)).toBeNull()
    expect(resourceValueProblem('referral', 100)).toBe('outreach.needs.referralNoValue')
    expect(resourceValueProblem('service', null)).toBe('outreach.needs.valueInvalid')
  })
  it('writes fen back as yuan for an input', () => {
    expect(fenToYuanText(50000)).toBe('500.00')
    expect(fenToYuanText(5)).toBe('0.05')
    expect(fenToYuanText(-1230)).toBe('-12.30')
    expect(fenToYuanText(null)).toBe('')
  })
})

describe('checks', () => {
  it('starts as 正常, with 就学 不适用 unless a member is of school age', () => {
    expect(blankChecks([80])).toEqual({ health: 'ok', home_safety: 'ok', heating: 'ok', food: 'ok', school: 'na', mood: 'ok' })
    expect(blankChecks([70, 9]).school).toBe('ok')
    expect(blankChecks([null]).school).toBe('na')
  })
  it('lists what needs attention in the form order', () => {
    expect(concerns({ mood: 'concern', health: 'concern', food: 'ok' })).toEqual(['health', 'mood'])
    expect(concerns(null)).toEqual([])
  })
})

describe('dates and figures', () => {
  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-27', 3)).toBe('2024-03-01')
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01')
    expect(addDays('2024-01-08', -7)).toBe('2024-01-01')
  })
  it('writes API times in UTC to the second', () => {
    expect(apiTime(Date.UTC(2024, 0, 5, 2, 30, 0, 123))).toBe('2024-01-05T02:30:00Z')
  })
  it('gives a percentage, or a dash without a whole', () => {
    expect(percent(1, 3)).toBe('33%')
    expect(percent(0, 0)).toBe('—')
  })
})
