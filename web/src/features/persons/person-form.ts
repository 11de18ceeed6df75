import { ApiError, errorText, type Translator } from '@/shared/api/errors'
import { createBody, patchBody } from '@/shared/list/list-params'
import type { PersonDetail } from './persons-api'

export interface GuardianRow {
  name: string
  relation: string
  phone: string
}

export interface CategoryRow {
  category: string
  start_date: string | null
  end_date: string | null
  document: string
}

/** The person dialog's values, named as the API names them. */
export interface PersonFormValues {
  name: string
  id_number: string
  sex: string
  birth_date: string | null
  phone: string
  health_notes: string
  registered_address: string
  current_address: string
  living_situation: string
  region_code: string
  grid_id: string | null
  worker_id: string | null
  cadre_contact: string
  risk_level: string
  notes: string
  household_id: string | null
  relation: string
  guardians: GuardianRow[]
  categories: CategoryRow[]
}

/** Fields a PATCH compares with the record (the sensitive ones are only sent when typed in). */
export const PERSON_PATCH_FIELDS = [
  'name',
  'sex',
  'birth_date',
  'registered_address',
  'current_address',
  'living_situation',
  'region_code',
  'grid_id',
  'worker_id',
  'cadre_contact',
  'risk_level',
  'notes',
  'household_id',
  'relation',
] as const

/**
 * Fields a cleared value of which goes as `""`, not null: the server ignores a null
 * `notes`, `cadre_contact`, `risk_level`, `sex`, `birth_date` or address (leaving the
 * old value), while `""` clears each of them (`risk_level` back to 低, the server's
 * default). The references (grid, worker, household) keep null, which clears them.
 */
export const PERSON_TEXT_FIELDS = [
  'name',
  'sex',
  'birth_date',
  'registered_address',
  'current_address',
  'living_situation',
  'cadre_contact',
  'risk_level',
  'notes',
  'relation',
] as const

/** Shown masked and never read back in full by the form: sent only when a new value is typed. */
export const PERSON_SENSITIVE_FIELDS = ['id_number', 'phone', 'health_notes'] as const

/** Every field of the form (form-item props), for placing the server's field errors. */
export const PERSON_FORM_FIELDS = [...PERSON_PATCH_FIELDS, ...PERSON_SENSITIVE_FIELDS, 'guardians', 'categories'] as const
export type PersonFormField = (typeof PERSON_FORM_FIELDS)[number]

export function blankPerson(): PersonFormValues {
  return {
    name: '',
    id_number: '',
    sex: '',
    birth_date: null,
    phone: '',
    health_notes: '',
    registered_address: '',
    current_address: '',
    living_situation: '',
    region_code: '',
    grid_id: null,
    worker_id: null,
    cadre_contact: '',
    risk_level: '',
    notes: '',
    household_id: null,
    relation: '',
    guardians: [],
    categories: [],
  }
}

/** The form filled from a record; the sensitive fields stay empty (the record only has them masked). */
export function personToForm(p: PersonDetail): PersonFormValues {
  return {
    name: p.name,
    id_number: '',
    sex: p.sex ?? '',
    birth_date: p.birth_date,
    phone: '',
    health_notes: '',
    registered_address: p.registered_address ?? '',
    current_address: p.current_address ?? '',
    living_situation: p.living_situation ?? '',
    region_code: p.region_code,
    grid_id: p.grid_id,
    worker_id: p.worker_id,
    cadre_contact: p.cadre_contact ?? '',
    risk_level: p.risk_level ?? '',
    notes: p.notes ?? '',
    household_id: p.household_id,
    relation: p.relation ?? '',
    guardians: p.guardians.map((g) => ({ name: g.name, relation: g.relation, phone: '' })),
    categories: [],
  }
}

function guardianRows(rows: readonly GuardianRow[]): Record<string, unknown>[] {
  return rows.filter((g) => g.name.trim() !== '').map((g) => createBody({ name: g.name.trim(), relation: g.relation.trim(), phone: g.phone.trim() }))
}

/**
 * The body of POST /persons: the client id, the filled fields, the guardians and
 * categories that have something in them, and `allow_duplicate` when the user
 * confirmed a possible duplicate.
 */
export function personCreateBody(id: string, v: PersonFormValues, allowDuplicate: boolean): Record<string, unknown> {
  const { guardians, categories, ...scalars } = v
  const body: Record<string, unknown> = {
    id,
    ...createBody({
      ...scalars,
      id_number: scalars.id_number.trim().toUpperCase(),
      name: scalars.name.trim(),
      registered_address: scalars.registered_address.trim(),
      current_address: scalars.current_address.trim(),
    }),
  }
  const g = guardianRows(guardians)
  if (g.length) body.guardians = g
  const c = categories.filter((row) => row.category).map((row) => createBody({ ...row, document: row.document.trim() }))
  if (c.length) body.categories = c
  if (allowDuplicate) body.allow_duplicate = true
  return body
}

/**
 * The body of PATCH /persons/{id}: the version, the changed fields, a sensitive field
 * only when a new value was typed, the guardians only when the user chose to
 * re-enter them (their phones are masked, so the list is sent whole).
 */
export function personPatchBody(base: PersonDetail, v: PersonFormValues, replaceGuardians: boolean): Record<string, unknown> {
  const trimmed = { ...v, name: v.name.trim(), registered_address: v.registered_address.trim(), current_address: v.current_address.trim() }
  const body = patchBody(personToForm(base), trimmed, PERSON_PATCH_FIELDS, base.version)
  for (const k of PERSON_TEXT_FIELDS) if (k in body && body[k] === null) body[k] = ''
  for (const k of PERSON_SENSITIVE_FIELDS) {
    const typed = v[k].trim()
    if (typed) body[k] = k === 'id_number' ? typed.toUpperCase() : typed
  }
  if (replaceGuardians) body.guardians = guardianRows(v.guardians)
  return body
}

/**
 * Where a server error goes in the person dialog: on the field it names (a nested
 * name such as `guardians[1].phone` or `categories[0].start_date` goes on its section,
 * with the row when the name has one), else as the dialog's general message.
 */
export function personFormErrors(err: unknown, tr: Translator): { fields: Partial<Record<PersonFormField, string>>; general: string | null } {
  if (err instanceof ApiError && err.field) {
    const m = /^([a-z_]+)(?:\[(\d+)\]|\.(\d+))?/.exec(err.field)
    const root = m?.[1]
    if (root && (PERSON_FORM_FIELDS as readonly string[]).includes(root)) {
      const index = m[2] ?? m[3]
      const text = errorText(err, tr)
      return {
        fields: { [root]: index !== undefined ? tr.t('persons.rowError', { row: Number(index) + 1, message: text }) : text },
        general: null,
      }
    }
  }
  return { fields: {}, general: errorText(err, tr) }
}
