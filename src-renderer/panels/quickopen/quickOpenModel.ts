// Quick Open's pure logic: `path:line` parsing, ranking files by fuzzy match (basename first),
// incremental filtering as the query grows, and the recently opened list.
import { fuzzyScoreNormalized, normalizeQuery } from '../../lib/fuzzy'

export interface ParsedQuery {
  query: string
  line?: number
  column?: number
}

/** 'src/main.jl:12:5' -> { query: 'src/main.jl', line: 12, column: 5 }; a bare trailing ':' is dropped. */
export function parseQuickOpenQuery(input: string): ParsedQuery {
  const text = input.trim()
  const m = /^(.*?):(\d*)(?::(\d*))?$/.exec(text)
  if (!m) return { query: text }
  const parsed: ParsedQuery = { query: m[1].trim() }
  const line = m[2] ? Number.parseInt(m[2], 10) : NaN
  if (line > 0) parsed.line = line
  const column = m[3] ? Number.parseInt(m[3], 10) : NaN
  if (parsed.line !== undefined && column > 0) parsed.column = column
  return parsed
}

export interface FileEntry {
  path: string
  lower: string
  /** Index where the basename starts. */
  base: number
  name: string
  nameLower: string
}

export interface RankedFile {
  path: string
  score: number
  /** Matched character indices into `path`. */
  positions: number[]
}

export const prepareFiles = (paths: readonly string[]): FileEntry[] =>
  paths.map((path) => {
    const lower = path.toLowerCase()
    const base = path.lastIndexOf('/') + 1
    return { path, lower, base, name: path.slice(base), nameLower: lower.slice(base) }
  })

// A match inside the basename always outranks one that needs the folders.
const BASENAME_BONUS = 10_000
const EXACT_NAME_BONUS = 50

/**
 * Scores one file: a match inside the basename wins (and then the folders are not scored at all:
 * the bonus puts it above any whole-path score); a query with '/' matches the whole path.
 */
export function scoreFile(q: string, ql: string, f: FileEntry): RankedFile | null {
  if (!ql.includes('/')) {
    const { nameLower } = f
    const b = fuzzyScoreNormalized(q, ql, f.name, nameLower)
    if (b) {
      const dot = nameLower.lastIndexOf('.')
      const exact = nameLower === ql || (dot > 0 && nameLower.slice(0, dot) === ql)
      const score = b.score + BASENAME_BONUS + (exact ? EXACT_NAME_BONUS : 0)
      return { path: f.path, score, positions: b.positions.map((p) => p + f.base) }
    }
  }
  const full = fuzzyScoreNormalized(q, ql, f.path, f.lower)
  return full ? { path: f.path, score: full.score, positions: full.positions } : null
}

const compare = (a: RankedFile, b: RankedFile): number =>
  b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

export interface RankResult {
  items: RankedFile[]
  /** How many files matched in all (items holds at most `limit`). */
  total: number
}

/**
 * Ranks a fixed file list as the user types. A query that extends the previous one only re-scores
 * the previous matches: whatever matches "mai" also matched "ma", so typing narrows, never rescans.
 */
export class FileRanker {
  private lastQuery: string | null = null
  private lastMatches: FileEntry[] = []

  constructor(private readonly files: readonly FileEntry[]) {}

  rank(query: string, limit: number): RankResult {
    const q = normalizeQuery(query)
    const ql = q.toLowerCase()
    if (ql === '') {
      this.lastQuery = null
      return { items: this.files.slice(0, limit).map((f) => ({ path: f.path, score: 0, positions: [] })), total: this.files.length }
    }
    const pool = this.lastQuery !== null && ql.startsWith(this.lastQuery) ? this.lastMatches : this.files
    const matches: FileEntry[] = []
    const ranked: RankedFile[] = []
    for (const f of pool) {
      const r = scoreFile(q, ql, f)
      if (r) {
        matches.push(f)
        ranked.push(r)
      }
    }
    this.lastQuery = ql
    this.lastMatches = matches
    ranked.sort(compare)
    return { items: ranked.slice(0, limit), total: ranked.length }
  }
}

// Recently opened files, most recent first; module-level so it lives across openings of the picker.
const MAX_RECENT = 30
let recent: string[] = []

export function noteFileOpened(path: string): void {
  recent = [path, ...recent.filter((p) => p !== path)].slice(0, MAX_RECENT)
}
export const recentFiles = (): readonly string[] => recent
export const resetRecentFiles = (): void => {
  recent = []
}

/** The list for an empty query: recent files that still exist, then the others in listing order. */
export function emptyQueryList(files: readonly string[], recentList: readonly string[], limit: number): { recent: string[]; others: string[] } {
  const exists = new Set(files)
  const r = recentList.filter((p) => exists.has(p)).slice(0, limit)
  const taken = new Set(r)
  const others: string[] = []
  for (const f of files) {
    if (r.length + others.length >= limit) break
    if (!taken.has(f)) others.push(f)
  }
  return { recent: r, others }
}
