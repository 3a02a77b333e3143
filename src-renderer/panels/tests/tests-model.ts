// The Tests view's pure logic: a status per test set, the headline of a run, and how a failure's
// place is shown. No React, no api: unit-tested in test/julia-tests.
import type { TestFailure, TestReport, TestSetResult } from '../../../src-preload/contract'

export type SetStatus = 'passed' | 'failed' | 'broken'

export const setStatus = (s: TestSetResult): SetStatus => (s.fail + s.error > 0 ? 'failed' : s.broken > 0 ? 'broken' : 'passed')

export type Counts = { pass: number; fail: number; error: number; broken: number; total: number }

/** Totals over the outermost sets (each row's counts already include its children). */
export function totals(sets: readonly TestSetResult[]): Counts {
  const c: Counts = { pass: 0, fail: 0, error: 0, broken: 0, total: 0 }
  for (const s of sets) {
    if (s.depth !== 0) continue
    c.pass += s.pass
    c.fail += s.fail
    c.error += s.error
    c.broken += s.broken
    c.total += s.total
  }
  return c
}

const plural = (n: number, word: string): string => `${n} ${word}`

export function countsText(c: Counts): string {
  const parts = [plural(c.pass, 'passed')]
  if (c.fail > 0) parts.push(plural(c.fail, 'failed'))
  if (c.error > 0) parts.push(plural(c.error, 'errored'))
  if (c.broken > 0) parts.push(plural(c.broken, 'broken'))
  return parts.join(', ')
}

export const secondsText = (ms: number): string => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`)

/** One line saying how the run went (or is going). */
export function headline(r: TestReport, elapsedMs: number): string {
  const c = totals(r.sets)
  const failed = r.failures.length
  switch (r.state) {
    case 'running': {
      const sofar = r.sets.length > 0 ? ` · ${countsText(c)} so far` : ''
      const fails = failed > 0 && r.sets.length === 0 ? ` · ${plural(failed, failed === 1 ? 'failure' : 'failures')} so far` : ''
      return `Running tests… ${secondsText(elapsedMs)}${sofar}${fails}`
    }
    case 'passed':
      return `${r.sets.length > 0 ? countsText(c) : 'Tests passed'} in ${secondsText(r.durationMs)}`
    case 'failed':
      return `${r.sets.length > 0 ? countsText(c) : plural(failed, failed === 1 ? 'failure' : 'failures')} in ${secondsText(r.durationMs)}`
    case 'crashed':
      return `The test process crashed${r.exitCode !== null ? ` (exit code ${r.exitCode})` : ''} after ${secondsText(r.durationMs)}`
    case 'cancelled':
      return `Cancelled after ${secondsText(r.durationMs)}`
  }
}

/** `test/runtests.jl:8` (workspace-relative when possible). */
export function placeText(f: TestFailure): string | null {
  const file = f.path ?? f.file
  if (!file) return null
  return f.line !== null ? `${file}:${f.line}` : file
}

/** The first line of a failure's message, for the row; the rest shows below it. */
export function failureTitle(f: TestFailure): string {
  const kind = f.kind === 'fail' ? 'Test Failed' : 'Error During Test'
  return f.set ? `${f.set}: ${kind}` : kind
}
