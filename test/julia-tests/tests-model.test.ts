import { describe, expect, it } from 'vitest'
import type { TestReport, TestSetResult } from '../../src-preload/contract'
import { failureTitle, headline, placeText, setStatus, totals } from '../../src-renderer/panels/tests/tests-model'

const set = (name: string, depth: number, pass: number, fail = 0, error = 0, broken = 0): TestSetResult => ({
  name, depth, pass, fail, error, broken, total: pass + fail + error + broken, timeS: 0.1,
})
const report = (over: Partial<TestReport>): TestReport => ({
  runId: 'r1', runner: 'Pkg.test', state: 'running', sets: [], failures: [], exitCode: null, durationMs: 2100, ...over,
})

describe('tests view model', () => {
  it('a set is failed on any fail or error, broken on broken only', () => {
    expect(setStatus(set('a', 0, 3))).toBe('passed')
    expect(setStatus(set('a', 0, 3, 0, 0, 1))).toBe('broken')
    expect(setStatus(set('a', 0, 3, 0, 1, 1))).toBe('failed')
  })

  it('totals count only the outermost sets (rows already include their children)', () => {
    expect(totals([set('Arith', 0, 4, 1, 2, 1), set('add', 1, 2, 1), set('properties', 0, 200)])).toEqual({ pass: 204, fail: 1, error: 2, broken: 1, total: 208 })
  })

  it('headlines say what happened in words', () => {
    const sets = [set('Arith', 0, 4, 1, 2, 1)]
    expect(headline(report({ state: 'failed', sets, exitCode: 1 }), 0)).toBe('4 passed, 1 failed, 2 errored, 1 broken in 2.1 s')
    expect(headline(report({ state: 'passed', sets: [set('A', 0, 17)], exitCode: 0 }), 0)).toBe('17 passed in 2.1 s')
    expect(headline(report({ state: 'running' }), 3400)).toBe('Running tests… 3.4 s')
    expect(headline(report({ state: 'running', sets: [set('slow 1', 0, 1)] }), 1500)).toBe('Running tests… 1.5 s · 1 passed so far')
    expect(headline(report({ state: 'crashed', exitCode: 1 }), 0)).toBe('The test process crashed (exit code 1) after 2.1 s')
    expect(headline(report({ state: 'cancelled', durationMs: 65_000 }), 0)).toBe('Cancelled after 1 min 5 s')
  })

  it('failures show their set and place, workspace-relative when they can', () => {
    const f = { kind: 'fail' as const, set: 'add', message: '', file: '/w/test/runtests.jl', line: 8, path: 'test/runtests.jl' }
    expect(placeText(f)).toBe('test/runtests.jl:8')
    expect(placeText({ ...f, path: null })).toBe('/w/test/runtests.jl:8')
    expect(placeText({ ...f, path: null, file: null })).toBeNull()
    expect(failureTitle(f)).toBe('add: Test Failed')
    expect(failureTitle({ ...f, kind: 'error', set: null })).toBe('Error During Test')
  })
})
