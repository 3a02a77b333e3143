// Find in Files: options, filters, limits, cancellation, and speed on 10,000 files.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SearchDone, SearchFileResult, SearchQuery } from '../../src-preload/contract'
import { SEARCH_MAX_FILE_BYTES, SearchService } from '../../src-main/services/workspace/search-service'
import type { WorkspaceService } from '../../src-main/services/workspace/workspace-service'
import { failure, makeWorkspace, tempDir, writeTree, type recorder } from './helpers'
import { silentLogger } from '../../src-main/lib/log'

type Rec = ReturnType<typeof recorder>
const query = (q: Partial<SearchQuery> & { pattern: string }): SearchQuery => ({
  isRegex: false,
  caseSensitive: false,
  wholeWord: false,
  include: '',
  exclude: '',
  maxResults: 20_000,
  ...q,
})

/** Runs a search to its end: the done event and this search's results, sorted by path. */
async function run(search: SearchService, rec: Rec, q: Partial<SearchQuery> & { pattern: string }) {
  const { searchId } = search.start(query(q))
  const done = await rec.waitFor('search:done', (d) => d.searchId === searchId, 20_000)
  const results = rec
    .of('search:result')
    .filter((r) => r.searchId === searchId)
    .sort((a, b) => (a.path < b.path ? -1 : 1))
  return { searchId, done, results, paths: results.map((r) => r.path) }
}

describe('search options and filters', () => {
  let ws: WorkspaceService
  let rec: Rec
  let search: SearchService
  let cleanups: Array<() => Promise<void>> = []

  beforeEach(async () => {
    const t = await tempDir()
    const made = await makeWorkspace()
    ws = made.ws
    rec = made.rec
    search = new SearchService({ workspace: ws, emit: rec.emit, log: silentLogger })
    cleanups = [made.cleanup, t.cleanup]
    await writeTree(t.dir, {
      'src/Kiln.jl': 'module Kiln\nfunction solve(x)\n    return x + 1\nend\nend # module\n',
      'src/solver.jl': 'solver(x) = Solve(x)\nresolve = 1\nα_solve = 2\n',
      'test/runtests.jl': 'using Test\n@test solve(1) == 2\n',
      'docs/make.jl': 'solve docs\n',
      'README.md': 'Call `solve` to SOLVE.\n',
      'data/blob.bin': Buffer.from([0x73, 0x6f, 0x6c, 0x76, 0x65, 0x00, 0x01]), // "solve\0\1"
      'node_modules/dep/solve.js': 'solve()\n',
      '.git/solve': 'solve\n',
      'out/solve.jl': 'solve\n',
    })
    await writeFile(path.join(t.dir, 'data/huge.txt'), `solve\n${'x'.repeat(SEARCH_MAX_FILE_BYTES)}`)
    await ws.open(t.dir)
  })

  afterEach(async () => {
    search.dispose()
    for (const c of cleanups) await c()
  })

  it('finds a literal, ignoring case by default, with line, column and preview', async () => {
    const { done, results, paths } = await run(search, rec, { pattern: 'solve' })
    expect(paths).toEqual(['README.md', 'docs/make.jl', 'src/Kiln.jl', 'src/solver.jl', 'test/runtests.jl'])
    const kiln = results.find((r) => r.path === 'src/Kiln.jl') as SearchFileResult
    expect(kiln.matches).toEqual([{ line: 2, column: 10, length: 5, preview: 'function solve(x)', previewColumn: 10 }])
    const readme = results.find((r) => r.path === 'README.md') as SearchFileResult
    expect(readme.matches.map((m) => m.column)).toEqual([7, 17]) // `solve` and SOLVE: one event per file
    expect(done).toMatchObject({ filesMatched: 5, matches: 9, limitHit: false })
    expect(done.error).toBeUndefined()
    // Binary, over 5 MB, and heavy folders are not searched.
    expect(done.filesSearched).toBe(5)
  })

  it('respects case sensitivity and whole words (Unicode letters count as word characters)', async () => {
    expect((await run(search, rec, { pattern: 'SOLVE', caseSensitive: true })).paths).toEqual(['README.md'])
    const whole = await run(search, rec, { pattern: 'solve', wholeWord: true })
    expect(whole.paths).toEqual(['README.md', 'docs/make.jl', 'src/Kiln.jl', 'src/solver.jl', 'test/runtests.jl'])
    const solver = whole.results.find((r) => r.path === 'src/solver.jl') as SearchFileResult
    // `Solve(x)` matches; `solver`, `resolve` and `α_solve` do not.
    expect(solver.matches.map((m) => [m.line, m.column])).toEqual([[1, 13]])
  })

  it('searches regular expressions', async () => {
    const { results } = await run(search, rec, { pattern: '^\\s*return\\s+(\\w+)', isRegex: true })
    expect(results).toHaveLength(1)
    expect(results[0]?.matches).toEqual([{ line: 3, column: 1, length: 12, preview: '    return x + 1', previewColumn: 1 }])
    const anchored = await run(search, rec, { pattern: 'end$', isRegex: true, caseSensitive: true })
    expect(anchored.results[0]?.matches.map((m) => m.line)).toEqual([4])
  })

  it('refuses an invalid regular expression at start with INVALID_ARGS', async () => {
    const f = await failure(Promise.resolve().then(() => search.start(query({ pattern: 'solve(', isRegex: true }))))
    expect(f.code).toBe('INVALID_ARGS')
    expect(f.message).toContain('invalid regular expression')
    // The same text as a literal is fine.
    expect((await run(search, rec, { pattern: 'solve(' })).paths).toEqual(['src/Kiln.jl', 'src/solver.jl', 'test/runtests.jl'])
  })

  it('filters with include and exclude globs', async () => {
    expect((await run(search, rec, { pattern: 'solve', include: '*.jl' })).paths).toEqual([
      'docs/make.jl',
      'src/Kiln.jl',
      'src/solver.jl',
      'test/runtests.jl',
    ])
    expect((await run(search, rec, { pattern: 'solve', include: 'src/**, *.md' })).paths).toEqual([
      'README.md',
      'src/Kiln.jl',
      'src/solver.jl',
    ])
    expect((await run(search, rec, { pattern: 'solve', exclude: 'test, docs' })).paths).toEqual([
      'README.md',
      'src/Kiln.jl',
      'src/solver.jl',
    ])
    expect((await run(search, rec, { pattern: 'solve', include: '*.jl', exclude: 'src/K*' })).paths).toEqual([
      'docs/make.jl',
      'src/solver.jl',
      'test/runtests.jl',
    ])
  })

  it('stops at maxResults and says the limit was hit', async () => {
    const { done, results } = await run(search, rec, { pattern: 'solve', maxResults: 3 })
    expect(done.matches).toBe(3)
    expect(done.limitHit).toBe(true)
    expect(results.flatMap((r) => r.matches)).toHaveLength(3)
  })

  it('needs an open folder', async () => {
    ws.close()
    expect((await failure(Promise.resolve().then(() => search.start(query({ pattern: 'x' }))))).code).toBe('NO_WORKSPACE')
  })
})

describe('search on 10,000 files', () => {
  const FILES = 10_000
  let ws: WorkspaceService
  let rec: Rec
  let search: SearchService
  let cleanups: Array<() => Promise<void>> = []

  beforeAll(async () => {
    const t = await tempDir('kiln-search10k-')
    const made = await makeWorkspace()
    ws = made.ws
    rec = made.rec
    search = new SearchService({ workspace: ws, emit: rec.emit, log: silentLogger })
    cleanups = [made.cleanup, t.cleanup]
    const body = (i: number): string =>
      `module M${i}\n\n${Array.from({ length: 40 }, (_, k) => `f_${k}(x::Int) = x * ${k} + ${i} # helper number ${k}`).join('\n')}\n` +
      (i % 100 === 0 ? `const NEEDLE_${i} = "needle in file ${i}"\n` : '') +
      'end\n'
    for (let d = 0; d < 100; d++) {
      const dir = path.join(t.dir, `pkg${d}`, 'src')
      await mkdir(dir, { recursive: true })
      await Promise.all(Array.from({ length: FILES / 100 }, (_, k) => writeFile(path.join(dir, `file${k}.jl`), body(d * 100 + k))))
    }
    await ws.open(t.dir)
  }, 120_000)

  afterAll(async () => {
    search.dispose()
    for (const c of cleanups) await c()
  })

  it('finds the needles in all 10,000 files well within the budget', async () => {
    const started = performance.now()
    const { done, results } = await run(search, rec, { pattern: 'needle_\\d+', isRegex: true })
    const ms = performance.now() - started
    console.log(`search of ${FILES} files (~2.4 KB each): ${ms.toFixed(0)} ms (service reports ${done.durationMs} ms)`)
    expect(done.filesSearched).toBe(FILES)
    expect(results).toHaveLength(FILES / 100)
    expect(done.matches).toBe(FILES / 100)
    expect(ms).toBeLessThan(10_000) // generous: catches pathological slowness, not jitter
  })

  it('cancels promptly: nothing arrives after cancel, and done says cancelled', async () => {
    const { searchId } = search.start(query({ pattern: 'helper' }))
    await rec.waitFor('search:result', (r) => r.searchId === searchId)
    search.cancel(searchId)
    const cancelledAt = rec.of('search:result').filter((r) => r.searchId === searchId).length
    const done = await rec.waitFor('search:done', (d) => d.searchId === searchId)
    await new Promise((r) => setTimeout(r, 100))
    expect(done.error).toBe('cancelled')
    expect(done.filesSearched).toBeLessThan(FILES)
    expect(rec.of('search:result').filter((r) => r.searchId === searchId)).toHaveLength(cancelledAt)
  })

  it('a new search supersedes the old one and results never mix', async () => {
    const first = search.start(query({ pattern: 'helper' }))
    const second = await run(search, rec, { pattern: 'NEEDLE_4200', caseSensitive: true })
    const firstDone = rec.of('search:done').find((d: SearchDone) => d.searchId === first.searchId)
    expect(firstDone?.error).toBe('cancelled')
    expect(second.paths).toEqual(['pkg42/src/file0.jl'])
    expect(second.results.every((r) => r.matches.every((m) => m.preview.includes('NEEDLE_4200')))).toBe(true)
    expect(second.searchId).not.toBe(first.searchId)
  })
})
