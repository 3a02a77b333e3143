// One supervised model server (llama-server or `kiln engine`) for one start by the user:
// - spawned from an argument vector (never a shell) in its own process group, on a free loopback
//   port with a fresh random API key each time, stdout and stderr streamed to `onLog`;
// - /health polled until 200 (503 or nothing listening yet: still loading), with a load time limit;
// - an exit nobody asked for is a crash: restarted with backoff (1, 2, 4, 8, 16 s), at most
//   `maxRestarts` times, then failed. A server that exits before it was ever ready is a model
//   that cannot load (a corrupt file): failed at once with its own error line, no restarts;
// - stop(): SIGTERM to the group, SIGKILL after a grace period; dispose(): SIGKILL now.
// Nothing a child does (spawn errors, pipe errors, dying mid-request) can throw into the caller.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { Disposable } from '../../lib/disposable'
import { freePort } from './free-port'
import { LOOPBACK, type Listen } from './server-args'

export type SpawnSpec = {
  file: string
  args: string[]
  env: NodeJS.ProcessEnv
  /** The command line to show (the key replaced by `***`). */
  display: string[]
}

export type SupervisorState = 'starting' | 'loading' | 'ready' | 'crashed' | 'failed' | 'stopped'

export type SupervisorSnapshot = {
  state: SupervisorState
  pid: number | null
  /** http://127.0.0.1:PORT while a process runs. */
  url: string | null
  apiKey: string | null
  /** 0..1 from `kiln-engine: loading model N%` lines; null when the engine says nothing. */
  progress: number | null
  message: string | null
  restarts: number
  loadMs: number | null
  command: string[] | null
}

export type SupervisorTiming = {
  healthPollMs: number
  loadTimeoutMs: number
  /** The first restart's delay; each next one doubles it. */
  backoffMs: number
  maxRestarts: number
  killGraceMs: number
}

export const DEFAULT_TIMING: SupervisorTiming = {
  healthPollMs: 200,
  loadTimeoutMs: 10 * 60_000,
  backoffMs: 1_000,
  maxRestarts: 5,
  killGraceMs: 5_000,
}

export interface SupervisorOptions extends Partial<SupervisorTiming> {
  /** The command for one spawn, given where to listen. */
  command: (listen: Listen) => SpawnSpec
  cwd?: string
  onChange: (snapshot: SupervisorSnapshot) => void
  onLog: (text: string) => void
}

const PROGRESS = /kiln-engine: loading model (\d+(?:\.\d+)?)%/
/** Lines that say why a server died: the engine's own, llama.cpp's and llama-server's words. */
const ERROR_LINE = /kiln-engine: error:|\berror:|failed to load model|\berror loading model|\bterminate called|GGML_ASSERT|Segmentation fault|Aborted/i
const HEALTH_TIMEOUT_MS = 2_000
const MAX_LINE = 2_000

type Run = {
  child: ChildProcess
  pid: number | null
  url: string
  apiKey: string
  spawnedAt: number
  /** Set when Kiln itself ends the process (stop, load timeout): its exit is no crash. */
  expected: boolean
  partial: string
  lastError: string | null
  exited: Promise<void>
  timers: NodeJS.Timeout[]
  killOnExit: () => void
}

export class ServerSupervisor implements Disposable {
  private readonly t: SupervisorTiming
  private snap: SupervisorSnapshot = {
    state: 'stopped', pid: null, url: null, apiKey: null, progress: null, message: null, restarts: 0, loadMs: null, command: null,
  }
  private run: Run | null = null
  private restartTimer: NodeJS.Timeout | null = null
  private everReady = false
  private crashes = 0
  private stopping = false

  constructor(private readonly opts: SupervisorOptions) {
    this.t = {
      healthPollMs: opts.healthPollMs ?? DEFAULT_TIMING.healthPollMs,
      loadTimeoutMs: opts.loadTimeoutMs ?? DEFAULT_TIMING.loadTimeoutMs,
      backoffMs: opts.backoffMs ?? DEFAULT_TIMING.backoffMs,
      maxRestarts: opts.maxRestarts ?? DEFAULT_TIMING.maxRestarts,
      killGraceMs: opts.killGraceMs ?? DEFAULT_TIMING.killGraceMs,
    }
  }

  get snapshot(): SupervisorSnapshot {
    return { ...this.snap }
  }

  /** Spawns the first process; resolves once it runs (or failed to start: see the snapshot). */
  async start(): Promise<void> {
    await this.spawnOnce()
  }

  /** Ends the server (SIGTERM, then SIGKILL after the grace period); resolves when it has exited. */
  async stop(): Promise<void> {
    const run = this.halt()
    if (run) {
      this.signal(run, 'SIGTERM')
      run.timers.push(setTimeout(() => this.signal(run, 'SIGKILL'), this.t.killGraceMs))
      await run.exited
    }
    this.update({ state: 'stopped', pid: null, url: null, apiKey: null, progress: null, message: null })
  }

  /** Kills the server at once (the app is closing); no events after this. */
  dispose(): void {
    const run = this.halt()
    if (run) this.signal(run, 'SIGKILL')
  }

  /** No more restarts; the running process (if any) is marked as ending on purpose. */
  private halt(): Run | null {
    this.stopping = true
    if (this.restartTimer) clearTimeout(this.restartTimer)
    this.restartTimer = null
    if (this.run) this.run.expected = true
    return this.run
  }

  private update(patch: Partial<SupervisorSnapshot>): void {
    const next = { ...this.snap, ...patch }
    if (JSON.stringify(next) === JSON.stringify(this.snap)) return
    this.snap = next
    try {
      this.opts.onChange({ ...next })
    } catch {
      // A listener's bug must not stop supervision.
    }
  }

  private log(text: string): void {
    try {
      this.opts.onLog(text)
    } catch {
      // as above
    }
  }

  private async spawnOnce(): Promise<void> {
    if (this.stopping) return
    let port: number
    try {
      port = await freePort(LOOPBACK)
    } catch (e) {
      this.update({ state: 'failed', message: `no free port on ${LOOPBACK}: ${errorText(e)}` })
      return
    }
    if (this.stopping) return
    const apiKey = randomBytes(32).toString('hex')
    const spec = this.opts.command({ host: LOOPBACK, port, apiKey })
    const url = `http://${LOOPBACK}:${port}`
    this.log(`[kiln] ${spec.display.join(' ')}\n`)
    let child: ChildProcess
    try {
      child = spawn(spec.file, spec.args, {
        cwd: this.opts.cwd,
        env: spec.env,
        // Its own process group, so that a stop reaches anything it started.
        detached: process.platform !== 'win32',
        windowsHide: true,
        // stdin stays open: an engine can end itself when it closes (Kiln died without a stop).
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    } catch (e) {
      this.startFailed(spec.file, e)
      return
    }
    let resolveExited: () => void = () => {}
    const run: Run = {
      child, pid: child.pid ?? null, url, apiKey, spawnedAt: performance.now(), expected: false, partial: '', lastError: null,
      exited: new Promise<void>((r) => (resolveExited = r)), timers: [], killOnExit: () => this.signal(run, 'SIGKILL'),
    }
    this.run = run
    child.stdin?.on('error', () => {})
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8')
      stream?.on('error', () => {})
      stream?.on('data', (chunk: string) => this.output(run, chunk))
    }
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null
    let finished = false
    const finish = (): void => {
      if (finished) return
      finished = true
      for (const t of run.timers) clearTimeout(t)
      process.removeListener('exit', run.killOnExit)
      if (run.partial !== '') this.line(run, run.partial)
      resolveExited()
      this.exited(run, exit ?? { code: child.exitCode, signal: child.signalCode })
    }
    child.once('error', (e) => {
      if (run.pid === null || child.pid === undefined) {
        // It never ran (ENOENT, EACCES): no exit event follows.
        finished = true
        process.removeListener('exit', run.killOnExit)
        for (const t of run.timers) clearTimeout(t)
        resolveExited()
        if (this.run === run) this.run = null
        if (!run.expected) this.startFailed(spec.file, e)
      }
    })
    child.once('exit', (code, signal) => {
      exit = { code, signal }
      this.signal(run, 'SIGKILL') // whatever the group left behind dies with it
      // A grandchild holding the pipes must not keep the exit from being noticed.
      run.timers.push(setTimeout(finish, 1_000))
    })
    child.once('close', finish)
    if (run.pid === null) return // the 'error' event reports it
    process.on('exit', run.killOnExit)
    this.update({ state: 'starting', pid: run.pid, url, apiKey, progress: null, message: null, loadMs: null, command: spec.display })
    run.timers.push(setTimeout(() => this.loadTimedOut(run), this.t.loadTimeoutMs))
    this.pollHealth(run)
  }

  private startFailed(file: string, e: unknown): void {
    const code = (e as NodeJS.ErrnoException | null)?.code
    const why = code === 'ENOENT' ? `${file} does not exist` : code === 'EACCES' ? `${file} is not executable` : errorText(e)
    this.log(`[kiln] could not start: ${why}\n`)
    this.update({ state: 'failed', pid: null, url: null, apiKey: null, progress: null, message: `could not start the server: ${why}` })
  }

  private output(run: Run, chunk: string): void {
    this.log(chunk.split(run.apiKey).join('***'))
    const text = run.partial + chunk
    const lines = text.split(/\r?\n|\r/)
    run.partial = (lines.pop() ?? '').slice(-MAX_LINE)
    for (const l of lines) this.line(run, l)
  }

  private line(run: Run, raw: string): void {
    const line = raw.trim().slice(0, MAX_LINE)
    if (line === '') return
    const p = PROGRESS.exec(line)
    if (p && this.run === run && this.snap.state !== 'ready') {
      this.update({ state: 'loading', progress: Math.min(1, Number(p[1]) / 100) })
      return
    }
    if (ERROR_LINE.test(line)) run.lastError = line.split(run.apiKey).join('***')
  }

  private pollHealth(run: Run): void {
    const tick = async (): Promise<void> => {
      if (this.run !== run || run.expected) return
      const status = await fetch(`${run.url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) }).then(
        async (r) => {
          await r.body?.cancel().catch(() => {})
          return r.status
        },
        () => null, // nothing listens yet
      )
      if (this.run !== run || run.expected) return
      if (status === 200) {
        this.ready(run)
        return
      }
      if (status === 503 && this.snap.state === 'starting') this.update({ state: 'loading' })
      run.timers.push(setTimeout(() => void tick(), this.t.healthPollMs))
    }
    void tick()
  }

  private ready(run: Run): void {
    this.everReady = true
    const loadMs = Math.round(performance.now() - run.spawnedAt)
    this.log(`[kiln] ready in ${loadMs} ms\n`)
    this.update({ state: 'ready', progress: null, message: null, loadMs })
  }

  private loadTimedOut(run: Run): void {
    if (this.run !== run || this.snap.state === 'ready') return
    run.expected = true
    const minutes = Math.round(this.t.loadTimeoutMs / 60_000)
    const limit = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${this.t.loadTimeoutMs} ms`
    const message = `the model did not load within ${limit}; see the log`
    this.log(`[kiln] ${message}\n`)
    this.update({ state: 'failed', message, progress: null })
    this.signal(run, 'SIGTERM')
    run.timers.push(setTimeout(() => this.signal(run, 'SIGKILL'), this.t.killGraceMs))
  }

  private exited(run: Run, e: { code: number | null; signal: NodeJS.Signals | null }): void {
    const how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`
    this.log(`[kiln] the server ${how}\n`)
    if (this.run !== run) return
    this.run = null
    if (run.expected) {
      if (this.snap.state === 'failed') this.update({ pid: null, url: null, apiKey: null })
      return
    }
    const why = run.lastError ? reason(run.lastError) : null
    const gone = { pid: null, url: null, apiKey: null, progress: null }
    if (!this.everReady) {
      // It never served: a model that cannot load will not load on a second try either.
      const message = why ? `${why} (the server ${how} before it was ready)` : `the server ${how} before it was ready; see the log`
      this.update({ ...gone, state: 'failed', message })
      return
    }
    this.crashes++
    const last = `${how}${why ? `: ${why}` : ''}`
    if (this.crashes > this.t.maxRestarts) {
      this.update({ ...gone, state: 'failed', message: `crashed ${this.crashes} times; press Restart (last: the server ${last})` })
      return
    }
    const delay = this.t.backoffMs * 2 ** (this.crashes - 1)
    this.update({
      ...gone,
      state: 'crashed',
      restarts: this.crashes,
      message: `the server ${last}; restarting in ${seconds(delay)} (${this.crashes} of ${this.t.maxRestarts})`,
    })
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      void this.spawnOnce()
    }, delay)
  }

  private signal(run: Run, sig: NodeJS.Signals): void {
    const pid = run.child.pid
    if (pid === undefined) return
    try {
      if (process.platform === 'win32') run.child.kill(sig)
      else process.kill(-pid, sig)
    } catch {
      // ESRCH: already gone
    }
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e))
/** The engine's `kiln-engine: error: why` says why; other error lines are kept whole. */
const reason = (line: string): string => line.replace(/^.*?kiln-engine: error:\s*/, '')
const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`)
