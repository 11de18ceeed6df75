import { formatDate } from '@/shared/format'
import { uuidv7 } from '@/shared/ids'
import type { NeedDraft, Target, Visit, VisitBody, VisitCorrection, VisitLocation } from './outreach-api'
import { addDays, apiTime, blankChecks, type Checks, type NeedCategory, type Urgency, type VisitMode } from './outreach-codes'

/** The fields of a visit as the form holds them (a new visit and a correction alike). */
export interface VisitFields {
  mode: VisitMode
  /** `YYYY-MM-DDTHH:mm` in the phone's own time (what `<input type="datetime-local">` holds). */
  visitedAt: string
  persons_seen: string[]
  checks: Checks
  notes: string
  location: VisitLocation | null
}

/** A need as the form holds it. */
export interface NeedFields {
  id: string
  category: NeedCategory | ''
  urgency: Urgency
  description: string
  due_on: string
  person_id: string | null
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A moment → the value of a `datetime-local` input, in the browser's zone. */
export function toLocalInput(d: Date | number | string): string {
  const x = new Date(d)
  return `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}T${pad(x.getHours())}:${pad(x.getMinutes())}`
}

/** The value of a `datetime-local` input → the moment (null when empty or malformed). */
export function fromLocalInput(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s)) return null
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? null : d
}

export function blankVisitFields(target: Pick<Target, 'members'> | null, now: number = Date.now()): VisitFields {
  return {
    mode: 'home',
    visitedAt: toLocalInput(now),
    persons_seen: [],
    checks: blankChecks(target?.members.map((m) => m.age) ?? []),
    notes: '',
    location: null,
  }
}

/** Days to the due date a new need starts with, by urgency. */
export const NEED_DUE_DAYS: Readonly<Record<Urgency, number>> = { urgent: 3, normal: 7, low: 30 }

export function blankNeed(now: number = Date.now()): NeedFields {
  return { id: uuidv7(now), category: '', urgency: 'normal', description: '', due_on: addDays(formatDate(now), NEED_DUE_DAYS.normal), person_id: null }
}

/** A visit already recorded → the form's fields (for a correction). */
export function fieldsOfVisit(v: Pick<Visit, 'mode' | 'visited_at' | 'persons_seen' | 'checks' | 'notes' | 'location'>): VisitFields {
  return {
    mode: v.mode,
    visitedAt: toLocalInput(v.visited_at),
    persons_seen: [...v.persons_seen],
    checks: { ...blankChecks(), ...v.checks },
    notes: v.notes ?? '',
    location: v.location ? { ...v.location } : null,
  }
}

/** What is wrong with the form, as i18n keys with their parameters (empty when it may be sent). */
export interface FormProblem {
  key: string
  params?: Record<string, unknown>
  /** `need-<index>` or the field name, for showing it in place. */
  where: string
}

export interface CheckOptions {
  now?: number
  /** The campaign's period (`YYYY-MM-DD`, China time), when known. */
  period?: { from: string; to: string } | null
}

/** Five minutes of clock skew, as the server allows. */
const SKEW_MS = 5 * 60_000

export function checkVisit(f: VisitFields, needs: readonly NeedFields[], o: CheckOptions = {}): FormProblem[] {
  const out: FormProblem[] = []
  const at = fromLocalInput(f.visitedAt)
  const now = o.now ?? Date.now()
  if (!at) out.push({ key: 'outreach.visit.timeRequired', where: 'visited_at' })
  else if (at.getTime() > now + SKEW_MS) out.push({ key: 'outreach.visit.timeFuture', where: 'visited_at' })
  else if (o.period) {
    const day = formatDate(at.getTime())
    if (day < o.period.from || day > o.period.to) out.push({ key: 'outreach.visit.timeOutside', params: { from: o.period.from, to: o.period.to }, where: 'visited_at' })
  }
  if ((f.mode === 'home' || f.mode === 'video') && f.persons_seen.length === 0) out.push({ key: 'outreach.visit.seenRequired', where: 'persons_seen' })
  needs.forEach((n, i) => {
    if (!n.category) out.push({ key: 'outreach.visit.needCategoryRequired', params: { n: i + 1 }, where: `need-${i}` })
    if (!n.description.trim()) out.push({ key: 'outreach.visit.descriptionRequired', params: { n: i + 1 }, where: `need-${i}` })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(n.due_on)) out.push({ key: 'outreach.visit.dueRequired', params: { n: i + 1 }, where: `need-${i}` })
  })
  return out
}

/** The body of POST /visits. Persons seen are kept to the target's members, in member order. */
export function visitBody(id: string, target: Pick<Target, 'target_id' | 'campaign_id' | 'members'>, f: VisitFields, needs: readonly NeedFields[]): VisitBody {
  const at = fromLocalInput(f.visitedAt)
  if (!at) throw new Error('visited_at is not a time')
  const members = target.members.map((m) => m.person_id)
  return {
    id,
    target_id: target.target_id,
    campaign_id: target.campaign_id || null,
    visited_at: apiTime(at),
    mode: f.mode,
    persons_seen: members.filter((p) => f.persons_seen.includes(p)),
    checks: { ...f.checks },
    notes: f.notes.trim(),
    location: f.location ? { ...f.location } : null,
    needs: needs.map(
      (n): NeedDraft => ({
        id: n.id,
        category: n.category as NeedCategory,
        urgency: n.urgency,
        description: n.description.trim(),
        due_on: n.due_on,
        person_id: n.person_id && members.includes(n.person_id) ? n.person_id : null,
      }),
    ),
  }
}

/** The body of PUT /visits/{id}. */
export function correctionBody(version: number, f: VisitFields): VisitCorrection {
  const at = fromLocalInput(f.visitedAt)
  if (!at) throw new Error('visited_at is not a time')
  return {
    version,
    visited_at: apiTime(at),
    mode: f.mode,
    persons_seen: [...f.persons_seen],
    checks: { ...f.checks },
    notes: f.notes.trim(),
    location: f.location ? { ...f.location } : null,
  }
}

/** A body from the outbox back in the form (to fix a refused visit and send it again). */
export function fieldsOfBody(b: VisitBody): { fields: VisitFields; needs: NeedFields[] } {
  return {
    fields: fieldsOfVisit(b),
    needs: b.needs.map((n) => ({ ...n, person_id: n.person_id ?? null })),
  }
}

/** A position from the Geolocation API, rounded to what the API keeps (about a metre). */
export function locationOf(pos: { coords: { latitude: number; longitude: number; accuracy: number | null } }): VisitLocation {
  const r = (x: number) => Math.round(x * 1e5) / 1e5
  const at = { lat: r(pos.coords.latitude), lng: r(pos.coords.longitude) }
  return pos.coords.accuracy === null || pos.coords.accuracy === undefined ? at : { ...at, accuracy_m: Math.round(pos.coords.accuracy) }
}

/** A version of a visit as the side-by-side comparison shows it. */
export type ComparedVisit = Omit<VisitCorrection, 'version'> & { version?: number; worker_name?: string; updated_at?: string }

export interface CompareColumn {
  label: string
  visit: ComparedVisit
  testid?: string
}
