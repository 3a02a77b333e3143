// Answers from Kiln's own index, by name: Julia dispatches on types nobody knows without running
// Julia, so "the definition of `area`" is every method named `area`, and its references are every
// identifier spelled `area`. Pure functions over the index's entries.
import type { LangCompletion, SymbolLocation, WorkspaceSymbol } from '../../../src-preload/contract'
import type { FileIndex, IndexedSymbol } from '../syntax/symbol-index'
import { rankSymbols } from './rank'
import { JULIA_KEYWORDS, prefixAt, type WordAt } from './words'

export type Entries = () => Iterable<[string, FileIndex]>
export type Located = { file: string; symbol: IndexedSymbol }

export const MAX_REFERENCES = 10_000
const MAX_COMPLETIONS = 500
const HOVER_METHODS = 8

export function toWorkspaceSymbol({ file, symbol: s }: Located): WorkspaceSymbol {
  return { name: s.name, kind: s.kind, file, line: s.line, endLine: s.endLine, container: s.container, signature: s.signature, doc: s.doc }
}

function* allSymbols(entries: Entries): IterableIterator<Located> {
  for (const [file, idx] of entries()) for (const symbol of idx.symbols) yield { file, symbol }
}

export function workspaceSymbols(entries: Entries, query: string, limit: number): WorkspaceSymbol[] {
  return rankSymbols(query, allSymbols(entries), limit).map(toWorkspaceSymbol)
}

/**
 * The definitions a name may refer to, best first: those in the module the use names (`Geometry.area`),
 * then the current file's, then the rest in file order.
 */
export function findDefinitions(entries: Entries, word: WordAt, fromFile: string): Located[] {
  const found: Located[] = []
  for (const l of allSymbols(entries)) if (l.symbol.key === word.key) found.push(l)
  const q = word.qualifier
  const inQualifier = (l: Located): boolean =>
    q !== null && (l.symbol.container === q || (l.symbol.container?.endsWith(`.${q}`) ?? false) || l.symbol.name === `${q}.${l.symbol.key}`)
  const rank = (l: Located): number => (inQualifier(l) ? 0 : l.file === fromFile ? 1 : 2)
  return found.sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.symbol.line - b.symbol.line)
}

/** Where the definition's name sits, as a location Monaco can select. */
export function definitionLocation({ file, symbol: s }: Located): SymbolLocation {
  const bare = s.key.startsWith('@') ? s.key.slice(1) : s.key
  return { file, line: s.line, column: s.column, endLine: s.line, endColumn: s.column + bare.length }
}

/** Every identifier spelled like the word, across the workspace (definitions included or not). */
export function findReferences(entries: Entries, key: string, includeDeclaration: boolean): SymbolLocation[] {
  const width = key.length
  const out: SymbolLocation[] = []
  const files = [...entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [file, idx] of files) {
    const decls = idx.symbols.filter((s) => s.key === key)
    const declAt = new Set(decls.map((s) => `${s.line}:${s.column}`))
    const seen = new Set<string>()
    const push = (line: number, column: number, len: number): void => {
      const k = `${line}:${column}`
      if (seen.has(k) || out.length >= MAX_REFERENCES) return
      seen.add(k)
      out.push({ file, line, column, endLine: line, endColumn: column + len })
    }
    const occ = idx.occurrences.get(key) ?? []
    const atDecl: SymbolLocation[] = []
    for (let i = 0; i < occ.length; i += 2) {
      const line = occ[i]!
      const column = occ[i + 1]!
      if (declAt.has(`${line}:${column}`)) {
        if (includeDeclaration) push(line, column, width)
      } else push(line, column, width)
    }
    // A macro's definition spells its name without the `@`: add it from the symbols.
    if (includeDeclaration) for (const d of decls) if (d.key.startsWith('@')) atDecl.push(definitionLocation({ file, symbol: d }))
    for (const d of atDecl) push(d.line, d.column, d.endColumn - d.column)
    if (out.length >= MAX_REFERENCES) break
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column)
}

/** Signature(s) in a Julia code block, the docstring, and where each method is. */
export function hoverMarkdown(defs: readonly Located[]): string | null {
  if (defs.length === 0) return null
  const shown = defs.slice(0, HOVER_METHODS)
  const sigs = shown.map((d) => d.symbol.signature).join('\n')
  const parts = ['```julia', sigs.replace(/```/g, '`\u200b``'), '```']
  const doc = defs.find((d) => d.symbol.doc)?.symbol.doc
  if (doc) parts.push('', doc)
  const where = shown.map((d) => `\`${d.file}:${d.symbol.line}\``).join(' · ')
  const more = defs.length > shown.length ? ` · ${defs.length - shown.length} more` : ''
  parts.push('', `${defs.length > 1 ? `${defs.length} definitions: ` : ''}${where}${more}`)
  return parts.join('\n')
}

const byLabel = (a: LangCompletion, b: LangCompletion): number => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)

/**
 * Names for the word being typed: the workspace's definitions, the current file's identifiers (local
 * variables and arguments), and Julia's keywords. Matching is by prefix, ignoring case; an exact-case
 * prefix sorts first. After `@`, only macros.
 */
export function completions(entries: Entries, file: string, line: string, column: number): LangCompletion[] {
  const { prefix, qualifier } = prefixAt(line, column)
  const macro = prefix.startsWith('@')
  const folded = prefix.toLowerCase()
  const matches = (label: string): boolean => label.toLowerCase().startsWith(folded)
  const out = new Map<string, LangCompletion>()
  for (const { symbol: s, file: f } of allSymbols(entries)) {
    if (macro !== s.key.startsWith('@') || !matches(s.key) || s.key === prefix) continue
    if (qualifier && !(s.container === qualifier || s.container?.endsWith(`.${qualifier}`))) continue
    const had = out.get(s.key)
    if (had) {
      const n = Number(/^(\d+) methods/.exec(had.detail)?.[1] ?? 1) + 1
      out.set(s.key, { ...had, detail: `${n} methods` })
      continue
    }
    out.set(s.key, { label: s.key, kind: s.kind, detail: f === file ? s.signature : `${s.signature}  (${f})`, insertText: s.key })
  }
  if (!macro && !qualifier) {
    for (const kw of JULIA_KEYWORDS) if (matches(kw) && kw !== prefix && !out.has(kw)) out.set(kw, { label: kw, kind: 'keyword', detail: 'keyword', insertText: kw })
    const own = [...entries()].find(([p]) => p === file)?.[1]
    if (own) {
      for (const name of own.occurrences.keys()) {
        if (name.startsWith('@') || out.has(name) || name === prefix || !matches(name)) continue
        out.set(name, { label: name, kind: 'variable', detail: 'in this file', insertText: name })
      }
    }
  }
  const exact = (c: LangCompletion): number => (c.label.startsWith(prefix) ? 0 : 1)
  return [...out.values()].sort((a, b) => exact(a) - exact(b) || byLabel(a, b)).slice(0, MAX_COMPLETIONS)
}
