// Line diff (Myers' O(ND)) between an original text and a model's proposal, grouped into hunks the
// user accepts or rejects one by one. Lines keep their terminators so that "no newline at the end"
// is a visible change, but CRLF and LF compare equal: the model answers with LF whatever the file uses.

/** One line with its terminator ('' on a last line that has none). */
export type Line = { text: string; eol: string }

export type Hunk = {
  /** Lines [originalStart, originalEnd) of the original are replaced by [proposalStart, proposalEnd) of the proposal. */
  originalStart: number
  originalEnd: number
  proposalStart: number
  proposalEnd: number
  removed: Line[]
  added: Line[]
}

export type LineDiff = { original: Line[]; proposal: Line[]; hunks: Hunk[] }

/** Past this many edit steps the middle is given as one hunk (a rewrite, not a review). */
export const MAX_EDIT_DISTANCE = 2_000

export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  const re = /\r\n|\n|\r/g
  let start = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] })
    start = m.index + m[0].length
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' })
  return lines
}

/** What two lines compare by: the text, and whether a terminator follows (not which one). */
const key = (l: Line): string => (l.eol === '' ? l.text : `${l.text}\n`)

export function diffHunks(original: string, proposal: string): LineDiff {
  const a = splitLines(original)
  const b = splitLines(proposal)
  const ka = a.map(key)
  const kb = b.map(key)
  let start = 0
  while (start < ka.length && start < kb.length && ka[start] === kb[start]) start++
  let endA = ka.length
  let endB = kb.length
  while (endA > start && endB > start && ka[endA - 1] === kb[endB - 1]) {
    endA--
    endB--
  }
  const ops = myers(ka.slice(start, endA), kb.slice(start, endB))
  const hunks: Hunk[] = []
  let i = start
  let j = start
  let open: Hunk | null = null
  const close = (): void => {
    if (open === null) return
    open.originalEnd = i
    open.proposalEnd = j
    open.removed = a.slice(open.originalStart, i)
    open.added = b.slice(open.proposalStart, j)
    hunks.push(open)
    open = null
  }
  for (const op of ops) {
    if (op === '=') {
      close()
      i++
      j++
      continue
    }
    open ??= { originalStart: i, originalEnd: i, proposalStart: j, proposalEnd: j, removed: [], added: [] }
    if (op === '-') i++
    else j++
  }
  close()
  return { original: a, proposal: b, hunks }
}

type Op = '=' | '-' | '+'

/** Myers' greedy diff with a trace for the way back; deletions before insertions within a change. */
function myers(a: string[], b: string[]): Op[] {
  const n = a.length
  const m = b.length
  if (n === 0) return Array<Op>(m).fill('+')
  if (m === 0) return Array<Op>(n).fill('-')
  const max = Math.min(n + m, MAX_EDIT_DISTANCE)
  const offset = max + 1
  let v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice())
    const next = v.slice()
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      next[offset + k] = x
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d)
    }
    v = next
  }
  // Too different to review line by line: one hunk that replaces the whole middle.
  return [...Array<Op>(n).fill('-'), ...Array<Op>(m).fill('+')]
}

function backtrack(trace: Int32Array[], offset: number, n: number, m: number, dEnd: number): Op[] {
  const ops: Op[] = []
  let x = n
  let y = m
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!
    const k = x - y
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
    const prevK = down ? k + 1 : k - 1
    const prevX = v[offset + prevK]!
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      ops.push('=')
      x--
      y--
    }
    ops.push(down ? '+' : '-')
    if (down) y--
    else x--
  }
  while (x > 0 && y > 0) {
    ops.push('=')
    x--
    y--
  }
  return ops.reverse().reduce<Op[]>(deletionsFirst, [])
}

/** Within a run of changes, lists deletions before insertions (how a diff view reads). */
function deletionsFirst(acc: Op[], op: Op): Op[] {
  if (op === '-') {
    let at = acc.length
    while (at > 0 && acc[at - 1] === '+') at--
    acc.splice(at, 0, op)
  } else acc.push(op)
  return acc
}
