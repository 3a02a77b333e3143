// Resolving an @-mention (chat:context) to a context item: text taken once, when attached, so a
// saved conversation replays the same prompt. Sources come in as callbacks (the app wires them).
import type { BuildRecord, ChatContextItem, ChatContextKind, LangDiagnostic } from '../../../src-preload/contract'
import { KilnError } from '../../router'
import { lastLines } from '../julia/repl-text'

export const MAX_LINES = 400
export const MAX_CHARS = 40_000
export const OUTPUT_LINES = 60

export type ContextSources = {
  /** The Julia REPL terminal's recent output; null when no REPL runs. */
  replOutput(): string | null
  /** The most recent shell terminal's recent output; null when none is open. */
  terminalOutput(): string | null
  /** Diagnostics Kiln holds for open files (language server and syntax). */
  langDiagnostics(): readonly { path: string; diagnostics: readonly LangDiagnostic[] }[]
  /** The last juliac build of the open workspace; null when none. */
  lastBuild(): Promise<BuildRecord | null>
  /** A workspace-relative file's text (the workspace service confines the path). */
  readFile(path: string): Promise<string>
}

export type ContextRequest = { kind: ChatContextKind; path?: string; range?: { startLine: number; endLine: number }; text?: string; selected?: boolean }

/** At most MAX_LINES lines and MAX_CHARS characters; `cut` says how many lines were kept when cut. */
export function capText(text: string): { text: string; cut: number | null } {
  const lines = text.split('\n')
  let kept = lines.length > MAX_LINES ? lines.slice(0, MAX_LINES) : lines
  let joined = kept.join('\n')
  while (joined.length > MAX_CHARS && kept.length > 1) {
    kept = kept.slice(0, Math.max(1, Math.floor(kept.length * 0.9)))
    joined = kept.join('\n')
  }
  if (joined.length > MAX_CHARS) joined = joined.slice(0, MAX_CHARS)
  return kept.length < lines.length || joined.length < text.length ? { text: joined, cut: kept.length } : { text, cut: null }
}

const lineCount = (text: string): number => (text === '' ? 0 : text.split('\n').length)
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
const item = (kind: ChatContextKind, label: string, text: string, path: string | null = null, range: ChatContextItem['range'] = null): ChatContextItem => ({ kind, label, path, range, text })

export async function resolveContext(req: ContextRequest, src: ContextSources): Promise<ChatContextItem> {
  switch (req.kind) {
    case 'file': {
      if (req.path === undefined || req.path === '') throw new KilnError('INVALID_ARGS', '@file needs a path')
      const { text, cut } = capText(req.text ?? (await src.readFile(req.path)))
      return item('file', cut === null ? req.path : `${req.path} (first ${cut} lines)`, text, req.path)
    }
    case 'selection': {
      if (req.text === undefined) throw new KilnError('INVALID_ARGS', '@selection needs the selected text')
      const { text, cut } = capText(req.text)
      const range = req.range ?? null
      const where = req.path === undefined ? 'selection' : range === null ? req.path : `${req.path}:${range.startLine}-${range.endLine}`
      return item('selection', cut === null ? where : `${where} (first ${cut} lines)`, text, req.path ?? null, range)
    }
    case 'repl': {
      const out = src.replOutput()
      if (out === null) throw new KilnError('NOT_FOUND', 'no Julia REPL is running: start it (Julia: Start REPL) and try again')
      const text = lastLines(out, OUTPUT_LINES)
      return item('repl', text === '' ? 'REPL (no output yet)' : `REPL (${plural(lineCount(text), 'line')})`, text)
    }
    case 'terminal': {
      // The renderer sends what the active terminal shows (xterm's buffer, escapes applied) or its
      // selection; main's own tail covers only programs it launched.
      if (req.text !== undefined && req.selected !== false) {
        const { text } = capText(req.text)
        if (text !== '') return item('terminal', `terminal selection (${plural(lineCount(text), 'line')})`, text)
      }
      if (req.text !== undefined && req.selected === false) {
        const text = lastLines(req.text, OUTPUT_LINES)
        return item('terminal', text === '' ? 'terminal (no output yet)' : `terminal (${plural(lineCount(text), 'line')})`, text)
      }
      const out = src.terminalOutput()
      if (out === null) throw new KilnError('NOT_FOUND', 'no terminal is open')
      const text = lastLines(out, OUTPUT_LINES)
      return item('terminal', text === '' ? 'terminal (no output yet)' : `terminal (${plural(lineCount(text), 'line')})`, text)
    }
    case 'problems': {
      const p = formatProblems(src.langDiagnostics(), await src.lastBuild())
      return item('problems', p.count === 0 ? 'no problems' : plural(p.count, 'problem'), p.text)
    }
    case 'build': {
      const build = await src.lastBuild()
      if (build === null) throw new KilnError('NOT_FOUND', 'no juliac build yet in this workspace')
      return item('build', `build ${build.config} (${build.state}, ${plural(build.errors, 'error')})`, formatBuild(build))
    }
  }
}

/** Language diagnostics (errors and warnings) and the last build's, one per line block. */
export function formatProblems(lang: readonly { path: string; diagnostics: readonly LangDiagnostic[] }[], build: BuildRecord | null): { count: number; text: string } {
  const lines: string[] = []
  for (const { path, diagnostics } of [...lang].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    for (const d of diagnostics) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue
      lines.push(`${path}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.source}]`)
    }
  }
  let count = lines.length
  if (build !== null && build.diagnostics.length > 0) {
    count += build.diagnostics.length
    lines.push(`juliac build ${build.config} (${build.state}):`, formatBuild(build))
  }
  return { count, text: count === 0 ? 'No problems.' : lines.join('\n') }
}

/** A build's diagnostics with their frames, as juliac prints them (capped), or its outcome in words. */
export function formatBuild(b: BuildRecord): string {
  const out: string[] = [`configuration ${b.config}: ${b.state}${b.exitCode !== null ? ` (exit code ${b.exitCode})` : ''}`]
  if (b.message !== null) out.push(b.message)
  for (const d of b.diagnostics.slice(0, 20)) {
    out.push(`${d.severity}${d.index !== null ? ` #${d.index}` : ''}: ${d.message}`)
    for (const f of d.frames.slice(0, 12)) out.push(`  @ ${f.func} ${f.path ?? f.file}${f.line !== null ? `:${f.line}` : ''}`)
  }
  if (b.diagnostics.length > 20) out.push(`… and ${b.diagnostics.length - 20} more`)
  return capText(out.join('\n')).text
}
