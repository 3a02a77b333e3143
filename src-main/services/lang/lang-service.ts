// Language features for the editor: Ctrl+T, go to definition, references, hover, completion,
// formatting. A language server (LanguageServer.jl, JETLS), when one is given and ready, answers
// first; Kiln's own workspace index answers when there is none, while it starts or indexes, and
// whenever it has nothing to say (null or an empty list). Formatting needs the server.
import type {
  EventName,
  Events,
  LangCompletion,
  LangHover,
  LangStatus,
  LangTextEdit,
  SymbolLocation,
  WorkspaceSymbol,
} from '../../../src-preload/contract'
import { DisposableStore, toDisposable, type Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { SyntaxService } from '../syntax/syntax-service'
import type { WorkspaceService } from '../workspace/workspace-service'
import { completions, definitionLocation, findDefinitions, findReferences, hoverMarkdown, workspaceSymbols } from './queries'
import type { LanguageServerPort } from './server-port'
import { WorkspaceIndex, type IndexProgress } from './workspace-index'
import { wordAt } from './words'

export interface LangServiceOptions {
  workspace: Pick<WorkspaceService, 'root' | 'onDidChangeRoot' | 'read'>
  /** Where 'workspace:changed' comes from (the app's EventBus). */
  events: { subscribe(sink: (event: EventName, payload: unknown) => void): Disposable }
  emit: Emit
  log: Logger
  /** The language server client, or null when none is configured. */
  server: LanguageServerPort | null
  /**
   * The parser thread for indexing. Default: a SyntaxService of its own, so indexing a big
   * workspace never queues in front of the editor's outline requests.
   */
  syntax?: Pick<SyntaxService, 'index'> & Partial<Disposable>
  /** Wait before the first build, so it does not compete with the first editor paint (default 400 ms). */
  startDelayMs?: number
  maxFiles?: number
  maxBytes?: number
}

/**
 * The index waits this long after a folder opens before parsing it: the tree-sitter worker compiling
 * its wasm and parsing every file would otherwise compete with the window loading (on 2 cores the
 * editable-editor time went from ~0.9 s to ~1.5 s). A question (Ctrl+T, F12, hover) starts it at once.
 */
const INDEX_START_DELAY_MS = 3000
/** How long a question waits for an index still being built before answering from what there is. */
const INDEX_WAIT_MS = 3000

const NO_SERVER: LangStatus['server'] = {
  state: 'absent',
  name: null,
  message: 'No Julia language server is running; Kiln’s own index answers.',
  progress: null,
}

export class LangService implements Disposable {
  private readonly store = new DisposableStore()
  private readonly index: WorkspaceIndex
  private readonly server: LanguageServerPort | null
  /** Open buffers' text, for the word under the cursor and for formatting. */
  private readonly buffers = new Map<string, { content: string; version: number }>()
  private progress: IndexProgress = { files: 0, total: 0, symbols: 0, done: true, durationMs: 0 }
  private startTimer: NodeJS.Timeout | null = null

  constructor(private readonly opts: LangServiceOptions) {
    this.server = opts.server
    const syntax = opts.syntax ?? this.store.add(new SyntaxService({ log: opts.log }))
    this.index = this.store.add(
      new WorkspaceIndex({
        indexer: (job) => syntax.index(job),
        log: opts.log,
        maxFiles: opts.maxFiles,
        maxBytes: opts.maxBytes,
        onProgress: (p) => {
          this.progress = p
          this.emitStatus()
        },
      }),
    )
    this.store.add(opts.workspace.onDidChangeRoot((root) => this.openRoot(root)))
    this.store.add(
      opts.events.subscribe((event, payload) => {
        if (event === 'workspace:changed') this.index.applyChanges((payload as Events['workspace:changed']).changes)
      }),
    )
    if (this.server) this.store.add(this.server.onStatus(() => this.emitStatus()))
    this.store.add(toDisposable(() => this.startTimer && clearTimeout(this.startTimer)))
    if (opts.workspace.root) this.openRoot(opts.workspace.root)
  }

  private openRoot(root: string | null): void {
    if (this.startTimer) clearTimeout(this.startTimer)
    this.startTimer = null
    this.buffers.clear()
    if (!root) {
      void this.index.open(null)
      return
    }
    this.startTimer = setTimeout(() => {
      this.startTimer = null
      void this.index.open(root).catch((e: unknown) => this.opts.log.error('symbol index: build failed', e))
    }, this.opts.startDelayMs ?? INDEX_START_DELAY_MS)
  }

  status(): LangStatus {
    return { index: this.progress, server: this.server?.status() ?? NO_SERVER }
  }

  private emitStatus(): void {
    this.opts.emit('lang:status', this.status())
  }

  /** Resolves once the index has nothing left to do (tests). */
  async indexed(): Promise<void> {
    while (this.startTimer) await new Promise((r) => setTimeout(r, 20))
    await this.index.whenIdle()
  }

  private ready(): LanguageServerPort | null {
    return this.server && this.server.status().state === 'ready' ? this.server : null
  }

  /** The server's answer when it has one, else the index's. */
  private async serverFirst<T>(ask: (s: LanguageServerPort) => Promise<T | null>, fallback: () => T | Promise<T>): Promise<T> {
    const s = this.ready()
    if (s) {
      const answer = await ask(s).catch((e: unknown) => {
        this.opts.log.warn(`language server: ${e instanceof Error ? e.message : String(e)}`)
        return null
      })
      if (answer !== null && !(Array.isArray(answer) && answer.length === 0)) return answer
    }
    return fallback()
  }

  /** A question needs the index: start it now if it was waiting, and give it a moment to finish. */
  private async requireRoot(): Promise<void> {
    const root = this.opts.workspace.root
    if (!root) throw new KilnError('NO_WORKSPACE', 'open a folder to use language features')
    if (this.startTimer) {
      clearTimeout(this.startTimer)
      this.startTimer = null
      void this.index.open(root).catch((e: unknown) => this.opts.log.error('symbol index: build failed', e))
    }
    let timer: NodeJS.Timeout | undefined
    await Promise.race([this.index.whenIdle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, INDEX_WAIT_MS)))])
    clearTimeout(timer)
  }

  async workspaceSymbols(query: string, limit: number): Promise<WorkspaceSymbol[]> {
    await this.requireRoot()
    return this.serverFirst(
      (s) => s.workspaceSymbols(query),
      () => workspaceSymbols(() => this.index.entries(), query, limit),
    ).then((r) => r.slice(0, limit))
  }

  async definition(path: string, line: number, column: number): Promise<SymbolLocation[]> {
    await this.requireRoot()
    return this.serverFirst(
      (s) => s.definition(path, line, column),
      async () => {
        const word = wordAt(await this.lineOf(path, line), column)
        return word ? findDefinitions(() => this.index.entries(), word, path).map(definitionLocation) : []
      },
    )
  }

  async references(path: string, line: number, column: number, includeDeclaration: boolean): Promise<SymbolLocation[]> {
    await this.requireRoot()
    return this.serverFirst(
      (s) => s.references(path, line, column, includeDeclaration),
      async () => {
        const word = wordAt(await this.lineOf(path, line), column)
        return word ? findReferences(() => this.index.entries(), word.key, includeDeclaration) : []
      },
    )
  }

  async hover(path: string, line: number, column: number): Promise<LangHover | null> {
    await this.requireRoot()
    const s = this.ready()
    if (s) {
      const answer = await s.hover(path, line, column).catch(() => null)
      if (answer) return answer
    }
    const word = wordAt(await this.lineOf(path, line), column)
    if (!word) return null
    const markdown = hoverMarkdown(findDefinitions(() => this.index.entries(), word, path))
    return markdown ? { markdown, source: 'index' } : null
  }

  async completion(path: string, line: number, column: number): Promise<LangCompletion[]> {
    await this.requireRoot()
    return this.serverFirst(
      (s) => s.completion(path, line, column),
      async () => completions(() => this.index.entries(), path, await this.lineOf(path, line), column),
    )
  }

  async format(path: string): Promise<LangTextEdit[]> {
    await this.requireRoot()
    const s = this.ready()
    if (!s) {
      const why = this.server ? `the language server is ${this.server.status().state}` : 'no Julia language server is running'
      throw new KilnError(
        'UNSUPPORTED',
        `Formatting Julia needs a language server (LanguageServer.jl or JETLS), and ${why}. Install one (julia -e 'using Pkg; Pkg.add("LanguageServer")') and set its path in Settings.`,
      )
    }
    const content = this.buffers.get(path)?.content ?? (await this.opts.workspace.read(path)).content
    const edits = await s.format(path, content)
    if (edits === null) throw new KilnError('UNSUPPORTED', 'the language server could not format this file just now')
    return edits
  }

  didOpen(path: string, content: string, version: number): void {
    this.buffers.set(path, { content, version })
    void this.index.setBuffer(path, content, version)
    this.server?.didOpen(path, content, version)
  }

  didChange(path: string, content: string, version: number): void {
    const had = this.buffers.get(path)
    if (had && had.version > version) return
    this.buffers.set(path, { content, version })
    void this.index.setBuffer(path, content, version)
    this.server?.didChange(path, content, version)
  }

  didClose(path: string): void {
    this.buffers.delete(path)
    this.index.closeBuffer(path)
    this.server?.didClose(path)
  }

  /** One line of a file: from its open buffer when there is one, else from disk. */
  private async lineOf(path: string, line: number): Promise<string> {
    const content = this.buffers.get(path)?.content ?? (await this.opts.workspace.read(path)).content
    let start = 0
    for (let l = 1; l < line; l++) {
      const nl = content.indexOf('\n', start)
      if (nl < 0) return ''
      start = nl + 1
    }
    const end = content.indexOf('\n', start)
    return content.slice(start, end < 0 ? undefined : end).replace(/\r$/, '')
  }

  dispose(): void {
    this.store.dispose()
  }
}
