import { describe, expect, it } from 'vitest'
import type { Target } from './outreach-api'
import { blankChecks } from './outreach-codes'
import {
  blankNeed,
  blankVisitFields,
  checkVisit,
  correctionBody,
  fieldsOfBody,
  fieldsOfVisit,
  fromLocalInput,
  locationOf,
  toLocalInput,
  visitBody,
  type NeedFields,
} from './visit-form'

const target: Pick<Target, 'target_id' | 'campaign_id' | 'members'> = {
  target_id: 'h1',
  campaign_id: 'c1',
  members: [
    { person_id: 'p1', name: '王*英', categories: ['tekun'], age: 80 },
    { person_id: 'p2', name: '王*明', categories: ['left_behind_child'], age: 9 },
  ],
}
const NOW = Date.UTC(2024, 0, 10, 2, 30) // 10:30 in Beijing

describe('the visit form', () => {
  it('starts now, at home, no one ticked, checks 正常 and 就学 asked for a child', () => {
    const f = blankVisitFields(target, NOW)
    expect(fromLocalInput(f.visitedAt)?.getTime()).toBe(NOW)
    expect(f).toMatchObject({ mode: 'home', persons_seen: [], notes: '', location: null })
    expect(f.checks.school).toBe('ok')
  })

  it('turns the local time of the input into UTC to the second and back', () => {
    const local = toLocalInput(Date.UTC(2024, 0, 5, 2, 30, 45))
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    expect(fromLocalInput(local)?.toISOString()).toBe('2024-01-05T02:30:00.000Z')
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('2024-13-45T99:99')).toBeNull()
  })

  it('wants someone seen for a home or video visit, not for a call', () => {
    const f = blankVisitFields(target, NOW)
    expect(checkVisit(f, [], { now: NOW }).map((p) => p.key)).toEqual(['outreach.visit.seenRequired'])
    expect(checkVisit({ ...f, mode: 'phone' }, [], { now: NOW })).toEqual([])
    expect(checkVisit({ ...f, mode: 'video', persons_seen: ['p1'] }, [], { now: NOW })).toEqual([])
  })

  it('refuses a time in the future (beyond five minutes) or outside the campaign', () => {
    const f = { ...blankVisitFields(target, NOW), persons_seen: ['p1'] }
    expect(checkVisit({ ...f, visitedAt: toLocalInput(NOW + 4 * 60_000) }, [], { now: NOW })).toEqual([])
    expect(checkVisit({ ...f, visitedAt: toLocalInput(NOW + 10 * 60_000) }, [], { now: NOW }).map((p) => p.key)).toEqual(['outreach.visit.timeFuture'])
    const period = { from: '2023-12-01', to: '2024-01-09' }
    expect(checkVisit(f, [], { now: NOW, period })[0]).toMatchObject({ key: 'outreach.visit.timeOutside', params: period })
    expect(checkVisit(f, [], { now: NOW, period: { from: '2023-12-01', to: '2024-01-10' } })).toEqual([])
    expect(checkVisit({ ...f, visitedAt: '' }, [], { now: NOW }).map((p) => p.key)).toEqual(['outreach.visit.timeRequired'])
  })

  it('wants a category, a description and a due date for each need', () => {
    const f = { ...blankVisitFields(target, NOW), persons_seen: ['p1'] }
    const need: NeedFields = { ...blankNeed(NOW), description: ' ' }
    expect(need.due_on).toBe('2024-01-17')
    expect(checkVisit(f, [need], { now: NOW }).map((p) => [p.key, p.where])).toEqual([
      ['outreach.visit.needCategoryRequired', 'need-0'],
      ['outreach.visit.descriptionRequired', 'need-0'],
    ])
  })

  it('builds the POST body with the needs, keeping persons to members', () => {
    const f = { ...blankVisitFields(target, NOW), persons_seen: ['p2', 'stranger', 'p1'], notes: ' 老人精神好 ', location: { lat: 33.58, lng: 114.02, accuracy_m: 20 } }
    const need: NeedFields = { id: 'n1', category: 'medical', urgency: 'urgent', description: ' 需要复诊 ', due_on: '2024-01-13', person_id: 'p1' }
    const other: NeedFields = { id: 'n2', category: 'economic', urgency: 'low', description: '取暖费', due_on: '2024-02-01', person_id: 'stranger' }
    const body = visitBody('v1', target, f, [need, other])
    expect(body).toEqual({
      id: 'v1',
      target_id: 'h1',
      campaign_id: 'c1',
      visited_at: '2024-01-10T02:30:00Z',
      mode: 'home',
      persons_seen: ['p1', 'p2'],
      checks: blankChecks([80, 9]),
      notes: '老人精神好',
      location: { lat: 33.58, lng: 114.02, accuracy_m: 20 },
      needs: [
        { id: 'n1', category: 'medical', urgency: 'urgent', description: '需要复诊', due_on: '2024-01-13', person_id: 'p1' },
        { id: 'n2', category: 'economic', urgency: 'low', description: '取暖费', due_on: '2024-02-01', person_id: null },
      ],
    })
    // And back into the form, to fix a refused one.
    const again = fieldsOfBody(body)
    expect(again.fields.persons_seen).toEqual(['p1', 'p2'])
    expect(again.needs[0]).toMatchObject({ id: 'n1', category: 'medical' })
  })

  it('builds the PUT body of a correction from a stored visit', () => {
    const f = fieldsOfVisit({ mode: 'phone', visited_at: '2024-01-05T02:30:00Z', persons_seen: [], checks: blankChecks(), notes: '电话', location: null })
    expect(correctionBody(3, { ...f, notes: '电话（已更正）' })).toEqual({
      version: 3,
      visited_at: '2024-01-05T02:30:00Z',
      mode: 'phone',
      persons_seen: [],
      checks: blankChecks(),
      notes: '电话（已更正）',
      location: null,
    })
  })

  it('keeps a position to about a metre', () => {
    expect(locationOf({ coords: { latitude: 33.5812345, longitude: 114.0198765, accuracy: 19.6 } })).toEqual({ lat: 33.58123, lng: 114.01988, accuracy_m: 20 })
  })
})
