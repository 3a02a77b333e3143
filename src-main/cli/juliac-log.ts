// `kiln juliac-log FILE [--json]`: the diagnostics in a saved juliac log, from the same parser the
// build service uses on a live build.
import { readFile, stat } from 'node:fs/promises'
import { parseJuliacLog, type RawDiagnostic } from '../services/juliac/log/parse'
import type { CliIo } from './outline'
import { oneArg } from './one-arg'

export const JULIAC_LOG_USAGE = `Usage: kiln juliac-log FILE [--json]

Reads the output of a juliac build (JuliaC.jl, or Julia's juliac.jl) and lists the trim
verifier's errors and warnings with their stack frames, and the closing summary's counts.
Windows logs (backslash paths, CRLF) and colour codes are handled.

  --json   print {"diagnostics":[{"severity","index","message","frames":[{"func","file","line"}]}],
           "errors":N,"warnings":M}
`

const MAX_BYTES = 200_000_000

export async function juliacLogCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = oneArg('juliac-log', 'FILE', argv, JULIAC_LOG_USAGE, io)
  if (typeof parsed === 'number') return parsed
  const { arg: file, json } = parsed
  let text: string
  try {
    const st = await stat(file)
    if (st.isDirectory()) {
      io.stderr(`kiln juliac-log: ${file} is a directory, not a log file\n`)
      return 2
    }
    if (st.size > MAX_BYTES) {
      io.stderr(`kiln juliac-log: ${file} is too large (${(st.size / 1e6).toFixed(1)} MB; the limit is ${MAX_BYTES / 1e6} MB)\n`)
      return 2
    }
    text = await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e)
    io.stderr(`kiln juliac-log: cannot read ${file}: ${why}\n`)
    return 2
  }
  const { diagnostics, errors, warnings, summary } = parseJuliacLog(text)
  if (json) {
    const out = {
      diagnostics: diagnostics.map(({ severity, index, message, frames }) => ({ severity, index, message, frames: frames.map(({ func, file, line }) => ({ func, file, line })) })),
      errors,
      warnings,
    }
    io.stdout(`${JSON.stringify(out, null, 2)}\n`)
  } else {
    io.stdout(formatListing(diagnostics, errors, warnings, summary))
  }
  return 0
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** A readable listing: each diagnostic, its frames as `file:line  func`, then the totals. */
export function formatListing(diagnostics: readonly RawDiagnostic[], errors: number, warnings: number, summary: string | null): string {
  const out: string[] = []
  for (const d of diagnostics) {
    const [first, ...rest] = d.message.split('\n')
    out.push(`${d.severity}${d.index === null ? '' : ` #${d.index}`}: ${first ?? ''}`)
    for (const r of rest) out.push(`    ${r}`)
    for (const f of d.frames) out.push(`  ${f.file === '' ? '?' : f.line === null ? f.file : `${f.file}:${f.line}`}  ${f.func}`)
    out.push('')
  }
  const shown = diagnostics.length
  const totals = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
  out.push(summary !== null && errors + warnings !== shown ? `${totals} (juliac's summary; ${shown} listed in the log)` : totals)
  return `${out.join('\n')}\n`
}
