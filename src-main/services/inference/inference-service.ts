// The local model server as the rest of Kiln sees it: which engine runs (the user's llama-server
// or Kiln's embedded one), the model library, memory estimates, start/stop/restart of one
// supervised server, its log, and the one InferenceClient everything else talks to it through.
// Every change of state goes out as `inference:status`; the log goes out as `inference:log`.
import { homedir } from 'node:os'
import { basename, isAbsolute } from 'node:path'
import type {
  InferenceEngineKind, InferenceLoadOptions, InferenceSlot, InferenceStatus, InferenceTimings, MemoryEstimate, ModelLibrary,
} from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { locate, type ProbeContext } from '../doctor/context'
import { execProbe } from '../doctor/exec'
import type { SettingsService } from '../settings/settings-service'
import { InferenceClient } from './client'
import { toKilnError } from './client-errors'
import { defaultEngineCommand, type EngineCommand } from './engine-command'
import { countAsFree, estimateFor } from './estimate'
import { readFreeMemory } from './free-memory'
import { ModelLibraryScanner, summarizeModelFile } from './library'
import { LogBatcher, LogRing } from './log-ring'
import { embeddedArgs, llamaServerArgs, LOOPBACK, redactKey, type Listen, type ServerSettings } from './server-args'
import { ServerSupervisor, type SupervisorSnapshot, type SupervisorTiming } from './supervisor'

export type InferenceSettings = Pick<SettingsService, 'getString' | 'getNumber' | 'set'>

export interface InferenceServiceOptions {
  settings: InferenceSettings
  emit: Emit
  log: Logger
  /** The servers run here (llama-server may write slot files into its working folder). */
  userDataDir: string
  /** How to run the embedded engine (default: engine.js beside the main bundle). */
  embeddedCommand?: () => EngineCommand
  env?: NodeJS.ProcessEnv
  home?: string
  platform?: NodeJS.Platform
  /** Shorter waits for tests (backoffMs, killGraceMs…). */
  timing?: Partial<SupervisorTiming>
  slotsPollMs?: number
}

export type StartOptions = InferenceLoadOptions & { path: string }

type Current = {
  supervisor: ServerSupervisor
  engine: InferenceEngineKind
  model: { path: string; name: string }
  options: InferenceLoadOptions
  snapshot: SupervisorSnapshot
}

const SLOTS_POLL_MS = 2_000
type Engine = { kind: 'embedded' } | { kind: 'llama-server'; path: string }

export class InferenceService implements Disposable {
  private readonly ring = new LogRing()
  private readonly batcher: LogBatcher
  private readonly library = new ModelLibraryScanner()
  private current: Current | null = null
  private lastStart: StartOptions | null = null
  private llamaServerPath: string | null = null
  private engineKind: InferenceEngineKind = 'embedded'
  private timings: InferenceTimings | null = null
  private slots: InferenceSlot[] = []
  private slotsTimer: NodeJS.Timeout | null = null
  /** Bumped whenever slot polling stops, so that a poll in flight does not carry on. */
  private slotsGen = 0
  private activeClient: { url: string; client: InferenceClient } | null = null
  private lastEmitted = ''
  /** start/stop/restart run one after another: two quick clicks must not leave two servers. */
  private queue: Promise<unknown> = Promise.resolve()
  private disposed = false
  /** The model last started, so its name stays `general.name` after a stop. */
  private lastModel: { path: string; name: string } | null = null

  constructor(private readonly opts: InferenceServiceOptions) {
    this.batcher = new LogBatcher((data) => opts.emit('inference:log', { data }))
  }

  private get env(): NodeJS.ProcessEnv {
    return this.opts.env ?? process.env
  }

  /** The server's pid while one runs, for the monitor. */
  get pid(): number | null {
    return this.current?.snapshot.pid ?? null
  }

  /** The status now; when no server runs, the engine choice is looked up afresh. */
  async status(): Promise<InferenceStatus> {
    if (!this.running()) await this.resolveEngine().catch(() => null)
    return this.snapshot()
  }

  async models(rescan = false): Promise<ModelLibrary> {
    return this.library.scan(
      {
        modelsPath: this.opts.settings.getString('inference.modelsPath'),
        home: this.opts.home ?? homedir(),
        env: this.env,
        platform: this.opts.platform ?? process.platform,
      },
      { rescan },
    )
  }

  async estimate(path: string, contextSize: number, gpuLayers: number): Promise<MemoryEstimate> {
    const summary = await summarizeModelFile(checkPath(path))
    const parallel = this.opts.settings.getNumber('inference.parallel')
    const free = await readFreeMemory()
    // The server running now holds memory that a restart with other options would give back
    // first: count it as free, or the running model would be counted twice.
    const cur = this.current
    if (cur && cur.snapshot.state === 'ready') {
      const held = estimateFor(await summarizeModelFile(cur.model.path), cur.options, free)
      if (typeof held !== 'string') countAsFree(free, held)
    }
    const e = estimateFor(summary, { contextSize, gpuLayers, parallel }, free)
    if (typeof e === 'string') throw new KilnError('UNSUPPORTED', `no memory estimate for ${basename(path)}: ${e}`)
    return e
  }

  /** Checks the model and settings, remembers them, ends any running server and starts a new one. */
  start(o: StartOptions): Promise<InferenceStatus> {
    return this.serial(() => this.doStart(o))
  }

  stop(): Promise<InferenceStatus> {
    return this.serial(async () => {
      await this.stopCurrent()
      return this.snapshot()
    })
  }

  /** Starts the last model again (after a failure, or to pick up changed settings). */
  restart(): Promise<InferenceStatus> {
    const opts = this.lastStart ?? this.fromSettings()
    if (!opts) return Promise.reject(new KilnError('NOT_FOUND', 'no model to restart: pick a model and start it'))
    return this.start(opts)
  }

  logText(): { text: string; truncated: boolean } {
    return { text: this.ring.text(), truncated: this.ring.truncated }
  }

  /** A short completion through the running server (the panel's prompt box). */
  async complete(prompt: string, maxTokens: number): Promise<{ text: string; timings: InferenceTimings | null; firstTokenMs: number | null; totalMs: number }> {
    const client = this.client()
    const state = this.current?.snapshot.state ?? 'stopped'
    if (!client || state !== 'ready') {
      const why = state === 'starting' || state === 'loading' ? 'the model is still loading: try again when it is ready' : 'no model is running: start one first'
      throw new KilnError('PROCESS', why)
    }
    try {
      const r = await client.complete(prompt, { maxTokens })
      return { text: r.text, timings: r.timings, firstTokenMs: r.firstTokenMs, totalMs: r.totalMs }
    } catch (e) {
      throw toKilnError(e)
    }
  }

  /** The client for the running server (null when none runs); ask again after a restart. */
  client(): InferenceClient | null {
    const snap = this.current?.snapshot
    if (!snap?.url || !snap.apiKey) return null
    if (this.activeClient?.url !== snap.url) {
      const client = new InferenceClient({ baseUrl: snap.url, apiKey: snap.apiKey, onTimings: (t) => this.setTimings(t) })
      this.activeClient = { url: snap.url, client }
    }
    return this.activeClient.client
  }

  /** Stops the server gracefully (for an orderly quit); dispose() afterwards. */
  async shutdown(): Promise<void> {
    await this.stop().catch(() => undefined)
  }

  /** Kills the server at once. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.current?.supervisor.dispose()
    this.stopSlots()
    this.batcher.dispose()
  }

  // ----- internals

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn)
    this.queue = run.catch(() => undefined)
    return run
  }

  private running(): boolean {
    const s = this.current?.snapshot.state
    return s === 'starting' || s === 'loading' || s === 'ready' || s === 'crashed'
  }

  private async doStart(o: StartOptions): Promise<InferenceStatus> {
    if (this.disposed) throw new KilnError('CANCELLED', 'Kiln is shutting down')
    const path = checkPath(o.path)
    // Everything that can be wrong is found before anything is spawned.
    const summary = await summarizeModelFile(path)
    const engine = await this.resolveEngine()
    const s = this.settingsFor(path, o)
    const listenCheck: Listen = { host: LOOPBACK, port: 1, apiKey: 'x' }
    const base = engine.kind === 'embedded' ? (this.opts.embeddedCommand ?? defaultEngineCommand)() : null
    if (engine.kind === 'llama-server') llamaServerArgs(s, listenCheck) // throws on bad extraArgs
    await this.remember(path, o)
    await this.stopCurrent()

    const options: InferenceLoadOptions = { contextSize: o.contextSize, gpuLayers: o.gpuLayers, flashAttention: o.flashAttention, parallel: o.parallel, threads: o.threads }
    this.lastStart = { ...options, path }
    this.timings = null
    const command = (listen: Listen) => {
      const [file, args, extraEnv] =
        engine.kind === 'llama-server' ? [engine.path, llamaServerArgs(s, listen), {}] : [base!.file, [...base!.args, ...embeddedArgs(s, listen)], { ...base!.env, KILN_ENGINE_STDIN_PARENT: '1' }]
      return { file, args, env: { ...this.env, ...extraEnv }, display: redactKey([file, ...args], listen.apiKey) }
    }
    const supervisor = new ServerSupervisor({
      ...this.opts.timing,
      command,
      cwd: this.opts.userDataDir,
      onLog: (text) => {
        this.ring.append(text)
        this.batcher.push(text)
      },
      onChange: (snap) => {
        if (this.current?.supervisor !== supervisor) return
        this.current.snapshot = snap
        this.changed()
      },
    })
    this.current = { supervisor, engine: engine.kind, model: { path, name: summary.name ?? basename(path) }, options, snapshot: supervisor.snapshot }
    this.lastModel = { ...this.current.model }
    this.opts.log.info(`inference: starting ${engine.kind} with ${path}`)
    await supervisor.start()
    return this.snapshot()
  }

  private async stopCurrent(): Promise<void> {
    const cur = this.current
    if (!cur) return
    await cur.supervisor.stop()
    this.current = null
    this.activeClient = null
    this.slots = []
    this.stopSlots()
    this.changed()
  }

  /** inference.engine, with `auto` meaning llama-server when one is set or on PATH. */
  private async resolveEngine(): Promise<Engine> {
    const want = this.opts.settings.getString('inference.engine')
    const loc = await locate(this.probeContext(), 'llama-server', { setting: 'inference.llamaServerPath' })
    this.llamaServerPath = loc && 'path' in loc ? loc.path : null
    let engine: Engine
    if (want === 'embedded') engine = { kind: 'embedded' }
    else if (loc && 'error' in loc) throw new KilnError('INVALID_SETTING', `${loc.error}: ${loc.fix}`)
    else if (loc) engine = { kind: 'llama-server', path: loc.path }
    else if (want === 'llama-server') {
      throw new KilnError(
        'NOT_FOUND',
        'inference.engine is llama-server, but no llama-server was found on PATH: set inference.llamaServerPath to your llama.cpp build, or set inference.engine to auto or embedded',
      )
    } else engine = { kind: 'embedded' }
    this.engineKind = engine.kind
    return engine
  }

  private probeContext(): ProbeContext {
    return {
      env: this.env, home: this.opts.home ?? homedir(), sysfsRoot: '/sys', procRoot: '/proc', exec: execProbe, timeoutMs: 10_000, slowTimeoutMs: 10_000,
      setting: (key) => (key === 'inference.llamaServerPath' ? this.opts.settings.getString(key) : ''),
      totalmem: () => 0,
    }
  }

  private settingsFor(model: string, o: InferenceLoadOptions): ServerSettings {
    const st = this.opts.settings
    return {
      model, contextSize: o.contextSize, gpuLayers: o.gpuLayers, flashAttention: o.flashAttention, parallel: o.parallel, threads: o.threads,
      cacheReuse: st.getNumber('inference.cacheReuse'), lora: st.getString('inference.lora'), extraArgs: st.getString('inference.extraArgs'),
    }
  }

  /** The model and options go into the user settings, so the next session starts where this one was. */
  private async remember(path: string, o: InferenceLoadOptions): Promise<void> {
    const st = this.opts.settings
    const writes: [string, string | number, string | number][] = [
      ['inference.model', path, st.getString('inference.model')],
      ['inference.contextSize', o.contextSize, st.getNumber('inference.contextSize')],
      ['inference.gpuLayers', o.gpuLayers, st.getNumber('inference.gpuLayers')],
      ['inference.flashAttention', o.flashAttention, st.getString('inference.flashAttention')],
      ['inference.parallel', o.parallel, st.getNumber('inference.parallel')],
      ['inference.threads', o.threads, st.getNumber('inference.threads')],
    ]
    for (const [key, value, now] of writes) {
      if (value === now) continue
      const r = await st.set(key, value)
      if (!r.ok) this.opts.log.warn(`inference: could not remember ${key}: ${r.message}`)
    }
  }

  private fromSettings(): StartOptions | null {
    const path = this.opts.settings.getString('inference.model')
    return path === '' ? null : { path, ...this.optionsFromSettings() }
  }

  private optionsFromSettings(): InferenceLoadOptions {
    const st = this.opts.settings
    const fa = st.getString('inference.flashAttention')
    return {
      contextSize: st.getNumber('inference.contextSize'),
      gpuLayers: st.getNumber('inference.gpuLayers'),
      flashAttention: fa === 'on' || fa === 'off' ? fa : 'auto',
      parallel: st.getNumber('inference.parallel'),
      threads: st.getNumber('inference.threads'),
    }
  }

  private snapshot(): InferenceStatus {
    const cur = this.current
    const base = { llamaServerPath: this.llamaServerPath, timings: this.timings }
    if (!cur) {
      const path = this.opts.settings.getString('inference.model')
      return {
        ...base, state: 'stopped', engine: this.engineKind, command: null, model: path ? { path, name: this.lastModel?.path === path ? this.lastModel.name : basename(path) } : null,
        options: this.optionsFromSettings(), url: null, pid: null, progress: null, message: null, restarts: 0, loadMs: null, slots: [],
      }
    }
    const s = cur.snapshot
    return {
      ...base, state: s.state, engine: cur.engine, command: s.command, model: { ...cur.model }, options: { ...cur.options },
      url: s.url, pid: s.pid, progress: s.progress, message: s.message, restarts: s.restarts, loadMs: s.loadMs, slots: this.slots,
    }
  }

  private changed(): void {
    if (this.disposed) return
    const ready = this.current?.snapshot.state === 'ready'
    if (ready && !this.slotsTimer) this.pollSlots()
    if (!ready) {
      this.stopSlots()
      this.slots = []
    }
    const status = this.snapshot()
    const text = JSON.stringify(status)
    if (text === this.lastEmitted) return
    this.lastEmitted = text
    this.opts.emit('inference:status', status)
  }

  private setTimings(t: InferenceTimings): void {
    this.timings = t
    this.changed()
  }

  private pollSlots(): void {
    const gen = ++this.slotsGen
    const tick = async (): Promise<void> => {
      const client = this.client()
      const slots = client ? await client.slots().catch(() => null) : null
      if (gen !== this.slotsGen) return
      if (slots && JSON.stringify(slots) !== JSON.stringify(this.slots)) {
        this.slots = slots
        this.changed()
      }
      if (gen === this.slotsGen) this.slotsTimer = setTimeout(() => void tick(), this.opts.slotsPollMs ?? SLOTS_POLL_MS)
    }
    this.slotsTimer = setTimeout(() => void tick(), 0)
  }

  private stopSlots(): void {
    this.slotsGen++
    if (this.slotsTimer) clearTimeout(this.slotsTimer)
    this.slotsTimer = null
  }
}

function checkPath(path: string): string {
  if (!isAbsolute(path)) throw new KilnError('INVALID_ARGS', `the model path must be absolute: ${path.slice(0, 200)}`)
  return path
}
