// Pure extraction of a Julia outline from a tree-sitter-julia syntax tree. No parsing and no I/O
// here, so the worker, the CLI and the tests all share it.
//
// What counts as a definition follows what a Julia reader scans for: modules (with their
// definitions as children), functions (long and short form, qualified names such as `Base.show`,
// operators, `where` clauses, return-type annotations), macros, structs, abstract and primitive
// types, and `const` names. Definitions inside function bodies are local and left out; those
// wrapped in macro calls (`@inline f(x) = …`, `Base.@kwdef struct …`) or `begin` blocks count.
import type { Node } from 'web-tree-sitter'
import type { OutlineKind, OutlineSymbol } from '../../../src-preload/contract'

const TYPE_KINDS: Record<string, OutlineKind> = {
  struct_definition: 'struct',
  abstract_definition: 'abstract',
  primitive_definition: 'primitive',
}

/** Block keywords whose definition tree-sitter could not close; seen as bare tokens inside ERROR. */
const OPEN_KEYWORDS: Record<string, { kind: OutlineKind; head: string }> = {
  function: { kind: 'function', head: 'signature' },
  macro: { kind: 'macro', head: 'signature' },
  module: { kind: 'module', head: 'identifier' },
  baremodule: { kind: 'module', head: 'identifier' },
  struct: { kind: 'struct', head: 'type_head' },
}

const lineOf = (n: Node): number => n.startPosition.row + 1
const endLineOf = (n: Node): number => n.endPosition.row + 1
const compact = (s: string): string => s.replace(/\s+/g, '')

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null)

/**
 * The outline of a parsed file: top-level definitions in document order, modules nested. With
 * `nodes`, each symbol's defining node is recorded too (the workspace index reads signatures and
 * docstrings from it).
 */
export function extractOutline(root: Node, nodes?: Map<OutlineSymbol, Node>): OutlineSymbol[] {
  const out: OutlineSymbol[] = []
  nodeSink = nodes ?? null
  try {
    collect(root, out)
  } finally {
    nodeSink = null
  }
  return out
}

// Set only for the duration of one synchronous extractOutline call.
let nodeSink: Map<OutlineSymbol, Node> | null = null
const keep = (s: OutlineSymbol, node: Node): OutlineSymbol => {
  nodeSink?.set(s, node)
  return s
}

/** Flattens an outline in document order (a module before its children), e.g. for the CLI. */
export function flattenOutline(symbols: readonly OutlineSymbol[]): OutlineSymbol[] {
  const flat: OutlineSymbol[] = []
  const visit = (list: readonly OutlineSymbol[]): void => {
    for (const s of list) {
      flat.push(s)
      if (s.children) visit(s.children)
    }
  }
  visit(symbols)
  return flat
}

function collect(container: Node, out: OutlineSymbol[]): void {
  collectFrom(container.children.filter((c): c is Node => c !== null), container.isError, out)
}

function collectFrom(kids: Node[], inError: boolean, out: OutlineSymbol[]): void {
  for (let i = 0; i < kids.length; i++) {
    const node = kids[i]!
    if (node.isNamed) {
      visit(node, out)
      continue
    }
    // Inside an ERROR an unfinished `function f(x)` is a bare keyword followed by its head:
    // keep it in the outline so that it does not vanish while the user is still typing.
    const open = OPEN_KEYWORDS[node.type]
    const head = kids[i + 1]
    if (!inError || !open || !head || head.type !== open.head) continue
    if (open.kind === 'module') {
      // The module's body runs to the next bare `end` among the siblings, if the parser kept one.
      let end = i + 2
      while (end < kids.length && kids[end]!.type !== 'end') end++
      const children: OutlineSymbol[] = []
      collectFrom(kids.slice(i + 2, end), true, children)
      const last = kids[Math.min(end, kids.length - 1)]!
      out.push(keep({ name: head.text, kind: 'module', line: lineOf(node), endLine: endLineOf(last), children }, node))
      i = end
      continue
    }
    const name = open.kind === 'struct' ? typeName(head) : signatureName(head)
    if (name) out.push(keep(symbol(open.kind === 'macro' ? `@${name}` : name, open.kind, node, head), node))
  }
}

function visit(node: Node, out: OutlineSymbol[]): void {
  switch (node.type) {
    case 'module_definition': {
      const name = node.childForFieldName('name')
      const children: OutlineSymbol[] = []
      collect(node, children)
      out.push(keep({ name: name ? name.text : '?', kind: 'module', line: lineOf(node), endLine: endLineOf(node), children }, node))
      return
    }
    case 'function_definition':
    case 'macro_definition': {
      const sig = named(node).find((c) => c.type === 'signature')
      const name = sig ? signatureName(sig) : null
      if (!name) return
      const isMacro = node.type === 'macro_definition'
      out.push(keep(symbol(isMacro ? `@${name}` : name, isMacro ? 'macro' : 'function', node, node), node))
      return
    }
    case 'struct_definition':
    case 'abstract_definition':
    case 'primitive_definition': {
      const head = named(node).find((c) => c.type === 'type_head')
      const name = head ? typeName(head) : null
      if (name) out.push(keep(symbol(name, TYPE_KINDS[node.type]!, node, node), node))
      return
    }
    case 'const_statement':
      for (const a of named(node)) if (a.type === 'assignment') for (const n of assignedNames(a)) out.push(keep(symbol(n, 'const', node, node), node))
      return
    case 'global_statement': // `global const X = 1`
      for (const c of named(node)) visit(c, out)
      return
    case 'assignment': {
      const name = shortFunctionName(node)
      if (name) out.push(keep(symbol(name, 'function', node, node), node))
      return
    }
    case 'macrocall_expression': {
      const args = named(node).find((c) => c.type === 'macro_argument_list')
      if (args) for (const c of named(args)) visit(c, out)
      return
    }
    case 'compound_statement': // begin … end shares the enclosing scope
    case 'ERROR':
      collect(node, out)
      return
    default:
      return
  }
}

function symbol(name: string, kind: OutlineKind, start: Node, end: Node): OutlineSymbol {
  return { name, kind, line: lineOf(start), endLine: endLineOf(end) }
}

/** `f(x) = …`, `f(x)::T = …`, `f(x) where T = …`, `a ⊕ b = …`; null for a plain assignment. */
function shortFunctionName(assignment: Node): string | null {
  let lhs = assignment.namedChildren[0] ?? null
  while (lhs && (lhs.type === 'where_expression' || lhs.type === 'typed_expression')) {
    // `x::Int = 1` is a typed global, not a method: only unwrap a typed *call*.
    if (lhs.type === 'typed_expression' && lhs.namedChildren[0]?.type !== 'call_expression') return null
    lhs = lhs.namedChildren[0] ?? null
  }
  if (!lhs) return null
  if (lhs.type === 'call_expression') return calleeName(lhs)
  if (lhs.type === 'binary_expression') {
    const op = named(lhs).find((c) => c.type === 'operator')
    return op ? op.text : null
  }
  return null
}

/** The name in a `function`/`macro` signature: `f(x)`, `Base.show(io, x) where T`, `f(x)::Int`, `f`. */
function signatureName(sig: Node): string | null {
  let n: Node | null = sig.type === 'signature' ? (sig.namedChildren[0] ?? null) : sig
  while (n && (n.type === 'where_expression' || n.type === 'typed_expression')) n = n.namedChildren[0] ?? null
  if (!n) return null
  switch (n.type) {
    case 'call_expression':
      return calleeName(n)
    case 'identifier':
    case 'operator':
      return n.text
    case 'field_expression':
      return compact(n.text)
    case 'binary_expression': {
      const op = named(n).find((c) => c.type === 'operator')
      return op ? op.text : null
    }
    default:
      return null
  }
}

function calleeName(call: Node): string | null {
  const callee = call.namedChildren[0] ?? null
  if (!callee) return null
  switch (callee.type) {
    case 'identifier':
    case 'operator':
      return callee.text
    case 'field_expression': // Base.show, Base.:+, Base.:(==)
      return compact(callee.text)
    case 'parametrized_type_expression': // Point{T}(x) = … is a constructor of Point
      return callee.namedChildren[0]?.text ?? null
    case 'parenthesized_expression': {
      // (+)(a, b) names the operator; (f::Foo)(x) is a functor, shown as written.
      const inner = callee.namedChildren[0]
      return inner?.type === 'operator' ? inner.text : compact(callee.text)
    }
    default:
      return null
  }
}

/** The bare type name in a type head: `S`, `S{T}`, `S{T} <: A` all give `S`. */
function typeName(head: Node): string | null {
  let n: Node | null = head.type === 'type_head' ? (head.namedChildren[0] ?? null) : head
  while (n && (n.type === 'binary_expression' || n.type === 'parametrized_type_expression')) n = n.namedChildren[0] ?? null
  return n && n.type === 'identifier' ? n.text : null
}

/** Names bound by a `const` assignment: `X = 1`, `X::Int = 1`, `A, B = 1, 2`, `=> = Pair`. */
function assignedNames(assignment: Node): string[] {
  const lhs = assignment.namedChildren[0]
  if (!lhs) return []
  if (lhs.type === 'identifier' || lhs.type === 'operator') return [lhs.text] // `const => = Pair` (base/pair.jl)
  if (lhs.type === 'typed_expression') {
    const first = lhs.namedChildren[0]
    return first?.type === 'identifier' ? [first.text] : []
  }
  if (lhs.type === 'open_tuple' || lhs.type === 'tuple_expression') {
    return named(lhs)
      .filter((c) => c.type === 'identifier')
      .map((c) => c.text)
  }
  return []
}
