// The ring of recently edited chunks sent with each completion (renderer, editor/ghost-ring.ts).
import { describe, expect, it } from 'vitest'
import { EditRing, SEND_AROUND } from '../../src-renderer/editor/ghost-ring'
import { PREFIX_CHARS, SUFFIX_CHARS } from '../../src-main/services/assist/complete-prompt'

const file = (n: number, tag = 'l') => Array.from({ length: n }, (_, i) => `${tag}${i + 1}`)
const note = (ring: EditRing, name: string, text: string[], line: number) => ring.noteEdit(name, line, text.length, (n) => text[n - 1] as string)

describe('EditRing', () => {
  it('holds the ~20 lines around an edit', () => {
    const ring = new EditRing()
    note(ring, 'a.jl', file(100), 50)
    const [chunk] = ring.extra('b.jl', 1)
    expect(chunk?.filename).toBe('a.jl')
    expect(chunk?.text).toBe(file(100).slice(39, 59).join('\n') + '\n')
  })

  it('clamps the chunk to the file', () => {
    const ring = new EditRing()
    note(ring, 'a.jl', file(100), 2)
    note(ring, 'b.jl', file(5), 3)
    expect(ring.extra('c.jl', 1).map((c) => c.text.split('\n')[0])).toEqual(['l1', 'l1'])
    expect(ring.extra('c.jl', 1)[1]?.text).toBe(file(5).join('\n') + '\n')
  })

  it('typing in one place keeps one chunk, the newest text', () => {
    const ring = new EditRing()
    const text = file(100)
    note(ring, 'a.jl', text, 50)
    text[49] = 'changed'
    note(ring, 'a.jl', text, 51)
    expect(ring.length).toBe(1)
    expect(ring.extra('b.jl', 1)[0]?.text).toContain('changed')
  })

  it('keeps the last 8 chunks, oldest first', () => {
    const ring = new EditRing()
    for (let i = 0; i < 12; i++) note(ring, `f${i}.jl`, file(30, `f${i}-`), 10)
    expect(ring.extra('x.jl', 1).map((c) => c.filename)).toEqual(['f4.jl', 'f5.jl', 'f6.jl', 'f7.jl', 'f8.jl', 'f9.jl', 'f10.jl', 'f11.jl'])
  })

  it('leaves out the chunk around the cursor, keeps others of the same file, and forgets closed files', () => {
    const ring = new EditRing()
    note(ring, 'a.jl', file(200), 20)
    note(ring, 'a.jl', file(200), 150)
    note(ring, 'b.jl', file(50), 10)
    expect(ring.extra('a.jl', 150).map((c) => c.text.split('\n')[0])).toEqual(['l10', 'l1'])
    ring.forget('a.jl')
    expect(ring.extra('x.jl', 1).map((c) => c.filename)).toEqual(['b.jl'])
  })

  it('does not hold blank chunks', () => {
    const ring = new EditRing()
    note(ring, 'a.jl', ['', '  ', ''], 2)
    expect(ring.length).toBe(0)
  })
})

describe('the code sent around the cursor', () => {
  it('is more than main keeps, so main can cut it at whole lines', () => {
    expect(SEND_AROUND.before).toBeGreaterThan(PREFIX_CHARS)
    expect(SEND_AROUND.after).toBeGreaterThan(SUFFIX_CHARS)
  })
})
