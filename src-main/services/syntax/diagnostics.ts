// Syntax errors from a tree-sitter-julia tree: ERROR nodes (text the grammar could not place) and
// MISSING nodes (a token the parser inserted to recover, e.g. a `)` or an `end`). Pure: no I/O.
//
// Positions are 1-based lines and 1-based columns in UTF-16 code units (web-tree-sitter counts
// columns in code units of the JS string, which is also what Monaco uses).
import type { Node } from 'web-tree-sitter'
import type { SyntaxDiagnostic } from '../../../src-preload/contract'

/** Enough to mark a broken file without flooding the editor or the wire. */
export const MAX_DIAGNOSTICS = 100

const BLOCK_KEYWORDS = new Set([
  'function', 'macro', 'module', 'baremodule', 'struct', 'mutable', 'abstract', 'primitive',
  'if', 'for', 'while', 'begin', 'let', 'try', 'quote', 'do',
])
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' }

export function collectErrors(root: Node, limit = MAX_DIAGNOSTICS): SyntaxDiagnostic[] {
  const out: SyntaxDiagnostic[] = []
  if (!root.hasError && !root.isError) return out
  // An explicit stack, not recursion: deeply nested input must not overflow the JS stack.
  const stack: Node[] = [root]
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop()!
    if (node.isError) {
      out.push(describeError(node))
      continue // one message per ERROR: what lies inside is the same mistake
    }
    if (node.isMissing) {
      out.push(at(node, node, `missing ${tokenName(node)}`))
      continue
    }
    if (!node.hasError) continue
    // Push in reverse so that diagnostics come out in document order.
    for (let i = node.childCount - 1; i >= 0; i--) {
      const c = node.child(i)
      if (c && (c.hasError || c.isError || c.isMissing)) stack.push(c)
    }
  }
  return out
}

function describeError(node: Node): SyntaxDiagnostic {
  const kids = node.children.filter((c): c is Node => c !== null)
  // An opening bracket left bare inside the ERROR is the usual culprit: point at it.
  // Scan backwards so that "is it closed later?" is one set lookup; keep the earliest unclosed one.
  const closedLater = new Set<string>()
  let unclosed: Node | null = null
  for (let i = kids.length - 1; i >= 0; i--) {
    const k = kids[i]!
    const closer = CLOSERS[k.type]
    if (!k.isNamed && closer && !closedLater.has(closer)) unclosed = k
    if (!k.isNamed) closedLater.add(k.type)
  }
  if (unclosed) return at(unclosed, unclosed, `syntax error: unclosed \`${unclosed.type}\``)
  const first = kids[0]
  if (first && !first.isNamed && BLOCK_KEYWORDS.has(first.type) && !kids.some((k) => k.type === 'end')) {
    const word = first.type === 'mutable' ? 'mutable struct' : first.type
    return at(first, first, `syntax error: \`${word}\` block is never closed (missing \`end\`)`)
  }
  const text = node.text.trim()
  if (text.length > 0 && text.length <= 40 && !text.includes('\n')) {
    return at(node, node, `syntax error: unexpected \`${text}\``)
  }
  // A long ERROR spans whatever the parser skipped; mark where it starts, not the whole region.
  const leaf = firstLeaf(node)
  return leaf && node.startPosition.row !== node.endPosition.row ? at(leaf, leaf, 'syntax error') : at(node, node, 'syntax error')
}

function tokenName(node: Node): string {
  const t = node.type
  return /^[a-z_]+$/.test(t) && node.isNamed ? t.replace(/_/g, ' ') : `\`${t}\``
}

function firstLeaf(node: Node): Node | null {
  let n: Node | null = node
  while (n && n.childCount > 0) n = n.child(0)
  return n
}

function at(start: Node, end: Node, message: string): SyntaxDiagnostic {
  const s = start.startPosition
  const e = end.endPosition
  const zeroWidth = s.row === e.row && s.column === e.column
  return {
    line: s.row + 1,
    column: s.column + 1,
    endLine: e.row + 1,
    // A MISSING token has no width; give the marker one character so that it can be seen.
    endColumn: e.column + 1 + (zeroWidth ? 1 : 0),
    message,
  }
}
