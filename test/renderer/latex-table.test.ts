import { describe, expect, it } from 'vitest'
import data from '../../src-renderer/editor/latex-symbols.json'
import { createLatexTable, loadLatexTable } from '../../src-renderer/editor/latex-table'

describe("Julia's LaTeX/emoji table", () => {
  it('names its source: Julia REPL files at a commit, MIT', () => {
    expect(data._source.license).toMatch(/MIT/)
    expect(data._source.files.map((f) => f.path)).toEqual([
      'stdlib/REPL/src/latex_symbols.jl',
      'stdlib/REPL/src/emoji_symbols.jl',
    ])
    for (const f of data._source.files) {
      expect(f.repo).toBe('JuliaLang/julia')
      expect(f.commit).toMatch(/^[0-9a-f]{40}$/)
    }
  })

  it('holds the REPL symbols users type every day', async () => {
    const table = await loadLatexTable()
    expect(table.size).toBeGreaterThan(3000)
    expect(table.size).toBeLessThan(10_000)
    const expected: Record<string, string> = {
      '\\alpha': 'α',
      '\\^2': '²',
      '\\_1': '₁',
      '\\sqrt': '√',
      '\\in': '∈',
      '\\xor': '⊻',
      '\\euler': 'ℯ',
      '\\bfA': '𝐀',
      '\\bbR': 'ℝ',
      '\\:smile:': '😄',
      '\\ohm': '\u2126', // OHM SIGN, not Omega (julia#31589)
      '\\Angstrom': '\u212b',
      '\\forks': '\u2adc',
      '\\neqsim': '\u2242\u0338',
    }
    for (const [name, symbol] of Object.entries(expected)) expect(table.exact(name), name).toBe(symbol)
    expect(table.exact('\\nosuchsymbol')).toBeUndefined()
    expect(table.exact('\\constructor')).toBeUndefined() // no Object.prototype leaks
  })

  it('loads once and shares the table', async () => {
    expect(await loadLatexTable()).toBe(await loadLatexTable())
  })

  it('finds names by prefix in order, and symbols back to names', () => {
    const t = createLatexTable({ '\\in': '∈', '\\int': '∫', '\\infty': '∞', '\\iota': 'ι', '\\smallin': '∊', '\\In': 'x' })
    expect(t.withPrefix('\\in').map(([n]) => n)).toEqual(['\\in', '\\infty', '\\int'])
    expect(t.withPrefix('\\in', 2)).toHaveLength(2)
    expect(t.withPrefix('\\zz')).toEqual([])
    const both = createLatexTable({ '\\le': '≤', '\\leq': '≤' })
    expect(both.namesOf('≤')).toEqual(['\\le', '\\leq'])
    expect(both.namesOf('≥')).toEqual([])
  })
})
