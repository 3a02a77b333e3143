// One language server child: an argument vector (never a shell), stdio pipes, the last lines of
// its stderr (for the message when it keeps dying), and its end. On POSIX it leads its own process
// group so a kill also reaches what it started (LanguageServer.jl runs SymbolServer in a second
// julia process).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'

const TAIL_BYTES = 4096

export type ProcessEnd = { code: number | null; signal: NodeJS.Signals | null; error: string | null }

export interface ServerProcessOptions {
  command: string
  args: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  onStdout: (chunk: Buffer) => void
  onStderrLine: (line: string) => void
}

export class ServerProcess {
  private readonly child: ChildProcessWithoutNullStreams
  private tail = ''
  private partial = ''
  private ended: ProcessEnd | null = null
  readonly exited: Promise<ProcessEnd>

  constructor(opts: ServerProcessOptions) {
    this.child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    })
    this.child.stdout.on('data', opts.onStdout)
    this.child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      this.tail = (this.tail + text).slice(-TAIL_BYTES)
      const lines = (this.partial + text).split('\n')
      this.partial = lines.pop() ?? ''
      for (const line of lines) opts.onStderrLine(line.replace(/\r$/, ''))
    })
    // A server that exits closes its stdin; writing then must not crash the main process.
    this.child.stdin.on('error', () => {})
    this.exited = new Promise((resolve) => {
      const end = (e: ProcessEnd): void => {
        if (this.ended) return
        this.ended = e
        resolve(e)
      }
      this.child.on('error', (e) => end({ code: null, signal: null, error: e.message }))
      // 'close' rather than 'exit': by then all of stdout and stderr has been read.
      this.child.on('close', (code, signal) => end({ code, signal, error: null }))
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get isRunning(): boolean {
    return this.ended === null
  }

  write(bytes: Buffer): void {
    if (this.ended === null && this.child.stdin.writable) this.child.stdin.write(bytes)
  }

  /** The last few KB of stderr, trimmed to whole lines. */
  stderrTail(maxLines = 12): string {
    return this.tail.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-maxLines).join('\n')
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.ended !== null) return
    try {
      if (process.platform !== 'win32' && this.child.pid) process.kill(-this.child.pid, signal)
      else this.child.kill(signal)
    } catch {
      this.child.kill(signal) // the group is gone; the child may not be
    }
  }

  /** Closes stdin (servers exit on EOF), waits up to `graceMs`, then kills the group. */
  async stop(graceMs: number): Promise<ProcessEnd> {
    this.child.stdin.end()
    const timer = new Promise<null>((r) => setTimeout(() => r(null), graceMs).unref())
    if ((await Promise.race([this.exited, timer])) === null) this.kill('SIGKILL')
    return this.exited
  }
}
