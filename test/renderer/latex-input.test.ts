import { describe, expect, it } from 'vitest'
import { backslashPrefix, resolveTab, typedByText } from '../../src-renderer/editor/latex-input'
import { loadLatexTable } from '../../src-renderer/editor/latex-table'

const table = await loadLatexTable()

describe('the \\name before the cursor (as REPLCompletions finds it)', () => {
  it('runs from the last backslash', () => {
    expect(backslashPrefix('x = \\alpha')).toEqual({ start: 4, text: '\\alpha' })
    expect(backslashPrefix('f(\\bet')).toEqual({ start: 2, text: '\\bet' })
    expect(backslashPrefix('x\\hat')).toEqual({ start: 1, text: '\\hat' })
  })

  it('is absent after whitespace or a quote, for an escaped backslash, or a bare backslash', () => {
    expect(backslashPrefix('\\alpha beta')).toBeNull()
    expect(backslashPrefix('print("\\n")')).toBeNull()
    expect(backslashPrefix('"a\\\\b')).toBeNull()
    expect(backslashPrefix('x = \\')).toBeNull()
    expect(backslashPrefix('no backslash')).toBeNull()
  })
})

describe('what Tab does', () => {
  it('replaces an exact name with its symbol', () => {
    expect(resolveTab(table, 'x = \\alpha')).toEqual({ kind: 'replace', start: 4, text: 'α' })
    expect(resolveTab(table, 'x\\^2')).toEqual({ kind: 'replace', start: 1, text: '²' })
    expect(resolveTab(table, 'a\\_1')).toEqual({ kind: 'replace', start: 1, text: '₁' })
    expect(resolveTab(table, 'a \\xor')).toEqual({ kind: 'replace', start: 2, text: '⊻' })
    expect(resolveTab(table, '\\:smile:')).toEqual({ kind: 'replace', start: 0, text: '😄' })
  })

  it('maps every character of a sub/superscript run, like the REPL', () => {
    expect(resolveTab(table, 'x\\_12')).toEqual({ kind: 'replace', start: 1, text: '₁₂' })
    expect(resolveTab(table, 'x\\^(n+1)')).toEqual({ kind: 'replace', start: 1, text: '⁽ⁿ⁺¹⁾' })
    // `q` has no subscript: not a run, and no name starts with `\_2q`.
    expect(resolveTab(table, 'x\\_2q').kind).toBe('none')
  })

  it('offers the names a prefix starts, exact ones included', () => {
    const alp = resolveTab(table, 'x = \\alp')
    expect(alp.kind).toBe('suggest')
    if (alp.kind !== 'suggest') return
    expect(alp.start).toBe(4)
    expect(alp.matches).toContainEqual(['\\alpha', 'α'])
    expect(alp.matches.every(([n]) => n.startsWith('\\alp'))).toBe(true)
    const emoji = resolveTab(table, '\\:smi')
    expect(emoji.kind === 'suggest' && emoji.matches.map(([n]) => n)).toContain('\\:smiley:')
  })

  it('leaves Tab alone when no \\name precedes the cursor or nothing matches', () => {
    expect(resolveTab(table, '    x = 1').kind).toBe('none')
    expect(resolveTab(table, '')).toEqual({ kind: 'none' })
    expect(resolveTab(table, 'y = \\zzzz')).toEqual({ kind: 'none' })
    expect(resolveTab(table, '\\alpha ')).toEqual({ kind: 'none' })
  })
})

describe('reverse lookup for hover', () => {
  it("says how to type a symbol, as the REPL's help does", () => {
    expect(typedByText(table, 'α')).toBe('"α" can be typed by \\alpha<tab>')
    expect(typedByText(table, '≤')).toBe('"≤" can be typed by \\le<tab>, \\leq<tab>')
    expect(typedByText(table, 'q')).toBeNull()
  })
})
