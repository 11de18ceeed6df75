import { createBody, patchBody } from '@/shared/list/list-params'
import type { HouseholdDetail } from './households-api'

export interface ContactRow {
  name: string
  relation: string
  phone: string
}

export interface HouseholdFormValues {
  region_code: string
  address: string
  grid_id: string | null
  micro_grid_id: string | null
  emergency_contacts: ContactRow[]
}

export const HOUSEHOLD_PATCH_FIELDS = ['address', 'grid_id', 'micro_grid_id'] as const
export const HOUSEHOLD_FORM_FIELDS = ['region_code', ...HOUSEHOLD_PATCH_FIELDS, 'emergency_contacts'] as const

export function blankHousehold(): HouseholdFormValues {
  return { region_code: '', address: '', grid_id: null, micro_grid_id: null, emergency_contacts: [] }
}

/** The form filled from a record; contact phones stay empty (the record has them masked). */
export function householdToForm(h: HouseholdDetail): HouseholdFormValues {
  return {
    region_code: h.region_code,
    address: h.address,
    grid_id: h.grid_id,
    micro_grid_id: h.micro_grid_id,
    emergency_contacts: h.emergency_contacts.map((c) => ({ name: c.name, relation: c.relation, phone: '' })),
  }
}

function contactRows(rows: readonly ContactRow[]): Record<string, unknown>[] {
  return rows
    .filter((c) => c.name.trim() !== '')
    .map((c) => createBody({ name: c.name.trim(), relation: c.relation.trim(), phone: c.phone.trim() }))
}

export function householdCreateBody(id: string, v: HouseholdFormValues): Record<string, unknown> {
  const { emergency_contacts, ...rest } = v
  const body: Record<string, unknown> = { id, ...createBody({ ...rest, address: rest.address.trim() }) }
  const contacts = contactRows(emergency_contacts)
  if (contacts.length) body.emergency_contacts = contacts
  return body
}

/** Changed fields with the version; the contacts only when the user chose to re-enter them (sent whole). */
export function householdPatchBody(base: HouseholdDetail, v: HouseholdFormValues, replaceContacts: boolean): Record<string, unknown> {
  const body = patchBody(householdToForm(base), { ...v, address: v.address.trim() }, HOUSEHOLD_PATCH_FIELDS, base.version)
  if (replaceContacts) body.emergency_contacts = contactRows(v.emergency_contacts)
  return body
}
