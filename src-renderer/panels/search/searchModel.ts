// Find in Files state: a reducer that merges streamed 'search:result' / 'search:done' events,
// ignoring those of any search but the current one, plus pure helpers for what the view renders.
import type { SearchDone, SearchFileResult, SearchMatch } from '../../../src-preload/contract'

export type SearchStatus = 'idle' | 'pending' | 'running' | 'done' | 'failed'

export interface FileResults {
  path: string
  matches: SearchMatch[]
}

export interface SearchState {
  status: SearchStatus
  /** The search whose events count; null while 'search:start' has not answered yet. */
  searchId: string | null
  files: FileResults[]
  matchCount: number
  done: SearchDone | null
  /** A failed 'search:start' or the error a search ended with (e.g. an invalid regex). */
  error: string | null
  collapsed: ReadonlySet<string>
  /** Events that arrived before 'search:start' told us our id; replayed once it does. */
  early: SearchEvent[]
}

export type SearchEvent = { kind: 'result'; result: SearchFileResult } | { kind: 'done'; done: SearchDone }

export type SearchAction =
  | { type: 'start' }
  | { type: 'started'; searchId: string }
  | { type: 'events'; events: SearchEvent[] }
  | { type: 'failed'; message: string }
  | { type: 'clear' }
  | { type: 'toggle'; path: string }
  | { type: 'collapseAll' }
  | { type: 'expandAll' }

const MAX_EARLY = 10_000

export const initialSearchState: SearchState = {
  status: 'idle',
  searchId: null,
  files: [],
  matchCount: 0,
  done: null,
  error: null,
  collapsed: new Set(),
  early: [],
}

/** Applies a batch of events of the current search; a file seen twice gets its matches appended. */
function applyEvents(state: SearchState, events: readonly SearchEvent[]): SearchState {
  const mine = events.filter((e) => (e.kind === 'result' ? e.result.searchId : e.done.searchId) === state.searchId)
  if (mine.length === 0) return state
  let files = state.files
  let index: Map<string, number> | null = null
  let matchCount = state.matchCount
  let done = state.done
  for (const e of mine) {
    if (e.kind === 'done') {
      done = e.done
      continue
    }
    if (done) continue // nothing counts after the search said it is done
    const { path, matches } = e.result
    if (matches.length === 0) continue
    if (files === state.files) files = files.slice()
    if (!index) index = new Map(files.map((f, i) => [f.path, i]))
    const at = index.get(path)
    if (at === undefined) {
      index.set(path, files.length)
      files.push({ path, matches })
    } else files[at] = { path, matches: [...files[at].matches, ...matches] }
    matchCount += matches.length
  }
  return {
    ...state,
    files,
    matchCount,
    done,
    status: done ? 'done' : 'running',
    // 'cancelled' is not a failure to show in red; the summary says it.
    error: done?.error && done.error !== 'cancelled' ? done.error : state.error,
  }
}

export function searchReducer(state: SearchState, action: SearchAction): SearchState {
  switch (action.type) {
    case 'start':
      return { ...initialSearchState, status: 'pending' }
    case 'started': {
      if (state.status !== 'pending') return state
      const next: SearchState = { ...state, searchId: action.searchId, status: 'running', early: [] }
      return applyEvents(next, state.early)
    }
    case 'events':
      if (state.status === 'pending') {
        const early = [...state.early, ...action.events].slice(-MAX_EARLY)
        return { ...state, early }
      }
      if (state.status !== 'running') return state
      return applyEvents(state, action.events)
    case 'failed':
      return { ...initialSearchState, status: 'failed', error: action.message }
    case 'clear':
      return initialSearchState
    case 'toggle': {
      const collapsed = new Set(state.collapsed)
      if (collapsed.has(action.path)) collapsed.delete(action.path)
      else collapsed.add(action.path)
      return { ...state, collapsed }
    }
    case 'collapseAll':
      return { ...state, collapsed: new Set(state.files.map((f) => f.path)) }
    case 'expandAll':
      return { ...state, collapsed: new Set() }
  }
}

export type ResultRow =
  | { kind: 'file'; path: string; count: number; collapsed: boolean }
  | { kind: 'match'; path: string; match: SearchMatch; key: string }

/**
 * The rows to render, at most `cap` matches (collapsed files hide theirs and do not count).
 * `hidden` is how many matches the cap left out.
 */
export function visibleRows(state: SearchState, cap: number): { rows: ResultRow[]; hidden: number } {
  const rows: ResultRow[] = []
  let shown = 0
  let hidden = 0
  for (const f of state.files) {
    const collapsed = state.collapsed.has(f.path)
    if (shown >= cap && !collapsed) {
      hidden += f.matches.length
      continue
    }
    rows.push({ kind: 'file', path: f.path, count: f.matches.length, collapsed })
    if (collapsed) continue
    const room = cap - shown
    const take = Math.min(room, f.matches.length)
    for (let i = 0; i < take; i++) {
      const m = f.matches[i]
      rows.push({ kind: 'match', path: f.path, match: m, key: `${f.path}:${m.line}:${m.column}:${i}` })
    }
    shown += take
    hidden += f.matches.length - take
  }
  return { rows, hidden }
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** "12 results in 3 files (42 ms)", or what is happening instead. */
export function summaryText(state: SearchState): string {
  switch (state.status) {
    case 'idle':
    case 'failed':
      return ''
    case 'pending':
      return 'Searching…'
    case 'running':
      return state.matchCount === 0
        ? 'Searching…'
        : `${plural(state.matchCount, 'result', 'results')} in ${plural(state.files.length, 'file', 'files')} so far…`
    case 'done': {
      const d = state.done
      if (!d) return ''
      if (d.error === 'cancelled') return `Search cancelled after ${plural(d.matches, 'result', 'results')}`
      if (d.error) return ''
      if (d.matches === 0) return `No results in ${plural(d.filesSearched, 'file', 'files')} (${Math.round(d.durationMs)} ms)`
      const text = `${plural(d.matches, 'result', 'results')} in ${plural(d.filesMatched, 'file', 'files')} (${Math.round(d.durationMs)} ms)`
      return d.limitHit ? `${text}. The result limit was reached; narrow the search to see all.` : text
    }
  }
}

/**
 * Splits a match's preview line for display: text before (shortened to about `context` characters
 * with a leading ellipsis), the match, and the rest. Columns are 1-based UTF-16 units; the host
 * cuts very long lines and then says where the match sits in the preview (`previewColumn`).
 */
export function previewParts(match: SearchMatch, context = 40): { before: string; match: string; after: string } {
  const text = match.preview.replace(/\s+$/, '')
  const start = Math.max(0, Math.min(text.length, (match.previewColumn ?? match.column) - 1))
  const end = Math.max(start, Math.min(text.length, start + match.length))
  let before = text.slice(0, start).replace(/^\s+/, '')
  if (before.length > context) before = `…${before.slice(before.length - context)}`
  return { before, match: text.slice(start, end), after: text.slice(end, end + 300) }
}
