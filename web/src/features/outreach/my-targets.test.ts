import { describe, expect, it } from 'vitest'
import { daysUntil, dueStateOn, sortByDue } from './my-targets'

const t = (address: string, next_due_on: string | null, due_state: 'overdue' | 'due' | 'ok' | null = null) => ({ address, next_due_on, due_state })

describe('what is due', () => {
  it('works the due state out from the date, as the document defines it', () => {
    expect(dueStateOn(t('a', '2024-01-09'), '2024-01-10')).toBe('overdue')
    expect(dueStateOn(t('a', '2024-01-10'), '2024-01-10')).toBe('due')
    expect(dueStateOn(t('a', '2024-01-17'), '2024-01-10')).toBe('due')
    expect(dueStateOn(t('a', '2024-01-18'), '2024-01-10')).toBe('ok')
    // A list read days ago: the date wins over the server's word of then.
    expect(dueStateOn(t('a', '2024-01-09', 'ok'), '2024-01-10')).toBe('overdue')
    expect(dueStateOn(t('a', null, 'due'), '2024-01-10')).toBe('due')
    expect(dueStateOn(t('a', null), '2024-01-10')).toBeNull()
  })

  it('puts overdue first, then due soon, then the rest, each by date', () => {
    const list = [t('丙', '2024-03-01'), t('甲', '2024-01-12'), t('乙', '2024-01-02'), t('丁', null), t('戊', '2024-01-05'), t('己', '2024-01-12')]
    expect(sortByDue(list, '2024-01-10').map((x) => x.address)).toEqual(['乙', '戊', '己', '甲', '丙', '丁'])
  })

  it('counts days to a date', () => {
    expect(daysUntil('2024-01-12', '2024-01-10')).toBe(2)
    expect(daysUntil('2024-01-08', '2024-01-10')).toBe(-2)
    expect(daysUntil('2024-03-01', '2024-02-28')).toBe(2)
  })
})
