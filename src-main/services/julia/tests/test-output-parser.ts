// Reads the output of `Pkg.test()` (or TestItemRunner) as it streams in and keeps a running
// picture: the test sets of every `Test Summary:` table and each failure with its file and line.
// Formats, all from JuliaLang/julia stdlib/Test/src/Test.jl unless noted:
// - `record(ts::DefaultTestSet, t::Union{Fail,Error})` prints `description: ` then the result:
//     `Test Failed at /abs/test/runtests.jl:12`     (`show(io, ::Fail)`), followed by
//     `  Expression: …`, `   Evaluated: …`, `     Context: …`, `    Expected: …`, `      Thrown: …`,
//     a blank line and `Stacktrace:` with frames;
//     `Error During Test at /abs/test/runtests.jl:30` (`show(io, ::Error)`), followed by
//     `  Test threw exception` + `  Expression: …` + the indented exception, or
//     `  Got exception outside of a @test` + the indented exception (the line is the @testset's),
//     or `  Expression evaluated to non-Boolean`, or ` Unexpected Pass` for a fixed @test_broken;
//   a bare `@test` outside any @testset prints the same without the `description: ` prefix.
// - `print_test_results` prints the summary table (see summary-table.ts).
// - `TestSetException` shows as `Some tests did not pass: 3 passed, 1 failed, 0 errored, 0 broken.`
//   after `ERROR: LoadError: ` when runtests.jl ends on it.
// - Any other uncaught error while loading runtests.jl: `ERROR: LoadError: <message>`, a
//   stack trace, then `in expression starting at /abs/file.jl:LINE` (Base's error printing).
// - Pkg (JuliaLang/Pkg.jl src/Operations.jl, `test`): `Testing <Name> tests passed`, or
//   `ERROR: Package <Name> errored during testing` with ` (received signal: 11)` or
//   ` (exit code: 2)` appended when the test process died by a signal or exited other than 1.
import type { TestFailure, TestSetResult } from '../../../../src-preload/contract'
import { parseSummaryHeader, parseSummaryRow, type SummaryHeader } from './summary-table'

/** Colour codes and other CSI sequences (Pkg and Test colour their output when asked to). */
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g
const RESULT_AT = /(Test Failed|Error During Test) at (.+):(\d+)\s*$/
const MAX_MESSAGE = 2000

export type Totals = { pass: number; fail: number; error: number; broken: number }

/** A failure with the file exactly as Julia printed it; the service maps it to a workspace path. */
export type ParsedFailure = Omit<TestFailure, 'path'>

type Block =
  | { kind: 'none' }
  | { kind: 'result'; failure: ParsedFailure; lines: string[]; inStack: boolean }
  | { kind: 'loadError'; message: string; lines: string[]; inStack: boolean }
  | { kind: 'table'; header: SummaryHeader }

export class TestOutputParser {
  readonly sets: TestSetResult[] = []
  readonly failures: ParsedFailure[] = []
  /** From `Some tests did not pass: …` (the outermost set's totals), when printed. */
  totals: Totals | null = null
  /** `Package X errored during testing…` was printed; `signal` when the test process was killed by one. */
  pkgError: { message: string; signal: string | null; exitCode: number | null } | null = null
  /** `Testing X tests passed` was printed. */
  passedLine = false
  /** Julia printed a fatal signal report (`signal (11): Segmentation fault`). */
  fatalSignal: string | null = null
  private pending = { stdout: '', stderr: '' }
  private block: Block = { kind: 'none' }
  private seen = new Set<string>()
  private version = 0

  /** Bumped whenever sets, failures or totals change (so callers emit only real progress). */
  get changes(): number {
    return this.version
  }

  /** Feeds output; stdout and stderr keep separate partial lines so their chunks never splice. */
  push(chunk: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const lines = (this.pending[stream] + chunk).split('\n')
    this.pending[stream] = lines.pop() ?? ''
    for (const line of lines) this.line(line)
  }

  /** Flushes the last unterminated lines and closes any open block. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream] !== '') this.line(this.pending[stream])
      this.pending[stream] = ''
    }
    this.closeBlock()
  }

  private line(raw: string): void {
    const line = raw.replace(ANSI, '').replace(/\r$/, '').replace(/.*\r/, '')
    if (this.continueBlock(line)) return
    this.start(line)
  }

  /** Feeds a line to the open block; false when the line ends the block and must be read afresh. */
  private continueBlock(line: string): boolean {
    const b = this.block
    if (b.kind === 'none') return false
    if (b.kind === 'table') {
      const row = parseSummaryRow(line, b.header)
      if (!row) {
        this.block = { kind: 'none' }
        return false
      }
      this.sets.push(row)
      this.version++
      return true
    }
    const trimmed = line.trim()
    if (trimmed === 'Stacktrace:') {
      b.inStack = true
      return true
    }
    if (trimmed === '') return true
    const indented = /^\s/.test(line)
    if (b.kind === 'loadError') {
      const where = /^in expression starting at (.+):(\d+)\s*$/.exec(line)
      if (where) {
        this.addFailure({ kind: 'error', set: null, message: [b.message, ...b.lines].join('\n'), file: where[1] ?? null, line: Number(where[2]) })
        this.block = { kind: 'none' }
        return true
      }
      if (b.inStack) {
        if (indented || trimmed === '⋮') return true
        this.closeBlock()
        return false
      }
      b.lines.push(trimmed)
      return true
    }
    // A Test result: indented lines are its details, then its stack trace; an unindented line ends it.
    if (!indented && !/^\[\d+\]/.test(trimmed)) {
      this.closeBlock()
      return false
    }
    if (!b.inStack) b.lines.push(trimmed)
    return true
  }

  private start(line: string): void {
    const header = parseSummaryHeader(line)
    if (header) {
      this.block = { kind: 'table', header }
      return
    }
    const at = RESULT_AT.exec(line)
    if (at && at.index !== undefined) {
      const prefix = line.slice(0, at.index)
      const set = prefix.endsWith(': ') ? prefix.slice(0, -2) : null
      const kind = at[1] === 'Test Failed' ? 'fail' : 'error'
      this.block = { kind: 'result', failure: { kind, set, message: '', file: at[2] ?? null, line: Number(at[3]) }, lines: [], inStack: false }
      return
    }
    const notPass = /Some tests did not pass: (\d+) passed, (\d+) failed, (\d+) errored, (\d+) broken\./.exec(line)
    if (notPass) {
      this.totals = { pass: Number(notPass[1]), fail: Number(notPass[2]), error: Number(notPass[3]), broken: Number(notPass[4]) }
      this.version++
      return
    }
    // `ERROR: LoadError: Package …` when Pkg.test was called from a script (Ray.jl issue #119).
    const pkg = /^ERROR: (?:LoadError: )?(Packages? .*errored during testing(?: \((?:received signal: (\w+)|exit code: (\d+))\))?.*)$/.exec(line)
    if (pkg) {
      this.pkgError = { message: pkg[1] ?? '', signal: pkg[2] ?? null, exitCode: pkg[3] ? Number(pkg[3]) : null }
      this.version++
      return
    }
    const loadError = /^ERROR: LoadError: (.*)$/.exec(line)
    if (loadError) {
      // `There was an error during testing` follows a bare failing @test, already recorded.
      const message = loadError[1] ?? ''
      if (!/^There was an error during testing/.test(message)) this.block = { kind: 'loadError', message, lines: [], inStack: false }
      return
    }
    // `signal (11): …` (≤1.9), `[92134] signal (11.1): …` (1.10, Snopt.jl issue #21),
    // `[41] signal 11 (128): …` (1.12, LightBSON.jl issue #37).
    const signal = /^\s*(?:\[\d+\] )?signal \(?(\d+)(?:\.\d+)?\)?(?: \(\d+\))?: (.+)$/.exec(line)
    if (signal) {
      this.fatalSignal = `${signal[1]}: ${signal[2]}`
      this.version++
      return
    }
    if (/^\s*Testing .+ tests passed\s*$/.test(line)) this.passedLine = true
  }

  private closeBlock(): void {
    const b = this.block
    this.block = { kind: 'none' }
    if (b.kind === 'result') {
      b.failure.message = b.lines.join('\n').slice(0, MAX_MESSAGE)
      this.addFailure(b.failure)
    } else if (b.kind === 'loadError') {
      // No `in expression starting at`: keep the error, without a place.
      this.addFailure({ kind: 'error', set: null, message: [b.message, ...b.lines].join('\n').slice(0, MAX_MESSAGE), file: null, line: null })
    }
  }

  private addFailure(f: ParsedFailure): void {
    // `print_test_errors` may print a result a second time ("Error in testset X:").
    const key = `${f.kind}\0${f.file}\0${f.line}\0${f.message}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.failures.push(f)
    this.version++
  }
}
