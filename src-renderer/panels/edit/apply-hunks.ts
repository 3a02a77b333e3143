// Applying the hunks the user accepted. The original keeps every byte outside them; the lines a hunk
// brings in take the original's line ending, so an LF proposal does not turn a CRLF file mixed.
import type { Hunk, Line, LineDiff } from './diff-hunks'

/** A replacement of characters [start, end) of the original. */
export type TextEdit = { start: number; end: number; text: string }

/** The original's line ending: the first one it uses ('\n' when it has none). */
export function eolOf(lines: Line[]): string {
  return lines.find((l) => l.eol !== '')?.eol ?? '\n'
}

/** One edit per accepted hunk, in document order, as character offsets into the original. */
export function hunkEdits(diff: LineDiff, accepted: ReadonlySet<number>): TextEdit[] {
  const eol = eolOf(diff.original)
  const starts = lineOffsets(diff.original)
  return diff.hunks.flatMap((h, index) =>
    accepted.has(index) ? [{ start: starts[h.originalStart]!, end: starts[h.originalEnd]!, text: h.added.map((l) => l.text + (l.eol === '' ? '' : eol)).join('') }] : [],
  )
}

/** The original with the accepted hunks applied (indices into diff.hunks). */
export function applyHunks(original: string, diff: LineDiff, accepted: ReadonlySet<number>): string {
  let out = ''
  let at = 0
  for (const e of hunkEdits(diff, accepted)) {
    out += original.slice(at, e.start) + e.text
    at = e.end
  }
  return out + original.slice(at)
}

/** Offsets where each line starts, plus the end of the text. */
function lineOffsets(lines: Line[]): number[] {
  const starts = [0]
  for (const l of lines) starts.push(starts[starts.length - 1]! + l.text.length + l.eol.length)
  return starts
}

/** A short "-2 +3" summary of a hunk for its button row. */
export const hunkSummary = (h: Hunk): string => `-${h.removed.length} +${h.added.length}`
