import type { Schemas } from '@/shared/api/types'
import { codeList } from '@/shared/api/code-list'
import type { Translator } from '@/shared/api/errors'
import { EMPTY } from '@/shared/format'

/** Codes of the register (docs/persons.md, Codes), in the order the forms offer them. */
export type Sex = Schemas['Sex']
export const SEXES = codeList<Sex>()(['1', '2', '0', '9'])

export type LivingSituation = Schemas['LivingSituation']
export const LIVING_SITUATIONS = codeList<LivingSituation>()([
  'alone',
  'with_spouse',
  'with_children',
  'with_grandparents',
  'with_relatives',
  'institution',
  'other',
])

export type RiskLevel = Schemas['RiskLevel']
export const RISK_LEVELS = codeList<RiskLevel>()(['low', 'medium', 'high'])

export type Relation = Schemas['Relation']
export const RELATIONS = codeList<Relation>()(['head', 'spouse', 'child', 'grandchild', 'parent', 'grandparent', 'sibling', 'other'])

/** The categories every server has; others are added by administrators and named by the API. */
export const BUILTIN_CATEGORIES = [
  'orphan',
  'unsupported_child',
  'left_behind_child',
  'child_in_difficulty',
  'elderly_in_difficulty',
  'dibao',
  'dibao_marginal',
  'tekun',
  'disabled',
  'severely_disabled',
] as const

/** The kinds of code that have labels, and where their labels live in the catalogue. */
const CODE_LISTS = {
  sex: SEXES,
  living: LIVING_SITUATIONS,
  risk: RISK_LEVELS,
  relation: RELATIONS,
} as const
export type CodeKind = keyof typeof CODE_LISTS

/**
 * 中文 label of a code: `codeLabel('sex', '2')` → 女. Null or empty shows as a dash;
 * a code the console does not know is shown as it is.
 */
export function codeLabel(kind: CodeKind, code: string | null | undefined, tr: Translator): string {
  if (code === null || code === undefined || code === '') return EMPTY
  if (!(CODE_LISTS[kind] as readonly string[]).includes(code)) return code
  // Sex codes are digits: the catalogue keys them `s0`, `s1`, … (a bare digit reads as an index).
  const key = `codes.${kind}.${kind === 'sex' ? `s${code}` : code}`
  return tr.te(key) ? tr.t(key) : code
}

/** Colour of the risk tag: 低 green, 中 orange, 高 red. */
export function riskTagType(level: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  if (level === 'low') return 'success'
  if (level === 'medium') return 'warning'
  if (level === 'high') return 'danger'
  return 'info'
}

/** A category as GET /categories lists it. */
export interface Category {
  code: string
  name: string
  description: string
  active: boolean
  builtin: boolean
}

/**
 * The name of a category: the server's name when the list has it, else the built-in
 * label of the console, else the code itself.
 */
export function categoryLabel(code: string, categories: readonly Category[], tr: Translator): string {
  const found = categories.find((c) => c.code === code)
  if (found?.name) return found.name
  const key = `categories.builtin.${code}`
  if ((BUILTIN_CATEGORIES as readonly string[]).includes(code) && tr.te(key)) return tr.t(key)
  return code
}

/** `1948-03-02` and 78 → `1948-03-02（78岁）`; either may be missing. */
export function birthLabel(birthDate: string | null | undefined, age: number | null | undefined, tr: Translator): string {
  // Lists and masked views carry the age only: the birth date would complete a masked ID number.
  if (!birthDate) return age === null || age === undefined ? EMPTY : tr.t('persons.ageOnly', { age })
  if (age === null || age === undefined) return birthDate
  return tr.t('persons.birthWithAge', { date: birthDate, age })
}

/** A purpose (用途) for seeing or exporting unmasked data: 2–200 characters once trimmed. */
export const PURPOSE_MIN = 2
export const PURPOSE_MAX = 200
export function purposeError(purpose: string | null | undefined, tr: Translator): string | null {
  const n = [...(purpose ?? '').trim()].length
  if (n === 0) return tr.t('persons.purposeRequired')
  if (n < PURPOSE_MIN || n > PURPOSE_MAX) return tr.t('persons.purposeLength', { min: PURPOSE_MIN, max: PURPOSE_MAX })
  return null
}
