// LSP values <-> Kiln's contract values. Pure functions; anything malformed from the server is
// skipped rather than trusted.
//
// Positions: LSP lines and characters are 0-based, characters counted in UTF-16 code units (the
// default positionEncoding, and the only one Kiln offers); Kiln's are 1-based, also UTF-16 (what
// Monaco counts), so the mapping is +-1 with no re-encoding.
//
// Paths: Kiln speaks workspace-relative paths with '/' separators. A location or diagnostic in a
// file outside the workspace (Julia's Base, a package in the depot) is dropped: every Kiln channel
// that opens a file refuses paths outside the workspace, so such a result could not be used.
import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type {
  LangCompletion,
  LangDiagnostic,
  LangHover,
  LangTextEdit,
  OutlineKind,
  SymbolLocation,
  WorkspaceSymbol,
} from '../../../src-preload/contract'
import {
  CompletionItemKind as CK,
  DiagnosticSeverity,
  InsertTextFormat,
  SymbolKind as SK,
  type CompletionItem,
  type Diagnostic,
  type MarkedString,
  type Position,
  type Range,
  type TextEdit,
} from './protocol'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0

/** Kiln (1-based) -> LSP (0-based). */
export const toPosition = (line: number, column: number): Position => ({ line: line - 1, character: column - 1 })

export function isPosition(v: unknown): v is Position {
  return isObject(v) && isNat(v.line) && isNat(v.character)
}
export function isRange(v: unknown): v is Range {
  return isObject(v) && isPosition(v.start) && isPosition(v.end)
}

/** Maps file URIs to workspace-relative paths and back, for one workspace root. */
export class PathMap {
  private readonly roots: string[]

  /** `realRoot`: the root with symlinks resolved, since servers often report real paths. */
  constructor(
    readonly root: string,
    realRoot: string = root,
  ) {
    this.roots = realRoot === root ? [root] : [root, realRoot]
  }

  get rootUri(): string {
    return pathToFileURL(this.root).href
  }

  uriOf(path: string): string {
    return pathToFileURL(path === '' ? this.root : `${this.root}${sep}${path.split('/').join(sep)}`).href
  }

  /** The workspace-relative path of a file URI; null for other schemes and files outside. */
  pathOf(uri: string): string | null {
    if (!uri.startsWith('file:')) return null
    let abs: string
    try {
      abs = fileURLToPath(uri)
    } catch {
      return null
    }
    for (const root of this.roots) {
      const rel = relative(root, abs)
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue
      return rel.split(sep).join('/')
    }
    return null
  }
}

/** An LSP range (0-based) as Kiln's 1-based line and columns; both count UTF-16 units. */
const kilnRange = (range: Range): { line: number; column: number; endLine: number; endColumn: number } => ({
  line: range.start.line + 1,
  column: range.start.character + 1,
  endLine: range.end.line + 1,
  endColumn: range.end.character + 1,
})

export function toLocation(map: PathMap, uri: unknown, range: unknown): SymbolLocation | null {
  if (typeof uri !== 'string' || !isRange(range)) return null
  const file = map.pathOf(uri)
  if (file === null) return null
  return { file, ...kilnRange(range) }
}

/** textDocument/definition and /references: Location | Location[] | LocationLink[] | null. */
export function toLocations(map: PathMap, result: unknown): SymbolLocation[] {
  const items = Array.isArray(result) ? result : result === null || result === undefined ? [] : [result]
  const out: SymbolLocation[] = []
  for (const item of items) {
    if (!isObject(item)) continue
    // A LocationLink's selection range is the name itself, where the cursor should land.
    const loc = 'targetUri' in item ? toLocation(map, item.targetUri, item.targetSelectionRange ?? item.targetRange) : toLocation(map, item.uri, item.range)
    if (loc) out.push(loc)
  }
  return out
}

const SEVERITY: Record<number, LangDiagnostic['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
}

/** A diagnostic without a severity is shown as an error, as VS Code does. */
export function toDiagnostics(items: unknown, defaultSource: string): LangDiagnostic[] {
  if (!Array.isArray(items)) return []
  const out: LangDiagnostic[] = []
  for (const d of items as Partial<Diagnostic>[]) {
    if (!isObject(d) || !isRange(d.range) || typeof d.message !== 'string') continue
    out.push({
      ...kilnRange(d.range),
      message: d.message,
      severity: (typeof d.severity === 'number' && SEVERITY[d.severity]) || 'error',
      source: typeof d.source === 'string' && d.source !== '' ? d.source : defaultSource,
    })
  }
  return out
}

const fence = (language: string, value: string): string => {
  const ticks = value.includes('```') ? '````' : '```'
  return `${ticks}${language}\n${value}\n${ticks}`
}
/** Plain text shown as markdown must not turn `*` or `_` (common in Julia) into formatting. */
const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`)

function markedString(m: MarkedString): string {
  if (typeof m === 'string') return m
  if (isObject(m) && typeof m.value === 'string') return fence(typeof m.language === 'string' ? m.language : '', m.value)
  return ''
}

/** A Hover's contents (MarkupContent, MarkedString or MarkedString[]) as markdown; null when empty. */
export function toHover(result: unknown): LangHover | null {
  if (!isObject(result)) return null
  const c = result.contents
  let markdown = ''
  if (Array.isArray(c)) markdown = (c as MarkedString[]).map(markedString).filter((s) => s.trim() !== '').join('\n\n---\n\n')
  else if (isObject(c) && (c.kind === 'markdown' || c.kind === 'plaintext') && typeof c.value === 'string') {
    markdown = c.kind === 'markdown' ? c.value : escapeMarkdown(c.value)
  } else markdown = markedString(c as MarkedString)
  return markdown.trim() === '' ? null : { markdown, source: 'server' }
}

/** LSP CompletionItemKind -> Kiln's kinds; macros have no LSP kind, so their `@` names them. */
function completionKind(item: CompletionItem): LangCompletion['kind'] {
  if (item.label.startsWith('@')) return 'macro'
  switch (item.kind) {
    case CK.Method:
    case CK.Function:
    case CK.Constructor:
      return 'function'
    case CK.Module:
      return 'module'
    case CK.Class:
    case CK.Struct:
      return 'struct'
    case CK.Interface:
      return 'abstract'
    case CK.Constant:
    case CK.EnumMember:
      return 'const'
    case CK.Variable:
    case CK.Field:
    case CK.Property:
      return 'variable'
    case CK.Keyword:
      return 'keyword'
    default:
      return 'other'
  }
}

/**
 * A snippet's text with tab stops and variables removed and placeholders and choices reduced to
 * their default text (the snippet grammar of LSP 3.17 "Snippet Syntax").
 */
export function snippetToText(snippet: string): string {
  let i = 0
  const parse = (inside: boolean): string => {
    let out = ''
    while (i < snippet.length) {
      const c = snippet[i] as string
      if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1] as string)) {
        out += snippet[i + 1]
        i += 2
      } else if (inside && c === '}') {
        i++
        return out
      } else if (c === '$' && snippet[i + 1] === '{') {
        const m = /^\$\{(\d+|[A-Za-z_]\w*)(:|\||\})/.exec(snippet.slice(i))
        if (!m) {
          out += c
          i++
          continue
        }
        i += m[0].length
        if (m[2] === ':') out += parse(true) // a placeholder's text, or an unknown variable's default
        else if (m[2] === '|') {
          const end = snippet.indexOf('|}', i)
          const choices = snippet.slice(i, end === -1 ? snippet.length : end)
          out += choices.split(',')[0] ?? ''
          i = end === -1 ? snippet.length : end + 2
        }
      } else if (c === '$' && /\w/.test(snippet[i + 1] ?? '')) {
        i += (/^\$(\d+|[A-Za-z_]\w*)/.exec(snippet.slice(i))?.[0].length ?? 1)
      } else {
        out += c
        i++
      }
    }
    return out
  }
  return parse(false)
}

export const MAX_COMPLETIONS = 1000

/** CompletionItem[] | CompletionList | null -> Kiln completions (at most MAX_COMPLETIONS). */
export function toCompletions(result: unknown): LangCompletion[] {
  const items: unknown[] = Array.isArray(result) ? result : isObject(result) && Array.isArray(result.items) ? result.items : []
  const out: LangCompletion[] = []
  for (const raw of items) {
    if (out.length >= MAX_COMPLETIONS) break
    if (!isObject(raw) || typeof raw.label !== 'string') continue
    const item = raw as CompletionItem
    const text = isObject(item.textEdit) && typeof item.textEdit.newText === 'string' ? item.textEdit.newText : (item.insertText ?? item.label)
    out.push({
      label: item.label,
      kind: completionKind(item),
      detail: item.detail ?? item.labelDetails?.description ?? item.labelDetails?.detail ?? '',
      insertText: item.insertTextFormat === InsertTextFormat.Snippet ? snippetToText(text) : text,
    })
  }
  return out
}

export function toTextEdits(result: unknown): LangTextEdit[] {
  if (!Array.isArray(result)) return []
  const out: LangTextEdit[] = []
  for (const e of result as Partial<TextEdit>[]) {
    if (!isObject(e) || !isRange(e.range) || typeof e.newText !== 'string') continue
    out.push({ ...kilnRange(e.range), text: e.newText })
  }
  return out
}

function outlineKind(kind: unknown, name: string): OutlineKind | null {
  if (name.startsWith('@')) return 'macro'
  switch (kind) {
    case SK.Module:
    case SK.Namespace:
    case SK.Package:
      return 'module'
    case SK.Function:
    case SK.Method:
    case SK.Constructor:
      return 'function'
    case SK.Struct:
    case SK.Class:
      return 'struct'
    case SK.Interface:
      return 'abstract'
    case SK.Constant:
    case SK.EnumMember:
    case SK.Enum:
    case SK.Variable: // top-level globals: the closest of Kiln's kinds
      return 'const'
    case SK.Operator: // Kiln shows macros as Operator (src-renderer/editor/symbols.ts); mirror it
      return 'macro'
    case SK.TypeParameter:
      return 'primitive'
    default:
      return null // fields, properties, literals: not workspace symbols in Kiln's sense
  }
}

/** workspace/symbol: SymbolInformation[] | WorkspaceSymbol[] (whose location may lack a range). */
export function toWorkspaceSymbols(map: PathMap, result: unknown): WorkspaceSymbol[] {
  if (!Array.isArray(result)) return []
  const out: WorkspaceSymbol[] = []
  for (const s of result) {
    if (!isObject(s) || typeof s.name !== 'string' || !isObject(s.location) || typeof s.location.uri !== 'string') continue
    const kind = outlineKind(s.kind, s.name)
    const file = map.pathOf(s.location.uri)
    if (!kind || file === null) continue
    const r = isRange(s.location.range) ? s.location.range : null
    out.push({
      name: s.name,
      kind,
      file,
      line: r ? r.start.line + 1 : 1,
      endLine: r ? r.end.line + 1 : 1,
      container: typeof s.containerName === 'string' && s.containerName !== '' ? s.containerName : null,
      signature: s.name,
      doc: null,
    })
  }
  return out
}
