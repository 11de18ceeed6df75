import { createI18n } from 'vue-i18n'
import zhCN, { type MessageSchema } from './zh-CN'
import en from './en'
import vocabulary from './vocabulary.json'
import type { Translator } from '../api/errors'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']
const LOCALE_KEY = 'shegong.locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(LOCALE_KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

type ListName = keyof typeof vocabulary.lists

/**
 * Where each of the server's code lists (vocabulary.json, written by `make api` from
 * GET /api/v1/vocabulary) puts its labels among the messages, and the prefix of its keys
 * (a message key cannot be a bare digit). A list the server adds and this table lacks
 * fails the type check.
 */
export const LABEL_PATHS: Record<ListName, readonly [path: string, prefix?: string]> = {
  StationKind: ['station.kinds'],
  GridKind: ['grid.kinds'],
  Role: ['roles'],
  Sex: ['codes.sex', 's'],
  LivingSituation: ['codes.living'],
  RiskLevel: ['codes.risk'],
  Relation: ['codes.relation'],
  BuiltinCategory: ['categories.builtin'],
  CampaignStatus: ['outreach.codes.status'],
  DueState: ['outreach.codes.dueState'],
  VisitMode: ['outreach.codes.mode'],
  VisitCheck: ['outreach.codes.check'],
  CheckValue: ['outreach.codes.checkValue'],
  NeedCategory: ['outreach.codes.needCategory'],
  NeedUrgency: ['outreach.codes.urgency'],
  NeedState: ['outreach.codes.needState'],
  ResourceKind: ['outreach.codes.resourceKind'],
  ImportMode: ['imports.modes'],
  ImportStatus: ['imports.statuses'],
}

/** The messages with every code list's labels in `lang` added at its path. */
export function withLabels<T extends object>(messages: T, lang: 'zh' | 'en'): T {
  const out = structuredClone(messages) as Record<string, unknown>
  for (const [name, [path, prefix = '']] of Object.entries(LABEL_PATHS)) {
    const keys = path.split('.')
    const leaf = keys.pop() ?? path
    let node = out
    for (const k of keys) node = (node[k] ??= {}) as Record<string, unknown>
    node[leaf] = Object.fromEntries(vocabulary.lists[name as ListName].codes.map((c) => [prefix + c.code, c[lang]]))
  }
  return out as T
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': withLabels(zhCN, 'zh'), en: withLabels(en, 'en') },
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(LOCALE_KEY, locale)
  document.documentElement.lang = locale
  document.title = i18n.global.t('app.title')
}

/** The translator handed to error helpers outside components. */
export const translator: Translator = {
  t: (key, params) => (params ? i18n.global.t(key, params) : i18n.global.t(key)),
  te: (key) => i18n.global.te(key),
  locale: () => i18n.global.locale.value,
}
