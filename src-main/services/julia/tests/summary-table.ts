// Parses the `Test Summary:` table that Julia's Test stdlib prints when an outermost @testset
// finishes. The format, from stdlib/Test/src/Test.jl (JuliaLang/julia, `print_test_results` and
// `print_counts`):
//
//   Test Summary: | Pass  Fail  Error  Broken  Total  Time      <- header
//   Foo Tests     |    2     2                      4  0.3s      <- one row per set
//     Felines     |    1                            1  0.0s      <- children indented "  "^depth
//
// - the header is `rpad("Test Summary:", align) * " | "` then `lpad(label, width) * "  "` for each
//   column; Pass/Fail/Error/Broken appear only when the outermost set has a non-zero count of
//   that kind, Total always, Time when the set shows timing (the default since Julia 1.8);
// - a row is `rpad("  "^depth * description, align) * " | "` then each value `lpad`ded to the
//   same width as its header label (a zero prints as blanks, or "x"/"?" for custom test sets
//   that do not count), so a value sits exactly under its label;
// - children are listed only under a set that did not fully pass (or is `verbose`).
// Columns are found by position in the header, relative to the " | " separator, so a set name
// containing wide characters or `|` does not shift them.
import type { TestSetResult } from '../../../../src-preload/contract'

type Column = { key: 'pass' | 'fail' | 'error' | 'broken' | 'total' | 'time'; start: number; end: number }
export type SummaryHeader = { columns: Column[] }

const LABELS: Record<string, Column['key']> = { Pass: 'pass', Fail: 'fail', Error: 'error', Broken: 'broken', Total: 'total', Time: 'time' }

/** Reads a `Test Summary: | …` header line; null when the line is not one. */
export function parseSummaryHeader(line: string): SummaryHeader | null {
  if (!line.startsWith('Test Summary:')) return null
  const bar = line.indexOf(' |', 'Test Summary:'.length - 1)
  if (bar < 0) return null
  const origin = bar + 3 // first character after " | "
  const columns: Column[] = []
  const re = /\S+/g
  const rest = line.slice(origin)
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    const key = LABELS[m[0]]
    if (!key) return null
    columns.push({ key, start: 0, end: m.index + m[0].length })
  }
  if (!columns.some((c) => c.key === 'total')) return null
  // Each column owns everything since the previous column's end (values are right-aligned).
  let prev = 0
  for (const c of columns) {
    c.start = prev
    prev = c.end
  }
  return { columns }
}

/** `0.3s`, `12.0s`, `1m02.5s` (Test.jl `format_duration`) -> seconds; null for `?s` or blank. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d+)m)?(\d+(?:\.\d+)?)s$/.exec(text.trim())
  if (!m) return null
  return Number(m[1] ?? 0) * 60 + Number(m[2])
}

/** Reads one table row under `header`; null when the line is not a row (the table has ended). */
export function parseSummaryRow(line: string, header: SummaryHeader): TestSetResult | null {
  const bar = line.lastIndexOf(' | ')
  if (bar < 0) return null
  const namePart = line.slice(0, bar)
  const values = line.slice(bar + 3)
  const last = header.columns[header.columns.length - 1]
  // A row is never wider than the header's columns (the Time value may be wider: "1m02.5s").
  if (last && last.key !== 'time' && values.trimEnd().length > last.end) return null
  const indent = /^ */.exec(namePart)?.[0].length ?? 0
  const row: TestSetResult = { name: namePart.trim(), depth: Math.floor(indent / 2), pass: 0, fail: 0, error: 0, broken: 0, total: 0, timeS: null }
  if (row.name === '') return null
  for (const c of header.columns) {
    const cell = (c.key === 'time' ? values.slice(c.start) : values.slice(c.start, c.end)).trim()
    if (c.key === 'time') {
      row.timeS = parseDuration(cell)
      continue
    }
    if (cell === '' || cell === 'x' || cell === '?') continue
    if (!/^\d+$/.test(cell)) return null
    row[c.key] = Number(cell)
  }
  return row
}
