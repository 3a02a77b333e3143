import { describe, expect, it } from 'vitest'
import type { SearchDone, SearchFileResult } from '../../src-preload/contract'
import {
  initialSearchState,
  previewParts,
  searchReducer,
  summaryText,
  visibleRows,
  type SearchAction,
  type SearchEvent,
  type SearchState,
} from '../../src-renderer/panels/search/searchModel'

const match = (line: number, preview = `x = foo(${line})`, column = 5, length = 3) => ({ line, column, length, preview })
const result = (searchId: string, path: string, lines: number[]): SearchEvent => ({
  kind: 'result',
  result: { searchId, path, matches: lines.map((l) => match(l)) } satisfies SearchFileResult,
})
const done = (searchId: string, extra: Partial<SearchDone> = {}): SearchEvent => ({
  kind: 'done',
  done: { searchId, filesSearched: 10, filesMatched: 2, matches: 3, durationMs: 12.4, limitHit: false, ...extra },
})
const reduce = (...actions: SearchAction[]): SearchState => actions.reduce(searchReducer, initialSearchState)

describe('searchReducer', () => {
  it('accumulates streamed results of the current search and finishes on done', () => {
    const s = reduce(
      { type: 'start' },
      { type: 'started', searchId: 's1' },
      { type: 'events', events: [result('s1', 'a.jl', [1, 2])] },
      { type: 'events', events: [result('s1', 'b.jl', [7]), done('s1')] },
    )
    expect(s.status).toBe('done')
    expect(s.files.map((f) => f.path)).toEqual(['a.jl', 'b.jl'])
    expect(s.matchCount).toBe(3)
    expect(summaryText(s)).toBe('3 results in 2 files (12 ms)')
  })

  it('ignores events of a stale search', () => {
    const s = reduce(
      { type: 'start' },
      { type: 'started', searchId: 'old' },
      { type: 'start' },
      { type: 'started', searchId: 'new' },
      { type: 'events', events: [result('old', 'stale.jl', [1]), done('old'), result('new', 'fresh.jl', [3])] },
    )
    expect(s.files.map((f) => f.path)).toEqual(['fresh.jl'])
    expect(s.status).toBe('running')
    expect(s.done).toBeNull()
  })

  it('keeps events that arrive before search:start answers, then keeps only ours', () => {
    const s = reduce(
      { type: 'start' },
      { type: 'events', events: [result('s2', 'early.jl', [4]), result('other', 'x.jl', [1])] },
      { type: 'started', searchId: 's2' },
    )
    expect(s.files.map((f) => f.path)).toEqual(['early.jl'])
    expect(s.early).toEqual([])
  })

  it('merges a file reported twice and clears everything on a new search', () => {
    let s = reduce(
      { type: 'start' },
      { type: 'started', searchId: 's' },
      { type: 'events', events: [result('s', 'a.jl', [1]), result('s', 'a.jl', [9])] },
    )
    expect(s.files).toHaveLength(1)
    expect(s.files[0].matches.map((m) => m.line)).toEqual([1, 9])
    s = searchReducer(s, { type: 'start' })
    expect(s.files).toEqual([])
    expect(s.matchCount).toBe(0)
    expect(summaryText(s)).toBe('Searching…')
  })

  it('shows the error a search ended with, and a failed start', () => {
    const s = reduce({ type: 'start' }, { type: 'started', searchId: 'r' }, { type: 'events', events: [done('r', { error: 'invalid regex: (' , matches: 0 })] })
    expect(s.error).toBe('invalid regex: (')
    expect(summaryText(s)).toBe('')
    const f = reduce({ type: 'start' }, { type: 'failed', message: 'NO folder open' })
    expect(f.status).toBe('failed')
    expect(f.error).toBe('NO folder open')
  })

  it('does not mutate the previous state (React may replay reducers)', () => {
    const a = reduce({ type: 'start' }, { type: 'started', searchId: 's' }, { type: 'events', events: [result('s', 'a.jl', [1])] })
    const files = a.files
    const b = searchReducer(a, { type: 'events', events: [result('s', 'a.jl', [2]), result('s', 'b.jl', [1])] })
    expect(a.files).toBe(files)
    expect(a.files).toHaveLength(1)
    expect(a.files[0].matches).toHaveLength(1)
    expect(b.files).toHaveLength(2)
  })

  it('treats a cancelled search as stopped, not failed', () => {
    const s = reduce({ type: 'start' }, { type: 'started', searchId: 'c' }, { type: 'events', events: [result('c', 'a.jl', [1]), done('c', { error: 'cancelled', matches: 1 })] })
    expect(s.error).toBeNull()
    expect(summaryText(s)).toBe('Search cancelled after 1 result')
  })

  it('says when nothing was found and when the result limit was hit', () => {
    const none = reduce({ type: 'start' }, { type: 'started', searchId: 'n' }, { type: 'events', events: [done('n', { matches: 0, filesMatched: 0, filesSearched: 1 })] })
    expect(summaryText(none)).toBe('No results in 1 file (12 ms)')
    const lim = reduce({ type: 'start' }, { type: 'started', searchId: 'l' }, { type: 'events', events: [done('l', { matches: 20000, filesMatched: 1500, limitHit: true })] })
    expect(summaryText(lim)).toMatch(/^20,000 results in 1,500 files \(12 ms\)\. The result limit was reached/)
  })
})

describe('visibleRows', () => {
  const state = reduce(
    { type: 'start' },
    { type: 'started', searchId: 's' },
    { type: 'events', events: [result('s', 'a.jl', [1, 2, 3]), result('s', 'b.jl', [4, 5]), result('s', 'c.jl', [6])] },
  )

  it('lists file rows followed by their matches', () => {
    const { rows, hidden } = visibleRows(state, 100)
    expect(rows.map((r) => (r.kind === 'file' ? r.path : r.match.line))).toEqual(['a.jl', 1, 2, 3, 'b.jl', 4, 5, 'c.jl', 6])
    expect(hidden).toBe(0)
  })

  it('caps rendered matches and counts the rest', () => {
    const { rows, hidden } = visibleRows(state, 4)
    expect(rows.map((r) => (r.kind === 'file' ? r.path : r.match.line))).toEqual(['a.jl', 1, 2, 3, 'b.jl', 4])
    expect(hidden).toBe(2)
  })

  it('hides the matches of a collapsed file without counting them as cut', () => {
    const collapsed = searchReducer(state, { type: 'toggle', path: 'a.jl' })
    const { rows, hidden } = visibleRows(collapsed, 100)
    expect(rows[0]).toEqual({ kind: 'file', path: 'a.jl', count: 3, collapsed: true })
    expect(rows[1]).toEqual({ kind: 'file', path: 'b.jl', count: 2, collapsed: false })
    expect(hidden).toBe(0)
  })
})

describe('previewParts', () => {
  it('cuts the line around a 1-based column', () => {
    expect(previewParts(match(1, '    y = foo(x)', 9, 3))).toEqual({ before: 'y = ', match: 'foo', after: '(x)' })
  })

  it('shortens long text before the match with an ellipsis', () => {
    const line = `${'a'.repeat(100)}needle tail`
    const p = previewParts({ line: 1, column: 101, length: 6, preview: line }, 10)
    expect(p.before).toBe(`…${'a'.repeat(10)}`)
    expect(p.match).toBe('needle')
  })

  it('uses previewColumn when the host cut a long line', () => {
    const p = previewParts({ line: 3, column: 400, length: 6, preview: '…abc needle xyz…', previewColumn: 6 })
    expect(p).toEqual({ before: '…abc ', match: 'needle', after: ' xyz…' })
  })

  it('clamps a match that runs past the preview', () => {
    expect(previewParts({ line: 1, column: 3, length: 50, preview: 'abcdef' })).toEqual({ before: 'ab', match: 'cdef', after: '' })
  })
})
