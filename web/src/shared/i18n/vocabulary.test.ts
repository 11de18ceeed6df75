import { describe, expect, it } from 'vitest'
import { i18n, LABEL_PATHS } from '.'
import vocabulary from './vocabulary.json'

describe("the server's code lists label the console", () => {
  it('gives every code of every list a label in both languages', () => {
    let checked = 0
    for (const [name, list] of Object.entries(vocabulary.lists)) {
      const [path, prefix = ''] = LABEL_PATHS[name as keyof typeof LABEL_PATHS]
      for (const c of list.codes) {
        const key = `${path}.${prefix}${c.code}`
        expect(i18n.global.t(key, {}, { locale: 'zh-CN' }), key).toBe(c.zh)
        expect(i18n.global.t(key, {}, { locale: 'en' }), key).toBe(c.en)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(90)
  })
})
