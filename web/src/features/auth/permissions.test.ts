import { describe, expect, it } from 'vitest'
import { canFrom } from './permissions'
import { outreachPermissions } from '@/features/outreach/outreach-permissions'

describe('canFrom', () => {
  it('allows exactly the pairs the server sent', () => {
    const can = canFrom([{ action: 'read', resource: 'stats' }, { action: 'write', resource: 'visit' }])
    expect(can('read', 'stats')).toBe(true)
    expect(can('write', 'visit')).toBe(true)
    expect(can('write', 'stats')).toBe(false)
    expect(can('read', 'visit')).toBe(false)
  })

  it('allows nothing without permissions (a user stored by an older console)', () => {
    expect(canFrom(undefined)('read', 'region')).toBe(false)
    expect(canFrom([])('read', 'region')).toBe(false)
  })
})

describe('outreachPermissions', () => {
  it('reads campaigns, assignments and visits separately', () => {
    const can = canFrom([{ action: 'read', resource: 'campaign' }, { action: 'write', resource: 'assignment' }])
    expect(outreachPermissions(can)).toEqual({ read: true, writeCampaigns: false, assign: true, writeVisits: false })
    expect(outreachPermissions(canFrom([{ action: 'write', resource: 'visit' }]))).toEqual({ read: false, writeCampaigns: false, assign: false, writeVisits: true })
  })
})
