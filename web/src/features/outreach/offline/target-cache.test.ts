import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import type { Target } from '../outreach-api'
import { OutreachDb } from './outreach-db'
import { TargetCache } from './target-cache'

let db: OutreachDb
let cache: TargetCache
let clock = 1_700_000_000_000

function target(id: string, over: Partial<Target> = {}): Target {
  return {
    campaign_id: 'c1', target_id: id, kind: 'household', address: `滨西路 ${id} 号`, region_code: '411102001001', region_name: '滨西社区',
    grid_id: null, grid_name: '', risk_level: 'high', worker_id: 'w1', worker_name: '王芳',
    members: [{ person_id: `${id}-p`, name: '王*英', categories: ['tekun'], age: 80 }],
    visits: 0, first_visit_at: null, last_visit_at: null, next_due_on: '2024-01-08', due_state: 'overdue', open_needs: 0, ...over,
  }
}

beforeEach(() => {
  db = new OutreachDb(`cache-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange })
  cache = new TargetCache(db, () => clock)
})
afterEach(() => db.close())

describe('the cached targets', () => {
  it('keeps the assigned targets and answers them without the network', async () => {
    await cache.replaceMine('u1', [target('b'), target('a')], [{ id: 'c1', name: '冬季敲门行动', starts_on: '2023-12-01', ends_on: '2024-02-29' }])
    expect((await cache.mine('u1')).map((t) => t.target_id).sort()).toEqual(['a', 'b'])
    const got = await cache.get('u1', 'c1', 'a')
    expect(got).toMatchObject({ target_id: 'a', members: [{ name: '王*英' }], user: 'u1', mine: 1 })
    expect(await cache.lastSync('u1')).toBe(clock)
    expect(await cache.campaigns('u1')).toEqual([{ id: 'c1', name: '冬季敲门行动', starts_on: '2023-12-01', ends_on: '2024-02-29' }])
  })

  it('replaces the list on each sync: a target no longer assigned goes', async () => {
    await cache.replaceMine('u1', [target('a'), target('b')])
    clock += 60_000
    await cache.replaceMine('u1', [target('b', { visits: 1 })])
    expect((await cache.mine('u1')).map((t) => [t.target_id, t.visits])).toEqual([['b', 1]])
    expect(await cache.get('u1', 'c1', 'a')).toBeUndefined()
    expect(await cache.lastSync('u1')).toBe(clock)
    // Campaigns not given are left as they were.
    expect(await cache.campaigns('u1')).toEqual([])
  })

  it('keeps each account to its own list', async () => {
    await cache.replaceMine('u1', [target('a')])
    await cache.replaceMine('u2', [target('z')])
    expect((await cache.mine('u1')).map((t) => t.target_id)).toEqual(['a'])
    expect(await cache.get('u2', 'c1', 'a')).toBeUndefined()
    expect(await cache.lastSync('u3')).toBeNull()
  })

  it('remembers a target opened from a list without making it assigned', async () => {
    await cache.replaceMine('u1', [target('a')])
    await cache.remember('u1', target('x', { worker_id: null }))
    await cache.remember('u1', target('a', { visits: 3 }))
    expect((await cache.mine('u1')).map((t) => [t.target_id, t.visits])).toEqual([['a', 3]])
    expect(await cache.get('u1', 'c1', 'x')).toMatchObject({ mine: 0 })
    expect(await cache.anyOf('u1', 'x')).toMatchObject({ target_id: 'x' })
  })
})
