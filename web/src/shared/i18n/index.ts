import { createI18n } from 'vue-i18n'
import zhCN, { type MessageSchema } from './zh-CN'
import en from './en'
import type { Translator } from '../api/errors'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']
const LOCALE_KEY = 'shegong.locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(LOCALE_KEY)
  return saved === 'en' ? 'en' : 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
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
