// Ranking workspace symbols for Ctrl+T: an exact name first, then names starting with the query,
// then names containing it, then fuzzy (the query's characters in order, word starts preferred).
// A query with a dot (`Geometry.area`) is matched against the qualified name too.
import type { IndexedSymbol } from '../syntax/symbol-index'

const EXACT = 10_000
const EXACT_FOLDED = 9_000
const PREFIX = 8_000
const PREFIX_FOLDED = 7_000
const CONTAINS = 5_000

/** Kinds a user is more likely after when names tie (types and modules before methods). */
const KIND_ORDER: Record<IndexedSymbol['kind'], number> = { module: 0, struct: 1, abstract: 2, primitive: 3, macro: 4, const: 5, function: 6 }

/** Score of one candidate text; null when the query does not match at all. */
export function scoreName(query: string, text: string): number | null {
  if (query === '') return 0
  if (text === query) return EXACT
  const q = query.toLowerCase()
  const t = text.toLowerCase()
  if (t === q) return EXACT_FOLDED
  // Shorter names win among prefixes: `area` before `area_of_circle` for `are`.
  if (text.startsWith(query)) return PREFIX - Math.min(999, text.length - query.length)
  if (t.startsWith(q)) return PREFIX_FOLDED - Math.min(999, text.length - query.length)
  const at = t.indexOf(q)
  if (at >= 0) return CONTAINS - Math.min(999, at * 10 + text.length)
  return fuzzy(q, t)
}

/** Subsequence match: each character found in order; matches at word starts and in runs score more. */
function fuzzy(q: string, t: string): number | null {
  let score = 1000
  let ti = 0
  let prev = -2
  for (const ch of q) {
    const found = t.indexOf(ch, ti)
    if (found < 0) return null
    const wordStart = found === 0 || /[_.!@:]/.test(t[found - 1]!)
    score += wordStart ? 60 : found === prev + 1 ? 30 : 0
    score -= Math.min(50, found - ti) // gaps cost
    prev = found
    ti = found + 1
  }
  return Math.max(1, score - t.length)
}

export type Ranked<T> = { item: T; score: number }

/** The best `limit` symbols for a query, best first; ties go to kind, then shorter names, then file order. */
export function rankSymbols<T extends { symbol: IndexedSymbol; file: string }>(query: string, candidates: Iterable<T>, limit: number): T[] {
  const q = query.trim()
  const qualified = q.includes('.') && !q.startsWith('.')
  const ranked: Ranked<T>[] = []
  for (const c of candidates) {
    const s = c.symbol
    let score = scoreName(q, s.key)
    const byName = s.name !== s.key ? scoreName(q, s.name) : null
    if (byName !== null && (score === null || byName > score)) score = byName
    if (qualified && s.container) {
      const full = scoreName(q, `${s.container}.${s.key}`)
      if (full !== null && (score === null || full > score)) score = full
    }
    if (score !== null) ranked.push({ item: c, score })
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      KIND_ORDER[a.item.symbol.kind] - KIND_ORDER[b.item.symbol.kind] ||
      a.item.symbol.key.length - b.item.symbol.key.length ||
      (a.item.file < b.item.file ? -1 : a.item.file > b.item.file ? 1 : 0) ||
      a.item.symbol.line - b.item.symbol.line,
  )
  return ranked.slice(0, limit).map((r) => r.item)
}
