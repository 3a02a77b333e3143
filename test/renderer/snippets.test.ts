import { describe, expect, it } from 'vitest'
import { JULIA_SNIPPETS } from '../../src-renderer/editor/snippets'
import { snippetTokenStart } from '../../src-renderer/editor/snippets-completion'

const byPrefix = (p: string) => JULIA_SNIPPETS.find((s) => s.prefix === p)?.body

/** Expands a snippet body with its defaults, as Monaco would before the user types anything. */
const expand = (body: string) => body.replace(/\$\{\d+:([^}]*)\}|\$\d+/g, '$1')

describe('Julia snippets', () => {
  it('cover the common constructs', () => {
    const prefixes = JULIA_SNIPPETS.map((s) => s.prefix)
    for (const p of ['function', 'struct', 'mutable struct', 'module', '@testset', 'try', 'try finally', 'for', 'while', 'if', 'if else', 'let', 'do', 'comprehension', '@main', 'macro', 'docstring']) {
      expect(prefixes).toContain(p)
    }
    expect(new Set(prefixes).size).toBe(prefixes.length)
  })

  it('expand to valid-looking Julia with tab stops', () => {
    expect(expand(byPrefix('function')!)).toBe('function name(args)\n\t\nend')
    expect(expand(byPrefix('@testset')!)).toBe('@testset "description" begin\n\t\nend')
    expect(expand(byPrefix('try finally')!)).toBe('try\n\t\ncatch err\n\t\nfinally\n\t\nend')
    expect(expand(byPrefix('comprehension')!)).toBe('[f(x) for x in xs]')
    // Julia 1.11's entry point form.
    expect(expand(byPrefix('@main')!)).toBe('function (@main)(args)\n\t\n\treturn 0\nend')
    for (const s of JULIA_SNIPPETS) {
      expect(s.body, s.prefix).toMatch(/\$\{?[01]/) // somewhere for the cursor to go
      const opens = (expand(s.body).match(/^\s*(?:function|struct|mutable struct|module|@testset .* begin|try|for|while|if|let|macro|begin|abstract type)\b|\bdo\b/gm) ?? []).length
      const ends = (expand(s.body).match(/\bend\b/g) ?? []).length
      expect(ends, s.prefix).toBe(opens)
    }
  })

  it('replace an @ typed before the word, so @test does not become @@testset', () => {
    expect(snippetTokenStart('    @test')).toBe(4)
    expect(snippetTokenStart('    func')).toBe(4)
    expect(snippetTokenStart('x = ')).toBe(4)
  })
})
