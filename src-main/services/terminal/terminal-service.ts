// Integrated terminals: one pty per terminal running the user's login shell at the workspace root,
// or a program another service launches in a tab of its own (the Julia REPL, kind 'julia').
// Output leaves through the event bus in batches with ack-based flow control (output.ts); input
// goes straight to the pty so Ctrl-C is never queued behind output. Every pty is killed with the
// service, and `shutdown` waits for them to be gone.
import { existsSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { isAbsolute } from 'node:path'
import type { TerminalExit, TerminalInfo } from '../../../src-preload/contract'
import { toDisposable, type Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { defaultFlow, OutputPump, type FlowOptions } from './output'
import { loadNodePtySpawn, type PtyDisposable, type PtyLike, type PtySpawn } from './pty'
import { resolveShell, shellArgs, shellTitle, terminalEnv } from './shell'

export interface TerminalServiceOptions {
  emit: Emit
  log: Logger
  /** The folder new terminals start in (the workspace root, else home). */
  cwd: () => string
  /** The 'terminal.shell' setting; '' means the user's login shell. */
  shell: () => string
  /** The pty spawner; defaults to @lydell/node-pty's, loaded on first use. */
  spawn?: PtySpawn
  flow?: Partial<FlowOptions>
  /** How long `shutdown` waits for a hung-up shell before SIGKILL. */
  killGraceMs?: number
  env?: NodeJS.ProcessEnv
}

/** One running (or dead) pty process and the promise of its end. */
interface Proc {
  pty: PtyLike
  exited: Promise<void>
  subscriptions: PtyDisposable[]
}

/** A program another service runs in a terminal tab of its own (not the user's shell). */
export interface ProgramLaunch {
  kind: 'julia'
  file: string
  args: string[]
  /** Added to the terminal environment Kiln gives every pty. */
  env: Record<string, string>
  title: string
  cols: number
  rows: number
  /** Defaults to the workspace root, as for shells. */
  cwd?: string
}

/** What the launching service hears about its terminal: only what it did not ask for itself. */
export interface TerminalWatcher {
  /** The program ended on its own (not through kill, relaunch or shutdown). */
  exit(e: TerminalExit): void
  /** The tab was closed (terminal:kill, or the service shutting down). */
  closed(): void
}

interface Term {
  id: string
  kind: 'shell' | 'julia'
  title: string
  file: string
  args: string[]
  extraEnv: Record<string, string>
  cwd: string
  proc: Proc | null
  pump: OutputPump
  exit: TerminalExit | null
  /** The last few KB of output (launched programs only), for crash reports. */
  tail: string | null
  watchers: Set<TerminalWatcher>
}

/** Output kept per launched program; trimmed to TAIL_KEEP when it doubles. */
const TAIL_KEEP = 4096

const passwdShell = (): string | null => {
  try {
    return userInfo().shell
  } catch {
    return null // no passwd entry (some containers)
  }
}

export class TerminalService implements Disposable {
  private readonly terms = new Map<string, Term>()
  /** Killed ptys not yet gone; `shutdown` waits for them too. */
  private readonly dying = new Set<Proc>()
  private readonly flow: FlowOptions
  private nextId = 1
  private disposed = false

  constructor(private readonly opts: TerminalServiceOptions) {
    this.flow = { ...defaultFlow, ...opts.flow }
  }

  async create(cols: number, rows: number): Promise<TerminalInfo> {
    const env = this.opts.env ?? process.env
    const shell = resolveShell(this.opts.shell(), { env, passwdShell: passwdShell(), exists: existsSync })
    const wanted = this.opts.cwd()
    const cwd = existsSync(wanted) ? wanted : homedir()
    const id = `t${this.nextId++}`
    const term: Term = {
      id,
      kind: 'shell',
      title: shellTitle(shell),
      file: shell,
      args: shellArgs(shell),
      extraEnv: {},
      cwd,
      proc: null,
      exit: null,
      tail: null,
      watchers: new Set(),
      pump: this.pumpFor(id, () => term.proc),
    }
    await this.start(term, cols, rows)
    this.terms.set(id, term)
    return this.info(term)
  }

  /** Runs a program in a new terminal tab (listed with the shells, with its own kind and title). */
  async launch(spec: ProgramLaunch): Promise<TerminalInfo> {
    const wanted = spec.cwd ?? this.opts.cwd()
    const id = `t${this.nextId++}`
    const term: Term = {
      id,
      kind: spec.kind,
      title: spec.title,
      file: spec.file,
      args: [...spec.args],
      extraEnv: { ...spec.env },
      cwd: existsSync(wanted) ? wanted : homedir(),
      proc: null,
      exit: null,
      tail: '',
      watchers: new Set(),
      pump: this.pumpFor(id, () => term.proc),
    }
    await this.start(term, spec.cols, spec.rows)
    this.terms.set(id, term)
    return this.info(term)
  }

  /**
   * Starts a program afresh in an existing tab (same id): a running one is hung up, SIGKILLed
   * after `graceMs`, and waited for first. Its watchers stay; they hear nothing of the old process.
   */
  async relaunch(id: string, spec: ProgramLaunch, graceMs: number): Promise<TerminalInfo> {
    const term = this.get(id)
    const old = term.proc
    this.detach(term)
    if (old) await this.reap(old, graceMs)
    // Closed (or Kiln shutting down) while the old process was dying: start nothing nobody owns.
    if (this.terms.get(id) !== term || this.disposed) throw new KilnError('CANCELLED', `terminal ${id} was closed`)
    term.kind = spec.kind
    term.title = spec.title
    term.file = spec.file
    term.args = [...spec.args]
    term.extraEnv = { ...spec.env }
    if (spec.cwd) term.cwd = existsSync(spec.cwd) ? spec.cwd : homedir()
    term.tail = ''
    term.exit = null
    term.pump.dispose()
    term.pump = this.pumpFor(id, () => term.proc)
    try {
      await this.start(term, spec.cols, spec.rows)
    } catch (e) {
      term.exit = { id, exitCode: -1, signal: null }
      throw e
    }
    return this.info(term)
  }

  /**
   * Ends a terminal's program (SIGHUP, then SIGKILL after `graceMs`) and waits for it. The tab
   * stays, and the exit is reported as any exit is (event and watchers).
   */
  async terminate(id: string, graceMs: number): Promise<void> {
    const proc = this.get(id).proc
    if (!proc) return
    proc.pty.resume() // a paused pty must drain to notice the hang-up
    proc.pty.kill('SIGHUP')
    await this.reap(proc, graceMs)
  }

  /** Tells `watcher` of the terminal's unexpected exit and of its tab closing. */
  watch(id: string, watcher: TerminalWatcher): Disposable {
    const term = this.get(id)
    term.watchers.add(watcher)
    return toDisposable(() => term.watchers.delete(watcher))
  }

  /** The last few KB a launched program printed ('' for shells). */
  recentOutput(id: string): string {
    return this.get(id).tail ?? ''
  }

  input(id: string, data: string): void {
    const term = this.get(id)
    if (!term.proc) throw new KilnError('PROCESS', `terminal ${id} has exited; restart it first`)
    term.proc.pty.write(data)
  }

  resize(id: string, cols: number, rows: number): void {
    const term = this.get(id)
    try {
      term.proc?.pty.resize(cols, rows)
    } catch (e) {
      // The pty may be closing under us (resize after exit throws EBADF); nothing to resize then.
      this.opts.log.warn(`terminal ${id}: resize failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  /** The renderer wrote `chars` characters to xterm. More than is outstanding clears the count. */
  ack(id: string, chars: number): void {
    this.get(id).pump.ack(chars)
  }

  async restart(id: string, cols: number, rows: number): Promise<TerminalInfo> {
    const term = this.get(id)
    // Only its owner knows how to start a launched program (a REPL needs its side channel anew).
    if (term.kind !== 'shell') throw new KilnError('UNSUPPORTED', `terminal ${id} is the ${term.title}; restart it from its own commands`)
    const previous = term.exit
    this.detach(term)
    term.exit = null
    term.pump.dispose()
    term.pump = this.pumpFor(id, () => term.proc)
    try {
      await this.start(term, cols, rows)
    } catch (e) {
      term.exit = previous ?? { id, exitCode: -1, signal: null } // still restartable, still listed as dead
      throw e
    }
    return this.info(term)
  }

  kill(id: string): void {
    const term = this.get(id)
    this.terms.delete(id)
    term.pump.dispose()
    this.detach(term)
    const watchers = [...term.watchers]
    term.watchers.clear()
    for (const w of watchers) w.closed()
  }

  list(): TerminalInfo[] {
    return [...this.terms.values()].map((t) => this.info(t))
  }

  /** Hangs up every shell, waits for them briefly, then SIGKILLs what is left. */
  async shutdown(): Promise<void> {
    this.disposed = true
    for (const id of [...this.terms.keys()]) this.kill(id)
    const grace = this.opts.killGraceMs ?? 1000
    const all = [...this.dying]
    if (all.length === 0) return
    if (await settlesWithin(all.map((p) => p.exited), grace)) return
    for (const proc of this.dying) proc.pty.kill('SIGKILL')
    await settlesWithin([...this.dying].map((p) => p.exited), 500)
    if (this.dying.size > 0) this.opts.log.warn(`${this.dying.size} terminal process(es) did not exit`)
  }

  /** Hangs up every shell without waiting (`shutdown` is the graceful path). */
  dispose(): void {
    this.disposed = true
    for (const id of [...this.terms.keys()]) this.kill(id)
  }

  private get(id: string): Term {
    const term = this.terms.get(id)
    if (!term) throw new KilnError('NOT_FOUND', `no terminal ${id}`)
    return term
  }

  private info(term: Term): TerminalInfo {
    const info: TerminalInfo = { id: term.id, kind: term.kind, title: term.title, shell: term.file, pid: term.proc?.pty.pid ?? -1, cwd: term.cwd }
    if (term.exit) info.exit = term.exit
    return info
  }

  private pumpFor(id: string, proc: () => Proc | null): OutputPump {
    return new OutputPump(
      {
        send: (data) => this.opts.emit('terminal:data', { id, data }),
        pause: () => proc()?.pty.pause(),
        resume: () => proc()?.pty.resume(),
      },
      this.flow,
    )
  }

  private async start(term: Term, cols: number, rows: number): Promise<void> {
    if (isAbsolute(term.file) && !existsSync(term.file)) {
      const hint = term.kind === 'shell' ? " (check the 'terminal.shell' setting)" : ''
      throw new KilnError('PROCESS', `${term.kind === 'shell' ? 'shell' : 'program'} not found: ${term.file}${hint}`)
    }
    const spawn = this.opts.spawn ?? (await loadNodePtySpawn().catch(ptyMissing))
    if (this.disposed) throw new KilnError('CANCELLED', 'Kiln is shutting down')
    let pty: PtyLike
    try {
      pty = spawn(term.file, term.args, {
        name: 'xterm-256color',
        cols,
        rows,
        cwd: term.cwd,
        env: { ...terminalEnv(this.opts.env ?? process.env, term.cwd), ...term.extraEnv },
      })
    } catch (e) {
      throw new KilnError('PROCESS', `could not start ${term.file}: ${e instanceof Error ? e.message : String(e)}`)
    }
    let markExited!: () => void
    const exited = new Promise<void>((resolve) => (markExited = resolve))
    const proc: Proc = { pty, exited, subscriptions: [] }
    const pump = term.pump
    proc.subscriptions.push(
      pty.onData((data) => {
        if (term.tail !== null && term.proc === proc) {
          term.tail += data
          if (term.tail.length > 2 * TAIL_KEEP) term.tail = term.tail.slice(-TAIL_KEEP)
        }
        pump.push(data)
      }),
      pty.onExit((e) => {
        markExited()
        for (const s of proc.subscriptions) s.dispose()
        this.dying.delete(proc)
        if (term.proc !== proc) return // killed or replaced by a restart: nobody is waiting on it
        term.proc = null
        term.exit = { id: term.id, exitCode: e.exitCode, signal: e.signal ? e.signal : null }
        pump.flush() // the last output before the exit notice, never after it
        this.opts.log.info(`terminal ${term.id} exited with code ${e.exitCode}`)
        this.opts.emit('terminal:exit', term.exit)
        for (const w of [...term.watchers]) w.exit(term.exit)
      }),
    )
    term.proc = proc
    this.opts.log.info(`terminal ${term.id}: ${term.file} (pid ${pty.pid}) in ${term.cwd}`)
  }

  /** Waits for a detached process to end, SIGKILLing it after `graceMs`. */
  private async reap(proc: Proc, graceMs: number): Promise<void> {
    if (await settlesWithin([proc.exited], graceMs)) return
    proc.pty.kill('SIGKILL')
    if (!(await settlesWithin([proc.exited], 2000))) this.opts.log.warn(`process ${proc.pty.pid} survived SIGKILL`)
  }

  /** Kills the terminal's shell, if running; its output and exit no longer concern the terminal. */
  private detach(term: Term): void {
    const proc = term.proc
    term.proc = null
    if (!proc) return
    this.dying.add(proc)
    // Drop its output, and let a paused pty drain so it can notice the hang-up and exit.
    proc.subscriptions[0]?.dispose()
    proc.pty.resume()
    proc.pty.kill('SIGHUP')
  }
}

const ptyMissing = (e: unknown): never => {
  throw new KilnError('PROCESS', `terminals need @lydell/node-pty, which failed to load: ${e instanceof Error ? e.message : String(e)}`)
}

/** True if every promise settled within `ms`. */
async function settlesWithin(promises: Promise<void>[], ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  const done = Promise.all(promises).then(() => true as const)
  try {
    return await Promise.race([done, timeout])
  } finally {
    clearTimeout(timer)
  }
}
