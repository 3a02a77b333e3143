// The outline and syntax errors the editor shows, from tree-sitter-julia parsed in-process.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { OutlineSymbol } from '../../src-preload/contract'
import { analyzeJulia, parseErrors } from '../../src-main/services/syntax/julia-parser'
import { MAX_DIAGNOSTICS } from '../../src-main/services/syntax/diagnostics'
import { flattenOutline } from '../../src-main/services/syntax/outline'

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/julia', name), 'utf8')
const brief = (symbols: OutlineSymbol[]): string[] =>
  flattenOutline(symbols).map((s) => `${s.kind} ${s.name} ${s.line}-${s.endLine}`)

describe('outline of a realistic module', () => {
  it('lists every definition with its kind and lines, nested under its module', async () => {
    const report = await analyzeJulia(fixture('Geometry.jl'))
    expect(report.errors).toEqual([])
    const f = (name: string, line: number, endLine = line) => ({ name, kind: 'function', line, endLine })
    expect(report.outline).toEqual([
      {
        name: 'Geometry',
        kind: 'module',
        line: 6,
        endLine: 88,
        children: [
          { name: 'DEFAULT_TOLERANCE', kind: 'const', line: 12, endLine: 12 },
          { name: 'ORIGIN_X', kind: 'const', line: 13, endLine: 13 },
          { name: 'ORIGIN_Y', kind: 'const', line: 13, endLine: 13 },
          { name: 'Shape', kind: 'abstract', line: 15, endLine: 15 },
          { name: 'Flags8', kind: 'primitive', line: 17, endLine: 17 },
          { name: 'Point', kind: 'struct', line: 20, endLine: 23 },
          f('Point', 25),
          { name: 'Canvas', kind: 'struct', line: 27, endLine: 31 },
          { name: 'Circle', kind: 'struct', line: 33, endLine: 36 },
          { name: 'Rect', kind: 'struct', line: 38, endLine: 42 },
          f('area', 44),
          f('area', 45),
          f('perimeter', 47, 49),
          f('perimeter', 51, 54),
          f('Base.show', 56, 58),
          f('Base.:+', 60),
          f('⊕', 62),
          f('distance', 64),
          { name: '@approx', kind: 'macro', line: 71, endLine: 73 },
          f('scale', 75),
          {
            name: 'Internal',
            kind: 'module',
            line: 77,
            endLine: 86,
            children: [{ name: 'CACHE', kind: 'const', line: 79, endLine: 79 }, f('clear!', 81, 84)],
          },
        ],
      },
    ])
    expect(report.parseMs).toBeGreaterThan(0)
  })
})

describe('definition forms', () => {
  it('names functions the way they are written, whatever the form', async () => {
    const src = [
      'function (+)(a, b) end', // 1
      'Base.:(==)(a::T, b::T) where {T} = true', // 2
      'a ⊗ b = a', // 3
      'f2(x)::Int = x', // 4
      'function nobody end', // 5
      '-(a::Foo) = a', // 6
      'Point{T}(x::T) where {T} = new{T}(x)', // 7
      'function Base.getindex(a::Foo, i)::Int', // 8
      '    1',
      'end', // 10
      '(c::Foo)(x) = x', // 11
    ].join('\n')
    expect(brief((await analyzeJulia(src)).outline)).toEqual([
      'function + 1-1',
      'function Base.:(==) 2-2',
      'function ⊗ 3-3',
      'function f2 4-4',
      'function nobody 5-5',
      'function - 6-6',
      'function Point 7-7',
      'function Base.getindex 8-10',
      'function (c::Foo) 11-11',
    ])
  })

  it('leaves out assignments, locals and calls that are not definitions', async () => {
    const src = [
      'x = 1',
      'y::Int = 2',
      'a, b = 1, 2',
      'println("hi")',
      'function outer()',
      '    inner(x) = x', // local to outer: not in the outline
      '    const_like = 3',
      'end',
      'let',
      '    hidden(x) = x',
      'end',
    ].join('\n')
    expect(brief((await analyzeJulia(src)).outline)).toEqual(['function outer 5-8'])
  })

  it('finds definitions wrapped in macros and begin blocks, and baremodules', async () => {
    const src = [
      'baremodule Bare', // 1
      '@inline fast(x) = x', // 2
      'Base.@kwdef struct Opts', // 3
      '    n::Int = 1',
      'end', // 5
      'begin',
      '    inside(x) = x', // 7
      'end',
      'global const G = 1', // 9
      'const T::Int = 2', // 10
      'mutable struct Box{T} <: Any', // 11
      '    v::T',
      'end', // 13
      '@generated function gen(x)', // 14
      '    :(x)',
      'end', // 16
      'end', // 17
    ].join('\n')
    expect(brief((await analyzeJulia(src)).outline)).toEqual([
      'module Bare 1-17',
      'function fast 2-2',
      'struct Opts 3-5',
      'function inside 7-7',
      'const G 9-9',
      'const T 10-10',
      'struct Box 11-13',
      'function gen 14-16',
    ])
  })

  it('keeps an unfinished function in the outline while `end` is still missing', async () => {
    const src = ['function done(x)', '    x', 'end', '', 'function typing(y)', '    y + 1', ''].join('\n')
    const report = await analyzeJulia(src)
    expect(brief(report.outline)).toEqual(['function done 1-3', 'function typing 5-5'])
    expect(report.errors.length).toBeGreaterThan(0)
  })
})

describe('syntax errors', () => {
  it('marks an unclosed parenthesis at its line and column, and keeps the outline around it', async () => {
    const report = await analyzeJulia(fixture('broken.jl'))
    expect(report.errors).toEqual([{ line: 8, column: 9, endLine: 8, endColumn: 10, message: 'syntax error: unclosed `(`' }])
    expect(brief(report.outline)).toEqual(['module Broken 1-16', 'function ok 3-5', 'function bad 7-7'])
  })

  it('says which block is missing its `end`', async () => {
    const errors = await parseErrors('x = 1\nfunction f(x)\n    x + 1\n\ny = 2\n')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ line: 2, column: 1, message: 'syntax error: `function` block is never closed (missing `end`)' })
  })

  it('reports an unexpected token on its own line', async () => {
    const errors = await parseErrors('a = 1\nb = 2 )\nc = 3\n')
    expect(errors).toEqual([{ line: 2, column: 7, endLine: 2, endColumn: 8, message: 'syntax error: unexpected `)`' }])
  })

  it('counts columns in UTF-16 code units, as the editor does', async () => {
    // `)` is the 12th UTF-16 unit (the emoji is two); in UTF-8 bytes it would be the 16th.
    const errors = await parseErrors('s = "αβ😀" )\n')
    expect(errors[0]).toMatchObject({ line: 1, column: 12 })
  })

  it('finds nothing wrong in valid code and caps the count on garbage', async () => {
    expect(await parseErrors('f(x) = x + 1\n')).toEqual([])
    const garbage = Array.from({ length: 400 }, (_, i) => `x${i} = ) ]\n`).join('')
    const errors = await parseErrors(garbage) // 400 broken lines, one error each
    expect(errors).toHaveLength(MAX_DIAGNOSTICS)
    expect(errors[0]!.line).toBe(1)
  })
})
