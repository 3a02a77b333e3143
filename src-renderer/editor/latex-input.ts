// What Tab does after a `\name`, decided the way Julia's REPL does it (stdlib/REPL/src/
// REPLCompletions.jl, `bslash_completions`): the name runs from the last backslash before the cursor,
// with no whitespace or quote in between and the backslash not itself escaped; an exact name is
// replaced by its symbol, `\_12`/`\^12` map each character, otherwise the names it prefixes are
// offered. Pure: no Monaco, so it is unit-tested directly.
import type { LatexTable } from './latex-table'

/** REPLCompletions' `bslash_separators`: whitespace plus the quote characters. */
const SEPARATORS = new Set([' ', '\t', '\n', '\r', '"', "'", '`'])

/** Most completion items offered for a short prefix such as `\b` (the list stays responsive). */
export const MAX_SUGGESTIONS = 500

export interface BackslashPrefix {
  /** Offset of the backslash in the text before the cursor (0-based). */
  start: number
  /** The name typed so far, backslash included: `\alp`. */
  text: string
}

/** The `\name` that ends at the cursor, given the line's text before the cursor; null if none. */
export function backslashPrefix(before: string): BackslashPrefix | null {
  const slash = before.lastIndexOf('\\')
  if (slash < 0 || slash === before.length - 1) return null
  if (slash > 0 && before[slash - 1] === '\\') return null
  for (let i = slash + 1; i < before.length; i++) if (SEPARATORS.has(before[i]!)) return null
  return { start: slash, text: before.slice(slash) }
}

export type TabAction =
  | { kind: 'replace'; start: number; text: string }
  | { kind: 'suggest'; start: number; matches: Array<[string, string]> }
  | { kind: 'none' }

/** `\_123` → `₁₂₃` (and `\^` likewise) when every character has a one-character sub/superscript. */
function scriptRun(table: LatexTable, name: string): string | undefined {
  const marker = name.slice(0, 2)
  if ((marker !== '\\_' && marker !== '\\^') || name.length < 3) return undefined
  let out = ''
  for (const ch of name.slice(2)) {
    const symbol = table.exact(marker + ch)
    if (symbol === undefined) return undefined
    out += symbol
  }
  return out
}

/** What Tab should do with the text before the cursor. `none` leaves Tab its usual meaning. */
export function resolveTab(table: LatexTable, before: string): TabAction {
  const prefix = backslashPrefix(before)
  if (!prefix) return { kind: 'none' }
  const symbol = table.exact(prefix.text) ?? scriptRun(table, prefix.text)
  if (symbol !== undefined) return { kind: 'replace', start: prefix.start, text: symbol }
  const matches = table.withPrefix(prefix.text, MAX_SUGGESTIONS)
  return matches.length > 0 ? { kind: 'suggest', start: prefix.start, matches } : { kind: 'none' }
}

/** The REPL's help line for a symbol: `"α" can be typed by \alpha<tab>` (null when none can). */
export function typedByText(table: LatexTable, symbol: string): string | null {
  const names = table.namesOf(symbol)
  if (names.length === 0) return null
  return `"${symbol}" can be typed by ${names.map((n) => `${n}<tab>`).join(', ')}`
}
