// The workspace symbol index: every .jl file's definitions and identifier occurrences, parsed in
// the syntax worker (which also reads the files), so neither the main thread nor the editor waits.
// Built when a folder opens, then kept current: a file changed on disk is re-indexed, an open
// buffer's unsaved text replaces its file's entry until the buffer closes.
import path from 'node:path'
import type { FileChange } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import type { IndexOutcome } from '../syntax/protocol'
import type { FileIndex } from '../syntax/symbol-index'
import { HEAVY_DIRS, walkFiles } from '../workspace/walk'

export type IndexJob = { content: string } | { file: string; maxBytes: number }
export type Indexer = (job: IndexJob) => Promise<IndexOutcome>

export type IndexProgress = { files: number; total: number; symbols: number; done: boolean; durationMs: number }

export interface WorkspaceIndexOptions {
  indexer: Indexer
  log: Logger
  /** Called with progress while building (throttled) and after every change. */
  onProgress: (p: IndexProgress) => void
  /** Files indexed at most (default 20,000); the rest are listed as skipped. */
  maxFiles?: number
  /** Larger files are left out (default 2 MB): generated tables, not code anyone navigates. */
  maxBytes?: number
  /** Jobs in flight at once (the worker runs one at a time; two keeps it busy). */
  concurrency?: number
  /** Least time between two progress reports while building (default 250 ms). */
  progressIntervalMs?: number
}

export const isJuliaFile = (rel: string): boolean => rel.endsWith('.jl')

type Buffer = { version: number; index: FileIndex | null }

export class WorkspaceIndex implements Disposable {
  private root: string | null = null
  private readonly disk = new Map<string, FileIndex>()
  private readonly buffers = new Map<string, Buffer>()
  /** Files to (re)index from disk, in order; a Set so a file changed twice is read once. */
  private readonly queue = new Set<string>()
  private inFlight = 0
  private total = 0
  private startedAt = 0
  private durationMs = 0
  private building = false
  private generation = 0
  private lastReport = 0
  private reportTimer: NodeJS.Timeout | null = null
  private idleWaiters: (() => void)[] = []
  private readonly maxFiles: number
  private readonly maxBytes: number
  private readonly concurrency: number
  private readonly progressIntervalMs: number
  private disposed = false

  constructor(private readonly opts: WorkspaceIndexOptions) {
    this.maxFiles = opts.maxFiles ?? 20_000
    this.maxBytes = opts.maxBytes ?? 2 * 1024 * 1024
    this.concurrency = opts.concurrency ?? 2
    this.progressIntervalMs = opts.progressIntervalMs ?? 250
  }

  /** Indexes a folder from scratch (null: forget everything). */
  async open(root: string | null): Promise<void> {
    const generation = ++this.generation
    this.root = root
    this.disk.clear()
    this.queue.clear()
    this.total = 0
    this.durationMs = 0
    if (!root) {
      this.building = false
      this.startedAt = 0
      this.report(true)
      this.settle()
      return
    }
    this.building = true
    this.startedAt = performance.now()
    this.report(true)
    let found = 0
    for await (const batch of walkFiles(root, { skipDir: (_rel, name) => HEAVY_DIRS.has(name) })) {
      if (generation !== this.generation || this.disposed) return
      for (const f of batch) {
        if (!isJuliaFile(f.rel)) continue
        if (++found > this.maxFiles) break
        this.queue.add(f.rel)
        this.total++
      }
      this.pump()
    }
    if (found > this.maxFiles) this.opts.log.warn(`symbol index: only the first ${this.maxFiles} of ${found}+ Julia files are indexed`)
    this.building = false
    this.pump()
    this.finishIfIdle()
  }

  /** Files that changed on disk (the watcher's events). */
  applyChanges(changes: readonly FileChange[]): void {
    if (!this.root) return
    for (const c of changes) {
      if (c.kind === 'deleted') {
        // A deleted folder takes every file below it.
        for (const p of [...this.disk.keys()]) {
          if (p === c.path || p.startsWith(`${c.path}/`)) {
            this.disk.delete(p)
            this.total--
          }
        }
        if (this.queue.delete(c.path)) this.total--
      } else if (isJuliaFile(c.path)) {
        if (!this.disk.has(c.path) && !this.queue.has(c.path)) this.total++
        this.queue.add(c.path)
      }
    }
    this.pump()
    if (!this.finishIfIdle()) this.report(false)
  }

  /** An open buffer's text replaces its file on disk until closed; the newest version wins. */
  async setBuffer(rel: string, content: string, version: number): Promise<void> {
    const current = this.buffers.get(rel)
    if (current && current.version > version) return
    const entry: Buffer = { version, index: current?.index ?? null }
    this.buffers.set(rel, entry)
    const outcome = await this.opts.indexer({ content }).catch((e: unknown) => {
      this.opts.log.warn(`symbol index: ${rel}: ${e instanceof Error ? e.message : String(e)}`)
      return null
    })
    // Dropped when a newer version or a close overtook this one.
    if (this.buffers.get(rel) !== entry || !outcome?.index) return
    entry.index = outcome.index
    this.report(this.idle())
  }

  closeBuffer(rel: string): void {
    if (!this.buffers.delete(rel)) return
    // What is on disk is what counts again (the buffer may have been closed without saving).
    if (this.root && isJuliaFile(rel)) {
      this.queue.add(rel)
      this.pump()
    }
  }

  /** Every file's entry: an open buffer's when it has one, else the file's on disk. */
  *entries(): IterableIterator<[string, FileIndex]> {
    for (const [p, b] of this.buffers) if (b.index) yield [p, b.index]
    for (const [p, idx] of this.disk) {
      const b = this.buffers.get(p)
      if (!b || !b.index) yield [p, idx]
    }
  }

  entry(rel: string): FileIndex | null {
    return this.buffers.get(rel)?.index ?? this.disk.get(rel) ?? null
  }

  progress(): IndexProgress {
    let symbols = 0
    for (const [, idx] of this.entries()) symbols += idx.symbols.length
    const done = this.idle()
    return {
      files: this.disk.size,
      total: Math.max(this.total, this.disk.size),
      symbols,
      done,
      // The first build's time; 0 while it runs (the status bar shows files of total meanwhile).
      durationMs: Math.round(this.durationMs),
    }
  }

  /** Resolves once nothing is queued or in flight (for tests and the CLI). */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private idle(): boolean {
    return !this.building && this.queue.size === 0 && this.inFlight === 0
  }

  private pump(): void {
    const root = this.root
    if (!root || this.disposed) return
    const generation = this.generation
    while (this.inFlight < this.concurrency && this.queue.size > 0) {
      const rel = this.queue.values().next().value as string
      this.queue.delete(rel)
      this.inFlight++
      const abs = path.join(root, ...rel.split('/'))
      this.opts
        .indexer({ file: abs, maxBytes: this.maxBytes })
        .then(
          (outcome) => {
            if (generation !== this.generation) return
            if (outcome.index) this.disk.set(rel, outcome.index)
            else {
              this.disk.delete(rel)
              if (outcome.skipped !== 'ENOENT') this.opts.log.info(`symbol index: skipped ${rel} (${outcome.skipped})`)
              this.total = Math.max(0, this.total - 1)
            }
          },
          (e: unknown) => {
            if (generation !== this.generation) return
            this.total = Math.max(0, this.total - 1)
            this.opts.log.warn(`symbol index: ${rel}: ${e instanceof Error ? e.message : String(e)}`)
          },
        )
        .finally(() => {
          if (generation !== this.generation) return
          this.inFlight--
          this.pump()
          if (!this.finishIfIdle()) this.report(false)
        })
    }
  }

  /** Reports the end of a build or an update; true when there is nothing left to do. */
  private finishIfIdle(): boolean {
    if (!this.idle()) return false
    if (this.durationMs === 0 && this.startedAt > 0) this.durationMs = Math.max(1, performance.now() - this.startedAt)
    this.report(true)
    this.settle()
    return true
  }

  private settle(): void {
    for (const w of this.idleWaiters.splice(0)) w()
  }

  /** Progress to the listener: at once when `now`, else at most once per interval. */
  private report(now: boolean): void {
    if (this.disposed) return
    const since = performance.now() - this.lastReport
    if (!now && since < this.progressIntervalMs) {
      this.reportTimer ??= setTimeout(() => {
        this.reportTimer = null
        this.report(true)
      }, this.progressIntervalMs - since)
      return
    }
    if (this.reportTimer) clearTimeout(this.reportTimer)
    this.reportTimer = null
    this.lastReport = performance.now()
    this.opts.onProgress(this.progress())
  }

  dispose(): void {
    this.disposed = true
    this.generation++
    if (this.reportTimer) clearTimeout(this.reportTimer)
    this.reportTimer = null
    this.queue.clear()
    this.settle()
  }
}
