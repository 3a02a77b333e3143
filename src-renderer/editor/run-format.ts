// How an evaluation's outcome reads inline (after the code) and in its hover. Pure: unit-tested.
import type { EvalOutcome, StackFrame } from '../../src-preload/contract'

/** Inline text longer than this is cut with '…' (the hover has the whole text). */
export const INLINE_MAX = 80

export type InlineKind = 'running' | 'ok' | 'error'

export interface InlineResult {
  kind: InlineKind
  /** What shows after the code: ` = 3`, ` ✗ ErrorException: boom`. */
  inline: string
  /** The hover, as Markdown (frames as links the editor opens). */
  hover: string
}

/** One line, at most `max` characters: the first line of a multi-line text, '…' where cut. */
export function oneLine(text: string, max = INLINE_MAX): string {
  const lines = text.split(/\r?\n/)
  let first = (lines[0] ?? '').trimEnd()
  let cut = lines.length > 1 && lines.slice(1).some((l) => l.trim() !== '')
  // Julia prints `3-element Vector{Int64}:` then the elements: show the summary and the first one.
  if (cut && first.endsWith(':')) {
    const next = lines.slice(1).find((l) => l.trim() !== '')
    if (next) first = `${first} ${next.trim()}`
    cut = lines.filter((l) => l.trim() !== '').length > 2
  }
  if (first.length > max) return `${first.slice(0, max - 1)}…`
  return cut ? `${first} …` : first
}

const fence = (text: string): string => {
  // A fence longer than any backtick run in the text, so the text cannot close it.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const f = '`'.repeat(longest + 1)
  return `${f}\n${text}\n${f}`
}

const ms = (v: number): string => (v < 1 ? `${v.toFixed(2)} ms` : v < 1000 ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : `${(v / 1000).toFixed(2)} s`)

/** Markdown link target for a frame the editor can open; null for files outside the workspace. */
export const frameHref = (f: StackFrame): string | null => (f.path === null ? null : `file:///${encodeURI(f.path)}#L${f.line}`)

const escapeMd = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`)

/** A frame as a Markdown list item: a link where the file is in the workspace, plain text otherwise. */
export function frameMarkdown(f: StackFrame): string {
  const where = `${f.path ?? f.file}:${f.line}`
  const href = frameHref(f)
  const label = `${escapeMd(f.func)} at ${escapeMd(where)}`
  return href ? `- [${label}](${href})` : `- ${label}`
}

/**
 * `Type: first line of the message`. Julia's showerror often starts with the type already
 * (`UndefVarError: \`x\` not defined`, `InterruptException:`): then it is not said twice.
 */
export const errorHeadline = (type: string, message: string): string => {
  const first = (message.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim()
  const own = first.startsWith(`${type}:`) ? first.slice(type.length + 1).trim() : first
  return own ? `${type}: ${own}` : type
}

/** An interrupt the user asked for is not a bug in their code: no marker, no "last error". */
export const isInterrupt = (type: string): boolean => type === 'InterruptException'


export function formatOutcome(o: EvalOutcome): InlineResult {
  if (!o.ok || o.error) {
    const e = o.error ?? { type: 'Error', message: 'the evaluation failed', frames: [] }
    const frames = e.frames.length > 0 ? `\n\n**Stacktrace**\n\n${e.frames.map(frameMarkdown).join('\n')}` : ''
    return {
      kind: 'error',
      inline: isInterrupt(e.type) ? ' ✗ Interrupted' : ` ✗ ${oneLine(errorHeadline(e.type, e.message))}`,
      hover: `**${escapeMd(e.type)}**\n\n${fence(e.message)}${frames}`,
    }
  }
  const timing = `*${ms(o.evalMs)} in Julia, ${ms(o.totalMs)} in all*`
  if (o.rich) {
    const kind = o.rich.mime === 'image/png' ? 'PNG' : 'SVG'
    return { kind: 'ok', inline: ` = [${kind} image: see Plots]`, hover: `${fence(o.text || kind)}\n\n${timing}` }
  }
  const cut = o.truncated ? '\n\n*The text was cut by Julia (it is longer than shown).*' : ''
  if (o.text === '') return { kind: 'ok', inline: ' ✓', hover: `*nothing*\n\n${timing}` }
  return { kind: 'ok', inline: ` = ${oneLine(o.text)}`, hover: `${fence(o.text)}${cut}\n\n${timing}` }
}

export const RUNNING: InlineResult = { kind: 'running', inline: ' ⟳', hover: '*Running…*' }

/**
 * Where the error marker goes: the deepest (first) frame inside the evaluated file, else the
 * evaluated code's first line. Lines outside the file's length are clamped.
 */
export function errorLine(frames: readonly StackFrame[], path: string | null, fallback: number, lineCount: number): number {
  const own = path === null ? undefined : frames.find((f) => f.path === path && f.line >= 1)
  const line = own?.line ?? fallback
  return Math.max(1, Math.min(lineCount, line))
}
