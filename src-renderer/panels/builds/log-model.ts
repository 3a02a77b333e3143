// The build log as the Build tab shows it: ANSI escapes stripped, split into lines, capped so a huge
// log stays fast (the oldest lines drop, and the view says how many), each line classed for
// colour. Pure.

/** CSI sequences (colours, cursor moves), OSC (titles, links) and lone escapes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g

export const stripAnsi = (s: string): string => s.replace(ANSI, '')

export const MAX_LOG_LINES = 50_000

export interface LogBuffer {
  lines: string[]
  /** The last line, still open (no newline yet). */
  partial: string
  /** Lines dropped at the front to stay under the cap. */
  dropped: number
  /** Main kept only the end of the log (its own cap). */
  truncated: boolean
}

export const emptyLog = (): LogBuffer => ({ lines: [], partial: '', dropped: 0, truncated: false })

/** Appends a chunk; `\r\n` and lone `\r` (progress redraws) end lines. Returns a new buffer. */
export function appendLog(buf: LogBuffer, chunk: string, max = MAX_LOG_LINES): LogBuffer {
  const text = buf.partial + stripAnsi(chunk).replace(/\r\n/g, '\n')
  const parts = text.split('\n')
  const partial = parts.pop() ?? ''
  // A `\r` inside a line is a redraw: keep what was drawn last.
  const done = parts.map((l) => (l.includes('\r') ? (l.split('\r').filter((seg) => seg !== '').pop() ?? '') : l))
  let lines = done.length ? buf.lines.concat(done) : buf.lines
  let dropped = buf.dropped
  if (lines.length > max) {
    dropped += lines.length - max
    lines = lines.slice(lines.length - max)
  }
  return { lines, partial, dropped, truncated: buf.truncated }
}

export const logLines = (buf: LogBuffer): string[] => (buf.partial ? buf.lines.concat(buf.partial) : buf.lines)

export type LineKind = 'error' | 'warning' | 'frame' | 'summary' | 'plain'

export function lineKind(line: string): LineKind {
  if (/Verifier error #\d+|^\s*ERROR:|\berror:|unresolved (call|invoke)/i.test(line)) return 'error'
  if (/^\s*(┌ )?Warning:|Verifier warning|\bwarning:/i.test(line)) return 'warning'
  if (/^\s*\[\d+\]\s|^\s*@ /.test(line)) return 'frame'
  if (/Trim verify finished|Verifier errors: \d+/.test(line)) return 'summary'
  return 'plain'
}

/** The slice of lines a virtual list draws: the visible rows plus an overscan either side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 20): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan)
  return { start, end: Math.max(start, end) }
}
