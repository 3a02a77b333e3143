// Builds: a configuration from `.kiln/builds.json` turned into a juliac run, supervised, with the
// log streamed (`juliac:log`, batched), the record kept current (`juliac:build`: phase, diagnostics,
// end), metrics measured and the result kept in the workspace's build history.
// - Skipped when the inputs (sources, Project/Manifest, flags, juliac and Julia versions) equal
//   the last successful build's, unless forced.
// - Transient failures (killed by SIGKILL, an out-of-memory message) retry by themselves, up to
//   MAX_ATTEMPTS in all; a trim verification failure suggests the `unsafe-warn` build.
// - One build at a time: juliac needs gigabytes of memory.
import { randomUUID } from 'node:crypto'
import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { BuildConfig, BuildRecord, BuildTrim, JuliacStatus } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import type { StringSettingKey } from '../settings/schema'
import { toRel } from '../workspace/confine'
import { findProduct, listOutput, sizesOf } from './artifacts'
import { BuildChild, type ChildOutcome } from './build-child'
import { CappedLog, mapDiagnostics } from './build-log'
import { displayFlags, juliacArgs, juliacEnv } from './command'
import { configNamed } from './configs'
import { discoverJuliac, type JuliacDiscovery } from './discovery'
import { BuildHistory, type StoredBuild } from './history'
import { inputsHash } from './inputs'
import { inspectElf } from './elf/report'
import { JuliacLogReader } from './log/parse'

export const MAX_ATTEMPTS = 3
/** How Julia reports the SIGINT/SIGTERM of a cancel (`[PID] signal 2: Interrupt`). */
const CANCEL_SIGNAL = /^signal (?:2|15): (?:Interrupt|Terminated)\b/
const BATCH_MAX_CHARS = 64 * 1024
const DISCOVERY_TTL_MS = 30_000
/** An out-of-memory death, in the words the kernel, Julia and LLVM use for it. */
const OOM = /out of memory|OutOfMemoryError|Cannot allocate memory|std::bad_alloc|oom-kill|Killed process \d+/i

export interface BuildServiceOptions {
  workspaceRoot: () => string | null
  settings: { getString(key: StringSettingKey): string }
  /** The active Julia environment's folder (JuliaService.testTarget); used when a config names no project. */
  environment?: (() => Promise<string | null>) | null
  emit: Emit
  log: Logger
  userDataDir: string
  env?: NodeJS.ProcessEnv
  /** How juliac is found (default: discoverJuliac with the settings). */
  discover?: () => Promise<JuliacDiscovery>
  /** SIGINT -> SIGTERM -> SIGKILL spacing (default 3 s). */
  graceMs?: number
  /** The whole build's time limit, per attempt (default 2 h). */
  timeoutMs?: number
  /** After this long without output the log says so (default 120 s). */
  quietMs?: number
  batchMs?: number
  retryDelayMs?: number
}

type Running = {
  record: BuildRecord
  stored: StoredBuild
  history: BuildHistory
  child: BuildChild | null
  cancelled: boolean
  log: CappedLog
  pending: string
  flushTimer: NodeJS.Timeout | null
  done: Promise<BuildRecord>
}

type Plan = { root: string; config: BuildConfig; project: string | null; trim: BuildTrim; juliac: JuliacDiscovery & { command: string[] }; args: string[]; flags: string[]; outputDir: string; baseDir: string }

const exists = async (p: string): Promise<boolean> => (await stat(p).catch(() => null)) !== null

export class BuildService implements Disposable {
  private readonly running = new Map<string, Running>()
  private readonly histories = new Map<string, BuildHistory>()
  private discovered: { at: number; value: JuliacDiscovery } | null = null
  private disposed = false

  constructor(private readonly opts: BuildServiceOptions) {}

  private root(): string {
    const root = this.opts.workspaceRoot()
    if (!root) throw new KilnError('NO_WORKSPACE', 'open a folder to build it')
    return root
  }

  history(root = this.root()): BuildHistory {
    let h = this.histories.get(root)
    if (!h) this.histories.set(root, (h = new BuildHistory(this.opts.userDataDir, root, this.opts.log)))
    return h
  }

  /** juliac as found now (refreshes the cache the builds use). */
  async status(): Promise<JuliacStatus> {
    return this.discover(true)
  }

  private async discover(fresh = false): Promise<JuliacDiscovery> {
    if (!fresh && this.discovered && Date.now() - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.value
    const value = await (this.opts.discover ?? (() => discoverJuliac({ setting: (k) => this.opts.settings.getString(k), env: this.opts.env })))()
    this.discovered = { at: Date.now(), value }
    return value
  }

  /** The pid of the juliac process of the build in progress, for the monitor. */
  get pid(): number | null {
    return [...this.running.values()][0]?.child?.pid ?? null
  }

  /** The build in progress, if any. */
  get current(): BuildRecord | null {
    return [...this.running.values()][0]?.record ?? null
  }

  /** Starts a build (or records a skip); resolves with its id once it runs. Throws KilnError on bad input. */
  async start(name: string | null, opts: { force?: boolean; trim?: BuildTrim } = {}): Promise<{ buildId: string }> {
    if (this.disposed) throw new KilnError('CANCELLED', 'Kiln is shutting down')
    const busy = this.current
    if (busy) throw new KilnError('CONFLICT', `the build of ${busy.config} is still running: wait for it or cancel it`)
    const plan = await this.plan(name, opts.trim)
    const history = this.history(plan.root)
    const hash = await inputsHash({
      root: plan.root, entry: join(plan.root, plan.config.entry), project: plan.project,
      outputDir: plan.outputDir, args: plan.flags, juliacVersion: plan.juliac.version, juliaVersion: plan.juliac.juliaVersion,
    })
    const record: BuildRecord = {
      id: randomUUID(), config: plan.config.name, state: 'running', phase: 'queued', startedAt: Date.now(), endedAt: null, exitCode: null, signal: null,
      attempt: 1, diagnostics: [], errors: 0, warnings: 0, metrics: null, artifact: null, outputDir: toRel(plan.root, plan.outputDir), message: null, suggestion: null,
    }
    if (!opts.force && opts.trim === undefined) {
      const last = await history.lastSucceeded(plan.config.name)
      if (last && last.inputsHash === hash && last.record.artifact && (await exists(join(plan.root, last.record.artifact)))) {
        Object.assign(record, {
          state: 'skipped', phase: 'done', endedAt: Date.now(), artifact: last.record.artifact, outputDir: last.record.outputDir,
          message: `nothing changed since build ${last.record.id.slice(0, 8)} (sources, Project/Manifest, flags, juliac and Julia versions): skipped; force a rebuild to build anyway`,
        })
        await history.put({ record, inputsHash: hash, entries: last.entries, juliacVersion: plan.juliac.version, sameAs: last.record.id })
        this.opts.emit('juliac:build', { ...record })
        return { buildId: record.id }
      }
    }
    await mkdir(plan.outputDir, { recursive: true })
    const stored: StoredBuild = { record, inputsHash: hash, entries: null, juliacVersion: plan.juliac.version }
    const run: Running = { record, stored, history, child: null, cancelled: false, log: new CappedLog(), pending: '', flushTimer: null, done: Promise.resolve(record) }
    this.running.set(record.id, run)
    await history.put(stored)
    this.update(run)
    this.opts.log.info(`build ${record.id} (${plan.config.name}): ${plan.juliac.command.join(' ')} ${plan.args.join(' ')}`)
    run.done = this.attempts(run, plan)
    return { buildId: record.id }
  }

  /** Resolves with the build's final record (at once for a finished one). */
  async wait(buildId: string): Promise<BuildRecord> {
    const run = this.running.get(buildId)
    if (run) return run.done
    const stored = await this.history().get(buildId)
    if (!stored) throw new KilnError('NOT_FOUND', `no build ${buildId}`)
    return stored.record
  }

  /** SIGINT, then SIGTERM, then SIGKILL to juliac's process group. Unknown or finished builds: nothing. */
  cancel(buildId: string): void {
    const run = this.running.get(buildId)
    if (!run || run.cancelled) return
    run.cancelled = true
    this.appendLog(run, '\n[kiln] cancelling the build…\n')
    run.child?.cancel()
  }

  async records(config?: string): Promise<BuildRecord[]> {
    const root = this.opts.workspaceRoot()
    if (!root) return []
    return (await this.history(root).all(config)).map((b) => b.record).reverse()
  }

  async logOf(buildId: string): Promise<{ text: string; truncated: boolean }> {
    const run = this.running.get(buildId)
    if (run) return { text: run.log.text() + run.pending, truncated: run.log.truncated }
    const text = await this.history().readLog(buildId)
    if (text === null) throw new KilnError('NOT_FOUND', `no log for build ${buildId}`)
    return { text, truncated: text.includes('[kiln] … log cut here:') }
  }

  // ----- planning

  private async plan(name: string | null, trimOverride: BuildTrim | undefined): Promise<Plan> {
    const root = this.root()
    const config = await configNamed(root, name)
    const entry = join(root, config.entry)
    if (!(await exists(entry))) {
      throw new KilnError('NOT_FOUND', `the entry of build "${config.name}", ${config.entry}, does not exist: create it or correct "entry" in .kiln/builds.json`)
    }
    let project: string | null = null
    // A package folder is its own project: JuliaC refuses `--project` beside it.
    const entryIsDir = (await stat(entry)).isDirectory()
    if (entryIsDir) {
      if (!(await exists(join(entry, 'Project.toml')))) throw new KilnError('NOT_FOUND', `the entry of build "${config.name}", ${config.entry}, is a folder without Project.toml: name a .jl file or a package folder`)
    } else if (config.project !== null) {
      project = join(root, config.project)
      if (!(await exists(join(project, 'Project.toml')))) {
        throw new KilnError('NOT_FOUND', `the project of build "${config.name}", ${config.project}, has no Project.toml`)
      }
    } else project = await this.defaultProject(root)
    const juliac = await this.discover()
    if (!juliac.found || !juliac.command) {
      const p = juliac.problem
      throw new KilnError('NOT_FOUND', `${p?.message ?? 'juliac not found'}. To install it: ${p?.fix ?? 'julia -e \'using Pkg; Pkg.Apps.add("JuliaC")\''}`)
    }
    const outputDir = config.bundle !== null ? join(root, config.bundle) : join(root, 'build', config.name)
    const trim = trimOverride ?? config.trim
    const args = juliacArgs(config, { entry, project, bundle: config.bundle !== null ? outputDir : null }, trim)
    const rel = (p: string): string => toRel(root, p) || '.'
    const flags = displayFlags(config, juliacArgs(config, { entry: config.entry, project: project === null ? null : rel(project), bundle: config.bundle }, trim))
    return { root, config, project, trim, juliac: { ...juliac, command: juliac.command }, args, flags, outputDir, baseDir: project ?? (entryIsDir ? entry : root) }
  }

  /** For a script entry: the active environment, else the workspace's Project.toml. */
  private async defaultProject(root: string): Promise<string | null> {
    const env = this.opts.environment ? await this.opts.environment().catch(() => null) : null
    if (env && (await exists(join(env, 'Project.toml')))) return env
    return (await exists(join(root, 'Project.toml'))) ? root : null
  }

  // ----- running

  private async attempts(run: Run, plan: Plan): Promise<BuildRecord> {
    const record = run.record
    const started = performance.now()
    let cpuMs: number | null = null
    let peak: number | null = null
    let outcome: ChildOutcome | null = null
    let totals = { errors: 0, warnings: 0, summary: null as string | null }
    let transient: 'out of memory' | 'SIGKILL' | null = null
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Object.assign(record, { attempt, phase: 'queued', diagnostics: [], errors: 0, warnings: 0, exitCode: null, signal: null })
      if (attempt > 1) {
        this.appendLog(run, `\n[kiln] attempt ${attempt} of ${MAX_ATTEMPTS}: the last one was killed (${record.message ?? 'SIGKILL'}); trying again\n`)
        this.update(run)
      }
      const reader = new JuliacLogReader()
      const onData = (chunk: string): void => {
        this.appendLog(run, chunk)
        const step = reader.push(chunk)
        this.absorb(run, plan, step.phase, step.diagnostics)
      }
      try {
        const [file, ...lead] = plan.juliac.command
        run.child = new BuildChild({
          file: file!, args: [...lead, ...plan.args], cwd: plan.outputDir, env: { ...(this.opts.env ?? process.env), ...juliacEnv(plan.config) },
          graceMs: this.opts.graceMs ?? 3_000, timeoutMs: this.opts.timeoutMs ?? 2 * 3600_000, quietMs: this.opts.quietMs ?? 120_000,
          onData,
          onQuiet: (ms) => this.appendLog(run, `\n[kiln] no output from juliac for ${Math.round(ms / 1000)} s; it is still running (cancel stops it)\n`),
        })
        if (run.cancelled) run.child.cancel()
        outcome = await run.child.done
      } catch (e) {
        return this.finish(run, plan, { state: 'failed', message: `could not start juliac (${plan.juliac.command.join(' ')}): ${(e as Error).message}` }, null)
      }
      const end = reader.end()
      this.absorb(run, plan, end.phase, end.diagnostics)
      totals = { errors: end.errors, warnings: end.warnings, summary: end.summary }
      cpuMs = outcome.usage.cpuMs === null ? cpuMs : (cpuMs ?? 0) + outcome.usage.cpuMs
      peak = Math.max(peak ?? 0, outcome.usage.peakRssBytes ?? 0) || peak
      record.exitCode = outcome.code
      record.signal = outcome.signal
      record.errors = totals.errors
      record.warnings = totals.warnings
      const tail = run.log.text().slice(-8192)
      const killed = !outcome.cancelled && !outcome.timedOut && outcome.code !== 0 && (outcome.signal === 'SIGKILL' || outcome.code === 137 || OOM.test(tail))
      transient = killed ? (OOM.test(tail) ? 'out of memory' : 'SIGKILL') : null
      if (!transient || run.cancelled || this.disposed) break
      record.message = transient
      if (attempt === MAX_ATTEMPTS) break
      await new Promise((r) => setTimeout(r, this.opts.retryDelayMs ?? 1_000))
      if (run.cancelled || this.disposed) break
    }
    const o = outcome!
    const metrics = { wallMs: Math.round(performance.now() - started), cpuMs, peakRssBytes: peak, outputBytes: null as number | null, juliaVersion: plan.juliac.juliaVersion, flags: plan.flags }
    record.metrics = metrics
    const lastLine = (run.log.text().trimEnd().split('\n').filter((l) => l.trim() !== '' && !l.startsWith('[kiln]')).pop() ?? '').slice(0, 300)
    if (o.cancelled || run.cancelled) {
      // The interrupt juliac reports on its way out is the cancel itself, not a problem to list.
      dropDiagnostics(record, (d) => d.frames.length === 0 && CANCEL_SIGNAL.test(d.message))
      return this.finish(run, plan, { state: 'cancelled', message: 'cancelled: juliac and the processes it started were stopped' }, null)
    }
    if (o.timedOut) {
      const min = Math.round((this.opts.timeoutMs ?? 2 * 3600_000) / 60_000)
      return this.finish(run, plan, { state: 'failed', message: `juliac did not finish within the time limit (${min} min) and was stopped`, suggestion: 'retry' }, null)
    }
    if (transient) {
      // A kill mid-line leaves headers with nothing after them (`Error #1: `): no problem to show.
      dropDiagnostics(record, (d) => d.frames.length === 0 && d.message.trim() === '')
      const why = transient === 'out of memory' ? 'ran out of memory' : 'was killed (SIGKILL, often the out-of-memory killer)'
      return this.finish(run, plan, { state: 'failed', message: `juliac ${why} in all ${record.attempt} attempts; close other programs or build with fewer threads, then retry`, suggestion: 'retry' }, null)
    }
    const verifier = totals.errors > 0 && (totals.summary !== null || record.diagnostics.some((d) => d.index !== null))
    if (o.code === 0 && !(verifier && plan.trim !== 'unsafe-warn')) {
      const product = await findProduct(plan.outputDir, plan.config.name, plan.config.output, plan.config.bundle !== null)
      if (product) return this.finish(run, plan, { state: 'succeeded', message: successNote(totals.errors, totals.warnings) }, product)
      return this.finish(run, plan, { state: 'failed', message: `juliac finished but no ${plan.config.name} was written in ${toRel(plan.root, plan.outputDir)}` }, null)
    }
    if (verifier) {
      const offer = plan.trim === 'safe' || plan.trim === 'unsafe'
      const message = `trim verification found ${totals.errors} error(s)${offer ? '; an unsafe-warn build reports every problem at once and still links' : ''}`
      return this.finish(run, plan, { state: 'failed', message, suggestion: offer ? 'unsafe-warn' : null }, null)
    }
    const how = o.signal ? `was killed by ${o.signal}` : `exited with code ${o.code}`
    return this.finish(run, plan, { state: 'failed', message: `juliac ${how}${lastLine ? `: ${lastLine}` : ''}` }, null)
  }

  /** Folds the reader's phase and diagnostics into the record and tells the renderer when they changed. */
  private absorb(run: Run, plan: Plan, phase: BuildRecord['phase'] | undefined, diagnostics: Parameters<typeof mapDiagnostics>[0]): void {
    let changed = false
    if (phase && phase !== run.record.phase && phase !== 'done') {
      run.record.phase = phase
      changed = true
    }
    if (diagnostics.length > 0) {
      run.record.diagnostics = [...run.record.diagnostics, ...mapDiagnostics(diagnostics, plan.root, plan.baseDir)]
      run.record.errors = run.record.diagnostics.filter((d) => d.severity === 'error').length
      run.record.warnings = run.record.diagnostics.length - run.record.errors
      changed = true
    }
    if (changed) {
      this.flush(run)
      this.update(run)
    }
  }

  private async finish(run: Run, plan: Plan, end: { state: BuildRecord['state']; message: string | null; suggestion?: BuildRecord['suggestion'] }, product: string | null): Promise<BuildRecord> {
    const record = run.record
    this.flush(run)
    if (run.flushTimer) clearTimeout(run.flushTimer)
    Object.assign(record, { state: end.state, message: end.message, suggestion: end.suggestion ?? null, endedAt: Date.now() })
    if (product) {
      record.phase = 'done'
      record.artifact = toRel(plan.root, join(plan.outputDir, product))
      const entries = await listOutput(plan.outputDir, product)
      run.stored.entries = entries
      if (record.metrics) record.metrics.outputBytes = sizesOf(entries).total
      const missing = await this.missingLibraries(plan, join(plan.outputDir, product))
      if (missing.length > 0) {
        const note = `the bundle lacks ${missing.join(', ')} (needed by ${record.artifact}): the program will not start; build again, or see the ELF report in Artifacts`
        record.message = record.message ? `${record.message}; ${note}` : note
      }
    } else run.stored.inputsHash = null // only a success is something to skip to
    this.running.delete(record.id)
    await run.history.writeLog(record.id, run.log.text()).catch((e: unknown) => this.opts.log.warn(`build log not saved: ${(e as Error).message}`))
    await run.history.put(run.stored)
    this.opts.log.info(`build ${record.id} (${record.config}): ${record.state}${record.message ? ` — ${record.message}` : ''}`)
    this.update(run)
    return record
  }

  /** A bundle's DT_NEEDED libraries found neither in its lib folders nor on the system (none when unreadable). */
  private async missingLibraries(plan: Plan, product: string): Promise<string[]> {
    if (plan.config.bundle === null) return []
    try {
      const report = await inspectElf(product, { bundleLibDirs: [join(plan.outputDir, 'lib'), join(plan.outputDir, 'lib', 'julia')] })
      return report.missing
    } catch (e) {
      this.opts.log.warn(`build: could not inspect ${product}: ${(e as Error).message}`)
      return []
    }
  }

  private appendLog(run: Run, text: string): void {
    run.pending += text
    if (run.pending.length >= BATCH_MAX_CHARS) this.flush(run)
    else run.flushTimer ??= setTimeout(() => this.flush(run), this.opts.batchMs ?? 50)
  }

  private flush(run: Run): void {
    if (run.flushTimer) clearTimeout(run.flushTimer)
    run.flushTimer = null
    if (run.pending === '') return
    run.log.append(run.pending)
    if (!this.disposed) this.opts.emit('juliac:log', { buildId: run.record.id, data: run.pending })
    run.pending = ''
  }

  private update(run: Run): void {
    if (!this.disposed) this.opts.emit('juliac:build', { ...run.record, diagnostics: [...run.record.diagnostics] })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const run of this.running.values()) {
      run.cancelled = true
      if (run.flushTimer) clearTimeout(run.flushTimer)
      run.child?.kill()
    }
  }
}

type Run = Running

/** Removes diagnostics that are not problems in the program, keeping the counts in step. */
function dropDiagnostics(record: BuildRecord, drop: (d: BuildRecord['diagnostics'][number]) => boolean): void {
  record.diagnostics = record.diagnostics.filter((d) => !drop(d))
  record.errors = record.diagnostics.filter((d) => d.severity === 'error').length
  record.warnings = record.diagnostics.length - record.errors
}

/** What a success still has to say: unsafe-warn's verifier errors are calls that fail when reached. */
function successNote(errors: number, warnings: number): string | null {
  if (errors > 0) {
    const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`
    return `--trim=unsafe-warn reported ${n(errors, 'verifier error')}${warnings > 0 ? ` and ${n(warnings, 'warning')}` : ''}: the program links, but those calls fail if they are reached; fix them (see Problems), then build with --trim=safe`
  }
  return warnings > 0 ? `built with ${warnings} warning(s)` : null
}
