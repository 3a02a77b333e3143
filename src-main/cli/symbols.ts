// `kiln symbols DIR [--json]`: the workspace symbol index of a folder's Julia files, from the same
// extraction the editor's index uses (parsed in-process: a one-shot command needs no worker).
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { indexJulia } from '../services/syntax/julia-parser'
import type { IndexedSymbol } from '../services/syntax/symbol-index'
import { isJuliaFile } from '../services/lang/workspace-index'
import { HEAVY_DIRS, walkFiles } from '../services/workspace/walk'
import type { CliIo } from './outline'
import { oneArg } from './one-arg'

export const SYMBOLS_USAGE = `Usage: kiln symbols DIR [--json]

Prints the definitions (modules, functions, macros, structs, abstract and primitive types,
constants) of every Julia file under DIR, as the editor's workspace index (Ctrl+T) sees them.
Files over 2 MB and folders such as .git and node_modules are skipped.

  --json   print [{"name","kind","file","line"}, ...], file relative to DIR, sorted by file then line
`

const MAX_BYTES = 2 * 1024 * 1024
const MAX_FILES = 20_000
const BUDGET_MS = 60_000

type Row = { file: string; symbol: IndexedSymbol }

export async function symbolsCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = oneArg('symbols', 'DIR', argv, SYMBOLS_USAGE, io)
  if (typeof parsed === 'number') return parsed
  const { arg: given, json } = parsed
  const dir = path.resolve(given)
  try {
    if (!(await stat(dir)).isDirectory()) {
      io.stderr(`kiln symbols: ${given} is a file, not a folder (kiln outline FILE shows one file)\n`)
      return 1
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    io.stderr(`kiln symbols: cannot read ${given}: ${code === 'ENOENT' ? 'no such folder' : code ?? String(e)}\n`)
    return 1
  }

  const files: { rel: string; abs: string }[] = []
  for await (const batch of walkFiles(dir, { skipDir: (_rel, name) => HEAVY_DIRS.has(name) })) {
    for (const f of batch) if (isJuliaFile(f.rel)) files.push(f)
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
  if (files.length > MAX_FILES) io.stderr(`kiln symbols: only the first ${MAX_FILES} of ${files.length} Julia files are indexed\n`)

  const rows: Row[] = []
  let failed = 0
  for (const f of files.slice(0, MAX_FILES)) {
    try {
      const st = await stat(f.abs)
      if (st.size > MAX_BYTES) {
        io.stderr(`kiln symbols: skipped ${f.rel} (${(st.size / 1e6).toFixed(1)} MB; the limit is 2 MB)\n`)
        continue
      }
      const index = await indexJulia(await readFile(f.abs, 'utf8'), BUDGET_MS)
      for (const symbol of index.symbols) rows.push({ file: f.rel, symbol })
    } catch (e) {
      failed++
      io.stderr(`kiln symbols: ${f.rel}: ${e instanceof Error ? e.message : String(e)}\n`)
    }
  }
  rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.symbol.line - b.symbol.line)

  if (json) {
    const items = rows.map(({ file, symbol: s }) => JSON.stringify({ name: s.name, kind: s.kind, file, line: s.line }))
    io.stdout(items.length === 0 ? '[]\n' : `[\n  ${items.join(',\n  ')}\n]\n`)
  } else if (rows.length === 0) {
    io.stdout(`${given}: no Julia definitions found (${files.length} .jl files)\n`)
  } else {
    io.stdout(formatRows(rows))
  }
  return failed > 0 && rows.length === 0 ? 1 : 0
}

/** `file:line  kind  name  (container)`, aligned for reading. */
function formatRows(rows: readonly Row[]): string {
  const left = rows.map((r) => `${r.file}:${r.symbol.line}`)
  const width = Math.min(50, Math.max(...left.map((l) => l.length)))
  return rows
    .map((r, i) => {
      const where = r.symbol.container ? `  (${r.symbol.container})` : ''
      return `${left[i]!.padEnd(width)}  ${r.symbol.kind.padEnd(9)} ${r.symbol.name}${where}\n`
    })
    .join('')
}
