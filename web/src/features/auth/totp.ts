import { ApiError, errorText, type Translator } from '@/shared/api/errors'

/** Authenticator apps show 6 digits, a new code every 30 seconds (RFC 6238 defaults, as the server uses). */
export const TOTP_CODE_LENGTH = 6

/**
 * A Base32 secret grouped in fours for typing into an app by hand:
 * `6MHBYFWAY5BRBHKQ` → `6MHB YFWA Y5BR BHKQ`. Spaces, dashes and padding are
 * dropped first, letters are shown in capitals (Base32 is case-insensitive).
 */
export function groupSecret(secret: string | null | undefined, size = 4): string {
  const clean = (secret ?? '').replace(/[\s=-]/g, '').toUpperCase()
  if (!clean || size < 1) return clean
  const groups: string[] = []
  for (let i = 0; i < clean.length; i += size) groups.push(clean.slice(i, i + size))
  return groups.join(' ')
}

/**
 * What was typed or pasted into a code field, as the digits the server wants:
 * full-width digits (from a Chinese IME) become ASCII, spaces and dashes go
 * (`123 456`, `123-456`); anything else is kept so that the check can refuse it.
 */
export function normaliseTotpCode(input: string | null | undefined): string {
  return (input ?? '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s-]/g, '')
}

/** Exactly six digits (after normalising). */
export function isTotpCode(input: string | null | undefined): boolean {
  return new RegExp(`^\\d{${TOTP_CODE_LENGTH}}$`).test(normaliseTotpCode(input))
}

/** The sign-in was refused for want of a (right) second-factor code: the page shows the code field. */
export function needsTotpCode(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'totp_required' || err.code === 'invalid_totp')
}

/**
 * The line shown for a failed code. At sign-in a wrong code may also be one
 * already spent (each code works once), so the advice is to wait for the next.
 */
export function totpErrorText(err: unknown, tr: Translator, at: 'login' | 'confirm'): string {
  if (err instanceof ApiError && err.code === 'invalid_totp') return tr.t(at === 'login' ? 'totp.invalidAtLogin' : 'errors.invalid_totp')
  if (at === 'confirm' && err instanceof ApiError && err.code === 'conflict') return tr.t('totp.alreadyActive')
  return errorText(err, tr)
}
