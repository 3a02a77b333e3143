// A small line diff for the conflict bar's Compare: common prefix and suffix trimmed, then an LCS
// table over what is left. Enough for source files; a change too large to tabulate says so.

export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string; oldLine?: number; newLine?: number }

/** Cells of the LCS table allowed (about 16 MB of Uint32). */
export const MAX_CELLS = 4_000_000

/** Lines of `before` (disk) vs `after` (buffer); null when the changed middle is too large. */
export function diffLines(before: string, after: string): DiffLine[] | null {
  const a = before.split(/\r?\n/)
  const b = after.split(/\r?\n/)
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const n = endA - start
  const m = endB - start
  if ((n + 1) * (m + 1) > MAX_CELLS) return null
  // lcs[i][j]: LCS length of a[start+i..endA) and b[start+j..endB), flattened.
  const w = m + 1
  const lcs = new Uint32Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!)
    }
  }
  const out: DiffLine[] = []
  for (let k = 0; k < start; k++) out.push({ kind: 'same', text: a[k]!, oldLine: k + 1, newLine: k + 1 })
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      out.push({ kind: 'same', text: a[start + i]!, oldLine: start + i + 1, newLine: start + j + 1 })
      i++
      j++
    } else if (i < n && (j === m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      // Removals before additions, as git shows them.
      out.push({ kind: 'removed', text: a[start + i]!, oldLine: start + i + 1 })
      i++
    } else {
      out.push({ kind: 'added', text: b[start + j]!, newLine: start + j + 1 })
      j++
    }
  }
  for (let k = 0; k < a.length - endA; k++) out.push({ kind: 'same', text: a[endA + k]!, oldLine: endA + k + 1, newLine: endB + k + 1 })
  return out
}

/** Keeps changed lines with `context` unchanged lines around them; each run of hidden lines becomes one null. */
export function withContext(lines: DiffLine[], context = 3): (DiffLine | null)[] {
  const keep = new Array<boolean>(lines.length).fill(false)
  lines.forEach((l, i) => {
    if (l.kind === 'same') return
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true
  })
  const out: (DiffLine | null)[] = []
  lines.forEach((l, i) => {
    if (keep[i]) out.push(l)
    else if (out.length === 0 || out[out.length - 1] !== null) out.push(null)
  })
  return out
}
