// Folding for Julia: the outline's definitions (a module's body is not indented in Julia, so
// indentation alone cannot fold it), indented blocks, `##` cells, `#region`/`#endregion`, and
// multi-line comments and docstrings. Pure: lines in, 1-based ranges out (Monaco's FoldingRange).
import type { OutlineSymbol } from '../../src-preload/contract'

export type Fold = { start: number; end: number; kind?: 'comment' | 'region' }

/** monaco.languages.FoldingRangeKind values are objects; callers map these names onto them. */
export function juliaFoldingRanges(lines: readonly string[], outline: readonly OutlineSymbol[]): Fold[] {
  const out: Fold[] = []
  const add = (start: number, end: number, kind?: Fold['kind']): void => {
    if (end > start) out.push(kind ? { start, end, kind } : { start, end })
  }
  // Definitions (modules nested), ending on the line before their `end` when that line is only `end`.
  const visit = (list: readonly OutlineSymbol[]): void => {
    for (const s of list) {
      add(s.line, s.endLine)
      if (s.children) visit(s.children)
    }
  }
  visit(outline)
  cells(lines, add)
  regions(lines, add)
  blockComments(lines, add)
  indentation(lines, add)
  // One range per start line: the longest wins (the outline's `module` over an indented block).
  const best = new Map<number, Fold>()
  for (const f of out) {
    const had = best.get(f.start)
    if (!had || f.end > had.end) best.set(f.start, f)
  }
  return [...best.values()].sort((a, b) => a.start - b.start)
}

/** `##` cells (Julia for VS Code's delimiter): each runs to the line before the next one. */
function cells(lines: readonly string[], add: (s: number, e: number, k?: Fold['kind']) => void): void {
  const starts: number[] = []
  lines.forEach((l, i) => {
    if (/^\s*##(?!#)/.test(l)) starts.push(i + 1)
  })
  starts.forEach((s, i) => {
    let end = (starts[i + 1] ?? lines.length + 1) - 1
    while (end > s && (lines[end - 1] ?? '').trim() === '') end--
    add(s, end, 'region')
  })
}

function regions(lines: readonly string[], add: (s: number, e: number, k?: Fold['kind']) => void): void {
  const open: number[] = []
  lines.forEach((l, i) => {
    if (/^\s*#\s*region\b/.test(l)) open.push(i + 1)
    else if (/^\s*#\s*endregion\b/.test(l)) {
      const s = open.pop()
      if (s !== undefined) add(s, i + 1, 'region')
    }
  })
}

/** `#= … =#` comments (nested in Julia), `"""…"""` strings, and runs of 3+ `#` comment lines. */
function blockComments(lines: readonly string[], add: (s: number, e: number, k?: Fold['kind']) => void): void {
  let depth = 0
  let commentStart = 0
  let stringStart = 0
  let runStart = 0
  lines.forEach((line, i) => {
    const n = i + 1
    if (depth === 0 && stringStart === 0 && /^\s*#(?!=)/.test(line) && !/^\s*##/.test(line)) {
      if (runStart === 0) runStart = n
    } else {
      if (runStart && n - 1 - runStart >= 2) add(runStart, n - 1, 'comment')
      runStart = 0
    }
    for (let j = 0; j < line.length; j++) {
      if (stringStart) {
        if (line.startsWith('"""', j)) {
          add(stringStart, n, 'comment')
          stringStart = 0
          j += 2
        } else if (line[j] === '\\') j++
        continue
      }
      if (line.startsWith('#=', j)) {
        if (depth++ === 0) commentStart = n
        j++
      } else if (depth > 0 && line.startsWith('=#', j)) {
        if (--depth === 0) add(commentStart, n, 'comment')
        j++
      } else if (depth === 0 && line[j] === '#') break
      else if (depth === 0 && line.startsWith('"""', j)) {
        stringStart = n
        j += 2
      }
    }
  })
  if (runStart && lines.length - runStart >= 2) add(runStart, lines.length, 'comment')
}

/** A line followed by more-indented lines folds them (the closing `end` stays visible). */
function indentation(lines: readonly string[], add: (s: number, e: number) => void): void {
  const indentOf = (l: string): number => (l.trim() === '' ? -1 : /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length)
  const stack: { line: number; indent: number }[] = []
  let lastNonBlank = 0
  lines.forEach((l, i) => {
    const ind = indentOf(l)
    if (ind < 0) return
    while (stack.length && stack[stack.length - 1]!.indent >= ind) {
      const top = stack.pop()!
      add(top.line, lastNonBlank)
    }
    stack.push({ line: i + 1, indent: ind })
    lastNonBlank = i + 1
  })
  while (stack.length) {
    const top = stack.pop()!
    add(top.line, lastNonBlank)
  }
}
