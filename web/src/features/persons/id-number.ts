/**
 * The resident identity card number (GB 11643-1999): 6 digits of region, 8 of birth
 * date, 3 of sequence (odd for men, even for women) and a check character; the old
 * 15-digit numbers have a 2-digit year and no check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

/** The check character of the first 17 digits; null when they are not 17 digits. */
export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days
}

export interface IdNumberInfo {
  /** The 18-character form (a 15-digit number converted). */
  id18: string
  /** YYYY-MM-DD */
  birth_date: string
  /** GB/T 2261.1: `1` man, `2` woman. */
  sex: '1' | '2'
}

/**
 * What an ID number says (birth date, sex), or null when it is not a valid number:
 * wrong length, not a calendar date, a birth year before 1900, or a wrong check character.
 */
export function parseIdNumber(raw: string | null | undefined): IdNumberInfo | null {
  const s = (raw ?? '').trim().toUpperCase()
  let id17: string
  if (/^\d{15}$/.test(s)) {
    id17 = `${s.slice(0, 6)}19${s.slice(6)}`
  } else if (/^\d{17}[\dX]$/.test(s)) {
    id17 = s.slice(0, 17)
    if (idCheckChar(id17) !== s[17]) return null
  } else {
    return null
  }
  const y = Number(id17.slice(6, 10))
  const m = Number(id17.slice(10, 12))
  const d = Number(id17.slice(12, 14))
  if (y < 1900 || !isCalendarDate(y, m, d)) return null
  return {
    id18: id17 + idCheckChar(id17)!,
    birth_date: `${id17.slice(6, 10)}-${id17.slice(10, 12)}-${id17.slice(12, 14)}`,
    sex: Number(id17[16]) % 2 === 1 ? '1' : '2',
  }
}

export function isValidIdNumber(raw: string | null | undefined): boolean {
  return parseIdNumber(raw) !== null
}
