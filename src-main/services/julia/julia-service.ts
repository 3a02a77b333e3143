// The Julia REPL as a supervised child: `julia [+channel] --project=ENV --threads=T -i -L kiln.jl`
// in a terminal tab of its own (kind 'julia'), with a side channel (side-channel.ts) for
// structured requests, as VS Code's Julia extension does. This class owns the lifecycle —
// start (answers once kiln.jl said hello), restart in the same tab, stop, interrupt, an unexpected
// exit reported with its code and last output — and maps evaluations between the workspace's
// relative paths and the absolute ones Julia sees. Environments are in environments.ts.
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import type { EnvironmentInfo, EvalOutcome, JuliaEnvironment, JuliaExit, JuliaStatus, JuliaVariable, RichResult, TerminalExit, TerminalInfo } from '../../../src-preload/contract'
import { KilnError } from '../../router'
import { execProbe, type ExecFn } from '../doctor/exec'
import type { StringSettingKey } from '../settings/schema'
import type { ProgramLaunch, TerminalService } from '../terminal/terminal-service'
import { normalizeRel } from '../workspace/confine'
import { DEFAULT_SHARED, activeEnvironment, checkEnvironment, depotDir, environmentDir, EnvironmentChoices, isSharedKey, scanWorkspace, sharedEnvironments } from './environments'
import { JuliaLocator, sharedEnvFor } from './discovery'
import { findKilnJl } from './kiln-jl'
import { readEnvironment } from './project-files'
import { lastLines, pkgCommand, type PkgOp } from './repl-text'
import { ReplSession } from './session'
import { SideChannel } from './side-channel'
import { describeExit, toOutcome } from './outcome'
import type { HelloMessage } from './wire'

export type Terminals = Pick<TerminalService, 'launch' | 'relaunch' | 'terminate' | 'watch' | 'recentOutput' | 'input' | 'kill'>

export interface JuliaServiceOptions {
  emit: Emit
  log: Logger
  terminals: Terminals
  settings: { getString(key: StringSettingKey): string }
  workspaceRoot: () => string | null
  userDataDir: string
  env?: NodeJS.ProcessEnv
  home?: string
  exec?: ExecFn
  /** Where kiln.jl is (default: found beside the app, kiln-jl.ts). */
  kilnJl?: () => Promise<string>
  /** Spawn to hello (default 60 s: a first start may precompile). */
  startTimeoutMs?: number
  /** SIGHUP to SIGKILL when stopping or restarting. */
  killGraceMs?: number
  tmpdir?: string
}

const THREADS = /^(auto|\d{1,4})(,(auto|\d{1,4}))?$/
const REQUEST_MS = 10_000
/** A run shorter than this never shows 'busy' (most cells). */
const BUSY_AFTER_MS = 150
/** Quiet time after the last evaluation before the workspace variables are fetched. */
const VARIABLES_AFTER_MS = 40

export class JuliaService implements Disposable {
  private state: JuliaStatus = {
    state: 'stopped', install: null, problem: null, terminalId: null, pid: null, threads: null,
    project: null, environment: DEFAULT_SHARED, startupMs: null, exit: null, versionNote: null,
  }
  private readonly locator: JuliaLocator
  private readonly choices: EnvironmentChoices
  private readonly env: NodeJS.ProcessEnv
  private readonly home: string
  /** Bumped by every start, stop and restart: callbacks of an older REPL are ignored. */
  private gen = 0
  private starting: Promise<JuliaStatus> | null = null
  private abortStart: ((e: KilnError) => void) | null = null
  private channel: SideChannel | null = null
  private session: ReplSession | null = null
  private watcher: Disposable | null = null
  private variablesCache: JuliaVariable[] = []
  private size = { cols: 80, rows: 24 }
  private evalNames = 0
  private plots = 0
  /** The environment chosen while no folder is open (not persisted). */
  private noWorkspaceEnv: string | null = null
  private interruptsSent = 0
  private lastEmitted = ''
  /** 'busy' shows only for evaluations longer than BUSY_AFTER_MS: no status flicker (and no UI work) per quick run. */
  private busyTimer: NodeJS.Timeout | null = null
  /** Variables are fetched once a burst of evaluations is over, not queued between them. */
  private variablesTimer: NodeJS.Timeout | null = null

  constructor(private readonly opts: JuliaServiceOptions) {
    this.env = opts.env ?? process.env
    this.home = opts.home ?? (this.env.HOME || this.env.USERPROFILE || '')
    this.locator = new JuliaLocator({
      setting: (k) => opts.settings.getString(k),
      env: this.env,
      home: this.home,
      exec: opts.exec ?? execProbe,
      log: opts.log,
    })
    this.choices = new EnvironmentChoices(opts.userDataDir, opts.log)
  }

  // ----- status and lifecycle

  async status(): Promise<JuliaStatus> {
    if (this.state.state === 'stopped' || this.state.state === 'missing') await this.refresh()
    return { ...this.state }
  }

  /** Starts the REPL, or answers the running (or starting) one. */
  start(cols: number, rows: number): Promise<JuliaStatus> {
    this.size = { cols, rows }
    if (this.isRunning()) return Promise.resolve({ ...this.state })
    this.starting ??= this.launch(cols, rows).finally(() => (this.starting = null))
    return this.starting
  }

  /** Kills the REPL (SIGHUP, then SIGKILL) and starts a fresh one in the same tab. */
  async restart(cols: number, rows: number): Promise<JuliaStatus> {
    this.size = { cols, rows }
    const previous = this.starting
    this.cancel(new KilnError('CANCELLED', 'Julia was restarted'))
    await previous?.catch(() => {})
    this.starting = this.launch(cols, rows).finally(() => (this.starting = null))
    return this.starting
  }

  async stop(): Promise<void> {
    const id = this.state.terminalId
    this.cancel(new KilnError('CANCELLED', 'Julia was stopped'))
    this.watcher?.dispose()
    this.watcher = null
    if (id) {
      await this.opts.terminals.terminate(id, this.grace).catch(() => {})
      try {
        this.opts.terminals.kill(id)
      } catch {
        // the tab was closed already
      }
    }
    this.set({ state: this.state.install ? 'stopped' : 'missing', terminalId: null, pid: null, threads: null, project: null, exit: null })
  }

  /** Stops the running evaluation; with none, Ctrl-C into the REPL (what typed code needs). */
  interrupt(): void {
    const id = this.state.terminalId
    if (!id || !(this.isRunning() || this.state.state === 'starting')) throw new KilnError('PROCESS', 'Julia is not running')
    const session = this.session
    if (session && session.evaluating > 0) {
      // A second request while the same evaluation runs: also Ctrl-C (code stuck where the
      // side channel's InterruptException cannot reach, e.g. a ccall).
      if (this.interruptsSent++ > 0) this.opts.terminals.input(id, '\x03')
      session.request('interrupt', [], REQUEST_MS).catch((e: unknown) => this.opts.log.warn(`interrupt: ${String(e)}`))
    } else this.opts.terminals.input(id, '\x03')
  }

  // ----- evaluation

  async eval(args: { code: string; path: string | null; line: number; module: string }): Promise<EvalOutcome> {
    const root = this.opts.workspaceRoot()
    let file: string
    if (args.path === null) file = `REPL[${++this.evalNames}]`
    else if (!root) throw new KilnError('NO_WORKSPACE', 'open a folder to run its files')
    else file = join(root, ...normalizeRel(args.path).split('/'))
    const session = await this.ensureSession()
    const answer = await session.eval({ code: args.code, file, line: args.line, module: args.module })
    const outcome = toOutcome(answer.message, answer.totalMs, root)
    if (answer.message.project) {
      const project = dirname(answer.message.project)
      if (project !== this.state.project) this.set({ project })
    }
    if (outcome.rich) this.plot(outcome.rich, args.path === null ? 'eval' : `${args.path}:${args.line}`)
    if (session.evaluating === 0) {
      this.interruptsSent = 0
      this.scheduleVariables(session)
    }
    return outcome
  }

  async variables(): Promise<JuliaVariable[]> {
    if (this.session && this.state.state === 'ready') await this.fetchVariables(this.session)
    return this.variablesCache
  }

  /** Types a Pkg command into the REPL (starting it if needed) so the user sees Pkg's output. */
  async pkg(op: PkgOp, packages: string[]): Promise<void> {
    let command: string
    try {
      command = pkgCommand(op, packages)
    } catch (e) {
      throw new KilnError('INVALID_ARGS', e instanceof Error ? e.message : String(e))
    }
    await this.ensureSession()
    const id = this.state.terminalId
    if (!id) throw new KilnError('PROCESS', 'the Julia REPL has no terminal')
    this.opts.terminals.input(id, `${command}\r`)
  }

  // ----- environments

  async environments(): Promise<{ environments: JuliaEnvironment[]; active: string }> {
    const ctx = await this.envContext()
    const workspace: JuliaEnvironment[] = ctx.root
      ? (await scanWorkspace(ctx.root)).map((rel) => ({ key: rel, label: rel === '' ? `${basename(ctx.root ?? '')} (workspace root)` : rel, kind: 'workspace' }))
      : []
    const shared = await sharedEnvironments(ctx.depot, ctx.versionKey)
    return { environments: [...workspace, ...shared], active: await this.activeKey(ctx) }
  }

  async setEnvironment(key: string): Promise<JuliaStatus> {
    const ctx = await this.envContext()
    const dir = await checkEnvironment(key, ctx)
    if (ctx.root) await this.choices.set(ctx.root, key)
    else this.noWorkspaceEnv = key
    this.set({ environment: key })
    const session = this.session
    if (session && this.isRunning()) {
      const m = await session.request('activate', [['path', dir]], 60_000)
      if (m.type === 'project') this.set({ project: m.project ? dirname(m.project) : null })
    }
    return { ...this.state }
  }

  async environment(key?: string): Promise<EnvironmentInfo> {
    const ctx = await this.envContext()
    const k = key ?? (await this.activeKey(ctx))
    const dir = environmentDir(k, ctx)
    const parsed = await readEnvironment(dir, this.state.install?.version ?? null)
    const projectFile = isSharedKey(k) || parsed.projectFile === null ? null : k === '' ? parsed.projectFile : `${normalizeRel(k)}/${parsed.projectFile}`
    return { key: k, ...parsed, projectFile }
  }

  /** The open folder changed: the environment shown follows it (a running REPL keeps its own). */
  /** What the test runner launches: this service's `julia` (with `+channel`) and the active environment's folder. */
  async testTarget(): Promise<{ julia: { path: string; args: string[] }; environment: string }> {
    const d = await this.locator.find()
    if (!d.install) throw new KilnError('NOT_FOUND', `${d.problem.message}. Install Julia with: ${d.problem.fix}`)
    const ctx = await this.envContext(d.install.version)
    const args = d.install.channel ? [`+${d.install.channel}`] : []
    return { julia: { path: d.install.path, args }, environment: environmentDir(await this.activeKey(ctx), ctx) }
  }

  async workspaceChanged(): Promise<void> {
    if (!this.isRunning() && this.state.state !== 'starting') await this.refresh()
  }

  dispose(): void {
    this.clearTimers()
    this.cancel(new KilnError('CANCELLED', 'Kiln is shutting down'))
    this.watcher?.dispose()
    this.watcher = null
  }

  // ----- internals

  private get grace(): number {
    return this.opts.killGraceMs ?? 3000
  }

  private isRunning(): boolean {
    return this.state.state === 'ready' || this.state.state === 'busy'
  }

  /** Updates the status and emits it when something changed (a status poll emits nothing new). */
  private set(patch: Partial<JuliaStatus>): void {
    Object.assign(this.state, patch)
    const json = JSON.stringify(this.state)
    if (json === this.lastEmitted) return
    this.lastEmitted = json
    this.opts.emit('julia:status', { ...this.state })
  }

  private async refresh(): Promise<void> {
    const d = await this.locator.find()
    const environment = await this.activeKey(await this.envContext(d.install?.version ?? null))
    const state = this.state.state === 'stopped' || this.state.state === 'missing' ? (d.install ? 'stopped' : 'missing') : this.state.state
    this.set({ state, install: d.install, problem: d.problem, versionNote: d.versionNote, environment })
  }

  private async envContext(version: string | null = null) {
    const v = version ?? this.state.install?.version ?? (await this.locator.find()).install?.version ?? null
    return { root: this.opts.workspaceRoot(), depot: depotDir(this.env, this.home), versionKey: v ? sharedEnvFor(v) : DEFAULT_SHARED }
  }

  private activeKey(ctx: { root: string | null; depot: string; versionKey: string }): Promise<string> {
    if (!ctx.root) return Promise.resolve(this.noWorkspaceEnv ?? ctx.versionKey)
    return activeEnvironment(this.choices, ctx)
  }

  private threads(): string {
    const t = this.opts.settings.getString('julia.threads').trim()
    if (THREADS.test(t)) return t
    this.opts.log.warn(`julia.threads "${t.slice(0, 40)}" is not auto, N or N,M; using auto`)
    return 'auto'
  }

  /** The session of the running REPL, starting one (at the last known size) when there is none. */
  private async ensureSession(): Promise<ReplSession> {
    if (!this.isRunning()) await this.start(this.size.cols, this.size.rows)
    if (!this.session) throw new KilnError('PROCESS', 'the Julia REPL is not connected')
    return this.session
  }

  /** Ends the current REPL's conversation: pending requests fail with `error`, callbacks stop. */
  private cancel(error: KilnError): void {
    this.gen++
    this.abortStart?.(error)
    this.abortStart = null
    this.session?.fail(error)
    this.session = null
    this.channel?.dispose()
    this.channel = null
  }

  private async launch(cols: number, rows: number): Promise<JuliaStatus> {
    this.cancel(new KilnError('CANCELLED', 'Julia was restarted'))
    const gen = this.gen
    const current = (): void => {
      if (gen !== this.gen) throw new KilnError('CANCELLED', 'the Julia start was cancelled')
    }
    const d = await this.locator.find()
    current()
    if (!d.install) {
      this.set({ state: 'missing', install: null, problem: d.problem, versionNote: null })
      throw new KilnError('NOT_FOUND', `${d.problem.message}. Install Julia with: ${d.problem.fix}`)
    }
    const install = d.install
    const ctx = await this.envContext(install.version)
    const environment = await this.activeKey(ctx)
    const kilnJl = await (this.opts.kilnJl ?? (() => findKilnJl()))().catch((e: unknown) => {
      throw new KilnError('PROCESS', `Kiln's Julia side is missing: ${e instanceof Error ? e.message : String(e)}`)
    })
    const channel = await SideChannel.listen({ log: this.opts.log, tmpdir: this.opts.tmpdir })
    if (gen !== this.gen) channel.dispose()
    current()
    this.channel = channel
    const spec: ProgramLaunch = {
      kind: 'julia',
      file: install.path,
      args: [...(install.channel ? [`+${install.channel}`] : []), `--project=${environmentDir(environment, ctx)}`, `--threads=${this.threads()}`, '-i', '-L', kilnJl],
      env: { KILN_SOCKET: channel.address, KILN_TOKEN: channel.token },
      title: 'Julia REPL',
      cols,
      rows,
    }
    this.set({ state: 'starting', install, problem: null, versionNote: d.versionNote, environment, exit: null, pid: null, threads: null, project: null, startupMs: null })
    const t0 = performance.now()
    let info: TerminalInfo
    try {
      info = await this.spawn(spec)
    } catch (e) {
      if (gen === this.gen) this.cancel(e instanceof KilnError ? e : new KilnError('PROCESS', String(e)))
      this.set({ state: 'stopped', pid: null })
      throw e
    }
    if (gen !== this.gen) {
      // Stopped or restarted while the process was being spawned: nobody will watch this one.
      await this.opts.terminals.terminate(info.id, this.grace).catch(() => {})
      current()
    }
    const id = info.id
    this.watcher?.dispose()
    this.watcher = this.opts.terminals.watch(id, { exit: (e) => this.exited(gen, id, e), closed: () => this.closed(gen) })
    this.set({ terminalId: id, pid: info.pid })
    const hello = await this.awaitHello(channel, id, gen)
    this.session = new ReplSession(channel, {
      log: this.opts.log,
      display: (rich) => this.plot(rich, 'display'),
      busyChanged: (busy) => this.busyChanged(gen, busy),
    })
    channel.onClose(() => this.channelClosed(gen))
    const startupMs = Math.round(performance.now() - t0)
    this.opts.log.info(`Julia ${hello.version} ready in ${startupMs} ms (pid ${hello.pid}, ${hello.threads} threads)`)
    this.set({ state: 'ready', pid: hello.pid, threads: hello.threads, project: hello.project ? dirname(hello.project) : null, startupMs })
    return { ...this.state }
  }

  private async spawn(spec: ProgramLaunch): Promise<TerminalInfo> {
    const id = this.state.terminalId
    if (id) {
      try {
        return await this.opts.terminals.relaunch(id, spec, this.grace)
      } catch (e) {
        if (!(e instanceof KilnError && e.code === 'NOT_FOUND')) throw e
      }
    }
    return this.opts.terminals.launch(spec)
  }

  private async awaitHello(channel: SideChannel, terminalId: string, gen: number): Promise<HelloMessage> {
    const limit = this.opts.startTimeoutMs ?? 60_000
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      return await new Promise<HelloMessage>((resolve, reject) => {
        this.abortStart = reject
        timer = setTimeout(() => reject(new KilnError('TIMEOUT', '')), limit)
        channel.connected.then(resolve, reject)
      })
    } catch (e) {
      if (!(e instanceof KilnError) || e.code !== 'TIMEOUT') throw e
      const last = lastLines(this.opts.terminals.recentOutput(terminalId), 15)
      if (gen === this.gen) await this.opts.terminals.terminate(terminalId, this.grace).catch(() => {})
      throw new KilnError('TIMEOUT', `Julia did not connect to Kiln within ${Math.round(limit / 1000)} s${last ? `. Last output:\n${last}` : ' and printed nothing'}`)
    } finally {
      clearTimeout(timer)
      this.abortStart = null
    }
  }

  /** The REPL ended on its own (a crash, `exit()`, Ctrl-D). */
  private exited(gen: number, terminalId: string, e: TerminalExit): void {
    if (gen !== this.gen) return
    const exit: JuliaExit = { code: e.exitCode, signal: e.signal, lastOutput: lastLines(this.opts.terminals.recentOutput(terminalId)), at: Date.now() }
    const starting = this.state.state === 'starting'
    const message = starting
      ? `Julia ${describeExit(exit)} before it connected to Kiln${exit.lastOutput ? `. Last output:\n${exit.lastOutput}` : ''}`
      : `Julia ${describeExit(exit)}`
    this.cancel(new KilnError('PROCESS', message))
    this.opts.log.warn(`the Julia REPL ${describeExit(exit)}`)
    this.set({ state: 'exited', exit, pid: null, threads: null })
  }

  /** The user closed the REPL's tab. */
  private closed(gen: number): void {
    if (gen !== this.gen) return
    this.cancel(new KilnError('CANCELLED', 'the Julia REPL tab was closed'))
    this.watcher = null
    this.set({ state: 'stopped', terminalId: null, pid: null, threads: null, project: null })
  }

  /** The side channel closed while the process may live on: give its exit a moment to arrive first. */
  private channelClosed(gen: number): void {
    setTimeout(() => {
      if (gen !== this.gen || !this.session) return
      this.opts.log.warn('the Julia side channel closed while the REPL runs')
      this.session.fail(new KilnError('PROCESS', 'Kiln lost its connection to the Julia REPL; restart Julia'))
    }, 1000).unref()
  }

  private plot(rich: RichResult, origin: string): void {
    this.opts.emit('julia:plot', { id: `plot${++this.plots}`, rich, origin, at: Date.now() })
  }

  private busyChanged(gen: number, busy: boolean): void {
    if (this.busyTimer) clearTimeout(this.busyTimer)
    this.busyTimer = null
    if (gen !== this.gen || !this.isRunning()) return
    if (!busy) return this.set({ state: 'ready' })
    this.busyTimer = setTimeout(() => {
      this.busyTimer = null
      if (gen === this.gen && this.isRunning()) this.set({ state: 'busy' })
    }, BUSY_AFTER_MS)
    this.busyTimer.unref()
  }

  private scheduleVariables(session: ReplSession): void {
    if (this.variablesTimer) clearTimeout(this.variablesTimer)
    this.variablesTimer = setTimeout(() => {
      this.variablesTimer = null
      if (session === this.session && session.evaluating === 0) void this.fetchVariables(session)
    }, VARIABLES_AFTER_MS)
    this.variablesTimer.unref()
  }

  private clearTimers(): void {
    if (this.busyTimer) clearTimeout(this.busyTimer)
    if (this.variablesTimer) clearTimeout(this.variablesTimer)
    this.busyTimer = this.variablesTimer = null
  }

  private async fetchVariables(session: ReplSession): Promise<void> {
    try {
      const m = await session.request('variables', [], REQUEST_MS)
      if (m.type !== 'variables') return
      this.variablesCache = m.variables
      this.opts.emit('julia:variables', { variables: m.variables })
    } catch (e) {
      if (!(e instanceof KilnError && e.code === 'CANCELLED')) this.opts.log.warn(`variables: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}
