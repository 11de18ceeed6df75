import { ApiError, errorText, type Translator } from '@/shared/api/errors'

/**
 * The server's password rules (POST /auth/password), checked in the browser
 * too so that the form can say what is wrong before sending anything:
 * at least 8 characters; at least 3 of lower-case, capitals, digits, symbols;
 * not containing the user name (any case); different from the current one.
 */

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MIN_CLASSES = 3

/** One broken rule; the i18n text is `password.rules.<problem>`. */
export type PasswordProblem = 'length' | 'classes' | 'username' | 'same'
export const PASSWORD_RULES: readonly PasswordProblem[] = ['length', 'classes', 'username', 'same']

/** How many of lower-case, capitals, digits and symbols (anything else) the password uses. */
export function characterClasses(password: string): number {
  let lower = false
  let upper = false
  let digit = false
  let symbol = false
  for (const ch of password) {
    if (ch >= 'a' && ch <= 'z') lower = true
    else if (ch >= 'A' && ch <= 'Z') upper = true
    else if (ch >= '0' && ch <= '9') digit = true
    else symbol = true
  }
  return [lower, upper, digit, symbol].filter(Boolean).length
}

/** The rules a new password breaks, in the order they are listed; empty when it is acceptable. */
export function passwordProblems(password: string, ctx: { username?: string | null; current?: string | null } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = []
  // Characters, not UTF-16 units: "密码" is two characters.
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('length')
  if (characterClasses(password) < PASSWORD_MIN_CLASSES) problems.push('classes')
  const username = ctx.username?.trim().toLowerCase()
  if (username && password.toLowerCase().includes(username)) problems.push('username')
  if (ctx.current && password === ctx.current) problems.push('same')
  return problems
}

/**
 * Which rule the server's English message for `field: "password"` names, so the
 * page can show it in Chinese; null for a message it does not recognise.
 */
export function serverPasswordProblem(message: string): PasswordProblem | null {
  const m = message.toLowerCase()
  if (/at least \d+ characters/.test(m)) return 'length'
  if (/at least \d+ of/.test(m)) return 'classes'
  if (m.includes('user name') || m.includes('username')) return 'username'
  if (m.includes('differ')) return 'same'
  return null
}

/** The text of one rule, e.g. 至少 8 个字符. */
export function ruleText(problem: PasswordProblem, tr: Translator): string {
  return tr.t(`password.rules.${problem}`, { min: PASSWORD_MIN_LENGTH })
}

/** 新密码不符合要求：至少 8 个字符；不能包含用户名 */
export function problemsText(problems: readonly PasswordProblem[], tr: Translator): string {
  return tr.t('password.broken', { rules: problems.map((p) => ruleText(p, tr)).join(tr.t('password.joiner')) })
}

export type PasswordFormField = 'current_password' | 'new_password'

/**
 * Puts a refusal of POST /auth/password on the field it concerns: the server
 * names `current_password` (wrong) or `password` (the new one breaks a rule).
 */
export function passwordFormErrors(err: unknown, tr: Translator): { fields: Partial<Record<PasswordFormField, string>>; general: string | null } {
  if (err instanceof ApiError && err.code === 'invalid_field') {
    if (err.field === 'current_password') return { fields: { current_password: tr.t('password.currentWrong') }, general: null }
    if (err.field === 'password' || err.field === 'new_password') {
      const problem = serverPasswordProblem(err.message)
      // A rule this page does not know yet: the server's own words are better than a generic line.
      const text = problem ? problemsText([problem], tr) : err.message ? tr.t('password.broken', { rules: err.message }) : errorText(err, tr)
      return { fields: { new_password: text }, general: null }
    }
  }
  return { fields: {}, general: errorText(err, tr) }
}
