import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { ApiError } from '@/shared/api/errors'
import { uuidv7 } from '@/shared/ids'
import type { VisitBody } from '../outreach-api'
import { blankChecks } from '../outreach-codes'
import { dispositionOf, Outbox, type VisitSender } from './outbox'
import { OutreachDb } from './outreach-db'

let db: OutreachDb
let clock = 1_700_000_000_000
const now = () => clock

function visit(over: Partial<VisitBody> = {}): VisitBody {
  clock += 1000
  return {
    id: uuidv7(clock),
    target_id: 't1',
    campaign_id: 'c1',
    visited_at: '2024-01-05T02:30:00Z',
    mode: 'home',
    persons_seen: ['p1'],
    checks: blankChecks(),
    notes: '',
    location: null,
    needs: [],
    ...over,
  }
}
const summary = { address: '滨西路 18 号', campaign_name: '冬季敲门行动', members: ['王*英'] }

/** A sender that answers from a script: a value resolves, an ApiError rejects. */
function scripted(...answers: (unknown | ApiError)[]): VisitSender & { calls: VisitBody[] } {
  const calls: VisitBody[] = []
  const fn = (async (body: VisitBody) => {
    calls.push(body)
    const a = answers.length > 1 ? answers.shift() : answers[0]
    if (a instanceof ApiError || a instanceof Error) throw a
    return a
  }) as VisitSender & { calls: VisitBody[] }
  fn.calls = calls
  return fn
}

const network = () => new ApiError(0, 'network_error', 'Failed to fetch')

beforeEach(() => {
  db = new OutreachDb(`test-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange })
})
afterEach(() => db.close())

describe('the outbox keeps a visit until the server has it', () => {
  it('writes the visit before sending it and removes it on 201', async () => {
    const send = scripted({ id: 'x' })
    const box = new Outbox(db, { send, now })
    const v = visit({ needs: [{ id: uuidv7(), category: 'medical', urgency: 'normal', description: '需要复诊', due_on: '2024-01-12', person_id: null }] })
    await box.enqueue('u1', v, summary)
    expect(await box.count('u1')).toBe(1)
    expect(send.calls).toHaveLength(0)
    const r = await box.flush('u1')
    expect(r).toMatchObject({ sent: [v.id], failed: [], kept: [], stopped: null })
    expect(send.calls[0]).toEqual(v)
    expect(await box.count('u1')).toBe(0)
  })

  it('sends in the order the visits were recorded', async () => {
    const send = scripted({})
    const box = new Outbox(db, { send, now })
    const a = visit()
    const b = visit()
    const c = visit()
    // Recorded a, b, c, but written in another order.
    await box.enqueue('u1', c, summary)
    clock -= 10_000
    await box.enqueue('u1', a, summary)
    clock += 20_000
    await box.enqueue('u1', b, summary)
    expect((await box.list('u1')).map((e) => e.id)).toEqual([a.id, c.id, b.id])
    await box.flush('u1')
    expect(send.calls.map((v) => v.id)).toEqual([a.id, c.id, b.id])
  })

  it('does not try when the browser is offline', async () => {
    const send = scripted({})
    const box = new Outbox(db, { send, now, isOnline: () => false })
    await box.enqueue('u1', visit(), summary)
    expect(await box.flush('u1')).toMatchObject({ stopped: 'offline', sent: [] })
    expect(send.calls).toHaveLength(0)
    expect(await box.count('u1')).toBe(1)
  })

  it('keeps everything on a network error and stops the round', async () => {
    const send = scripted(network())
    const box = new Outbox(db, { send, now })
    const a = visit()
    const b = visit()
    await box.enqueue('u1', a, summary)
    await box.enqueue('u1', b, summary)
    const r = await box.flush('u1')
    expect(r).toMatchObject({ kept: [a.id], stopped: 'network' })
    expect(send.calls).toHaveLength(1)
    const [ea, eb] = await box.list('u1')
    expect(ea).toMatchObject({ state: 'queued', attempts: 1, error: { status: 0, code: 'network_error' } })
    expect(eb).toMatchObject({ state: 'queued', attempts: 0, error: null })
  })

  it('sends the rest once the network is back, a replay (200) counting as accepted', async () => {
    let online = false
    const send = scripted({ id: 'stored' })
    const box = new Outbox(db, { send, now, isOnline: () => online })
    const a = visit()
    const b = visit()
    await box.enqueue('u1', a, summary)
    await box.enqueue('u1', b, summary)
    await box.flush('u1')
    online = true
    expect((await box.flush('u1')).sent).toEqual([a.id, b.id])
    expect(await box.list('u1')).toEqual([])
  })

  it('keeps the entry on 401 for after the next sign-in, and stops', async () => {
    const send = scripted(new ApiError(401, 'unauthenticated', 'session expired'))
    const box = new Outbox(db, { send, now })
    await box.enqueue('u1', visit(), summary)
    await box.enqueue('u1', visit(), summary)
    const r = await box.flush('u1')
    expect(r.stopped).toBe('unauthorized')
    expect(send.calls).toHaveLength(1)
    expect((await box.list('u1')).map((e) => e.state)).toEqual(['queued', 'queued'])
  })

  it('marks a refused visit failed with the server message and goes on with the next', async () => {
    const refused = new ApiError(422, 'invalid_field', 'visited_at lies outside the campaign period', 'visited_at')
    const send = scripted(refused, {})
    const box = new Outbox(db, { send, now })
    const a = visit()
    const b = visit()
    await box.enqueue('u1', a, summary)
    await box.enqueue('u1', b, summary)
    const r = await box.flush('u1')
    expect(r).toMatchObject({ failed: [a.id], sent: [b.id], stopped: null })
    const [ea] = await box.list('u1')
    expect(ea).toMatchObject({ id: a.id, state: 'failed', error: { status: 422, code: 'invalid_field', message: 'visited_at lies outside the campaign period' } })
    // A failed entry waits for the worker: another round leaves it alone.
    expect((await box.flush('u1')).sent).toEqual([])
    expect(send.calls).toHaveLength(2)
  })

  it('marks an id that holds another visit (409) as a conflict, not failed', async () => {
    const send = scripted(new ApiError(409, 'conflict', 'the id holds a different visit'))
    const box = new Outbox(db, { send, now })
    const a = visit()
    await box.enqueue('u1', a, summary)
    expect((await box.flush('u1')).conflicts).toEqual([a.id])
    expect((await box.get(a.id))?.state).toBe('conflict')
  })

  it('keeps a visit the server could not take now (5xx) and still tries the next', async () => {
    const send = scripted(new ApiError(503, 'unavailable', 'draining'), {})
    const box = new Outbox(db, { send, now })
    const a = visit()
    const b = visit()
    await box.enqueue('u1', a, summary)
    await box.enqueue('u1', b, summary)
    const r = await box.flush('u1')
    expect(r).toMatchObject({ kept: [a.id], sent: [b.id], stopped: null })
    expect(await box.get(a.id)).toMatchObject({ state: 'queued', error: { status: 503 } })
  })

  it('retries a failed entry on request and discards one only when asked', async () => {
    const send = scripted(new ApiError(403, 'forbidden', 'not your target'), {})
    const box = new Outbox(db, { send, now })
    const a = visit()
    const b = visit()
    await box.enqueue('u1', a, summary)
    await box.enqueue('u1', b, summary)
    await box.flush('u1')
    expect((await box.list('u1')).map((e) => [e.id, e.state])).toEqual([[a.id, 'failed']])
    // The worker retries it; this time the server takes it.
    expect((await box.retry('u1', a.id)).sent).toEqual([a.id])
    const c = visit()
    await box.enqueue('u1', c, summary)
    expect(await box.discard('u2', c.id)).toBe(false)
    expect(await box.discard('u1', c.id)).toBe(true)
    expect(await box.count('u1')).toBe(0)
  })

  it('keeps each account to its own visits', async () => {
    const send = scripted({})
    const box = new Outbox(db, { send, now })
    const mine = visit()
    const theirs = visit()
    await box.enqueue('u1', mine, summary)
    await box.enqueue('u2', theirs, summary)
    expect(await box.count('u1')).toBe(1)
    await box.flush('u1')
    expect(send.calls.map((v) => v.id)).toEqual([mine.id])
    expect(await box.count('u2')).toBe(1)
    await expect(box.enqueue('u1', theirs, summary)).rejects.toThrow(/another account/)
  })

  it('runs one round at a time: a second flush joins the first', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const send = vi.fn(async () => {
      await gate
      return {}
    })
    const box = new Outbox(db, { send, now })
    await box.enqueue('u1', visit(), summary)
    const first = box.flush('u1')
    const second = box.flush('u1')
    expect(second).toBe(first)
    release()
    await first
    expect(send).toHaveBeenCalledTimes(1)
  })

  it('sends a visit recorded while a round is under way in the same round', async () => {
    const box: Outbox = new Outbox(db, {
      now,
      send: async (body) => {
        if (body.id === first.id) await box.enqueue('u1', second, summary)
        return {}
      },
    })
    const first = visit()
    const second = visit()
    await box.enqueue('u1', first, summary)
    expect((await box.flush('u1')).sent).toEqual([first.id, second.id])
  })

  it('does not bring back an entry discarded while it was being sent', async () => {
    const a = visit()
    const box: Outbox = new Outbox(db, {
      now,
      send: async () => {
        await box.discard('u1', a.id)
        throw network()
      },
    })
    await box.enqueue('u1', a, summary)
    await box.flush('u1')
    expect(await box.count('u1')).toBe(0)
  })

  it('queues a resubmitted visit again with its new content', async () => {
    const send = scripted(new ApiError(422, 'invalid_field', 'persons_seen'), {})
    const box = new Outbox(db, { send, now })
    const a = visit({ persons_seen: [] })
    await box.enqueue('u1', a, summary)
    await box.flush('u1')
    await box.enqueue('u1', { ...a, persons_seen: ['p1'] }, summary)
    expect(await box.get(a.id)).toMatchObject({ state: 'queued', error: null, attempts: 1 })
    await box.flush('u1')
    expect(send.calls[1]!.persons_seen).toEqual(['p1'])
  })
})

describe('how an answer is treated', () => {
  it('tells keeping, failing and conflicts apart', () => {
    expect(dispositionOf(new TypeError('Failed to fetch'))).toEqual({ action: 'keep', stop: 'network' })
    expect(dispositionOf(new ApiError(0, 'network_error', 'x'))).toEqual({ action: 'keep', stop: 'network' })
    expect(dispositionOf(new ApiError(401, 'unauthenticated', 'x'))).toEqual({ action: 'keep', stop: 'unauthorized' })
    expect(dispositionOf(new ApiError(403, 'password_change_required', 'x'))).toEqual({ action: 'keep', stop: 'unauthorized' })
    expect(dispositionOf(new ApiError(403, 'forbidden', 'x'))).toEqual({ action: 'fail' })
    expect(dispositionOf(new ApiError(429, 'rate_limited', 'x'))).toEqual({ action: 'keep', stop: 'busy' })
    expect(dispositionOf(new ApiError(409, 'conflict', 'x'))).toEqual({ action: 'conflict' })
    expect(dispositionOf(new ApiError(400, 'invalid_json', 'x'))).toEqual({ action: 'fail' })
    expect(dispositionOf(new ApiError(422, 'invalid_field', 'x'))).toEqual({ action: 'fail' })
    expect(dispositionOf(new ApiError(500, 'internal', 'x'))).toEqual({ action: 'keep', stop: null })
  })
})
