// Julia words in a line of text: the identifier under a cursor (with the module path before it and a
// macro's `@`), the word being typed for completion, and the language's keywords.

/**
 * Julia identifiers start with a letter, `_` or many Unicode symbols and go on with letters, digits,
 * `_`, `!` and primes (Julia manual, "Variables: Allowed Variable Names"). Close enough for lookup:
 * the index holds what tree-sitter-julia called identifiers, so a near miss finds nothing.
 */
const START = /[\p{L}\p{Nl}\p{Sc}\p{So}_]/u
const PART = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}\p{Sc}\p{So}_!′″‴]/u

export type WordAt = {
  /** What the index is keyed by: `area`, or `@twice` for a macro. */
  key: string
  /** 1-based column of the first character (the `@` of a macro). */
  column: number
  endColumn: number
  /** `Geometry` for `Geometry.area` (the module path before the name), else null. */
  qualifier: string | null
}

const isPart = (ch: string | undefined): boolean => ch !== undefined && PART.test(ch)

/** Splits into code points as UTF-16 index ranges (surrogate pairs stay whole). */
function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined
  const c = text.charCodeAt(i - 1)
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : text[i - 1]
}
function charAt(text: string, i: number): string | undefined {
  if (i >= text.length) return undefined
  const c = text.charCodeAt(i)
  return c >= 0xd800 && c <= 0xdbff ? text.slice(i, i + 2) : text[i]
}

/** The identifier at 1-based `column` (the cursor may sit just after its last character). */
export function wordAt(line: string, column: number): WordAt | null {
  let i = Math.max(0, Math.min(line.length, column - 1))
  if (!isPart(charAt(line, i)) && isPart(charBefore(line, i))) i -= charBefore(line, i)!.length
  if (!isPart(charAt(line, i))) {
    // On the `@` of a macro call.
    if (line[i] === '@' && isPart(charAt(line, i + 1))) i += 1
    else return null
  }
  let start = i
  while (isPart(charBefore(line, start))) start -= charBefore(line, start)!.length
  // Digits and `!` cannot start a name: `2x` is 2*x.
  while (start < line.length && !START.test(charAt(line, start) ?? '')) start += charAt(line, start)!.length
  let end = i
  while (isPart(charAt(line, end))) end += charAt(line, end)!.length
  if (start >= end) return null
  let name = line.slice(start, end)
  let first = start
  if (line[start - 1] === '@') {
    name = `@${name}`
    first = start - 1
  }
  return { key: name, column: first + 1, endColumn: end + 1, qualifier: qualifierBefore(line, first) }
}

/** `A.B` for the text `A.B.` ending at `end` (a name's module path), else null. */
function qualifierBefore(line: string, end: number): string | null {
  let i = end
  if (line[i - 1] === ':' && line[i - 2] === '.') i -= 1 // Base.:+
  if (line[i - 1] !== '.') return null
  const m = /((?:[\p{L}_][\p{L}\p{N}_!]*\.)*[\p{L}_][\p{L}\p{N}_!]*)\.$/u.exec(line.slice(0, i))
  return m ? m[1]! : null
}

/** The word being typed before 1-based `column`, with a leading `@` kept (`@tim` while typing a macro). */
export function prefixAt(line: string, column: number): { prefix: string; qualifier: string | null } {
  const end = Math.max(0, Math.min(line.length, column - 1))
  let start = end
  while (isPart(charBefore(line, start))) start -= charBefore(line, start)!.length
  let prefix = line.slice(start, end)
  if (line[start - 1] === '@') {
    prefix = `@${prefix}`
    start -= 1
  }
  return { prefix, qualifier: qualifierBefore(line, start) }
}

/** Julia's reserved words and the contextual ones users type as keywords (Julia manual, "Keywords"). */
export const JULIA_KEYWORDS: readonly string[] = [
  'baremodule', 'begin', 'break', 'catch', 'const', 'continue', 'do', 'else', 'elseif', 'end', 'export',
  'false', 'finally', 'for', 'function', 'global', 'if', 'import', 'let', 'local', 'macro', 'module',
  'quote', 'return', 'struct', 'true', 'try', 'using', 'while', 'abstract type', 'mutable struct',
  'primitive type', 'where', 'in', 'isa', 'outer', 'public',
]
