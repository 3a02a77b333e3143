import { describe, expect, it } from 'vitest'
import type { OutlineSymbol } from '../../src-preload/contract'
import { MARKER_ERROR, SymbolKind, toDocumentSymbols, toMarkers } from '../../src-renderer/editor/symbols'

const source = ['module Kiln', '', 'function greet(name)', '    println(name)', 'end', '', 'macro twice(ex)', 'end', 'end'].join('\n')
const lines = source.split('\n')
const doc = { lineCount: lines.length, lineContent: (l: number) => lines[l - 1] ?? '' }

describe('outline to Monaco symbols', () => {
  const outline: OutlineSymbol[] = [
    {
      name: 'Kiln',
      kind: 'module',
      line: 1,
      endLine: 9,
      children: [
        { name: 'greet', kind: 'function', line: 3, endLine: 5 },
        { name: '@twice', kind: 'macro', line: 7, endLine: 8 },
      ],
    },
  ]

  it('keeps nesting, kinds and whole-definition ranges', () => {
    const [mod] = toDocumentSymbols(outline, doc)
    expect(mod!.kind).toBe(SymbolKind.Module)
    expect(mod!.range).toEqual({ startLineNumber: 1, startColumn: 1, endLineNumber: 9, endColumn: 4 })
    expect(mod!.children.map((c) => [c.name, c.kind])).toEqual([
      ['greet', SymbolKind.Function],
      ['@twice', SymbolKind.Operator],
    ])
  })

  it('selects the name itself, so go-to-symbol lands on it', () => {
    const [, fn, mac] = [toDocumentSymbols(outline, doc)[0]!, ...toDocumentSymbols(outline, doc)[0]!.children]
    expect(fn!.selectionRange).toEqual({ startLineNumber: 3, startColumn: 10, endLineNumber: 3, endColumn: 15 })
    expect(mac!.selectionRange.startColumn).toBe(7) // 'twice' after 'macro '
  })

  it('clamps lines of an outline older than the text', () => {
    const [s] = toDocumentSymbols([{ name: 'gone', kind: 'const', line: 40, endLine: 50 }], doc)
    expect(s!.range.startLineNumber).toBe(9)
    expect(s!.range.endLineNumber).toBe(9)
    expect(s!.selectionRange.startColumn).toBe(1)
  })

  it('turns syntax errors into error markers, widening empty ranges', () => {
    const m = toMarkers([
      { line: 2, column: 5, endLine: 2, endColumn: 5, message: 'missing `end`' },
      { line: 3, column: 1, endLine: 4, endColumn: 2, message: 'syntax error' },
    ])
    expect(m[0]).toMatchObject({ severity: MARKER_ERROR, startLineNumber: 2, startColumn: 5, endLineNumber: 2, endColumn: 6, message: 'missing `end`' })
    expect(m[1]).toMatchObject({ startLineNumber: 3, endLineNumber: 4, endColumn: 2 })
  })
})
