// When an edit clears an inline result (pure, unit-tested). A result belongs to the code it was
// computed from: changing that code makes it stale, while typing around it (a new line after
// it, text before it on another line) leaves it standing.

/** A result's code as offsets in the document before the edit: [start, end). */
export interface OffsetRange {
  start: number
  end: number
}

/** One change of a Monaco content event, in the document before the edit. */
export interface TextChange {
  rangeOffset: number
  rangeLength: number
  text: string
}

export function touches(code: OffsetRange, change: TextChange): boolean {
  const from = change.rangeOffset
  const to = change.rangeOffset + change.rangeLength
  if (change.rangeLength > 0) return from < code.end && to > code.start
  // An insertion: inside the code always; at its end only when it continues the last line
  // (Enter at the end starts new code, and leaves the result); at its start only when it
  // continues the first line.
  if (from > code.start && from < code.end) return true
  if (from === code.end) return !/^\r?\n/.test(change.text)
  if (from === code.start) return !/\r?\n$/.test(change.text)
  return false
}

/** Two line ranges share a line: running code again replaces the results it overlaps. */
export const linesOverlap = (a: { startLine: number; endLine: number }, b: { startLine: number; endLine: number }): boolean =>
  a.startLine <= b.endLine && b.startLine <= a.endLine
