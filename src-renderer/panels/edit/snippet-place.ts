// Where a code block goes when it is applied to a whole file: a block that is the whole file (about
// as long, or starting the way the file does) replaces it; a shorter block replaces the definitions
// it redefines (function, macro, struct, module, short-form `f(x) = …`, by name), from the first
// one's line to the last one's `end`. Without a definition to match, null: the caller asks the user
// to select the code it replaces, because a snippet compared with the whole file would delete the rest.

export type Placement = { whole: true } | { whole: false; startLine: number; endLine: number }

const BLOCK_DEF = /^(\s*)(?:@\w+\s+)*(?:(?:mutable\s+)?struct|abstract\s+type|primitive\s+type|function|macro|module|baremodule)\s+([A-Za-z_\u00a1-\uffff][\w!.\u00a1-\uffff]*(?:\{[^}]*\})?)/
const SHORT_DEF = /^(\s*)([A-Za-z_\u00a1-\uffff][\w!.\u00a1-\uffff]*)(?:\{[^}]*\})?\([^=]*\)\s*(?:::\s*[^=]+)?\s*=(?!=)/

type Def = { name: string; line: number; indent: string; block: boolean }

/** The name a definition line defines (type parameters dropped), or null. */
export function definitionOf(line: string): { name: string; indent: string; block: boolean } | null {
  const b = BLOCK_DEF.exec(line)
  if (b) return { name: b[2]!.replace(/\{.*$/, ''), indent: b[1]!, block: true }
  const s = SHORT_DEF.exec(line)
  if (s) return { name: s[2]!, indent: s[1]!, block: false }
  return null
}

function definitions(lines: string[]): Def[] {
  const defs: Def[] = []
  lines.forEach((l, i) => {
    const d = definitionOf(l)
    if (d) defs.push({ ...d, line: i + 1 })
  })
  return defs
}

/** The last line of a definition: its `end` at the same indent, or its own line for a one-liner. */
function endOf(lines: string[], def: Def): number {
  if (!def.block) {
    // A short form may continue on indented lines (e.g. a long right-hand side).
    let last = def.line
    for (let i = def.line; i < lines.length && /^\s+\S/.test(lines[i]!) && lines[i]!.length - lines[i]!.trimStart().length > def.indent.length; i++) last = i + 1
    return last
  }
  const header = lines[def.line - 1]!
  if (/\bend\s*(#.*)?$/.test(header.slice(def.indent.length + 1))) return def.line // `struct A end`
  for (let i = def.line; i < lines.length; i++) {
    const l = lines[i]!
    if (l.startsWith(def.indent) && /^end\b/.test(l.slice(def.indent.length)) && !/^\s/.test(l.slice(def.indent.length))) return i + 1
  }
  return lines.length
}

export function placeSnippet(fileText: string, code: string): Placement | null {
  const file = fileText.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')
  const block = code.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')
  const firstCode = (ls: string[]): string => ls.find((l) => l.trim() !== '')?.trim() ?? ''
  if (fileText.trim() === '' || block.length >= file.length * 0.6 || (firstCode(block) !== '' && firstCode(block) === firstCode(file) && block.length > 1)) return { whole: true }
  const fileDefs = definitions(file)
  // Only the block's outermost definitions: a method inside a module block is part of it.
  const blockDefs = definitions(block)
  const outer = blockDefs.length ? blockDefs.filter((d) => d.indent.length === Math.min(...blockDefs.map((x) => x.indent.length))) : []
  let start = Infinity
  let end = -Infinity
  for (const d of outer) {
    const match = fileDefs.find((f) => f.name === d.name && f.block === d.block) ?? fileDefs.find((f) => f.name === d.name)
    if (!match) continue
    start = Math.min(start, match.line)
    end = Math.max(end, endOf(file, match))
  }
  if (start === Infinity) return null
  // The doc string and comments right above the first definition go with it when the block has them too.
  if (/^\s*("""|#)/.test(block[0] ?? '')) start = withDocAbove(file, start)
  return { whole: false, startLine: start, endLine: end }
}

/** The first line of the doc string (and comments) right above line `at`. */
function withDocAbove(file: string[], at: number): number {
  let s = at
  const above = (): string => file[s - 2] ?? ''
  if (s > 1 && /^\s*"""\s*$/.test(above())) {
    let i = s - 3
    while (i >= 0 && !/^\s*"""/.test(file[i]!)) i--
    if (i >= 0) s = i + 1
  } else if (s > 1 && /^\s*""".*"""\s*$/.test(above())) s--
  while (s > 1 && /^\s*#/.test(above())) s--
  return s
}
