// The language server as a supervised child (LanguageServer.jl or JETLS over stdio), behind the
// LanguageServerPort the language service asks first. One server per workspace root: started on
// `setWorkspaceRoot`, restarted with backoff when it dies (at most `maxRestarts` times in a row,
// then 'failed' with the end of its stderr), stopped with shutdown/exit and then killed.
// Every question answers null unless the server is 'ready' and answers in time, so the editor
// never waits on a server that is starting, indexing, slow or gone.
import { realpathSync } from 'node:fs'
import { basename } from 'node:path'
import type {
  LangCompletion,
  LangDiagnostic,
  LangHover,
  LangStatus,
  LangTextEdit,
  SymbolLocation,
  WorkspaceSymbol,
} from '../../../src-preload/contract'
import { toDisposable, type Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import type { LanguageServerPort } from '../lang/server-port'
import { DEFAULT_CONFIGURATION, installClientHandlers } from './client-handlers'
import { JsonRpcConnection } from './connection'
import { PathMap, toCompletions, toDiagnostics, toHover, toLocations, toPosition, toTextEdits, toWorkspaceSymbols } from './convert'
import type { LaunchPlan } from './discovery'
import { ProgressTracker } from './progress'
import { clientCapabilities } from './protocol'
import { ServerProcess, type ProcessEnd } from './server-process'
import { TextSync } from './text-sync'

type ServerStatus = LangStatus['server']
type Json = Record<string, unknown>

export interface LanguageServerServiceOptions {
  log: Logger
  /** What to run for a workspace root; normally discoverLanguageServer with the current settings. */
  plan: (root: string) => Promise<LaunchPlan>
  env?: NodeJS.ProcessEnv
  /** Limit for hover, completion and the rest (answers null after it). */
  requestTimeoutMs?: number
  /** Limit for `initialize`: Julia servers load and precompile packages first. */
  initializeTimeoutMs?: number
  maxRestarts?: number
  /** Delay before restart number `attempt` (1-based). */
  backoffMs?: (attempt: number) => number
  /** A server that ran this long before dying starts a fresh count of restarts. */
  stableMs?: number
  /** How long shutdown waits for the server to exit before killing it. */
  stopGraceMs?: number
  configuration?: Readonly<Record<string, unknown>>
  clientVersion?: string
  formatting?: { tabSize: number; insertSpaces: boolean }
}

interface Session {
  name: string
  proc: ServerProcess
  conn: JsonRpcConnection
  progress: ProgressTracker
  capabilities: Json
  initialized: boolean
  startedAt: number
  /** Why we gave up on it ourselves (initialize failed or timed out), for the failure message. */
  failure: string | null
}

const defaultBackoff = (attempt: number): number => Math.min(500 * 2 ** (attempt - 1), 10_000)
const describeEnd = (e: ProcessEnd): string =>
  e.error ? `could not run: ${e.error}` : e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code ?? '?'}`

export class LanguageServerService implements LanguageServerPort {
  private readonly statusListeners = new Set<(s: ServerStatus) => void>()
  private readonly diagnosticListeners = new Set<(path: string, d: LangDiagnostic[]) => void>()
  private current: ServerStatus = { state: 'absent', name: null, message: 'no workspace is open', progress: null }
  private root: string | null = null
  private map: PathMap | null = null
  private session: Session | null = null

  /** The language server's pid while one runs, for the monitor. */
  get pid(): number | null {
    return this.session?.proc.pid ?? null
  }
  /** Bumped on every root change and on shutdown, so late callbacks of an older start do nothing. */
  private generation = 0
  private crashes = 0
  private restartTimer: NodeJS.Timeout | null = null
  private readonly sync = new TextSync()
  /** Files with diagnostics showing, so a dead server's can be cleared. */
  private readonly diagnosed = new Set<string>()
  private disposed = false
  /** Names servers gave themselves (initialize's serverInfo), by command line, for plans that only guessed one. */
  private readonly learnedNames = new Map<string, string>()

  constructor(private readonly opts: LanguageServerServiceOptions) {}

  // ----- the port

  status(): ServerStatus {
    return { ...this.current }
  }

  onStatus(listener: (status: ServerStatus) => void): Disposable {
    this.statusListeners.add(listener)
    return toDisposable(() => this.statusListeners.delete(listener))
  }

  onDiagnostics(listener: (path: string, diagnostics: LangDiagnostic[]) => void): Disposable {
    this.diagnosticListeners.add(listener)
    return toDisposable(() => this.diagnosticListeners.delete(listener))
  }

  workspaceSymbols(query: string): Promise<WorkspaceSymbol[] | null> {
    return this.ask('workspaceSymbolProvider', 'workspace/symbol', { query }, (r, map) => toWorkspaceSymbols(map, r))
  }

  definition(path: string, line: number, column: number): Promise<SymbolLocation[] | null> {
    return this.ask('definitionProvider', 'textDocument/definition', this.at(path, line, column), (r, map) => toLocations(map, r))
  }

  references(path: string, line: number, column: number, includeDeclaration: boolean): Promise<SymbolLocation[] | null> {
    const params = { ...this.at(path, line, column), context: { includeDeclaration } }
    return this.ask('referencesProvider', 'textDocument/references', params, (r, map) => toLocations(map, r))
  }

  hover(path: string, line: number, column: number): Promise<LangHover | null> {
    return this.ask('hoverProvider', 'textDocument/hover', this.at(path, line, column), toHover)
  }

  completion(path: string, line: number, column: number): Promise<LangCompletion[] | null> {
    return this.ask('completionProvider', 'textDocument/completion', this.at(path, line, column), toCompletions)
  }

  async format(path: string, content: string): Promise<LangTextEdit[] | null> {
    const s = this.readySession('documentFormattingProvider')
    if (!s || !this.map) return null
    // The server formats what it has; make that `content` (opening the file just for this if needed).
    const wasOpen = this.sync.isOpen(path)
    if (wasOpen) this.didChange(path, content, this.sync.version(path) + 1)
    else this.send(s, this.sync.open(path, content, 0))
    const options = this.opts.formatting ?? { tabSize: 4, insertSpaces: true }
    const edits = await this.request(s, 'textDocument/formatting', { textDocument: { uri: this.map.uriOf(path) }, options }, toTextEdits)
    if (!wasOpen) this.send(s, this.sync.close(path))
    return edits
  }

  didOpen(path: string, content: string, version: number): void {
    this.sendIfRunning(this.sync.open(path, content, version))
  }

  didChange(path: string, content: string, version: number): void {
    this.sendIfRunning(this.sync.change(path, content, version))
  }

  didClose(path: string): void {
    this.sendIfRunning(this.sync.close(path))
  }

  // ----- lifecycle

  /** Starts the server for `root` (stopping any other); null stops it. */
  async setWorkspaceRoot(root: string | null): Promise<void> {
    const gen = ++this.generation
    await this.stopSession()
    if (gen !== this.generation) return // a later call took over while this one stopped the server
    this.crashes = 0
    // Open buffers stay: they may arrive before the root does, and the editor closes those of an
    // old folder itself (didClose).
    this.root = root
    this.map = root ? new PathMap(root, realRoot(root)) : null
    if (!root) {
      this.setStatus({ state: 'absent', name: null, message: 'no workspace is open', progress: null })
      return
    }
    await this.launch(gen)
  }

  /** Starts afresh with the current settings (after a settings change, or the user's restart). */
  restart(): Promise<void> {
    return this.setWorkspaceRoot(this.root)
  }

  /** Asks the server to shut down and exit, then kills whatever is left. */
  async shutdown(): Promise<void> {
    this.disposed = true
    this.generation++
    await this.stopSession()
  }

  dispose(): void {
    void this.shutdown()
  }

  // ----- internals

  private async launch(gen: number): Promise<void> {
    const root = this.root
    const map = this.map
    if (!root || !map || this.disposed) return
    const plan = await this.opts.plan(root).catch(
      (e: unknown): LaunchPlan => ({ kind: 'error', name: null, message: `could not look for a language server: ${errorText(e)}` }),
    )
    if (gen !== this.generation) return
    if (plan.kind === 'absent') return this.setStatus({ state: 'absent', name: null, message: plan.message, progress: null })
    if (plan.kind === 'error') return this.setStatus({ state: 'failed', name: plan.name, message: plan.message, progress: null })
    const commandLine = [plan.command, ...plan.args].join('\u0000')
    const name = (plan.nameFromServer && this.learnedNames.get(commandLine)) || plan.name
    // A restart keeps saying "restarting (n of max)" until the new process answers.
    if (this.crashes === 0 || this.current.state !== 'starting' || this.current.name !== name) {
      this.setStatus({ state: 'starting', name, message: `starting ${name}`, progress: null })
    }
    this.opts.log.info(`starting ${plan.name}: ${plan.command} ${plan.args.join(' ')} (${plan.via})`)

    const progress = new ProgressTracker()
    const out: { proc?: ServerProcess } = {}
    const conn = new JsonRpcConnection({
      write: (bytes) => out.proc?.write(bytes),
      log: this.opts.log,
      onFatal: (e) => {
        this.opts.log.error(`${name}: ${e.message}`)
        out.proc?.kill()
      },
    })
    let proc: ServerProcess
    try {
      proc = new ServerProcess({
        command: plan.command,
        args: plan.args,
        cwd: plan.cwd,
        env: this.opts.env ?? process.env,
        onStdout: (chunk) => conn.push(chunk),
        onStderrLine: (line) => this.opts.log.info(`${name}: ${line}`),
      })
    } catch (e) {
      return this.setStatus({ state: 'failed', name, message: `${name} could not run: ${errorText(e)}`, progress: null })
    }
    out.proc = proc
    const session: Session = { name, proc, conn, progress, capabilities: {}, initialized: false, startedAt: Date.now(), failure: null }
    this.session = session
    this.listen(session)
    void proc.exited.then((end) => this.onExit(session, end, gen))

    const init = await conn.request<Json>(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'Kiln', version: this.opts.clientVersion ?? '0' },
        rootUri: map.rootUri,
        rootPath: root,
        workspaceFolders: [{ uri: map.rootUri, name: basename(root) }],
        capabilities: clientCapabilities,
        trace: 'off',
      },
      this.opts.initializeTimeoutMs ?? 180_000,
    )
    if (this.session !== session) return
    if (!init.ok) {
      if (init.reason !== 'closed') {
        session.failure = init.message
        proc.kill() // onExit decides about a restart
      }
      return
    }
    const result: Json = typeof init.value === 'object' && init.value !== null ? init.value : {}
    const caps = result.capabilities
    session.capabilities = typeof caps === 'object' && caps !== null ? (caps as Json) : {}
    const own = serverName(result.serverInfo)
    if (plan.nameFromServer && own) {
      session.name = own
      this.learnedNames.set(commandLine, own)
    }
    conn.notify('initialized', {})
    session.initialized = true
    for (const message of this.sync.reopenAll()) this.send(session, message)
    this.showRunning(session)
  }

  private listen(session: Session): void {
    const { conn, progress } = session
    installClientHandlers(conn, {
      workspaceFolders: () => (this.map && this.root ? [{ uri: this.map.rootUri, name: basename(this.root) }] : []),
      configuration: this.opts.configuration ?? DEFAULT_CONFIGURATION,
    })
    conn.onNotification('$/progress', (params) => {
      if (progress.apply(params) && session.initialized && this.session === session) this.showRunning(session)
    })
    conn.onNotification('textDocument/publishDiagnostics', (params) => {
      if (this.session !== session || !this.map || typeof params !== 'object' || params === null) return
      const { uri, diagnostics } = params as Json
      const path = typeof uri === 'string' ? this.map.pathOf(uri) : null
      if (path === null) return // outside the workspace: nowhere in Kiln to show it
      this.publish(path, toDiagnostics(diagnostics, session.name))
    })
    conn.onNotification('window/logMessage', (params) => {
      const text = typeof params === 'object' && params !== null ? (params as Json).message : null
      if (typeof text === 'string') this.opts.log.info(`${session.name}: ${text}`)
    })
    conn.onNotification('window/showMessage', (params) => {
      const text = typeof params === 'object' && params !== null ? (params as Json).message : null
      if (typeof text === 'string') this.opts.log.warn(`${session.name}: ${text}`)
    })
  }

  private showRunning(session: Session): void {
    const text = session.progress.text()
    if (session.progress.busy) this.setStatus({ state: 'indexing', name: session.name, message: `${session.name} is indexing`, progress: text })
    else this.setStatus({ state: 'ready', name: session.name, message: `${session.name} is ready`, progress: null })
  }

  private onExit(session: Session, end: ProcessEnd, gen: number): void {
    session.conn.close(`${session.name} ${describeEnd(end)}`)
    if (this.session !== session) return
    this.session = null
    this.clearDiagnostics()
    if (gen !== this.generation || this.disposed) return
    const why = session.failure ?? describeEnd(end)
    const tail = session.proc.stderrTail()
    const detail = tail ? `\n${tail}` : ''
    // A program that cannot be started at all will not start on a retry either.
    if (end.error) return this.setStatus({ state: 'failed', name: session.name, message: `${session.name} ${why}${detail}`, progress: null })
    if (Date.now() - session.startedAt >= (this.opts.stableMs ?? 120_000)) this.crashes = 0
    this.crashes++
    const max = this.opts.maxRestarts ?? 5
    if (this.crashes > max) {
      const message = `${session.name} stopped ${this.crashes} times (last: ${why}); Kiln's own index answers until it is restarted${detail}`
      this.opts.log.error(message)
      return this.setStatus({ state: 'failed', name: session.name, message, progress: null })
    }
    const delay = (this.opts.backoffMs ?? defaultBackoff)(this.crashes)
    this.opts.log.warn(`${session.name} ${why}; restart ${this.crashes} of ${max} in ${delay} ms`)
    this.setStatus({ state: 'starting', name: session.name, message: `${session.name} ${why}; restarting (${this.crashes} of ${max})`, progress: null })
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null
      if (gen === this.generation) void this.launch(gen)
    }, delay)
  }

  private async stopSession(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer)
    this.restartTimer = null
    const s = this.session
    this.session = null
    if (!s) return
    const grace = this.opts.stopGraceMs ?? 2000
    // LSP 3.17 "Shutdown Request" then "Exit Notification"; a server busy elsewhere gets `grace`.
    if (s.initialized && s.proc.isRunning) {
      await s.conn.request('shutdown', null, grace)
      s.conn.notify('exit', null)
    }
    s.conn.close('the language server was stopped')
    await s.proc.stop(grace)
    this.clearDiagnostics()
  }

  private readySession(capability: string): Session | null {
    const s = this.session
    if (!s || !s.initialized || this.current.state !== 'ready' || !s.capabilities[capability]) return null
    return s
  }

  private async ask<T>(capability: string, method: string, params: unknown, convert: (r: unknown, map: PathMap) => T): Promise<T | null> {
    const s = this.readySession(capability)
    return s ? this.request(s, method, params, convert) : null
  }

  private async request<T>(s: Session, method: string, params: unknown, convert: (r: unknown, map: PathMap) => T): Promise<T | null> {
    const map = this.map
    if (!map) return null
    const r = await s.conn.request(method, params, this.opts.requestTimeoutMs ?? 5000)
    if (!r.ok) {
      if (r.reason !== 'closed') this.opts.log.warn(`${s.name}: ${r.message}`)
      return null
    }
    return convert(r.value, map)
  }

  private at(path: string, line: number, column: number): Json {
    return { textDocument: { uri: this.map?.uriOf(path) ?? '' }, position: toPosition(line, column) }
  }

  private send(s: Session, message: { method: string; params: (map: PathMap) => unknown } | null): void {
    if (message && this.map && s.initialized) s.conn.notify(message.method, message.params(this.map))
  }

  private sendIfRunning(message: { method: string; params: (map: PathMap) => unknown } | null): void {
    if (this.session) this.send(this.session, message)
  }

  private publish(path: string, diagnostics: LangDiagnostic[]): void {
    if (diagnostics.length > 0) this.diagnosed.add(path)
    else this.diagnosed.delete(path)
    for (const l of this.diagnosticListeners) l(path, diagnostics)
  }

  private clearDiagnostics(): void {
    for (const path of [...this.diagnosed]) this.publish(path, [])
  }

  private setStatus(next: ServerStatus): void {
    const c = this.current
    if (c.state === next.state && c.name === next.name && c.message === next.message && c.progress === next.progress) return
    this.current = next
    for (const l of this.statusListeners) l({ ...next })
  }
}

/** InitializeResult.serverInfo.name, when it is a short, printable name. */
function serverName(info: unknown): string | null {
  const name = typeof info === 'object' && info !== null ? (info as Json).name : null
  return typeof name === 'string' && /^[^\p{Cc}]{1,40}$/u.test(name.trim()) ? name.trim() : null
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e))

function realRoot(root: string): string {
  try {
    return realpathSync(root)
  } catch {
    return root
  }
}
