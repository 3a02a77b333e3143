// Julia structure (outline, syntax errors) for the editor, parsed by tree-sitter-julia in a worker
// thread so that a large file never stalls the main process. The worker starts on first use;
// requests queue and go one at a time; a worker that crashes is replaced on the next request
// (with a pause after repeated crashes); dispose terminates it.
//
// Time limits: the worker abandons a parse that runs past `timeoutMs` (tree-sitter's progress
// callback) and answers TIMEOUT, staying alive. tree-sitter-julia 0.23 parses ordinary code in
// linear time, but a statement that starts with a number literal (`2 * (w + h)`) forks the GLR
// parser, and thousands of them in one file make it superlinear (a 100 KB file of nothing else
// takes seconds). If the worker does not answer even `backstopMs` after that (one tree-sitter step
// that never reaches the callback), it is terminated and replaced.
import type { Worker } from 'node:worker_threads'
import type { SyntaxReport } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { resolveSyntaxAssets, type SyntaxAssets } from './assets'
import type { IndexOutcome, WorkerInit, WorkerJob, WorkerMessage, WorkerRequest } from './protocol'
import { findWorkerEntry, startWorker, type WorkerEntry } from './worker-entry'

export interface SyntaxServiceOptions {
  log: Logger
  /** Where the wasm files are; found by resolveSyntaxAssets() when left out. */
  assets?: SyntaxAssets
  /** Longest one parse may take before it is abandoned with TIMEOUT (default 15 s). */
  timeoutMs?: number
  /** Grace after `timeoutMs` before a worker that does not answer is terminated (default 5 s). */
  backstopMs?: number
  /** Longest the worker may take to load tree-sitter (default 30 s). */
  startTimeoutMs?: number
  /** Starts the worker thread; tests wrap it to reach the thread. */
  createWorker?: (entry: WorkerEntry, init: WorkerInit) => Worker
}

type Answer = SyntaxReport | IndexOutcome
type Job = { id: number; job: WorkerJob; resolve: (r: Answer) => void; reject: (e: Error) => void }

/** After this many crashes without a success in between, stop restarting for a while. */
export const MAX_CONSECUTIVE_CRASHES = 5
const CRASH_COOLDOWN_MS = 30_000

export class SyntaxService implements Disposable {
  private readonly log: Logger
  private readonly timeoutMs: number
  private readonly backstopMs: number
  private readonly startTimeoutMs: number
  private readonly createWorker: (entry: WorkerEntry, init: WorkerInit) => Worker
  private worker: Worker | null = null
  private starting: Promise<Worker> | null = null
  private queue: Job[] = []
  private current: Job | null = null
  private timer: NodeJS.Timeout | null = null
  private nextId = 1
  private crashes = 0
  private pausedUntil = 0
  private disposed = false

  constructor(private readonly opts: SyntaxServiceOptions) {
    this.log = opts.log
    this.timeoutMs = opts.timeoutMs ?? 15_000
    this.backstopMs = opts.backstopMs ?? 5_000
    this.startTimeoutMs = opts.startTimeoutMs ?? 30_000
    this.createWorker = opts.createWorker ?? startWorker
  }

  analyze(content: string): Promise<SyntaxReport> {
    return this.submit({ op: 'analyze', content }) as Promise<SyntaxReport>
  }

  /**
   * One file's symbol index, from a text or from a file the worker reads itself (skipped, with the
   * reason, when larger than `maxBytes` or unreadable).
   */
  index(job: { content: string } | { file: string; maxBytes: number }): Promise<IndexOutcome> {
    const w: WorkerJob = 'file' in job ? { op: 'index', file: job.file, maxBytes: job.maxBytes } : { op: 'index', content: job.content }
    return this.submit(w) as Promise<IndexOutcome>
  }

  private submit(job: WorkerJob): Promise<Answer> {
    if (this.disposed) return Promise.reject(new KilnError('CANCELLED', 'the syntax service has stopped'))
    if (Date.now() < this.pausedUntil) {
      return Promise.reject(
        new KilnError('PROCESS', `the syntax worker crashed ${MAX_CONSECUTIVE_CRASHES} times in a row; retrying shortly`),
      )
    }
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject })
      this.pump()
    })
  }

  /** Requests waiting or running; for tests and the status bar. */
  get pending(): number {
    return this.queue.length + (this.current ? 1 : 0)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    const cancelled = new KilnError('CANCELLED', 'the syntax service has stopped')
    this.finish(cancelled)
    for (const job of this.queue.splice(0)) job.reject(cancelled)
    this.stopWorker()
  }

  private pump(): void {
    if (this.disposed || this.current || this.queue.length === 0) return
    const job = (this.current = this.queue.shift()!)
    this.getWorker().then(
      (worker) => {
        if (this.current !== job || this.worker !== worker) return // cancelled or crashed meanwhile
        worker.ref() // keep the process alive only while there is work
        worker.postMessage({ ...job.job, id: job.id, budgetMs: this.timeoutMs } satisfies WorkerRequest)
        this.timer = setTimeout(() => this.onUnresponsive(job), this.timeoutMs + this.backstopMs)
      },
      (e: unknown) => {
        if (this.current !== job) return
        const message = e instanceof Error ? e.message : String(e)
        this.finish(e instanceof KilnError ? e : new KilnError('INTERNAL', `Julia syntax support is unavailable: ${message}`))
        this.pump()
      },
    )
  }

  /** Settles the running job (with a report, or an error) and clears its timer. */
  private finish(outcome: Answer | Error): void {
    const job = this.current
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.current = null
    if (!job) return
    if (outcome instanceof Error) job.reject(outcome)
    else job.resolve(outcome)
    if (this.queue.length === 0) this.worker?.unref()
  }

  private getWorker(): Promise<Worker> {
    if (!this.starting) {
      const p: Promise<Worker> = this.start().catch((e: unknown) => {
        if (this.starting === p) this.starting = null // retry on the next request
        throw e
      })
      this.starting = p
    }
    return this.starting
  }

  private async start(): Promise<Worker> {
    const [assets, entry] = await Promise.all([this.opts.assets ?? resolveSyntaxAssets(), findWorkerEntry()])
    if (this.disposed) throw new KilnError('CANCELLED', 'the syntax service has stopped')
    const worker = this.createWorker(entry, { assets })
    this.worker = worker
    return new Promise<Worker>((resolve, reject) => {
      const startTimer = setTimeout(() => {
        reject(new KilnError('TIMEOUT', `the syntax worker did not start within ${this.startTimeoutMs} ms`))
        this.stopWorker()
      }, this.startTimeoutMs)
      worker.on('message', (m: WorkerMessage) => {
        if (this.worker !== worker) return
        switch (m.type) {
          case 'ready':
            clearTimeout(startTimer)
            return resolve(worker)
          case 'init-failed':
            clearTimeout(startTimer)
            // Not a crash: tree-sitter cannot load (a missing or broken wasm file). Say so plainly.
            reject(new KilnError('INTERNAL', `Julia syntax support could not load tree-sitter: ${m.message}`))
            this.stopWorker()
            return
          case 'result':
          case 'indexed':
          case 'failed':
            if (this.current?.id !== m.id) return
            this.crashes = 0
            this.finish(
              m.type === 'result'
                ? m.report
                : m.type === 'indexed'
                  ? m.outcome
                  : new KilnError(m.timeout ? 'TIMEOUT' : 'INTERNAL', m.timeout ? m.message : `parse failed: ${m.message}`),
            )
            this.pump()
            return
        }
      })
      const onDeath = (why: string): void => {
        clearTimeout(startTimer)
        if (this.worker !== worker) return // stopped on purpose
        this.worker = null
        this.starting = null
        this.crashes++
        this.log.warn(`syntax worker stopped: ${why} (crash ${this.crashes})`)
        const e = new KilnError('PROCESS', `the syntax worker stopped (${why}); it restarts on the next request`)
        reject(e)
        this.finish(e)
        if (this.crashes >= MAX_CONSECUTIVE_CRASHES) {
          this.pausedUntil = Date.now() + CRASH_COOLDOWN_MS
          this.crashes = 0
          for (const job of this.queue.splice(0)) job.reject(e)
        }
        this.pump()
      }
      worker.on('error', (e: unknown) => onDeath(e instanceof Error ? e.message : String(e)))
      worker.on('exit', (code) => onDeath(`exit code ${code}`))
    })
  }

  private onUnresponsive(job: Job): void {
    if (this.current !== job) return
    this.log.warn(`syntax: the worker did not answer within ${this.timeoutMs + this.backstopMs} ms; replacing it`)
    this.stopWorker()
    this.finish(new KilnError('TIMEOUT', `parsing took longer than ${this.timeoutMs} ms`))
    this.pump()
  }

  /** Terminates the worker on purpose (its exit is then not counted as a crash). */
  private stopWorker(): void {
    const w = this.worker
    this.worker = null
    this.starting = null
    if (w) void w.terminate()
  }
}
