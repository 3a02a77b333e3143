// What Shift+Enter, Alt+Enter and Ctrl+Enter send to the REPL, decided on the text alone (pure, so
// the rules are unit-tested): `##` cells, the top-level block around the cursor, the line, and
// where the cursor goes next. Lines are 1-based, as Monaco counts.
import type { OutlineSymbol } from '../../src-preload/contract'

/** The text of a document, line by line (a Monaco model fits; so does an array in tests). */
export interface LineSource {
  lineCount: number
  line(n: number): string
}

export interface LineRange {
  startLine: number
  endLine: number
}

export const linesOf = (text: string): LineSource => {
  const lines = text.split(/\r?\n/)
  return { lineCount: lines.length, line: (n) => lines[n - 1] ?? '' }
}

/**
 * Cell delimiters: VS Code's Julia extension's default `julia.cellDelimiters`
 * (`^\s?#\s#+`, `^##(?!#)`, `^#(\s?)%%`; julia-vscode package.json), so files written for it
 * split into the same cells here.
 */
export const CELL_DELIMITERS: readonly RegExp[] = [/^\s?#\s#+/, /^##(?!#)/, /^#(\s?)%%/]

export const isDelimiter = (text: string): boolean => CELL_DELIMITERS.some((r) => r.test(text))
const isBlank = (text: string): boolean => text.trim() === ''

/** Drops blank lines at both ends; null when nothing but blanks is left. */
function trimRange(src: LineSource, r: LineRange): LineRange | null {
  let { startLine, endLine } = r
  while (startLine <= endLine && isBlank(src.line(startLine))) startLine++
  while (endLine >= startLine && isBlank(src.line(endLine))) endLine--
  return startLine <= endLine ? { startLine, endLine } : null
}

export const hasCells = (src: LineSource): boolean => {
  for (let n = 1; n <= src.lineCount; n++) if (isDelimiter(src.line(n))) return true
  return false
}

/**
 * The `##` cell holding `line`: the lines after the delimiter above it (or the file's start) up
 * to the next delimiter (or the end). On a delimiter line, the cell that delimiter opens.
 * `undefined` when the file has no delimiters; `null` when the cell holds only blank lines.
 */
export function cellAt(src: LineSource, line: number): LineRange | null | undefined {
  if (!hasCells(src)) return undefined
  let start = line
  if (!isDelimiter(src.line(start))) {
    while (start > 1 && !isDelimiter(src.line(start - 1))) start--
  } else start++
  let end = Math.max(start, line)
  while (end < src.lineCount && !isDelimiter(src.line(end + 1))) end++
  if (start > src.lineCount) return null
  return trimRange(src, { startLine: start, endLine: Math.min(end, src.lineCount) })
}

/** The first line of the cell after the one holding `line` with code in it, or null at the last cell. */
export function nextCellLine(src: LineSource, line: number): number | null {
  for (let n = line + 1; n <= src.lineCount; n++) {
    if (!isDelimiter(src.line(n))) continue
    for (let m = n + 1; m <= src.lineCount; m++) {
      if (isDelimiter(src.line(m))) break
      if (!isBlank(src.line(m))) return m
    }
  }
  return null
}

/** The next non-blank line after `line`, or null when there is none (Ctrl+Enter's "move down"). */
export function nextCodeLine(src: LineSource, line: number): number | null {
  for (let n = line + 1; n <= src.lineCount; n++) if (!isBlank(src.line(n))) return n
  return null
}

// ---------------------------------------------------------------------------------------------
// Top-level blocks without cells.

const OPENERS = /\b(?:function|macro|module|baremodule|struct|if|for|while|let|begin|quote|try|do)\b|\b(?:abstract|primitive)\s+type\b/g
const END = /\bend\b/g

/**
 * The line's code with strings, chars and comments removed and what sits inside brackets closed on
 * the same line hidden: `x[end]`, `[f(x) for x in xs]` and `(if a 1 else 2 end)` open no block.
 */
function codeOf(text: string): string {
  let code = text
    .replace(/"(?:\\.|[^"\\])*"/g, '""')
    .replace(/'(?:\\.|[^'\\])'/g, "''")
    .replace(/#.*$/, '')
  for (let prev = ''; prev !== code; ) {
    prev = code
    code = code.replace(/\([^()[\]{}]*\)/g, '()').replace(/\[[^()[\]{}]*\]/g, '[]').replace(/\{[^()[\]{}]*\}/g, '{}')
  }
  return code
}

/** Block depth and bracket balance a line adds (`function f()` → +1, `end` → −1). */
function lineDelta(text: string): { depth: number; brackets: number } {
  const code = codeOf(text)
  // `struct` after `mutable`, `type` after `abstract`: one opener each, which the regex gives.
  const opens = (code.match(OPENERS) ?? []).length
  const ends = (code.match(END) ?? []).length
  let brackets = 0
  for (const ch of code) {
    if (ch === '(' || ch === '[' || ch === '{') brackets++
    else if (ch === ')' || ch === ']' || ch === '}') brackets--
  }
  return { depth: opens - ends, brackets }
}

const isIndented = (text: string): boolean => /^\s/.test(text)
const CONTINUES = /^\s*(?:end|else|elseif|catch|finally)\b|^\s*[)\]}]/

/**
 * The top-level expression around `line`, by scanning: up to the nearest unindented line that is
 * not a block's continuation, then down until blocks and brackets balance. null when the scan
 * does not end in a balanced expression holding `line` (then the caller sends the line alone).
 */
export function blockAt(src: LineSource, line: number): LineRange | null {
  if (isBlank(src.line(line))) return null
  let start = line
  while (start > 1 && (isIndented(src.line(start)) || isBlank(src.line(start)) || CONTINUES.test(src.line(start)))) start--
  if (isBlank(src.line(start)) || isIndented(src.line(start))) start = line
  let depth = 0
  let brackets = 0
  for (let n = start; n <= src.lineCount; n++) {
    const d = lineDelta(src.line(n))
    depth += d.depth
    brackets += d.brackets
    if (depth < 0 || brackets < 0) return null
    if (depth > 0 || brackets > 0) continue
    if (n >= line) return trimRange(src, { startLine: start, endLine: n })
    start = n + 1 // a whole expression ended above the cursor: the one holding it starts after
  }
  return null
}

/**
 * The top-level definition (function, struct, macro…) holding `line` from the outline; a module
 * is looked into (running a whole `module … end` is rarely what a cursor inside it means).
 */
export function outlineBlockAt(outline: readonly OutlineSymbol[], line: number): LineRange | null {
  for (const s of outline) {
    if (line < s.line || line > s.endLine) continue
    if (s.kind === 'module') return s.children ? outlineBlockAt(s.children, line) : null
    return { startLine: s.line, endLine: s.endLine }
  }
  return null
}

export type RunKind = 'cell' | 'block' | 'line' | 'selection' | 'file'

/**
 * Shift+Enter without a selection: the cell when the file has `##` delimiters; otherwise the
 * top-level block (outline, else the scanner), else the line.
 */
export function cellOrBlockAt(src: LineSource, line: number, outline: readonly OutlineSymbol[] = []): { range: LineRange; kind: RunKind } | null {
  const cell = cellAt(src, line)
  if (cell !== undefined) return cell ? { range: cell, kind: 'cell' } : null
  return blockOrLineAt(src, line, outline)
}

/** Alt+Enter without a selection (and Shift+Enter without cells): the block, else the line. */
export function blockOrLineAt(src: LineSource, line: number, outline: readonly OutlineSymbol[] = []): { range: LineRange; kind: RunKind } | null {
  const block = outlineBlockAt(outline, line) ?? blockAt(src, line)
  if (block) return { range: block, kind: 'block' }
  return isBlank(src.line(line)) ? null : { range: { startLine: line, endLine: line }, kind: 'line' }
}
