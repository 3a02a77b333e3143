import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TestOutputParser } from '../../src-main/services/julia/tests/test-output-parser'
import { parseDuration, parseSummaryHeader, parseSummaryRow } from '../../src-main/services/julia/tests/summary-table'
import { packageFixture, render, type Chunk } from './transcripts'

const PKG = '/home/ada/Arith'

/** Feeds the chunks re-cut at arbitrary places (as pipes deliver them), stdout and stderr interleaved. */
function parse(chunks: Chunk[], cut = 7): TestOutputParser {
  const p = new TestOutputParser()
  for (const c of chunks) for (let i = 0; i < c.text.length; i += cut) p.push(c.text.slice(i, i + cut), c.stream)
  p.end()
  return p
}

const row = (name: string, depth: number, pass: number, fail: number, error: number, broken: number, total: number, timeS: number) => ({
  name, depth, pass, fail, error, broken, total, timeS,
})

describe('summary table', () => {
  it('reads the columns by position, blanks as zero (the Test stdlib docs example)', () => {
    // From the Test stdlib docs (quoted in JuliaLang/julia issue #57095).
    const h = parseSummaryHeader('Test Summary: | Pass  Fail  Total  Time')
    expect(h).not.toBeNull()
    if (!h) return
    expect(parseSummaryRow('Foo Tests     |    2     2      4  0.3s', h)).toEqual(row('Foo Tests', 0, 2, 2, 0, 0, 4, 0.3))
    expect(parseSummaryRow('    Felines   |    1            1  0.0s', h)).toEqual(row('Felines', 2, 1, 0, 0, 0, 1, 0))
    expect(parseSummaryRow('    Canines   |          1      1  0.1s', h)).toEqual(row('Canines', 2, 0, 1, 0, 0, 1, 0.1))
    expect(parseSummaryRow('RNG of the outermost testset: Random.Xoshiro(0x1)', h)).toBeNull()
  })

  it('handles wide counts, minutes, and names with a bar or wide characters', () => {
    const h = parseSummaryHeader('Test Summary:    |    Pass  Broken    Total     Time')
    if (!h) throw new Error('no header')
    expect(parseSummaryRow('a | b ∈ 集合      | 1915808       3  1915811  1m43.1s', h)).toEqual(row('a | b ∈ 集合', 0, 1915808, 0, 0, 3, 1915811, 103.1))
    expect(parseDuration('?s')).toBeNull()
    expect(parseDuration('8m05.2s')).toBeCloseTo(485.2)
  })

  it('is not fooled by a line that merely starts like a header', () => {
    expect(parseSummaryHeader('Test Summary: nothing here')).toBeNull()
    expect(parseSummaryHeader('Test Summary: | Pass  Apples')).toBeNull()
  })
})

describe('Pkg.test output parser', () => {
  it('all passing: every nested set of a verbose set, and a second table', () => {
    const p = parse(render('pass', PKG))
    expect(p.sets).toEqual([
      row('Arith', 0, 17, 0, 0, 0, 17, 1.3),
      row('add', 1, 3, 0, 0, 0, 3, 0.1),
      row('division', 1, 2, 0, 0, 0, 2, 0.2),
      row('exact', 2, 1, 0, 0, 0, 1, 0),
      row('inexact', 2, 1, 0, 0, 0, 1, 0.1),
      row('mean', 1, 12, 0, 0, 0, 12, 0.9),
      row('properties', 0, 200, 0, 0, 0, 200, 0.6),
    ])
    expect(p.failures).toEqual([])
    expect(p.passedLine).toBe(true)
    expect(p.pkgError).toBeNull()
  })

  it('failures and errors: counts per set, each failure with its set, message, file and line', () => {
    const p = parse(render('failures', PKG), 13)
    expect(p.sets).toEqual([
      row('Arith', 0, 4, 1, 2, 1, 8, 2.1),
      row('add', 1, 2, 1, 0, 0, 3, 0.1),
      row('division', 1, 1, 0, 1, 0, 2, 0.4),
      row('mean', 1, 1, 0, 0, 1, 2, 0),
      row('stats', 1, 0, 0, 1, 0, 1, 0.2),
    ])
    expect(p.failures).toEqual([
      { kind: 'fail', set: 'add', file: `${PKG}/test/runtests.jl`, line: 8, message: 'Expression: add(2, 2) == 5\nEvaluated: 4 == 5' },
      {
        kind: 'error', set: 'division', file: `${PKG}/test/runtests.jl`, line: 13,
        message: 'Test threw exception\nExpression: safe_div(1, 0) == Inf\nDivideError: integer division error',
      },
      {
        kind: 'error', set: 'stats', file: `${PKG}/test/runtests.jl`, line: 19,
        message: 'Got exception outside of a @test\nUndefVarError: `load_samples` not defined in `Main`\nSuggestion: check for spelling errors or missing imports.',
      },
    ])
    expect(p.totals).toEqual({ pass: 4, fail: 1, error: 2, broken: 1 })
    expect(p.pkgError).toEqual({ message: 'Package Arith errored during testing', signal: null, exitCode: null })
  })

  it('the lines it reports are the lines of the failing tests in the package', () => {
    const pkg = packageFixture('failures')
    const source = readFileSync(join(pkg, 'test', 'runtests.jl'), 'utf8').split('\n')
    const p = parse(render('failures', pkg))
    const at = p.failures.map((f) => source[(f.line ?? 0) - 1]?.trim())
    expect(at).toEqual(['@test add(2, 2) == 5', '@test safe_div(1, 0) == Inf', '@testset "stats" begin'])
  })

  it('broken tests pass the run and are counted', () => {
    const p = parse(render('broken', PKG))
    expect(p.sets).toEqual([row('Arith', 0, 4, 0, 0, 2, 6, 0.7)])
    expect(p.failures).toEqual([])
    expect(p.passedLine).toBe(true)
  })

  it('a crash: the sets before it, the signal, and Pkg saying which signal', () => {
    const p = parse(render('crash', PKG))
    expect(p.sets).toEqual([row('add', 0, 3, 0, 0, 0, 3, 0.1)])
    expect(p.fatalSignal).toBe('11: Segmentation fault')
    expect(p.pkgError).toEqual({ message: 'Package Arith errored during testing (received signal: 11)', signal: '11', exitCode: null })
    expect(p.failures).toEqual([])
  })

  it('TestItemRunner: Package > file > item, and the failing item', () => {
    const p = parse(render('testitems', PKG))
    expect(p.sets.map((s) => [s.name, s.depth, s.pass, s.fail, s.total])).toEqual([
      ['Package', 0, 4, 1, 5],
      ['test/add_tests.jl', 1, 3, 1, 4],
      ['add works', 2, 2, 0, 2],
      ['add is commutative', 2, 1, 1, 2],
      ['src/Arith.jl', 1, 1, 0, 1],
    ])
    expect(p.failures).toEqual([
      { kind: 'fail', set: 'add is commutative', file: `${PKG}/test/add_tests.jl`, line: 8, message: 'Expression: add(1, 2.5) == 2.5\nEvaluated: 3.5 == 2.5' },
    ])
    const source = readFileSync(join(packageFixture('testitems'), 'test', 'add_tests.jl'), 'utf8').split('\n')
    expect(source[7]?.trim()).toBe('@test add(1, 2.5) == 2.5')
  })

  it('a load error outside any test set becomes an error at the line julia names', () => {
    const p = new TestOutputParser()
    p.push(
      [
        'ERROR: LoadError: UndefVarError: `Arihh` not defined in `Main`',
        'Stacktrace:',
        ' [1] top-level scope',
        `   @ ${PKG}/test/runtests.jl:2`,
        `in expression starting at ${PKG}/test/runtests.jl:2`,
        'ERROR: Package Arith errored during testing',
        '',
      ].join('\n'),
    )
    p.end()
    expect(p.failures).toEqual([{ kind: 'error', set: null, file: `${PKG}/test/runtests.jl`, line: 2, message: 'UndefVarError: `Arihh` not defined in `Main`' }])
  })

  it('a bare failing @test (no test set), colour codes, CRLF, and a result printed twice', () => {
    const p = new TestOutputParser()
    const fail = `\x1b[91m\x1b[1mTest Failed\x1b[22m\x1b[39m at \x1b[39m\x1b[1m${PKG}/test/runtests.jl:4\x1b[22m\r\n  Expression: 1 == 2\r\n\r\n`
    p.push(fail)
    p.push(`Error in testset outer:\n${fail}`)
    p.push('ERROR: LoadError: There was an error during testing\n')
    p.end()
    expect(p.failures).toEqual([{ kind: 'fail', set: null, file: `${PKG}/test/runtests.jl`, line: 4, message: 'Expression: 1 == 2' }])
  })

  it('older crash formats and a Pkg.test called from a script', () => {
    const p = new TestOutputParser()
    p.push('[92134] signal (11.1): Segmentation fault\nERROR: LoadError: Package Ray errored during testing (received signal: 11)\n')
    p.end()
    expect(p.fatalSignal).toBe('11: Segmentation fault')
    expect(p.pkgError?.signal).toBe('11')
    expect(p.failures).toEqual([])
  })
})
