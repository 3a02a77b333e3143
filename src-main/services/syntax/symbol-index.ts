// One file's contribution to the workspace symbol index, from a tree-sitter-julia tree: its
// definitions (the outline's, flattened, with container, signature and docstring) and where each
// identifier occurs (for find-references). Pure: no parsing and no I/O, so the worker, the CLI and
// the tests share it.
import type { Node } from 'web-tree-sitter'
import type { OutlineKind, OutlineSymbol } from '../../../src-preload/contract'
import { extractOutline } from './outline'

export type IndexedSymbol = {
  /** As the outline shows it: `area`, `Base.show`, `Base.:+`, `@twice`. */
  name: string
  /** What a use of the symbol is spelled as: `area`, `show`, `+`, `@twice`. */
  key: string
  kind: OutlineKind
  line: number
  /** 1-based column of the name on `line` (UTF-16 units). */
  column: number
  endLine: number
  /** The enclosing modules, dotted (`Outer.Inner`), or null at top level. */
  container: string | null
  signature: string
  doc: string | null
}

/** `key -> [line, column, line, column, …]` (1-based), in document order. */
export type Occurrences = Map<string, number[]>

export type FileIndex = { symbols: IndexedSymbol[]; occurrences: Occurrences }

/** Longer docstrings are cut: a hover is no place for a whole manual page. */
export const MAX_DOC_CHARS = 8000
const MAX_SIGNATURE_CHARS = 240

/** The name a use is spelled as: `Base.show` -> `show`, `Base.:+` -> `+`, `Base.:(==)` -> `==`. */
export function symbolKey(name: string): string {
  if (name.startsWith('@')) return name
  const dot = lastTopLevelDot(name)
  let last = dot < 0 ? name : name.slice(dot + 1)
  if (last.startsWith(':')) last = last.slice(1)
  if (last.startsWith('(') && last.endsWith(')')) last = last.slice(1, -1)
  return last
}

/** The last `.` that separates a module from a name (not one inside `:(.+)` or `(f::Foo)`). */
function lastTopLevelDot(name: string): number {
  let depth = 0
  let at = -1
  for (let i = 0; i < name.length; i++) {
    const c = name[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '.' && depth === 0 && i > 0 && name[i + 1] !== undefined && name[i - 1] !== ':') at = i
  }
  return at
}

export function extractFileIndex(root: Node, source: string): FileIndex {
  const nodes = new Map<OutlineSymbol, Node>()
  const outline = extractOutline(root, nodes)
  const lines = source.split('\n')
  const symbols: IndexedSymbol[] = []
  const visit = (list: readonly OutlineSymbol[], container: string | null): void => {
    for (const s of list) {
      const node = nodes.get(s)
      const key = symbolKey(s.name)
      const text = lines[s.line - 1] ?? ''
      const from = node && node.startPosition.row === s.line - 1 ? node.startPosition.column : 0
      const at = findName(text, key, from)
      symbols.push({
        name: s.name,
        key,
        kind: s.kind,
        line: s.line,
        column: at + 1,
        endLine: s.endLine,
        container,
        signature: node ? signatureOf(node, s.kind) : text.trim(),
        doc: node ? docstringOf(node) : null,
      })
      if (s.children) visit(s.children, container ? `${container}.${s.name}` : s.name)
    }
  }
  visit(outline, null)
  return { symbols, occurrences: collectOccurrences(root) }
}

/** Where the name sits on its line (for `@m`, the `@`; a macro's definition line has `macro m`). */
function findName(text: string, key: string, from: number): number {
  const bare = key.startsWith('@') ? key.slice(1) : key
  const re = new RegExp(`(?<![\\p{L}\\p{N}_!])${escapeRe(bare)}(?![\\p{L}\\p{N}_!])`, 'u')
  const m = re.exec(text.slice(from))
  if (m) return from + m.index
  const plain = text.indexOf(bare, from)
  return plain >= 0 ? plain : Math.max(0, from)
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Identifiers and macro names (`@m`, keyed with the `@`), by text. */
function collectOccurrences(root: Node): Occurrences {
  const out: Occurrences = new Map()
  const add = (key: string, row: number, column: number): void => {
    let list = out.get(key)
    if (!list) out.set(key, (list = []))
    list.push(row + 1, column + 1)
  }
  const macroNames = new Set<string>()
  for (const m of root.descendantsOfType('macro_identifier')) {
    if (!m) continue
    const id = m.namedChildren[0]
    if (!id || id.type !== 'identifier') continue
    add(`@${id.text}`, m.startPosition.row, m.startPosition.column)
    macroNames.add(`${id.startPosition.row}:${id.startPosition.column}`)
  }
  for (const id of root.descendantsOfType('identifier')) {
    if (!id || macroNames.has(`${id.startPosition.row}:${id.startPosition.column}`)) continue
    add(id.text, id.startPosition.row, id.startPosition.column)
  }
  // descendantsOfType answers in tree order, macros were added first: put each list in text order.
  for (const list of out.values()) sortPairs(list)
  return out
}

function sortPairs(list: number[]): void {
  let sorted = true
  for (let i = 2; i < list.length && sorted; i += 2) if (list[i]! < list[i - 2]! || (list[i] === list[i - 2] && list[i + 1]! < list[i - 1]!)) sorted = false
  if (sorted) return
  const pairs: [number, number][] = []
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i]!, list[i + 1]!])
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  pairs.forEach(([l, c], i) => {
    list[2 * i] = l
    list[2 * i + 1] = c
  })
}

/** The definition as written up to its body: `function f(x::Int)`, `struct P{T} <: A`, `f(x) = x + 1`. */
function signatureOf(node: Node, kind: OutlineKind): string {
  const header = node.namedChildren.find((c) => c !== null && (c.type === 'signature' || c.type === 'type_head'))
  let text: string
  if (header && (kind === 'function' || kind === 'macro' || kind === 'struct' || kind === 'abstract' || kind === 'primitive')) {
    // From the keyword to the end of the head: a signature over several lines is kept whole.
    const lead = node.text.slice(0, header.startIndex - node.startIndex)
    text = `${lead}${header.text}`
    if (kind === 'abstract' || kind === 'primitive') text = node.text
  } else {
    text = node.text.split('\n')[0] ?? ''
  }
  const flat = text.replace(/\s*\n\s*/g, ' ').trim()
  return flat.length > MAX_SIGNATURE_CHARS ? `${flat.slice(0, MAX_SIGNATURE_CHARS - 1)}…` : flat
}

/** The string literal right before a definition (or before the macro call wrapping it). */
function docstringOf(node: Node): string | null {
  let target: Node = node
  while (target.parent && ['macro_argument_list', 'macrocall_expression', 'global_statement'].includes(target.parent.type)) {
    target = target.parent
  }
  const prev = target.previousNamedSibling
  if (!prev || prev.type !== 'string_literal') return null
  // A docstring touches its object: at most the line break between them.
  if (prev.endPosition.row < target.startPosition.row - 1) return null
  return cleanDocstring(prev.text)
}

/** Drops the quotes and the indentation a triple-quoted string strips in Julia. */
export function cleanDocstring(literal: string): string {
  const triple = literal.startsWith('"""')
  let body = triple ? literal.slice(3, -3) : literal.slice(1, -1)
  if (triple) {
    if (body.startsWith('\n')) body = body.slice(1)
    const lines = body.split('\n')
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length)
    const cut = indents.length ? Math.min(...indents) : 0
    body = lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n')
  }
  body = body.replace(/\\"/g, '"').replace(/\\\$/g, '$').trimEnd()
  return body.length > MAX_DOC_CHARS ? `${body.slice(0, MAX_DOC_CHARS)}…` : body
}
