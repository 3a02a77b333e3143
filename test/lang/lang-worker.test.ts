// The index built by the real syntax worker thread, which reads the files itself.
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src-main/lib/log'
import { SyntaxService } from '../../src-main/services/syntax/syntax-service'
import { MAIN, SHAPES, startLang, writeTree, type Harness } from './helpers'

let h: Harness | null = null
let syntax: SyntaxService | null = null
afterEach(() => {
  h?.dispose()
  syntax?.dispose()
  h = null
  syntax = null
})

describe('indexing in the syntax worker', () => {
  it('indexes files read by the worker, skips large ones, and keeps answering outline requests', async () => {
    syntax = new SyntaxService({ log: silentLogger })
    const root = await writeTree({ 'a.jl': SHAPES, 'big.jl': `big() = 1\n${'#'.repeat(4000)}\n` })
    const small = await syntax.index({ file: `${root}/a.jl`, maxBytes: 2000 })
    expect(small.index?.symbols.map((s) => s.name)).toEqual(['Shapes', 'Circle', 'area', 'area', '@twice'])
    expect(small.index?.occurrences.get('area')).toEqual([3, 16, 19, 1, 21, 10])
    expect(await syntax.index({ file: `${root}/big.jl`, maxBytes: 2000 })).toEqual({ index: null, skipped: 'larger than 2 KB' })
    expect((await syntax.index({ file: `${root}/gone.jl`, maxBytes: 2000 })).skipped).toBe('ENOENT')
    expect((await syntax.analyze('f(x) = 1\n')).outline).toEqual([{ name: 'f', kind: 'function', line: 1, endLine: 1 }])
  })

  it('builds a LangService index through its own worker', async () => {
    h = await startLang({ 'src/Shapes.jl': SHAPES, 'main.jl': MAIN }, { syntax: undefined })
    expect(h.lang.status().index).toMatchObject({ files: 2, total: 2, symbols: 7, done: true })
    expect(h.lang.status().index.durationMs).toBeGreaterThan(0)
    expect((await h.lang.definition('main.jl', 8, 6))[0]).toMatchObject({ file: 'src/Shapes.jl', line: 25 })
  })
})
