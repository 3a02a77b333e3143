// Find in Files. `start` answers with a search id at once; each file's matches then arrive as one
// 'search:result' event and every search ends with exactly one 'search:done' (a cancelled one
// carries `error: 'cancelled'`). A new search cancels the one before it; results always carry
// their search id, so two searches never mix.
import { randomUUID } from 'node:crypto'
import type { SearchQuery } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { isBinary } from './fs-ops'
import { compileGlobList } from './glob'
import { forEachLimit } from './pool'
import { readCapped } from './read-capped'
import { buildSearchRegExp, findMatches } from './search-matcher'
import { HEAVY_DIRS, walkFiles, type WalkedFile } from './walk'
import type { WorkspaceService } from './workspace-service'

/** Files larger than this are not searched (generated data, logs). */
export const SEARCH_MAX_FILE_BYTES = 5 * 1024 * 1024

export interface SearchServiceOptions {
  workspace: WorkspaceService
  emit: Emit
  log: Logger
  /** Files read at once (default 32). */
  concurrency?: number
}

type Run = { controller: AbortController; reason: 'cancelled' | 'limit' | null }

export class SearchService implements Disposable {
  private readonly runs = new Map<string, Run>()
  private readonly rootListener: Disposable
  private disposed = false

  constructor(private readonly opts: SearchServiceOptions) {
    // Results from a folder that is no longer open are of no use.
    this.rootListener = opts.workspace.onDidChangeRoot(() => this.cancelAll())
  }

  /** Starts a search; throws NO_WORKSPACE, or INVALID_ARGS for a bad regular expression. */
  start(query: SearchQuery): { searchId: string } {
    const root = this.opts.workspace.root
    if (!root) throw new KilnError('NO_WORKSPACE', 'open a folder to search in it')
    const re = buildSearchRegExp(query)
    const include = compileGlobList(query.include)
    const exclude = compileGlobList(query.exclude)
    this.cancelAll()
    const searchId = randomUUID()
    const run: Run = { controller: new AbortController(), reason: null }
    this.runs.set(searchId, run)
    // Deferred a turn so the caller has the id before the first result can arrive.
    setImmediate(() => {
      void this.execute(searchId, run, root, query, re, include, exclude)
    })
    return { searchId }
  }

  /** Stops a search; unknown or finished ids are ignored. */
  cancel(searchId: string): void {
    const run = this.runs.get(searchId)
    if (!run) return
    run.reason ??= 'cancelled'
    run.controller.abort()
  }

  private cancelAll(): void {
    for (const id of [...this.runs.keys()]) this.cancel(id)
  }

  private async execute(
    searchId: string,
    run: Run,
    root: string,
    query: SearchQuery,
    re: RegExp,
    include: ((rel: string) => boolean) | null,
    exclude: ((rel: string) => boolean) | null,
  ): Promise<void> {
    const started = performance.now()
    const { signal } = run.controller
    let filesSearched = 0
    let filesMatched = 0
    let matches = 0
    let error: string | undefined

    const wanted = async function* (): AsyncGenerator<WalkedFile> {
      const skipDir = (rel: string, name: string): boolean => HEAVY_DIRS.has(name) || (exclude?.(rel) ?? false)
      for await (const batch of walkFiles(root, { signal, skipDir }))
        for (const f of batch) if (!exclude?.(f.rel) && (!include || include(f.rel))) yield f
    }

    try {
      await forEachLimit(
        wanted(),
        this.opts.concurrency ?? 32,
        async (file) => {
          if (signal.aborted) return
          const text = await readSearchable(file.abs)
          if (text === null || signal.aborted) return
          filesSearched++
          const found = findMatches(text, re, query.maxResults - matches)
          if (found.length === 0) return
          matches += found.length
          filesMatched++
          this.opts.emit('search:result', { searchId, path: file.rel, matches: found })
          if (matches >= query.maxResults) {
            run.reason ??= 'limit'
            run.controller.abort()
          }
        },
        signal,
      )
    } catch (e) {
      error = e instanceof Error ? e.message : String(e)
      this.opts.log.error(`search ${searchId} failed`, e)
    }
    this.runs.delete(searchId)
    if (this.disposed) return
    if (run.reason === 'cancelled') error = 'cancelled'
    this.opts.emit('search:done', {
      searchId,
      filesSearched,
      filesMatched,
      matches,
      durationMs: Math.round(performance.now() - started),
      limitHit: run.reason === 'limit',
      ...(error !== undefined ? { error } : {}),
    })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.rootListener.dispose()
    this.cancelAll()
  }
}

/** A file's text, or null when it is not worth searching: too large, binary, unreadable. */
async function readSearchable(abs: string): Promise<string | null> {
  const data = await readCapped(abs, SEARCH_MAX_FILE_BYTES)
  return data === null || isBinary(data) ? null : data.toString('utf8')
}
