// `kiln outline FILE [--json]`: the structure of a Julia file, from the same tree-sitter code the
// editor uses (parsed in-process: a one-shot command needs no worker thread).
import { readFile, stat } from 'node:fs/promises'
import type { OutlineSymbol } from '../../src-preload/contract'
import { analyzeJulia, ParseTimeoutError } from '../services/syntax/julia-parser'
import { flattenOutline } from '../services/syntax/outline'
import { oneArg } from './one-arg'

export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}

export const OUTLINE_USAGE = `Usage: kiln outline FILE [--json]

Prints the modules, functions, macros, structs, abstract and primitive types and constants of a
Julia file, nested under their modules. Syntax errors go to stderr as FILE:LINE:COLUMN: message.

  --json   print [{"name","kind","line","endLine"}, ...]: every item, flattened, in file order
`

/** Same limit as the editor's syntax channel. */
const MAX_BYTES = 20_000_000
const BUDGET_MS = 60_000

export async function outlineCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = oneArg('outline', 'FILE', argv, OUTLINE_USAGE, io)
  if (typeof parsed === 'number') return parsed
  const { arg: file, json } = parsed
  const content = await readSource(file, io)
  if (content === null) return 1

  let report
  try {
    report = await analyzeJulia(content, BUDGET_MS)
  } catch (e) {
    const why = e instanceof ParseTimeoutError ? e.message : `could not parse: ${e instanceof Error ? e.message : String(e)}`
    io.stderr(`kiln outline: ${file}: ${why}\n`)
    return 1
  }
  for (const d of report.errors) io.stderr(`${file}:${d.line}:${d.column}: ${d.message}\n`)
  if (json) {
    const items = flattenOutline(report.outline).map(({ name, kind, line, endLine }) => JSON.stringify({ name, kind, line, endLine }))
    io.stdout(items.length === 0 ? '[]\n' : `[\n  ${items.join(',\n  ')}\n]\n`)
  } else {
    io.stdout(report.outline.length === 0 ? `${file}: no definitions found\n` : formatTree(report.outline))
  }
  return 0
}

async function readSource(file: string, io: CliIo): Promise<string | null> {
  try {
    const st = await stat(file)
    if (st.isDirectory()) {
      io.stderr(`kiln outline: ${file} is a directory, not a Julia file\n`)
      return null
    }
    if (st.size > MAX_BYTES) {
      io.stderr(`kiln outline: ${file} is too large (${(st.size / 1e6).toFixed(1)} MB; the limit is ${MAX_BYTES / 1e6} MB)\n`)
      return null
    }
    return await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e)
    io.stderr(`kiln outline: cannot read ${file}: ${why}\n`)
    return null
  }
}

/** An indented tree: kind, name, and the line span, aligned for reading. */
export function formatTree(symbols: readonly OutlineSymbol[]): string {
  const rows: { left: string; lines: string }[] = []
  const visit = (list: readonly OutlineSymbol[], depth: number): void => {
    for (const s of list) {
      rows.push({ left: `${'  '.repeat(depth)}${s.kind.padEnd(9)} ${s.name}`, lines: s.line === s.endLine ? `${s.line}` : `${s.line}-${s.endLine}` })
      if (s.children) visit(s.children, depth + 1)
    }
  }
  visit(symbols, 0)
  const width = Math.min(60, Math.max(...rows.map((r) => r.left.length)))
  return rows.map((r) => `${r.left.padEnd(width)}  ${r.lines}\n`).join('')
}
