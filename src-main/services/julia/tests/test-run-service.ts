// Runs the active environment's package tests as a supervised child process (a plain pipe, not a
// pty: nobody types into it) and turns its output into a live report:
// - `julia:testOutput` carries the raw output in batches (every ~50 ms, or sooner past 64 KB);
// - `julia:testReport` carries the parsed test sets and failures: once when the run starts
//   (state 'running'), again whenever the parse changed, and a last time with the final state.
// One run at a time. Cancel sends SIGINT to the run's process group (Pkg.test starts a second
// julia for runtests.jl; a non-interactive julia exits on SIGINT), then SIGTERM, then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { homedir } from 'node:os'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { TestFailure, TestReport } from '../../../../src-preload/contract'
import type { Disposable } from '../../../lib/disposable'
import type { Emit } from '../../../lib/events'
import type { Logger } from '../../../lib/log'
import { KilnError } from '../../../router'
import { TestOutputParser, type ParsedFailure } from './test-output-parser'
import { planTestRun, type JuliaCommand, type TestPlan } from './test-plan'

export interface TestRunServiceOptions {
  /** The `julia` to run (path and leading args such as `+1.12`); throws KilnError when there is none. */
  julia: () => Promise<JuliaCommand>
  /** The active environment's folder (absolute), or null when there is none. */
  environment: () => string | null | Promise<string | null>
  workspaceRoot: () => string | null
  emit: Emit
  log: Logger
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv
  /** Between SIGINT and SIGTERM, and between SIGTERM and SIGKILL (default 2000 ms). */
  killGraceMs?: number
  /** Output batching interval (default 50 ms). */
  batchMs?: number
}

const BATCH_MAX_CHARS = 64 * 1024

type Run = {
  runId: string
  plan: TestPlan
  child: ChildProcess
  parser: TestOutputParser
  started: number
  out: string
  flushTimer: NodeJS.Timeout | null
  reported: number
  cancelled: boolean
  killTimers: NodeJS.Timeout[]
  exit: { code: number | null; signal: NodeJS.Signals | null } | null
  finished: boolean
}

/** A failure's file as Julia printed it (absolute, `~/…`, or relative to the package) -> workspace-relative. */
export function workspacePathOf(file: string | null, root: string | null, pkgDir: string, home = homedir()): string | null {
  if (!file || !root || file === 'none') return null
  const expanded = file === '~' || file.startsWith('~/') ? join(home, file.slice(1)) : file
  const abs = isAbsolute(expanded) ? expanded : resolve(pkgDir, expanded)
  const rel = relative(root, abs)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null
  return rel.split(sep).join('/')
}

export class TestRunService implements Disposable {
  private run_: Run | null = null
  private disposed = false

  constructor(private readonly opts: TestRunServiceOptions) {}

  /** The run in progress, if any. */
  /** The pid of the running tests' julia, for the monitor. */
  get pid(): number | null {
    return this.run_?.child.pid ?? null
  }

  get current(): { runId: string } | null {
    return this.run_ ? { runId: this.run_.runId } : null
  }

  /** Starts the tests; resolves once the process is running. Throws KilnError (busy, no package, no julia). */
  async run(): Promise<{ runId: string }> {
    if (this.disposed) throw new KilnError('CANCELLED', 'Kiln is shutting down')
    if (this.run_) throw new KilnError('CONFLICT', 'tests are already running: wait for them or cancel them first')
    const pkgDir = await this.opts.environment()
    if (!pkgDir) throw new KilnError('NO_WORKSPACE', 'open a Julia package folder to run its tests')
    const julia = await this.opts.julia()
    const plan = await planTestRun(pkgDir, julia)
    if (this.run_) throw new KilnError('CONFLICT', 'tests are already running: wait for them or cancel them first')

    const detached = process.platform !== 'win32'
    const child = spawn(plan.file, plan.args, {
      cwd: plan.cwd,
      env: this.opts.env ?? process.env,
      detached,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const runId = randomUUID()
    const run: Run = {
      runId, plan, child, parser: new TestOutputParser(), started: performance.now(), out: '', flushTimer: null,
      reported: -1, cancelled: false, killTimers: [], exit: null, finished: false,
    }
    this.run_ = run
    try {
      await new Promise<void>((ok, fail) => {
        child.once('spawn', ok)
        child.once('error', fail)
      })
    } catch (e) {
      this.run_ = null
      throw new KilnError('PROCESS', `could not start ${plan.file}: ${e instanceof Error ? e.message : String(e)}`)
    }
    this.opts.log.info(`tests ${runId}: ${plan.file} ${plan.args.join(' ')} (in ${plan.cwd})`)
    child.on('error', (e) => this.opts.log.error(`tests ${runId}: ${e.message}`))
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name]
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => this.onData(run, chunk, name))
    }
    child.once('exit', (code, signal) => {
      run.exit = { code, signal }
      // Normally 'close' follows at once; a grandchild holding the pipes must not keep the run open.
      const t = setTimeout(() => this.finish(run), 2000)
      run.killTimers.push(t)
    })
    child.once('close', () => this.finish(run))
    this.report(run, 'running')
    return { runId }
  }

  /** Cancels a run: SIGINT, then SIGTERM, then SIGKILL. Unknown or finished runs are ignored. */
  cancel(runId: string): void {
    const run = this.run_
    if (!run || run.runId !== runId || run.cancelled) return
    run.cancelled = true
    const grace = this.opts.killGraceMs ?? 2000
    this.signal(run, 'SIGINT')
    run.killTimers.push(
      setTimeout(() => this.signal(run, 'SIGTERM'), grace),
      setTimeout(() => this.signal(run, 'SIGKILL'), 2 * grace),
    )
  }

  private signal(run: Run, signal: NodeJS.Signals): void {
    if (run.exit && signal !== 'SIGKILL') return
    const { pid } = run.child
    try {
      if (process.platform !== 'win32' && pid) process.kill(-pid, signal)
      else run.child.kill(signal)
    } catch {
      // already gone
    }
  }

  private onData(run: Run, chunk: string, stream: 'stdout' | 'stderr'): void {
    if (run.finished) return
    run.parser.push(chunk, stream)
    run.out += chunk
    if (run.out.length >= BATCH_MAX_CHARS) this.flush(run)
    else run.flushTimer ??= setTimeout(() => this.flush(run), this.opts.batchMs ?? 50)
  }

  private flush(run: Run): void {
    if (run.flushTimer) clearTimeout(run.flushTimer)
    run.flushTimer = null
    if (this.disposed) return
    if (run.out !== '') {
      this.opts.emit('julia:testOutput', { runId: run.runId, data: run.out })
      run.out = ''
    }
    if (!run.finished && run.parser.changes !== run.reported) this.report(run, 'running')
  }

  private finish(run: Run): void {
    if (run.finished) return
    run.parser.end()
    run.finished = true // before the last flush: no 'running' report after this
    this.flush(run)
    for (const t of run.killTimers) clearTimeout(t)
    if (this.run_ === run) this.run_ = null
    if (!run.exit) run.exit = { code: run.child.exitCode, signal: run.child.signalCode }
    const state = finalState(run)
    this.opts.log.info(`tests ${run.runId}: ${state} (exit ${run.exit.code ?? run.exit.signal})`)
    if (!this.disposed) this.report(run, state)
  }

  private report(run: Run, state: TestReport['state']): void {
    run.reported = run.parser.changes
    const root = this.opts.workspaceRoot()
    const failures: TestFailure[] = run.parser.failures.map((f: ParsedFailure) => ({ ...f, path: workspacePathOf(f.file, root, run.plan.cwd) }))
    this.opts.emit('julia:testReport', {
      runId: run.runId,
      runner: run.plan.runner,
      state,
      sets: [...run.parser.sets],
      failures,
      exitCode: state === 'running' ? null : (run.exit?.code ?? null),
      durationMs: Math.round(performance.now() - run.started),
    })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    const run = this.run_
    if (!run) return
    for (const t of run.killTimers) clearTimeout(t)
    if (run.flushTimer) clearTimeout(run.flushTimer)
    this.signal(run, 'SIGKILL')
    run.child.stdout?.destroy()
    run.child.stderr?.destroy()
    this.run_ = null
  }
}

/** passed / failed / crashed / cancelled, from how the process ended and what it printed. */
function finalState(run: Run): TestReport['state'] {
  if (run.cancelled) return 'cancelled'
  const p = run.parser
  const anyFailed =
    p.failures.length > 0 ||
    (p.totals !== null && p.totals.fail + p.totals.error > 0) ||
    p.sets.some((s) => s.fail + s.error > 0)
  if (run.exit?.code === 0) return anyFailed ? 'failed' : 'passed'
  // Killed by a signal (ours or the test process's, as Pkg reports it): the run did not finish.
  if (run.exit?.signal || p.pkgError?.signal || p.fatalSignal) return 'crashed'
  return anyFailed ? 'failed' : 'crashed'
}
