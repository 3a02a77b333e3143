// Fuzzy matching for the quick pickers (command palette, Quick Open).
// A query matches when its characters appear in order in the text, ignoring case and whitespace.
// Among all such alignments we pick the best-scoring one by dynamic programming, so highlighted
// positions land where a person would put them: word starts, runs of consecutive characters.

export interface FuzzyMatch {
  score: number
  /** Indices into `text` of the matched characters, ascending. */
  positions: number[]
}

const MAX_QUERY = 64
const MAX_TEXT = 1024

// Bonuses for where a character matches; tuned so "qo" prefers "Quick Open" over "quickbooks".
const BONUS_START = 8
const BONUS_PATH_SEP = 7
const BONUS_WORD_SEP = 6
const BONUS_CAMEL = 5
const BONUS_CONSECUTIVE = 6
const BONUS_CASE = 1
const GAP_OPEN = 3
const GAP_EXTEND = 0.05
const NONE = -1e9

// Character classes by code unit: this runs for every candidate character of 10,000 paths.
const isUpperCode = (c: number): boolean => (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c).toLowerCase() !== String.fromCharCode(c))
const isLowerCode = (c: number): boolean => (c >= 97 && c <= 122) || (c > 127 && String.fromCharCode(c).toUpperCase() !== String.fromCharCode(c))
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57

/** Bonus for matching at `i`: higher where a word begins. */
function boundaryBonus(text: string, i: number): number {
  if (i === 0) return BONUS_START
  const prev = text.charCodeAt(i - 1)
  if (prev === 47 /* / */ || prev === 92 /* \\ */) return BONUS_PATH_SEP
  if (prev === 95 /* _ */ || prev === 45 /* - */ || prev === 46 /* . */ || prev === 32 || prev === 58 /* : */) return BONUS_WORD_SEP
  const c = text.charCodeAt(i)
  if (isUpperCode(c) && isLowerCode(prev)) return BONUS_CAMEL
  if (isDigitCode(c) && !isDigitCode(prev)) return BONUS_CAMEL
  return 0
}

// Reused scratch buffers: scoring 10,000 paths must not allocate two matrices each.
let scoreBuf = new Float64Array(0)
let fromBuf = new Int32Array(0)

function ensure(size: number): void {
  if (scoreBuf.length < size) {
    scoreBuf = new Float64Array(size * 2)
    fromBuf = new Int32Array(size * 2)
  }
}

export interface FuzzyOptions {
  /**
   * After a skipped stretch, the next matched character must begin a word (as VS Code's command
   * palette matches titles). File paths leave it off: any subsequence matches, ranked by score.
   */
  wordStarts?: boolean
}

/** Strips whitespace from a query: "open fol" searches like "openfol". */
export const normalizeQuery = (query: string): string => query.replace(/\s+/g, '').slice(0, MAX_QUERY)

/**
 * Scores `query` against `text`. Returns null when the query's characters do not all appear in
 * order. An empty query matches everything with score 0 and no positions.
 */
export function fuzzyScore(query: string, text: string, opts: FuzzyOptions = {}): FuzzyMatch | null {
  const q = normalizeQuery(query)
  return fuzzyScoreNormalized(q, q.toLowerCase(), text, text.toLowerCase(), opts)
}

/**
 * The hot path: `q` already normalised, lower-case forms precomputed by the caller (Quick Open
 * lower-cases its 10,000 paths once, not once per keystroke).
 */
export function fuzzyScoreNormalized(
  q: string,
  qLower: string,
  text: string,
  textLower: string,
  opts: FuzzyOptions = {},
): FuzzyMatch | null {
  const wordStarts = opts.wordStarts === true
  const m = q.length
  if (m === 0) return { score: 0, positions: [] }
  const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text
  const tl = textLower.length > MAX_TEXT ? textLower.slice(0, MAX_TEXT) : textLower
  const n = t.length
  if (m > n) return null

  // Fast reject, and the window that can hold a match: first/last feasible positions.
  let start = -1
  let k = 0
  for (let j = 0; j < n && k < m; j++) {
    if (tl.charCodeAt(j) === qLower.charCodeAt(k)) {
      if (k === 0) start = j
      k++
    }
  }
  if (k < m) return null
  let end = n - 1
  k = m - 1
  for (let j = n - 1; j >= 0; j--) {
    if (tl.charCodeAt(j) === qLower.charCodeAt(k)) {
      if (k === m - 1) end = j
      if (--k < 0) break
    }
  }

  // score[i*n + j]: best score with query[i] matched at text[j]; from[]: where query[i-1] sat.
  ensure(m * n)
  const score = scoreBuf
  const from = fromBuf
  for (let i = 0; i < m; i++) {
    const qc = qLower.charCodeAt(i)
    const row = i * n
    const prevRow = row - n
    // best of score[i-1][k] - gap penalty for k <= j-2, maintained as j advances.
    let runBest = NONE
    let runFrom = -1
    for (let j = start; j <= end; j++) {
      if (i > 0 && j - 2 >= start) {
        const cand = score[prevRow + j - 2] - GAP_OPEN
        const decayed = runBest - GAP_EXTEND
        if (cand >= decayed) {
          runBest = cand
          runFrom = j - 2
        } else runBest = decayed
      }
      if (tl.charCodeAt(j) !== qc || j < i) {
        score[row + j] = NONE
        continue
      }
      const bonus = boundaryBonus(t, j)
      let s = 1 + bonus + (t.charCodeAt(j) === q.charCodeAt(i) ? BONUS_CASE : 0)
      if (i === 0) {
        // A little penalty for unmatched leading text, so earlier matches win ties.
        score[row + j] = s - Math.min(j, 20) * 0.1
        from[row + j] = -1
        continue
      }
      const consecutive = j - 1 >= start ? score[prevRow + j - 1] : NONE
      const viaConsec = consecutive > NONE / 2 ? consecutive + BONUS_CONSECUTIVE : NONE
      // In word mode a jump may only land on a word start: 'term' must not match 'Toggle Theme'.
      const viaGap = wordStarts && bonus === 0 ? NONE : runBest
      if (viaConsec >= viaGap && viaConsec > NONE / 2) {
        s += viaConsec
        from[row + j] = j - 1
      } else if (viaGap > NONE / 2) {
        s += runBest
        from[row + j] = runFrom
      } else {
        score[row + j] = NONE
        continue
      }
      score[row + j] = s
    }
  }

  const last = (m - 1) * n
  let bestJ = -1
  let best = NONE
  for (let j = start; j <= end; j++) {
    if (score[last + j] > best) {
      best = score[last + j]
      bestJ = j
    }
  }
  if (bestJ < 0 || best <= NONE / 2) return null
  const positions = new Array<number>(m)
  for (let i = m - 1, j = bestJ; i >= 0; i--) {
    positions[i] = j
    j = from[i * n + j]
  }
  return { score: best, positions }
}

/** Splits `text` into runs, marking the matched ones, for rendering highlights. */
export function highlightRuns(text: string, positions: readonly number[]): { text: string; match: boolean }[] {
  if (positions.length === 0) return text ? [{ text, match: false }] : []
  const marked = new Set(positions)
  const runs: { text: string; match: boolean }[] = []
  let cur = ''
  let curMatch = false
  for (let i = 0; i < text.length; i++) {
    const m = marked.has(i)
    if (cur && m !== curMatch) {
      runs.push({ text: cur, match: curMatch })
      cur = ''
    }
    curMatch = m
    cur += text[i]
  }
  if (cur) runs.push({ text: cur, match: curMatch })
  return runs
}
