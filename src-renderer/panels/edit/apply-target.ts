// Where a chat reply's code block belongs: the selection or file the question was asked about (its
// @selection / @file chip), found again in the file as it is now. The selection is matched by its
// text first at the lines it had, then anywhere in the file (lines above it may have changed); if it
// is gone, the whole file is the target and the caller says so.
import type { ChatContextItem, ChatConversation } from '../../../src-preload/contract'

export type ApplyHint = { path: string; range: { startLine: number; endLine: number } | null; text: string }

/** The last @selection (else @file) of the question this reply answers; null when it had none. */
export function hintFor(conversation: ChatConversation | null, replyId: string): ApplyHint | null {
  if (!conversation) return null
  const at = conversation.messages.findIndex((m) => m.id === replyId)
  for (let i = at - 1; i >= 0; i--) {
    const m = conversation.messages[i]!
    if (m.role !== 'user') continue
    const items = m.context as ChatContextItem[]
    const pick = [...items].reverse().find((c) => c.kind === 'selection' && c.path) ?? [...items].reverse().find((c) => c.kind === 'file' && c.path)
    return pick?.path ? { path: pick.path, range: pick.kind === 'selection' ? pick.range : null, text: pick.text } : null
  }
  return null
}

export type Located = { start: number; end: number; startLine: number; endLine: number; whole: boolean; moved: boolean; lost: boolean }

/** Offsets of whole lines [startLine, endLine] (1-based) in text. */
function lineSpan(starts: number[], textLength: number, startLine: number, endLine: number): { start: number; end: number } {
  return { start: starts[startLine - 1] ?? textLength, end: starts[endLine] ?? textLength }
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  if (starts[starts.length - 1] === text.length && text.length > 0) starts.pop()
  return starts
}

const lineOf = (starts: number[], offset: number): number => {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

/** The range of `text` a hint points at now, in whole lines. */
export function locate(text: string, hint: ApplyHint): Located {
  const whole: Located = { start: 0, end: text.length, startLine: 1, endLine: Math.max(1, lineStarts(text).length), whole: true, moved: false, lost: false }
  if (hint.range === null) return whole
  const starts = lineStarts(text)
  const want = hint.text.replace(/\r\n/g, '\n')
  const { startLine, endLine } = hint.range
  if (endLine <= starts.length) {
    const span = lineSpan(starts, text.length, startLine, endLine)
    if (text.slice(span.start, span.end).replace(/\r\n/g, '\n').includes(want.trimEnd())) return { ...span, startLine, endLine, whole: false, moved: false, lost: false }
  }
  const needle = want.trimEnd()
  // Offsets are the file's own: a CRLF file is not searched (its selection lines were checked above).
  const at = needle === '' || text.includes('\r') ? -1 : text.indexOf(needle)
  if (at < 0) return { ...whole, lost: true }
  const a = lineOf(starts, at)
  const b = lineOf(starts, at + needle.length - 1)
  return { ...lineSpan(starts, text.length, a, b), startLine: a, endLine: b, whole: false, moved: true, lost: false }
}
