// What the workspace index extracts from one Julia file: definitions with their container,
// signature and docstring, and where every identifier occurs.
import { describe, expect, it } from 'vitest'
import { indexJulia } from '../../src-main/services/syntax/julia-parser'
import { cleanDocstring, symbolKey } from '../../src-main/services/syntax/symbol-index'

const SOURCE = `"""
    area(s)

The area of a shape.
"""
area(c::Circle) = π * c.r^2
Base.:+(a::Vec, b::Vec) = Vec(a.x + b.x)
function Base.show(io::IO, v::Vec)
    print(io, "Vec(", v.x, ")")
end
scale(v::Vec{T}, k::T) where {T<:Real} = Vec(v.x * k)
@inline twice(x) = 2x
"Swap the two expressions."
macro swap(a, b)
    esc(:(($a, $b) = ($b, $a)))
end
module Outer
module Inner
const LIMIT = 10
mutable struct Counter{T} <: AbstractCounter
    n::T
end
end
abstract type Shape end
primitive type Flags 8 end
end
Outer.Inner.LIMIT + twice(1)
@swap p q
function long(a,
              b)
end
`

describe('symbol index of one file', () => {
  it('finds every kind of definition with container, line, column and signature', async () => {
    const { symbols } = await indexJulia(SOURCE)
    const brief = symbols.map((s) => [s.name, s.key, s.kind, s.line, s.column, s.container, s.signature])
    expect(brief).toEqual([
      ['area', 'area', 'function', 6, 1, null, 'area(c::Circle) = π * c.r^2'],
      ['Base.:+', '+', 'function', 7, 7, null, 'Base.:+(a::Vec, b::Vec) = Vec(a.x + b.x)'],
      ['Base.show', 'show', 'function', 8, 15, null, 'function Base.show(io::IO, v::Vec)'],
      ['scale', 'scale', 'function', 11, 1, null, 'scale(v::Vec{T}, k::T) where {T<:Real} = Vec(v.x * k)'],
      ['twice', 'twice', 'function', 12, 9, null, 'twice(x) = 2x'],
      ['@swap', '@swap', 'macro', 14, 7, null, 'macro swap(a, b)'],
      ['Outer', 'Outer', 'module', 17, 8, null, 'module Outer'],
      ['Inner', 'Inner', 'module', 18, 8, 'Outer', 'module Inner'],
      ['LIMIT', 'LIMIT', 'const', 19, 7, 'Outer.Inner', 'const LIMIT = 10'],
      ['Counter', 'Counter', 'struct', 20, 16, 'Outer.Inner', 'mutable struct Counter{T} <: AbstractCounter'],
      ['Shape', 'Shape', 'abstract', 24, 15, 'Outer', 'abstract type Shape end'],
      ['Flags', 'Flags', 'primitive', 25, 16, 'Outer', 'primitive type Flags 8 end'],
      ['long', 'long', 'function', 29, 10, null, 'function long(a, b)'],
    ])
    const endLines = Object.fromEntries(symbols.map((s) => [s.name, s.endLine]))
    expect(endLines).toMatchObject({ 'Base.show': 10, '@swap': 16, Outer: 26, Inner: 23, Counter: 22, long: 31 })
  })

  it('reads docstrings: triple-quoted (dedented) and plain, only when they touch the definition', async () => {
    const { symbols } = await indexJulia(SOURCE)
    const doc = (name: string): string | null => symbols.find((s) => s.name === name)!.doc
    expect(doc('area')).toBe('    area(s)\n\nThe area of a shape.')
    expect(doc('@swap')).toBe('Swap the two expressions.')
    expect(doc('Base.:+')).toBeNull()
    const apart = await indexJulia('"not a docstring"\n\nf(x) = x\n')
    expect(apart.symbols[0]!.doc).toBeNull()
    const wrapped = await indexJulia('module M\n    """\n        g()\n\n    Indented doc.\n    """\n    @inline g() = 1\nend\n')
    expect(wrapped.symbols.find((s) => s.name === 'g')!.doc).toBe('    g()\n\nIndented doc.')
  })

  it('records identifier occurrences by name, macros with their @', async () => {
    const { occurrences } = await indexJulia(SOURCE)
    expect(occurrences.get('twice')).toEqual([12, 9, 27, 21])
    expect(occurrences.get('LIMIT')).toEqual([19, 7, 27, 13])
    expect(occurrences.get('@swap')).toEqual([28, 1])
    expect(occurrences.get('@inline')).toEqual([12, 1])
    // The macro's own name in `macro swap` is a plain identifier: the index adds the definition.
    expect(occurrences.get('swap')).toEqual([14, 7])
  })

  it('counts columns in UTF-16 units, as the editor does', async () => {
    const { symbols, occurrences } = await indexJulia('αβ(x) = x; γ = αβ(2)\n𝑓(x) = x\n')
    expect(symbols.map((s) => [s.name, s.line, s.column])).toEqual([
      ['αβ', 1, 1],
      ['𝑓', 2, 1],
    ])
    expect(occurrences.get('αβ')).toEqual([1, 1, 1, 16])
  })

  it('turns qualified and operator names into the key a use is spelled as', () => {
    expect(symbolKey('Base.show')).toBe('show')
    expect(symbolKey('Base.:+')).toBe('+')
    expect(symbolKey('Base.:(==)')).toBe('==')
    expect(symbolKey('@twice')).toBe('@twice')
    expect(symbolKey('area')).toBe('area')
    expect(cleanDocstring('"say \\"hi\\""')).toBe('say "hi"')
  })
})
