// When editing clears an inline result.
import { describe, expect, it } from 'vitest'
import { linesOverlap, touches } from '../../src-renderer/editor/run-edits'

// The code `x = 1` at offsets [10, 15).
const code = { start: 10, end: 15 }
const insert = (at: number, text: string) => ({ rangeOffset: at, rangeLength: 0, text })
const del = (at: number, length: number) => ({ rangeOffset: at, rangeLength: length, text: '' })

describe('edits that clear a result', () => {
  it('typing inside the code, or deleting any of it', () => {
    expect(touches(code, insert(12, 'y'))).toBe(true)
    expect(touches(code, del(14, 1))).toBe(true) // the last character
    expect(touches(code, del(9, 2))).toBe(true) // across the start
    expect(touches(code, { rangeOffset: 0, rangeLength: 30, text: 'new' })).toBe(true) // replaced whole
  })

  it('typing at the end of the last line or the start of the first (it changes that line)', () => {
    expect(touches(code, insert(15, '2'))).toBe(true)
    expect(touches(code, insert(10, 'z'))).toBe(true)
  })
})

describe('edits that leave it', () => {
  it('Enter at the end of the code, or a new line above it', () => {
    expect(touches(code, insert(15, '\nz = 3'))).toBe(false)
    expect(touches(code, insert(10, 'w = 0\n'))).toBe(false)
  })

  it('edits elsewhere, including deleting the newline after it', () => {
    expect(touches(code, insert(3, 'abc'))).toBe(false)
    expect(touches(code, del(15, 1))).toBe(false)
    expect(touches(code, del(0, 10))).toBe(false)
  })
})

describe('running again', () => {
  it('replaces results on shared lines only', () => {
    expect(linesOverlap({ startLine: 3, endLine: 5 }, { startLine: 5, endLine: 9 })).toBe(true)
    expect(linesOverlap({ startLine: 3, endLine: 5 }, { startLine: 6, endLine: 9 })).toBe(false)
  })
})
