// The slice of node-pty the terminal service uses, so tests can inject a fake pty, and the lazy
// loader for the real one (a native addon: loaded only when the first terminal starts).

export interface PtyDisposable {
  dispose(): void
}

export interface PtyExitEvent {
  exitCode: number
  signal?: number
}

export interface PtyLike {
  readonly pid: number
  onData(listener: (data: string) => void): PtyDisposable
  onExit(listener: (e: PtyExitEvent) => void): PtyDisposable
  write(data: string): void
  resize(cols: number, rows: number): void
  pause(): void
  resume(): void
  kill(signal?: string): void
}

export interface PtySpawnOptions {
  name: string
  cols: number
  rows: number
  cwd: string
  env: Record<string, string>
}

export type PtySpawn = (file: string, args: string[], options: PtySpawnOptions) => PtyLike

type NodePtyModule = { spawn: PtySpawn }

let loading: Promise<PtySpawn> | null = null

/** Loads `spawn` from @lydell/node-pty once; works whether the bundler hands back ESM or CJS. */
export function loadNodePtySpawn(): Promise<PtySpawn> {
  loading ??= import('@lydell/node-pty').then((mod) => {
    const m = mod as unknown as Partial<NodePtyModule> & { default?: Partial<NodePtyModule> }
    const spawn = m.spawn ?? m.default?.spawn
    if (typeof spawn !== 'function') throw new Error('@lydell/node-pty has no spawn function')
    return spawn
  })
  loading.catch(() => {
    loading = null // a failed load may be retried (e.g. after the user fixes the install)
  })
  return loading
}
