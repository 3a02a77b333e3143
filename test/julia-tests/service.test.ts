// TestRunService against a real child process: the julia test double replaying transcripts.
import { existsSync } from 'node:fs'
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, Events, TestReport } from '../../src-preload/contract'
import { silentLogger } from '../../src-main/lib/log'
import { KilnError } from '../../src-main/router'
import { TestRunService, workspacePathOf } from '../../src-main/services/julia/tests/test-run-service'
import { planTestRun } from '../../src-main/services/julia/tests/test-plan'
import { packageFixture } from './transcripts'

const stub = join(__dirname, 'julia-stub')
const fullDouble = join(__dirname, '..', 'fixtures', 'julia-double', 'julia')
const doubleReady = existsSync(join(__dirname, '..', 'fixtures', 'julia-double', 'main.mjs'))

type Seen = { name: EventName; payload: unknown }
const cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

async function setup(fixture: string, opts: { delay?: string; julia?: string; env?: NodeJS.ProcessEnv } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'kiln-tests-'))
  cleanup.push(() => rm(root, { recursive: true, force: true }))
  await cp(packageFixture(fixture), root, { recursive: true })
  const events: Seen[] = []
  const waiters: Array<() => void> = []
  const service = new TestRunService({
    julia: async () => ({ path: opts.julia ?? stub, args: [] }),
    environment: () => root,
    workspaceRoot: () => root,
    emit: <E extends EventName>(name: E, payload: Events[E]) => {
      events.push({ name, payload })
      for (const w of waiters.splice(0)) w()
    },
    log: silentLogger,
    env: { ...process.env, KILN_DOUBLE_TESTS_DELAY: opts.delay ?? '0.1', ...opts.env },
    killGraceMs: 500,
  })
  cleanup.push(() => service.dispose())
  const reports = () => events.filter((e) => e.name === 'julia:testReport').map((e) => e.payload as TestReport)
  const output = () => events.filter((e) => e.name === 'julia:testOutput').map((e) => (e.payload as { data: string }).data).join('')
  /** Resolves with the first report matching `pred` (checked on every event). */
  const until = (pred: (r: TestReport) => boolean, ms = 15_000) =>
    new Promise<TestReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such report in ${ms} ms; last: ${JSON.stringify(reports().at(-1))}`)), ms)
      const check = () => {
        const r = reports().find(pred)
        if (r) {
          clearTimeout(timer)
          resolve(r)
        } else waiters.push(check)
      }
      check()
    })
  const done = () => until((r) => r.state !== 'running')
  return { root, service, events, reports, output, until, done }
}

describe('TestRunService', () => {
  it('runs Pkg.test and reports a passing run with its nested sets and streamed output', async () => {
    const t = await setup('pass')
    const { runId } = await t.service.run()
    const final = await t.done()
    expect(final).toMatchObject({ runId, runner: 'Pkg.test', state: 'passed', exitCode: 0, failures: [] })
    expect(final.sets.map((s) => `${'  '.repeat(s.depth)}${s.name} ${s.pass}/${s.total}`)).toEqual([
      'Arith 17/17', '  add 3/3', '  division 2/2', '    exact 1/1', '    inexact 1/1', '  mean 12/12', 'properties 200/200',
    ])
    expect(t.reports()[0]).toMatchObject({ runId, state: 'running', sets: [], exitCode: null })
    expect(t.output()).toContain('Testing Arith tests passed')
    expect(t.output()).toContain('Test Summary: | Pass  Total  Time')
    // Batched: far fewer output events than lines.
    const outputEvents = t.events.filter((e) => e.name === 'julia:testOutput').length
    expect(outputEvents).toBeLessThan(t.output().split('\n').length / 3)
    expect(t.service.current).toBeNull()
  })

  it('reports failures and errors with workspace-relative paths and a failed state', async () => {
    const t = await setup('failures', { delay: '1' })
    await t.service.run()
    const final = await t.done()
    expect(final.state).toBe('failed')
    expect(final.exitCode).toBe(1)
    expect(final.sets[0]).toMatchObject({ name: 'Arith', pass: 4, fail: 1, error: 2, broken: 1, total: 8 })
    expect(final.failures.map((f) => [f.kind, f.set, f.path, f.line])).toEqual([
      ['fail', 'add', 'test/runtests.jl', 8],
      ['error', 'division', 'test/runtests.jl', 13],
      ['error', 'stats', 'test/runtests.jl', 19],
    ])
    expect(final.failures[0]?.file).toBe(join(t.root, 'test', 'runtests.jl'))
    // Progress: a 'running' report carried the first failure before the run ended.
    expect(t.reports().some((r) => r.state === 'running' && r.failures.length > 0)).toBe(true)
  })

  it('a passing run with broken tests is passed', async () => {
    const t = await setup('broken')
    await t.service.run()
    expect(await t.done()).toMatchObject({ state: 'passed', exitCode: 0, sets: [{ name: 'Arith', broken: 2, pass: 4 }] })
  })

  it('a test process that dies of a signal is crashed, keeping the sets before it', async () => {
    const t = await setup('crash')
    await t.service.run()
    const final = await t.done()
    expect(final).toMatchObject({ state: 'crashed', exitCode: 1 })
    expect(final.sets.map((s) => s.name)).toEqual(['add'])
  })

  it('labels a TestItemRunner package and reports its failing test item', async () => {
    const t = await setup('testitems')
    await t.service.run()
    const final = await t.done()
    expect(final.runner).toBe('TestItemRunner')
    expect(final.state).toBe('failed')
    expect(final.failures.map((f) => [f.set, f.path, f.line])).toEqual([['add is commutative', 'test/add_tests.jl', 8]])
  })

  it('cancel stops a long run within the grace period and leaves no process behind', async () => {
    const t = await setup('long', { delay: '1' })
    const { runId } = await t.service.run()
    await t.until((r) => r.sets.length >= 1)
    const pid = (t.service as unknown as { run_: { child: { pid: number } } }).run_.child.pid
    const asked = Date.now()
    t.service.cancel(runId)
    const final = await t.done()
    expect(final.state).toBe('cancelled')
    expect(Date.now() - asked).toBeLessThan(1500)
    expect(final.sets.length).toBeLessThan(20)
    expect(() => process.kill(pid, 0)).toThrow()
  })

  it('allows one run at a time, with a clear error for the second', async () => {
    const t = await setup('long', { delay: '1' })
    const { runId } = await t.service.run()
    await expect(t.service.run()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already running/) })
    t.service.cancel(runId)
    await t.done()
    // Free again once the first run ended.
    const again = await t.service.run()
    expect(again.runId).not.toBe(runId)
    t.service.cancel(again.runId)
    await t.until((r) => r.runId === again.runId && r.state === 'cancelled')
  })

  it('says why it cannot run: no julia, not a package, no tests, no folder', async () => {
    const t = await setup('pass', { julia: '/nonexistent/julia' })
    await expect(t.service.run()).rejects.toMatchObject({ code: 'PROCESS', message: expect.stringContaining('/nonexistent/julia') })
    expect(t.service.current).toBeNull()

    await writeFile(join(t.root, 'Project.toml'), '[deps]\nTest = "8dfed614-e22c-5e08-85e1-65c5234f0b40"\n')
    await expect(planTestRun(t.root, { path: stub, args: [] })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/not a package/) })

    await writeFile(join(t.root, 'Project.toml'), 'name = "Arith"\n')
    await unlink(join(t.root, 'test', 'runtests.jl'))
    await expect(planTestRun(t.root, { path: stub, args: [] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/runtests\.jl/) })

    const none = new TestRunService({ julia: async () => ({ path: stub, args: [] }), environment: () => null, workspaceRoot: () => null, emit: () => {}, log: silentLogger })
    await expect(none.run()).rejects.toBeInstanceOf(KilnError)
    await expect(none.run()).rejects.toMatchObject({ code: 'NO_WORKSPACE' })
  })

  it('dispose kills a running test process', async () => {
    const t = await setup('long', { delay: '1' })
    await t.service.run()
    await t.until((r) => r.state === 'running')
    const pid = (t.service as unknown as { run_: { child: { pid: number } } }).run_.child.pid
    t.service.dispose()
    await new Promise((r) => setTimeout(r, 300))
    expect(() => process.kill(pid, 0)).toThrow()
  })

  it.skipIf(!doubleReady)('works with the full julia test double', async () => {
    const t = await setup('failures', { julia: fullDouble })
    await t.service.run()
    const final = await t.done()
    expect(final).toMatchObject({ state: 'failed', exitCode: 1 })
    expect(final.failures.map((f) => f.line)).toEqual([8, 13, 19])
  })
})

describe('test plan', () => {
  it('passes the juliaup channel first and the project, running Pkg.test in the package', async () => {
    const pkg = packageFixture('pass')
    const plan = await planTestRun(pkg, { path: '/opt/julia', args: ['+1.12'] })
    expect(plan).toEqual({ runner: 'Pkg.test', packageName: 'Arith', file: '/opt/julia', args: ['+1.12', `--project=${pkg}`, '-e', 'using Pkg; Pkg.test()'], cwd: pkg })
  })

  it('runs @testitems directly with TestItemRunner when there is no runtests.jl', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kiln-plan-'))
    cleanup.push(() => rm(root, { recursive: true, force: true }))
    await cp(packageFixture('testitems'), root, { recursive: true })
    await unlink(join(root, 'test', 'runtests.jl'))
    const plan = await planTestRun(root, { path: 'julia', args: [] })
    expect(plan.runner).toBe('TestItemRunner')
    expect(plan.args).toEqual([`--project=${root}`, '-e', 'using TestItemRunner; @run_package_tests'])
    expect(plan.cwd).toBe(join(root, 'test'))
  })

  it('maps failure files into the workspace, and leaves outside ones alone', () => {
    expect(workspacePathOf('/w/Pkg/test/runtests.jl', '/w', '/w/Pkg')).toBe('Pkg/test/runtests.jl')
    expect(workspacePathOf('~/dev/Pkg/src/a.jl', '/home/ada/dev', '/x', '/home/ada')).toBe('Pkg/src/a.jl')
    expect(workspacePathOf('test/runtests.jl', '/w', '/w/Pkg')).toBe('Pkg/test/runtests.jl')
    expect(workspacePathOf('/elsewhere/x.jl', '/w', '/w')).toBeNull()
    expect(workspacePathOf('none', '/w', '/w')).toBeNull()
  })
})
