// Live updates of the workspace on disk, coalesced into 'workspace:changed' batches.
//
// On Linux one inotify watch per folder (fs.watch on a folder reports its children). Node 20's own
// `recursive: true` on Linux walks the tree synchronously, puts a watch on every *file* too and
// descends into node_modules and .git, which blocks the event loop and exhausts inotify watches on
// a large project; this does neither. Each watched folder remembers its children's names, so a
// batch can tell 'created' from 'changed' and drop temp files that came and went inside it.
// Elsewhere (macOS FSEvents, Windows) `recursive: true` is native and cheap, and the kind is
// inferred from the event and a stat.
import { watch, type FSWatcher } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { FileChange } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import { errnoOf } from './errors'
import { isHiddenEntry } from './fs-ops'
import { mapLimit } from './pool'

/** Never watched, never reported: version control internals and dependency trees. */
export const WATCH_IGNORED: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules'])
/** More folders than this and live updates stop growing (inotify watches are a shared budget). */
export const MAX_WATCHED_DIRS = 50_000

export interface WatcherOptions {
  /** Real path of the workspace. */
  root: string
  onChanges: (changes: FileChange[]) => void
  log: Logger
  /** Events closer together than this are sent as one batch. */
  debounceMs?: number
  /** 'per-dir' (default on Linux) or 'recursive' (default elsewhere). */
  mode?: 'per-dir' | 'recursive'
}

type Watched = { watcher: FSWatcher; ino: number; names: Set<string> }

const ignoredName = (name: string): boolean => WATCH_IGNORED.has(name) || isHiddenEntry(name)
const parentOf = (rel: string): string => {
  const i = rel.lastIndexOf('/')
  return i < 0 ? '' : rel.slice(0, i)
}
const nameOf = (rel: string): string => rel.slice(rel.lastIndexOf('/') + 1)
const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`)

export class WorkspaceWatcher implements Disposable {
  /** Resolves once the initial watches are in place. */
  readonly ready: Promise<void>
  private readonly dirs = new Map<string, Watched>()
  /** Relative path -> the raw event type seen last ('rename' or 'change'). */
  private pending = new Map<string, string>()
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> = Promise.resolve()
  private recursive: FSWatcher | null = null
  private disposed = false
  private limitLogged = false
  private readonly debounceMs: number

  constructor(private readonly opts: WatcherOptions) {
    this.debounceMs = opts.debounceMs ?? 75
    const mode = opts.mode ?? (process.platform === 'linux' ? 'per-dir' : 'recursive')
    this.ready = mode === 'per-dir' ? this.watchTree('').then(() => {}) : Promise.resolve(this.startRecursive())
  }

  private abs(rel: string): string {
    return rel === '' ? this.opts.root : path.join(this.opts.root, ...rel.split('/'))
  }

  private queue(rel: string, type: string): void {
    if (this.disposed) return
    this.pending.set(rel, type)
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.flushing = this.flushing.then(() => this.flush())
    }, this.debounceMs)
  }

  private startRecursive(): void {
    try {
      this.recursive = watch(this.opts.root, { recursive: true, persistent: false }, (type, filename) => {
        if (!filename) return
        const rel = filename.split(path.sep).join('/')
        if (rel.split('/').some(ignoredName)) return
        this.queue(rel, type)
      })
      this.recursive.on('error', (e) => this.opts.log.warn(`file watcher stopped: ${String(e)}`))
    } catch (e) {
      this.opts.log.warn(`live updates are off for ${this.opts.root}: ${String(e)}`)
    }
  }

  /** Watches one folder; false when it cannot be watched (limit reached, gone, unreadable). */
  private watchDir(rel: string, ino: number): Watched | null {
    if (this.disposed || this.dirs.has(rel)) return null
    if (this.dirs.size >= MAX_WATCHED_DIRS) {
      this.warnLimit(`more than ${MAX_WATCHED_DIRS} folders`)
      return null
    }
    let watcher: FSWatcher
    try {
      watcher = watch(this.abs(rel), { persistent: false }, (type, filename) => {
        if (filename && !ignoredName(filename)) this.queue(join(rel, filename), type)
      })
    } catch (e) {
      const code = errnoOf(e)
      if (code === 'ENOSPC' || code === 'EMFILE') this.warnLimit(`${code}; raise fs.inotify.max_user_watches`)
      return null
    }
    // A watched folder that is deleted may report an error; the parent reports the deletion.
    watcher.on('error', () => this.unwatchTree(rel))
    const entry: Watched = { watcher, ino, names: new Set() }
    this.dirs.set(rel, entry)
    return entry
  }

  private warnLimit(why: string): void {
    if (this.limitLogged) return
    this.limitLogged = true
    this.opts.log.warn(`live updates are partial for ${this.opts.root}: ${why}`)
  }

  /**
   * Watches `rel` and every folder below it (breadth first, several at once). Watches are set
   * before each folder is read so nothing created in between is missed. With `report`, returns
   * everything found as 'created' (a folder that just appeared, maybe already filled).
   */
  private async watchTree(rel: string, report = false): Promise<FileChange[]> {
    const found: FileChange[] = []
    let level = [rel]
    while (level.length > 0 && !this.disposed) {
      const next: string[][] = await mapLimit(level, 8, async (dir) => {
        const st = await lstat(this.abs(dir)).catch(() => null)
        if (!st?.isDirectory()) return []
        const entry = this.watchDir(dir, st.ino)
        if (!entry) return []
        const dirents = await readdir(this.abs(dir), { withFileTypes: true }).catch(() => [])
        const subdirs: string[] = []
        for (const d of dirents) {
          if (ignoredName(d.name)) continue
          entry.names.add(d.name)
          const child = join(dir, d.name)
          if (report) found.push({ path: child, kind: 'created' })
          if (d.isDirectory()) subdirs.push(child)
        }
        return subdirs
      })
      level = next.flat()
    }
    return found
  }

  private unwatchTree(rel: string): void {
    const prefix = rel === '' ? '' : `${rel}/`
    for (const [dir, w] of this.dirs) {
      if (dir === rel || dir.startsWith(prefix)) {
        w.watcher.close()
        this.dirs.delete(dir)
      }
    }
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending]
    this.pending = new Map()
    const changes: FileChange[] = []
    await mapLimit(batch, 16, async ([rel, type]) => {
      if (this.disposed) return
      changes.push(...(this.recursive ? await this.classifyByEvent(rel, type) : await this.classifyByNames(rel)))
    })
    if (changes.length > 0 && !this.disposed) this.opts.onChanges(changes)
  }

  private async classifyByNames(rel: string): Promise<FileChange[]> {
    const parent = this.dirs.get(parentOf(rel))
    if (!parent) return [] // its folder went away meanwhile
    const name = nameOf(rel)
    const st = await lstat(this.abs(rel)).catch(() => null)
    const known = parent.names.has(name)
    if (!st) {
      if (!known) return [] // came and went within one batch (a temp file)
      parent.names.delete(name)
      this.unwatchTree(rel)
      return [{ path: rel, kind: 'deleted' }]
    }
    if (!known) {
      parent.names.add(name)
      const created: FileChange[] = [{ path: rel, kind: 'created' }]
      return st.isDirectory() ? [...created, ...(await this.watchTree(rel, true))] : created
    }
    if (st.isDirectory()) {
      const watched = this.dirs.get(rel)
      if (watched && watched.ino === st.ino) return [] // a folder's own timestamps: noise
      // Replaced by another folder of the same name (or a file replaced by a folder).
      this.unwatchTree(rel)
      return [{ path: rel, kind: 'deleted' }, { path: rel, kind: 'created' }, ...(await this.watchTree(rel, true))]
    }
    if (this.dirs.has(rel)) {
      this.unwatchTree(rel) // a folder replaced by a file
      return [{ path: rel, kind: 'deleted' }, { path: rel, kind: 'created' }]
    }
    return [{ path: rel, kind: 'changed' }]
  }

  private async classifyByEvent(rel: string, type: string): Promise<FileChange[]> {
    const st = await lstat(this.abs(rel)).catch(() => null)
    if (!st) return [{ path: rel, kind: 'deleted' }]
    if (type === 'rename') return [{ path: rel, kind: 'created' }]
    return st.isDirectory() ? [] : [{ path: rel, kind: 'changed' }]
  }

  /** Number of folders watched (per-dir mode); for diagnostics and tests. */
  get watchedDirs(): number {
    return this.dirs.size
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.recursive?.close()
    for (const w of this.dirs.values()) w.watcher.close()
    this.dirs.clear()
    this.pending.clear()
  }
}
