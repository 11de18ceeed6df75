import { describe, expect, it } from 'vitest'
import { uuidv7 } from './ids'

describe('uuidv7', () => {
  it('has the RFC 9562 layout', () => {
    const id = uuidv7()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
  it('puts the milliseconds in the first 48 bits', () => {
    const ms = 0x0190_1234_5678
    const id = uuidv7(ms, (b) => b.fill(0xff))
    expect(id.replace(/-/g, '').slice(0, 12)).toBe('019012345678')
    expect(id).toBe('01901234-5678-7fff-bfff-ffffffffffff')
  })
  it('sorts by time', () => {
    const a = uuidv7(1_700_000_000_000)
    const b = uuidv7(1_700_000_000_001)
    expect(a < b).toBe(true)
  })
})
