import { describe, expect, it } from 'vitest'
import {
  emptyQueryList,
  FileRanker,
  parseQuickOpenQuery,
  prepareFiles,
} from '../../src-renderer/panels/quickopen/quickOpenModel'

describe('parseQuickOpenQuery', () => {
  it('takes a :line and :line:column suffix off the query', () => {
    expect(parseQuickOpenQuery('main.jl:12')).toEqual({ query: 'main.jl', line: 12 })
    expect(parseQuickOpenQuery('src/main.jl:12:5')).toEqual({ query: 'src/main.jl', line: 12, column: 5 })
    expect(parseQuickOpenQuery('  main.jl:7  ')).toEqual({ query: 'main.jl', line: 7 })
  })

  it('drops a trailing colon while the line is still being typed', () => {
    expect(parseQuickOpenQuery('main.jl:')).toEqual({ query: 'main.jl' })
  })

  it('leaves a query without a numeric suffix alone', () => {
    expect(parseQuickOpenQuery('main.jl')).toEqual({ query: 'main.jl' })
    expect(parseQuickOpenQuery('a:b')).toEqual({ query: 'a:b' })
    expect(parseQuickOpenQuery('main.jl:0')).toEqual({ query: 'main.jl' })
  })
})

const paths = [
  'src/Kiln.jl',
  'src/main.jl',
  'src/mainloop.jl',
  'docs/src/index.md',
  'main/README.md',
  'test/runtests.jl',
  'src/gpu/kernels.jl',
  'examples/my_array_in.jl',
]

describe('FileRanker', () => {
  const top = (q: string, n = 3): string[] => new FileRanker(prepareFiles(paths)).rank(q, n).items.map((r) => r.path)

  it('prefers a match in the file name over one that needs the folders', () => {
    // 'main/README.md' matches through its folder only; the main*.jl files match by name.
    expect(top('main', 10).indexOf('main/README.md')).toBeGreaterThan(top('main', 10).indexOf('src/mainloop.jl'))
  })

  it('puts an exact file name first', () => {
    expect(top('main')[0]).toBe('src/main.jl')
    expect(top('main.jl')[0]).toBe('src/main.jl')
  })

  it('matches across folders when the query has a slash', () => {
    expect(top('gpu/ker')).toEqual(['src/gpu/kernels.jl'])
    expect(top('srcgpuk')).toEqual(['src/gpu/kernels.jl'])
  })

  it('reports highlight positions on the file name for a name match', () => {
    const r = new FileRanker(prepareFiles(paths)).rank('rt', 1).items[0]
    expect(r.path).toBe('test/runtests.jl')
    expect(r.positions.map((p) => r.path[p]).join('')).toBe('rt')
    expect(Math.min(...r.positions)).toBeGreaterThanOrEqual('test/'.length)
  })

  it('gives the same answers when typing narrows a query and when it widens again', () => {
    const ranker = new FileRanker(prepareFiles(paths))
    const fresh = (q: string) => new FileRanker(prepareFiles(paths)).rank(q, 100)
    for (const q of ['m', 'ma', 'mai', 'main', 'mainl', 'main', 's', 'sr', 'src/', 'src/g']) {
      expect(ranker.rank(q, 100)).toEqual(fresh(q))
    }
  })

  it('caps the items but counts every match', () => {
    const many = prepareFiles(Array.from({ length: 500 }, (_, i) => `pkg/file${i}.jl`))
    const r = new FileRanker(many).rank('file', 200)
    expect(r.items).toHaveLength(200)
    expect(r.total).toBe(500)
  })

  it('ranks 10,000 paths fast enough to run on every keystroke', () => {
    const words = ['src', 'test', 'lib', 'core', 'models', 'train', 'data', 'gpu', 'kernel', 'layers', 'docs']
    const big: string[] = []
    for (let i = 0; i < 10_000; i++) {
      big.push(`${words[i % 11]}/${words[(i * 7) % 11]}/${words[(i * 3) % 11]}_${i}.jl`)
    }
    const files = prepareFiles(big)
    new FileRanker(files).rank('warm', 10)
    const t0 = performance.now()
    const r = new FileRanker(files).rank('kernel', 200)
    const ms = performance.now() - t0
    expect(r.total).toBeGreaterThan(0)
    console.log(`fuzzy rank of 10,000 paths for "kernel": ${ms.toFixed(1)} ms`)
    // Not a benchmark: only catches a pathological (e.g. quadratic) regression on a loaded CI box.
    // Typically 5-15 ms on an idle core.
    expect(ms).toBeLessThan(2000)
  })
})

describe('emptyQueryList', () => {
  it('lists recent files that still exist first, then the others', () => {
    const files = ['a.jl', 'b.jl', 'c.jl', 'd.jl']
    expect(emptyQueryList(files, ['c.jl', 'gone.jl', 'a.jl'], 10)).toEqual({ recent: ['c.jl', 'a.jl'], others: ['b.jl', 'd.jl'] })
    expect(emptyQueryList(files, ['c.jl'], 2)).toEqual({ recent: ['c.jl'], others: ['a.jl'] })
  })
})
