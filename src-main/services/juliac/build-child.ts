// One juliac process, supervised: an argument vector (never a shell), its own process group (juliac
// starts julia, a C compiler and a linker: a cancel must reach them all), stdout and stderr streamed
// as they come, the tree's CPU and memory sampled, and three ways to end early:
// - cancel(): SIGINT to the group, then SIGTERM, then SIGKILL (each after `graceMs`);
// - the overall time limit: the same sequence, and the attempt reports `timedOut`;
// - a quiet spell (no output for `quietMs`) is only reported through `onQuiet`: slow is not hung.
import { spawn, type ChildProcess } from 'node:child_process'
import { TreeSampler, type TreeUsage } from './metrics'

export type ChildSpec = {
  file: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  graceMs: number
  timeoutMs: number
  quietMs: number
  onData: (chunk: string) => void
  onQuiet: (silentMs: number) => void
}

export type ChildOutcome = {
  code: number | null
  signal: NodeJS.Signals | null
  cancelled: boolean
  timedOut: boolean
  wallMs: number
  usage: TreeUsage
}

export class BuildChild {
  private readonly child: ChildProcess
  private readonly sampler: TreeSampler | null
  private readonly timers: NodeJS.Timeout[] = []
  private stopping = false
  private exited = false
  private lastOutput = performance.now()
  cancelled = false
  timedOut = false
  readonly done: Promise<ChildOutcome>

  /** Spawns; rejects `done` with the spawn error when the program cannot start. */
  constructor(private readonly spec: ChildSpec) {
    const started = performance.now()
    const detached = process.platform !== 'win32'
    this.child = spawn(spec.file, spec.args, { cwd: spec.cwd, env: spec.env, detached, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] })
    this.sampler = this.child.pid ? new TreeSampler(this.child.pid).start() : null
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = this.child[name]
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => {
        this.lastOutput = performance.now()
        spec.onData(chunk)
      })
    }
    const quiet = setInterval(() => {
      const silent = performance.now() - this.lastOutput
      if (silent >= spec.quietMs) {
        spec.onQuiet(silent)
        this.lastOutput = performance.now() // say it again only after another quiet spell
      }
    }, Math.min(spec.quietMs, 5_000))
    this.timers.push(quiet, setTimeout(() => {
      this.timedOut = true
      this.stop()
    }, spec.timeoutMs))
    this.done = new Promise<ChildOutcome>((resolve, reject) => {
      let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null
      const finish = async (): Promise<void> => {
        if (this.exited) return
        this.exited = true
        for (const t of this.timers) clearTimeout(t)
        clearInterval(quiet)
        const usage = (await this.sampler?.stop()) ?? { cpuMs: null, peakRssBytes: null }
        const e = exit ?? { code: this.child.exitCode, signal: this.child.signalCode }
        resolve({ ...e, cancelled: this.cancelled, timedOut: this.timedOut, wallMs: Math.round(performance.now() - started), usage })
      }
      this.child.once('error', (e) => {
        if (this.exited) return
        this.exited = true
        for (const t of this.timers) clearTimeout(t)
        clearInterval(quiet)
        void this.sampler?.stop()
        reject(e)
      })
      this.child.once('exit', (code, signal) => {
        exit = { code, signal }
        // A grandchild holding the pipes must not keep the build open: end a moment after exit.
        this.timers.push(setTimeout(() => void finish(), 2_000))
        // Whatever the group left behind dies with it.
        this.signal('SIGKILL')
      })
      this.child.once('close', () => void finish())
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  cancel(): void {
    this.cancelled = true
    this.stop()
  }

  /** At once, for shutdown. */
  kill(): void {
    this.cancelled = true
    this.signal('SIGKILL')
  }

  private stop(): void {
    if (this.stopping || this.exited) return
    this.stopping = true
    const g = this.spec.graceMs
    this.signal('SIGINT')
    this.timers.push(
      setTimeout(() => this.signal('SIGTERM'), g),
      setTimeout(() => this.signal('SIGKILL'), 2 * g),
    )
  }

  private signal(signal: NodeJS.Signals): void {
    const { pid } = this.child
    try {
      if (process.platform !== 'win32' && pid) process.kill(-pid, signal)
      else this.child.kill(signal)
    } catch {
      // already gone
    }
  }
}
