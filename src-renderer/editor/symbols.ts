// Julia outline (from tree-sitter in main) -> Monaco document symbols and markers. Pure: Monaco's
// enums are plain numbers, mirrored here so this file loads without Monaco (and in unit tests).
import type { OutlineKind, OutlineSymbol, SyntaxDiagnostic } from '../../src-preload/contract'

/** monaco.languages.SymbolKind values. */
export const SymbolKind = {
  Module: 1,
  Class: 4,
  Function: 11,
  Constant: 13,
  Interface: 10,
  Struct: 22,
  Operator: 24,
  TypeParameter: 25,
} as const

export const symbolKindOf = (kind: OutlineKind): number => {
  switch (kind) {
    case 'module':
      return SymbolKind.Module
    case 'function':
      return SymbolKind.Function
    case 'macro':
      return SymbolKind.Operator
    case 'struct':
      return SymbolKind.Struct
    case 'abstract':
      return SymbolKind.Interface
    case 'const':
      return SymbolKind.Constant
    case 'primitive':
      return SymbolKind.TypeParameter
  }
}

export interface Range {
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
}

export interface DocumentSymbolLike {
  name: string
  detail: string
  kind: number
  tags: []
  range: Range
  selectionRange: Range
  children: DocumentSymbolLike[]
}

/** What the conversion needs to know about the document: lines are 1-based, as in Monaco. */
export interface LineSource {
  lineCount: number
  lineContent(line: number): string
}

/** How a kind of definition is named in pickers and outlines. */
export const KIND_DETAIL: Record<OutlineKind, string> = {
  module: 'module',
  function: 'function',
  macro: 'macro',
  struct: 'struct',
  abstract: 'abstract type',
  const: 'const',
  primitive: 'primitive type',
}

/**
 * Converts outline symbols to Monaco's DocumentSymbol shape. The range spans the whole definition;
 * the selection range is the symbol's name on its first line (the line itself if not found), which
 * is where go-to-symbol puts the cursor. Lines beyond the document are clamped: the outline can be
 * a few keystrokes older than the model.
 */
export function toDocumentSymbols(outline: OutlineSymbol[], doc: LineSource): DocumentSymbolLike[] {
  const clampLine = (l: number): number => Math.max(1, Math.min(doc.lineCount, l))
  const convert = (s: OutlineSymbol): DocumentSymbolLike => {
    const start = clampLine(s.line)
    const end = Math.max(start, clampLine(s.endLine))
    const first = doc.lineContent(start)
    const last = doc.lineContent(end)
    const bare = s.name.startsWith('@') ? s.name.slice(1) : s.name
    const at = first.indexOf(bare)
    const selStart = at >= 0 ? at + 1 : 1
    const selEnd = at >= 0 ? at + 1 + bare.length : first.length + 1
    return {
      name: s.name,
      detail: KIND_DETAIL[s.kind],
      kind: symbolKindOf(s.kind),
      tags: [],
      range: { startLineNumber: start, startColumn: 1, endLineNumber: end, endColumn: last.length + 1 },
      selectionRange: { startLineNumber: start, startColumn: selStart, endLineNumber: start, endColumn: selEnd },
      children: (s.children ?? []).map(convert),
    }
  }
  return outline.map(convert)
}

/** monaco.MarkerSeverity.Error */
export const MARKER_ERROR = 8

export interface MarkerLike extends Range {
  severity: number
  message: string
  source: string
}

/** Syntax errors as Monaco markers; an empty range is widened to one character so it shows. */
export function toMarkers(errors: SyntaxDiagnostic[]): MarkerLike[] {
  return errors.map((d) => {
    const empty = d.endLine < d.line || (d.endLine === d.line && d.endColumn <= d.column)
    return {
      severity: MARKER_ERROR,
      message: d.message,
      source: 'tree-sitter-julia',
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: empty ? d.line : d.endLine,
      endColumn: empty ? d.column + 1 : d.endColumn,
    }
  })
}

/** Counts symbols of a nested outline (for a status or a test). */
export const countSymbols = (outline: OutlineSymbol[]): number =>
  outline.reduce((n, s) => n + 1 + countSymbols(s.children ?? []), 0)
