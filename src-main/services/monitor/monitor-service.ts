// The system monitor: a worker thread samples (sampler-worker.ts), this service keeps the last
// 10 minutes in a ring, forwards each sample and every change of the sources to the renderers, and
// tells the worker the rate: the set interval while a monitor view is visible, slow otherwise. The
// main thread only receives messages: nothing here reads /proc or runs a tool.
import { access } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { EventName, MonitorInventory, MonitorSample, MonitorSnapshot, MonitorSource } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import type { ProcessLabel, ProcessLabels } from './process-tree'
import { HISTORY_MS, Ring, ringCapacity } from './ring'
import type { FromWorker, ReplayOptions, ToWorker, WorkerInit } from './sampler'

export const BUILT_WORKER = 'monitor-worker.js'
export const MAX_RESTARTS = 5

export type MonitorServiceOptions = {
  settings: { getNumber(key: 'monitor.intervalMs'): number }
  emit: Emit
  log: Logger
  /** Pids the services know, with their kind and words (terminals, the REPL, the inference server...). */
  labels?: ProcessLabels
  /** The app's event bus: a 'settings:changed' event makes the service read monitor.intervalMs again. */
  events?: { subscribe(sink: (event: EventName, payload: unknown) => void): Disposable }
  /** The worker's entry (default: monitor-worker.js beside the main bundle, or the .ts source under tsx). */
  workerFile?: string
  procRoot?: string
  sysRoot?: string
  replay?: ReplayOptions
  /** Whose descendants are Kiln's processes (default: this process). */
  rootPid?: number
  /** Delay before the n-th restart of a worker that died (default 1 s, 2 s, 4 s...). */
  restartDelayMs?: (n: number) => number
}

/** The worker's entry: the built monitor-worker.js, or (running from .ts sources) the source under tsx. */
export async function findMonitorWorker(moduleFile = fileURLToPath(import.meta.url)): Promise<string> {
  const dir = dirname(moduleFile)
  if (moduleFile.endsWith('.ts')) return join(dir, 'sampler-worker.ts')
  const candidates = [join(dir, BUILT_WORKER), join(dir, '..', BUILT_WORKER)]
  for (const file of candidates) if (await access(file).then(() => true, () => false)) return file
  throw new Error(`cannot find the monitor worker (looked for ${candidates.join(', ')})`)
}

/**
 * A .ts entry runs under tsx's CommonJS hook (on Node 20 the ESM hooks of `--import tsx` do not
 * reach a worker's entry file; see syntax/worker-entry.ts).
 */
const execArgvFor = (file: string): string[] => (file.endsWith('.ts') ? ['--require', createRequire(fileURLToPath(import.meta.url)).resolve('tsx/cjs')] : [])

export class MonitorService implements Disposable {
  private worker: Worker | null = null
  private starting: Promise<void> | null = null
  private intervalMs: number
  private isVisible = false
  private ring: Ring<MonitorSample>
  private sources: MonitorSource[] = []
  private inventory: MonitorInventory | null = null
  private labelsKey = ''
  private restarts = 0
  /** Restarted MAX_RESTARTS times and died again: no more tries until Kiln restarts. */
  private gaveUp = false
  private restartTimer: NodeJS.Timeout | null = null
  private disposed = false
  private readonly settingsListener: Disposable | null

  constructor(private readonly opts: MonitorServiceOptions) {
    this.intervalMs = opts.settings.getNumber('monitor.intervalMs')
    this.ring = new Ring(ringCapacity(this.intervalMs))
    this.settingsListener = opts.events?.subscribe((event) => event === 'settings:changed' && this.followSettings()) ?? null
  }

  /** Starts sampling (at the slow rate until a view is visible): the status bar's reading. */
  start(): void {
    if (this.disposed || this.gaveUp || this.worker !== null || this.starting !== null || this.restartTimer !== null) return
    this.starting = this.launch().finally(() => (this.starting = null))
  }

  snapshot(since?: number): MonitorSnapshot {
    this.start()
    const oldest = Date.now() - HISTORY_MS
    const after = Math.max(since ?? -Infinity, oldest - 1)
    return { intervalMs: this.intervalMs, samples: this.ring.after(after, (s) => s.t), sources: this.sources, inventory: this.inventory }
  }

  /** A monitor view is on screen (sample at the set interval) or not (slowly). */
  visible(visible: boolean): void {
    this.isVisible = visible
    this.start()
    this.post({ type: 'visible', visible })
  }

  /** Ends the worker after it has killed its tools' child processes. */
  async shutdown(): Promise<void> {
    this.disposeListeners()
    await this.starting?.catch(() => {})
    const w = this.worker
    this.worker = null
    if (w === null) return
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        void w.terminate().then(() => resolve(), () => resolve())
      }
      const timer = setTimeout(done, 2000)
      w.on('message', (m: FromWorker) => m.type === 'stopped' && done())
      w.on('exit', done)
      w.postMessage({ type: 'stop' } satisfies ToWorker)
    })
  }

  dispose(): void {
    void this.shutdown()
  }

  /** The worker thread (the benchmark asks it for its own CPU time). */
  get workerThread(): Worker | null {
    return this.worker
  }

  private disposeListeners(): void {
    this.disposed = true
    this.settingsListener?.dispose()
    if (this.restartTimer !== null) clearTimeout(this.restartTimer)
    this.restartTimer = null
  }

  private async launch(): Promise<void> {
    let file: string
    try {
      file = this.opts.workerFile ?? (await findMonitorWorker())
    } catch (e) {
      this.setSources([{ id: 'proc', state: 'failing', message: `the monitor cannot start: ${e instanceof Error ? e.message : String(e)}`, fix: null }])
      return
    }
    if (this.disposed) return
    const labels = this.currentLabels()
    this.labelsKey = JSON.stringify(labels)
    const init: WorkerInit = {
      intervalMs: this.intervalMs,
      visible: this.isVisible,
      rootPid: this.opts.rootPid ?? process.pid,
      procRoot: this.opts.procRoot,
      sysRoot: this.opts.sysRoot,
      replay: this.opts.replay,
      labels,
    }
    const worker = new Worker(file, { workerData: init, execArgv: execArgvFor(file) })
    this.worker = worker
    let lastError: string | null = null
    worker.on('message', (m: FromWorker) => this.onMessage(m))
    worker.on('error', (e) => (lastError = e.message))
    worker.on('exit', (code) => {
      if (this.worker !== worker) return // stopped on purpose
      this.worker = null
      this.died(lastError ?? `exit code ${code}`)
    })
  }

  /** Restarts a dead worker with backoff, at most MAX_RESTARTS times; then says so as the 'proc' source. */
  private died(why: string): void {
    if (this.disposed) return
    if (this.restarts >= MAX_RESTARTS) {
      this.gaveUp = true
      this.opts.log.error(`monitor: the sampler stopped ${this.restarts + 1} times (${why}); not restarting`)
      this.setSources([{ id: 'proc', state: 'failing', message: `the sampler stopped ${this.restarts + 1} times, last: ${why}; restart Kiln to try again`, fix: null }])
      return
    }
    const delay = this.opts.restartDelayMs?.(this.restarts) ?? 1000 * 2 ** this.restarts
    this.restarts++
    this.opts.log.warn(`monitor: the sampler stopped (${why}); restart ${this.restarts} of ${MAX_RESTARTS} in ${delay} ms`)
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      this.start()
    }, delay)
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'sample') {
      this.ring.push(m.sample)
      this.opts.emit('monitor:sample', m.sample)
      this.followSettings()
      this.sendLabels()
    } else if (m.type === 'sources') this.setSources(m.sources)
    else if (m.type === 'inventory') this.inventory = m.inventory
  }

  private setSources(sources: MonitorSource[]): void {
    this.sources = sources
    this.opts.emit('monitor:sources', sources)
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m)
  }

  /** A new monitor.intervalMs: a ring for 10 minutes at that rate (keeping the newest), and the worker told. */
  private followSettings(): void {
    const ms = this.opts.settings.getNumber('monitor.intervalMs')
    if (ms === this.intervalMs) return
    this.intervalMs = ms
    this.ring = this.ring.resized(ringCapacity(ms))
    this.post({ type: 'interval', intervalMs: ms })
  }

  private currentLabels(): [number, ProcessLabel][] {
    try {
      return [...(this.opts.labels?.() ?? new Map<number, ProcessLabel>())]
    } catch (e) {
      this.opts.log.warn(`monitor: labels: ${e instanceof Error ? e.message : String(e)}`)
      return []
    }
  }

  /** The services' pids change rarely: the worker is told only when they do. */
  private sendLabels(): void {
    const labels = this.currentLabels()
    const key = JSON.stringify(labels)
    if (key === this.labelsKey) return
    this.labelsKey = key
    this.post({ type: 'labels', labels })
  }
}
