// File links in terminal output: `path/file.jl:12`, `path/file.jl:12:5`, absolute paths, `~/`
// paths and Windows-style `src\file.jl:3`. Pure text functions; link-provider.ts maps them onto
// xterm's buffer cells.

export interface FileLinkMatch {
  /** Offsets into the searched text, end exclusive. */
  start: number
  end: number
  text: string
  path: string
  line: number
  column?: number
}

// A path segment: anything but whitespace, quotes, brackets, separators and the `:` before a line.
const SEG = `[^\\s:"'\`()<>\\[\\]{}|,;\\\\/]`
const PREFIX = `(?:[A-Za-z]:[\\\\/]|~[\\\\/]|\\.{1,2}[\\\\/]|[\\\\/])?`
// A link starts at the beginning or after whitespace / an opening delimiter, never mid-word; the
// file name needs an extension so that `ERROR: 12:3` or `at 10:42` are not links.
const LINK = new RegExp(
  `(?<![^\\s"'\`(\\[{<=,;|])(${PREFIX}(?:${SEG}+[\\\\/])*${SEG}*\\.[A-Za-z0-9_]+):(\\d+)(?::(\\d+))?`,
  'g',
)

export function findFileLinks(text: string): FileLinkMatch[] {
  const found: FileLinkMatch[] = []
  for (const m of text.matchAll(LINK)) {
    const [whole, path, line, column] = m
    if (!path || !line) continue
    const start = m.index ?? 0
    const match: FileLinkMatch = { start, end: start + whole.length, text: whole, path, line: Math.max(1, Number(line)) }
    if (column) match.column = Math.max(1, Number(column))
    found.push(match)
  }
  return found
}

const slashes = (p: string): string => p.replace(/\\/g, '/')
const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p)

/** Absolute path -> its segments with `.` and `..` applied; null if `..` climbs above the top. */
function segments(abs: string): string[] | null {
  const out: string[] = []
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length === 0) return null
      out.pop()
    } else out.push(part)
  }
  return out
}

const sameSegment = (a: string, b: string, index: number): boolean =>
  index === 0 && /^[A-Za-z]:$/.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b

/**
 * The workspace-relative form (`/` separators) of a path printed in a terminal, or null when it is
 * outside the workspace. Relative paths are taken from the workspace root, where terminals start.
 */
export function toWorkspacePath(printed: string, root: string, home: string | null = null): string | null {
  let path = slashes(printed)
  if (path.startsWith('~/')) {
    if (!home) return null
    path = `${slashes(home)}/${path.slice(2)}`
  }
  const rootSegs = segments(slashes(root))
  const full = segments(isAbsolute(path) ? path : `${slashes(root)}/${path}`)
  if (!rootSegs || !full || full.length <= rootSegs.length) return null
  if (!rootSegs.every((s, i) => sameSegment(s, full[i] ?? '', i))) return null
  return full.slice(rootSegs.length).join('/')
}
