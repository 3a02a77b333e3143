// A scriptable stand-in for node-pty: records what the service does to it and lets a test emit
// output and exits.
import type { PtyExitEvent, PtyLike, PtySpawn, PtySpawnOptions } from '../../src-main/services/terminal/pty'

type Listener<T> = (value: T) => void

export class FakePty implements PtyLike {
  readonly written: string[] = []
  readonly signals: string[] = []
  readonly sizes: Array<[number, number]> = []
  paused = false
  pauses = 0
  resumes = 0
  exited = false
  /** Signals this pty dies of; a shell that ignores SIGHUP would leave it out. */
  diesOn = new Set(['SIGHUP', 'SIGKILL'])
  private dataListeners = new Set<Listener<string>>()
  private exitListeners = new Set<Listener<PtyExitEvent>>()

  constructor(
    readonly pid: number,
    readonly file: string,
    readonly args: string[],
    readonly options: PtySpawnOptions,
  ) {}

  onData(listener: Listener<string>) {
    this.dataListeners.add(listener)
    return { dispose: () => void this.dataListeners.delete(listener) }
  }

  onExit(listener: Listener<PtyExitEvent>) {
    this.exitListeners.add(listener)
    return { dispose: () => void this.exitListeners.delete(listener) }
  }

  write(data: string): void {
    this.written.push(data)
  }

  resize(cols: number, rows: number): void {
    this.sizes.push([cols, rows])
  }

  pause(): void {
    this.paused = true
    this.pauses++
  }

  resume(): void {
    this.paused = false
    this.resumes++
  }

  kill(signal = 'SIGHUP'): void {
    this.signals.push(signal)
    if (this.diesOn.has(signal)) queueMicrotask(() => this.exit(0, signal === 'SIGKILL' ? 9 : 1))
  }

  /** Output from the shell, as node-pty would deliver it. */
  emitData(data: string): void {
    for (const l of this.dataListeners) l(data)
  }

  exit(exitCode: number, signal = 0): void {
    if (this.exited) return
    this.exited = true
    for (const l of [...this.exitListeners]) l({ exitCode, signal })
  }

  get listenerCount(): number {
    return this.dataListeners.size + this.exitListeners.size
  }
}

export function fakeSpawner(): { spawn: PtySpawn; ptys: FakePty[] } {
  const ptys: FakePty[] = []
  const spawn: PtySpawn = (file, args, options) => {
    const pty = new FakePty(1000 + ptys.length, file, args, options)
    ptys.push(pty)
    return pty
  }
  return { spawn, ptys }
}
