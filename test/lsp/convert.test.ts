// LSP answers -> Kiln values: every shape the spec allows, positions shifted to 1-based, files
// outside the workspace dropped, and malformed entries skipped rather than trusted.
import { describe, expect, it } from 'vitest'
import { pathToFileURL } from 'node:url'
import {
  PathMap,
  snippetToText,
  toCompletions,
  toDiagnostics,
  toHover,
  toLocations,
  toPosition,
  toTextEdits,
  toWorkspaceSymbols,
} from '../../src-main/services/lsp/convert'

const map = new PathMap('/work/proj', '/real/proj')
const uri = (p: string) => pathToFileURL(p).href
const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } })

describe('paths and positions', () => {
  it('maps workspace files both ways, through the real path too, and refuses the rest', () => {
    expect(map.uriOf('src/a b.jl')).toBe('file:///work/proj/src/a%20b.jl')
    expect(map.pathOf('file:///work/proj/src/a%20b.jl')).toBe('src/a b.jl')
    expect(map.pathOf(uri('/real/proj/src/α.jl'))).toBe('src/α.jl')
    expect(map.pathOf(uri('/work/project2/x.jl'))).toBeNull()
    expect(map.pathOf(uri('/usr/share/julia/base/math.jl'))).toBeNull()
    expect(map.pathOf('untitled:Untitled-1')).toBeNull()
    expect(map.pathOf(uri('/work/proj'))).toBeNull() // the folder itself is not a file
  })

  it('turns Kiln’s 1-based line and column into LSP’s 0-based position', () => {
    expect(toPosition(1, 1)).toEqual({ line: 0, character: 0 })
    expect(toPosition(10, 23)).toEqual({ line: 9, character: 22 })
  })
})

describe('definition and references', () => {
  it('reads Location, Location[] and LocationLink[] (landing on the name), dropping outside files', () => {
    const loc = { uri: uri('/work/proj/src/a.jl'), range: r(2, 4, 2, 8) }
    expect(toLocations(map, loc)).toEqual([{ file: 'src/a.jl', line: 3, column: 5, endLine: 3, endColumn: 9 }])
    expect(toLocations(map, [loc, { uri: uri('/opt/julia/base/int.jl'), range: r(0, 0, 0, 1) }, { uri: 5 }])).toHaveLength(1)
    const link = { targetUri: uri('/work/proj/b.jl'), targetRange: r(0, 0, 4, 3), targetSelectionRange: r(0, 9, 0, 13) }
    expect(toLocations(map, [link])).toEqual([{ file: 'b.jl', line: 1, column: 10, endLine: 1, endColumn: 14 }])
    expect(toLocations(map, null)).toEqual([])
  })
})

describe('diagnostics', () => {
  it('maps the four severities, treats a missing one as an error, and names the source', () => {
    const ds = toDiagnostics(
      [
        { range: r(0, 0, 0, 1), severity: 1, message: 'e' },
        { range: r(1, 2, 1, 3), severity: 2, message: 'w', source: 'JET' },
        { range: r(2, 0, 2, 1), severity: 3, message: 'i' },
        { range: r(3, 0, 3, 1), severity: 4, message: 'h' },
        { range: r(4, 0, 4, 1), message: 'none' },
        { range: 'bad', message: 'skipped' },
      ],
      'JETLS',
    )
    expect(ds.map((d) => [d.severity, d.source, d.message])).toEqual([
      ['error', 'JETLS', 'e'],
      ['warning', 'JET', 'w'],
      ['info', 'JETLS', 'i'],
      ['hint', 'JETLS', 'h'],
      ['error', 'JETLS', 'none'],
    ])
    expect(ds[1]).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 4 })
  })
})

describe('hover', () => {
  it('reads MarkupContent, MarkedString and MarkedString[] as markdown', () => {
    expect(toHover({ contents: { kind: 'markdown', value: '**f**(x)' } })).toEqual({ markdown: '**f**(x)', source: 'server' })
    expect(toHover({ contents: { kind: 'plaintext', value: 'a*b_c' } })?.markdown).toBe('a\\*b\\_c')
    expect(toHover({ contents: { language: 'julia', value: 'f(x) = 1' } })?.markdown).toBe('```julia\nf(x) = 1\n```')
    expect(toHover({ contents: ['Docs for `f`', { language: 'julia', value: 'f()' }] })?.markdown).toBe('Docs for `f`\n\n---\n\n```julia\nf()\n```')
    expect(toHover({ contents: '' })).toBeNull()
    expect(toHover({ contents: [] })).toBeNull()
    expect(toHover(null)).toBeNull()
  })
})

describe('completion', () => {
  it('reads lists and arrays, maps kinds, and prefers the text edit’s text', () => {
    const items = toCompletions({
      isIncomplete: false,
      items: [
        { label: 'sum', kind: 3, detail: 'sum(itr)' },
        { label: 'Base', kind: 9 },
        { label: 'Dict', kind: 22 },
        { label: 'AbstractArray', kind: 8 },
        { label: 'pi', kind: 21 },
        { label: 'x', kind: 6 },
        { label: 'begin', kind: 14 },
        { label: '@time', kind: 3 },
        { label: 'α', kind: 1, insertText: '\\alpha', textEdit: { range: r(0, 0, 0, 6), newText: 'α' } },
        { label: 'len', labelDetails: { description: 'Base' } },
        { nolabel: true },
      ],
    })
    expect(items.map((i) => [i.label, i.kind])).toEqual([
      ['sum', 'function'],
      ['Base', 'module'],
      ['Dict', 'struct'],
      ['AbstractArray', 'abstract'],
      ['pi', 'const'],
      ['x', 'variable'],
      ['begin', 'keyword'],
      ['@time', 'macro'],
      ['α', 'other'],
      ['len', 'other'],
    ])
    expect(items[8]?.insertText).toBe('α')
    expect(items[9]?.detail).toBe('Base')
    expect(toCompletions([{ label: 'a' }])).toHaveLength(1)
    expect(toCompletions(null)).toEqual([])
  })

  it('reduces snippets to plain text', () => {
    expect(snippetToText('for ${1:i} in ${2:1:n}\n\t$0\nend')).toBe('for i in 1:n\n\t\nend')
    expect(snippetToText('f(${1|a,b|})')).toBe('f(a)')
    expect(snippetToText('cost \\$5')).toBe('cost $5')
    expect(snippetToText('f(${1:x${2:y}}) $TM_FILENAME ${3} \\}')).toBe('f(xy)   }')
  })
})

describe('formatting and symbols', () => {
  it('maps text edits to 1-based ranges', () => {
    expect(toTextEdits([{ range: r(0, 0, 1, 0), newText: 'x\n' }, { bad: 1 }])).toEqual([{ line: 1, column: 1, endLine: 2, endColumn: 1, text: 'x\n' }])
    expect(toTextEdits(null)).toEqual([])
  })

  it('maps SymbolInformation and WorkspaceSymbol (range-less) to Kiln symbols, skipping fields and outside files', () => {
    const syms = toWorkspaceSymbols(map, [
      { name: 'area', kind: 12, location: { uri: uri('/work/proj/src/a.jl'), range: r(6, 0, 6, 4) }, containerName: 'Shapes' },
      { name: 'Circle', kind: 23, location: { uri: uri('/work/proj/src/a.jl') } },
      { name: '@twice', kind: 12, location: { uri: uri('/work/proj/src/a.jl'), range: r(13, 6, 13, 11) } },
      { name: 'r', kind: 8, location: { uri: uri('/work/proj/src/a.jl'), range: r(3, 4, 3, 5) } },
      { name: 'sin', kind: 12, location: { uri: uri('/opt/julia/base/math.jl'), range: r(0, 0, 0, 1) } },
    ])
    expect(syms).toEqual([
      { name: 'area', kind: 'function', file: 'src/a.jl', line: 7, endLine: 7, container: 'Shapes', signature: 'area', doc: null },
      { name: 'Circle', kind: 'struct', file: 'src/a.jl', line: 1, endLine: 1, container: null, signature: 'Circle', doc: null },
      { name: '@twice', kind: 'macro', file: 'src/a.jl', line: 14, endLine: 14, container: null, signature: '@twice', doc: null },
    ])
  })
})
