// The text side of Find in Files: the query as one RegExp, and a file's matches with short previews.
import type { SearchMatch, SearchQuery } from '../../../src-preload/contract'
import { KilnError } from '../../router'

/** Preview lines are cut to about this many characters around the match. */
export const PREVIEW_CHARS = 250
const CONTEXT_BEFORE = 80

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * The query as a global, Unicode RegExp (run over a whole file; `^`/`$` are line anchors).
 * Whole word means no letter, digit or underscore on either side, so Julia's `α` counts as a letter.
 * An invalid regular expression is INVALID_ARGS with the engine's reason.
 */
export function buildSearchRegExp(q: Pick<SearchQuery, 'pattern' | 'isRegex' | 'caseSensitive' | 'wholeWord'>): RegExp {
  let source = q.isRegex ? q.pattern : escapeRegExp(q.pattern)
  if (q.wholeWord) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`
  try {
    return new RegExp(source, `gmu${q.caseSensitive ? '' : 'i'}`)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new KilnError('INVALID_ARGS', `invalid regular expression: ${why}`)
  }
}

/**
 * Up to `limit` matches of `re` (global) in `text`. Lines and columns are 1-based, columns and
 * lengths in UTF-16 code units as Monaco counts them; a match running past its line is cut at the
 * line end; empty matches are skipped. Each line is located once however many matches it holds,
 * so a minified one-line file with thousands of matches stays linear.
 */
export function findMatches(text: string, re: RegExp, limit: number): SearchMatch[] {
  const out: SearchMatch[] = []
  let line = 1
  let lineStart = 0
  let lineEnd = -1 // end of the line starting at lineStart, once known
  re.lastIndex = 0
  let m: RegExpExecArray | null
  while (out.length < limit && (m = re.exec(text)) !== null) {
    const at = m.index
    if (m[0].length === 0) {
      const high = text.charCodeAt(at)
      re.lastIndex = at + (high >= 0xd800 && high <= 0xdbff ? 2 : 1) // step over a whole code point
      continue
    }
    if (lineEnd < 0 || at > lineEnd) {
      // Walk forward to the line holding the match; each newline is looked at once per file.
      for (;;) {
        const nl = text.indexOf('\n', lineStart)
        if (nl === -1 || nl >= at) {
          lineEnd = nl === -1 ? text.length : nl
          break
        }
        line++
        lineStart = nl + 1
      }
    }
    const textEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd
    const length = Math.max(1, Math.min(m[0].length, textEnd - at))
    out.push({ line, column: at - lineStart + 1, length, ...preview(text, lineStart, textEnd, at, length) })
  }
  return out
}

/**
 * The match's line. A line longer than PREVIEW_CHARS is cut to a window around the match, with '…'
 * marking each cut; only then does `previewColumn` differ from the match's column.
 */
function preview(
  text: string,
  lineStart: number,
  lineEnd: number,
  at: number,
  length: number,
): { preview: string; previewColumn: number } {
  if (lineEnd - lineStart <= PREVIEW_CHARS) return { preview: text.slice(lineStart, lineEnd), previewColumn: at - lineStart + 1 }
  const start = Math.max(lineStart, at - CONTEXT_BEFORE)
  const end = Math.min(lineEnd, start + Math.max(PREVIEW_CHARS, at - start + Math.min(length, PREVIEW_CHARS)))
  const head = start > lineStart ? '…' : ''
  const tail = end < lineEnd ? '…' : ''
  return { preview: head + text.slice(start, end) + tail, previewColumn: at - start + head.length + 1 }
}
