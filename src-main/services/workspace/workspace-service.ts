// The open folder: which one it is, recent folders, confined file operations, trash, live updates.
import { lstat, readdir, realpath, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import {
  err,
  ok,
  type DirEntry,
  type FileContent,
  type FolderListing,
  type Result,
  type WorkspaceInfo,
} from '../../../src-preload/contract'
import { toDisposable, type Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { browseFolders, expandFolder } from './browse'
import { normalizeRel, resolveEntry, resolveTarget } from './confine'
import { fsError, withFsErrors } from './errors'
import { createEntry, listDir, readText, renameEntry, writeText } from './fs-ops'
import { RecentFolders } from './recent'
import { homeTrashDir, moveToTrash } from './trash'
import { listAllFiles } from './walk'
import { WorkspaceWatcher } from './watcher'

export interface WorkspaceServiceOptions {
  userDataDir: string
  emit: Emit
  log: Logger
  /** The host's own trash (Electron: shell.trashItem). Takes precedence over `trashDir`. */
  trashItem?: (absPath: string) => Promise<void>
  /** A freedesktop.org trash folder; default $XDG_DATA_HOME/Trash on Linux, none elsewhere. */
  trashDir?: string | null
  /** Watch the open folder for changes on disk (default true). */
  watch?: boolean
  /** Coalescing window for 'workspace:changed' (default 75 ms). */
  watchDebounceMs?: number
}

export class WorkspaceService implements Disposable {
  private current: WorkspaceInfo | null = null
  private watcher: WorkspaceWatcher | null = null
  private readonly listeners = new Set<(root: string | null) => void>()
  private readonly recentFolders: RecentFolders
  private readonly trashDir: string | null
  /** Bumped by every open/close so a slow open that lost the race does not win. */
  private generation = 0
  private disposed = false

  constructor(private readonly opts: WorkspaceServiceOptions) {
    this.recentFolders = new RecentFolders(opts.userDataDir, opts.log)
    this.trashDir = opts.trashDir !== undefined ? opts.trashDir : process.platform === 'linux' ? homeTrashDir() : null
  }

  /** Absolute real path of the open folder, or null. */
  get root(): string | null {
    return this.current?.root ?? null
  }

  get info(): WorkspaceInfo | null {
    return this.current
  }

  /**
   * Opens a folder: absolute, `~/…`, or relative to the current directory (a command-line
   * argument). It must exist and be a readable folder.
   */
  async open(folder: string): Promise<Result<WorkspaceInfo>> {
    if (this.disposed) return err('INTERNAL', 'the workspace service is shut down')
    const generation = ++this.generation
    const trimmed = folder.trim()
    const wanted = trimmed === '~' || trimmed.startsWith('~/') ? expandFolder(trimmed) : path.resolve(trimmed)
    let root: string
    try {
      root = await realpath(wanted)
      if (!(await stat(root)).isDirectory()) return err('NOT_A_DIRECTORY', `${wanted} is a file, not a folder`)
      await readdir(root) // readable? A folder we cannot list is no workspace.
    } catch (e) {
      const kiln = fsError(e, wanted)
      return err(kiln.code, kiln.code === 'NOT_FOUND' ? `folder not found: ${wanted}` : kiln.message)
    }
    if (generation !== this.generation || this.disposed) return err('CANCELLED', `opening ${wanted} was superseded`)

    this.stopWatching()
    const info: WorkspaceInfo = { root, name: path.basename(root) || root }
    this.current = info
    if (this.opts.watch !== false) {
      this.watcher = new WorkspaceWatcher({
        root,
        log: this.opts.log,
        debounceMs: this.opts.watchDebounceMs,
        onChanges: (changes) => this.opts.emit('workspace:changed', { changes }),
      })
    }
    this.opts.log.info(`workspace opened: ${root}`)
    this.opts.emit('workspace:opened', info)
    this.fire(root)
    await this.recentFolders.add(root).catch((e: unknown) => this.opts.log.warn(`cannot save recent folders: ${String(e)}`))
    return ok(info)
  }

  close(): void {
    this.generation++
    if (!this.current) return
    this.stopWatching()
    this.current = null
    this.opts.emit('workspace:opened', null)
    this.fire(null)
  }

  onDidChangeRoot(listener: (root: string | null) => void): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  /** Resolves once the watcher of the open folder has its initial watches in place. */
  async watching(): Promise<void> {
    await this.watcher?.ready
  }

  private fire(root: string | null): void {
    for (const l of [...this.listeners]) {
      try {
        l(root)
      } catch (e) {
        this.opts.log.error('workspace root listener failed', e)
      }
    }
  }

  private stopWatching(): void {
    this.watcher?.dispose()
    this.watcher = null
  }

  private requireRoot(): string {
    const root = this.root
    if (!root) throw new KilnError('NO_WORKSPACE', 'no folder is open')
    return root
  }

  /** Absolute (real) path of a workspace-relative path; throws OUTSIDE_WORKSPACE / NO_WORKSPACE. */
  async resolve(rel: string): Promise<string> {
    return resolveTarget(this.requireRoot(), rel)
  }

  /** Recent folders that still exist, most recent first (at most 10). */
  async recent(): Promise<string[]> {
    return this.recentFolders.list()
  }

  async browseFolders(folder?: string): Promise<FolderListing> {
    return browseFolders(folder)
  }

  async list(rel: string): Promise<DirEntry[]> {
    return listDir(this.requireRoot(), rel)
  }

  /** Every file for Quick Open (heavy folders skipped, capped at 50,000). */
  async files(): Promise<{ files: string[]; truncated: boolean }> {
    return listAllFiles(this.requireRoot())
  }

  async read(rel: string): Promise<FileContent> {
    return readText(this.requireRoot(), rel)
  }

  async write(rel: string, content: string, expectedMtimeMs?: number | null): Promise<{ mtimeMs: number; size: number }> {
    return writeText(this.requireRoot(), rel, content, expectedMtimeMs)
  }

  async create(rel: string, kind: 'file' | 'dir'): Promise<DirEntry> {
    return createEntry(this.requireRoot(), rel, kind)
  }

  async rename(from: string, to: string): Promise<void> {
    return renameEntry(this.requireRoot(), from, to)
  }

  /** Moves to the trash where there is one; `trashed: false` means it was deleted outright. */
  async delete(rel: string): Promise<{ trashed: boolean }> {
    const root = this.requireRoot()
    const norm = normalizeRel(rel)
    if (norm === '') throw new KilnError('INVALID_ARGS', 'the workspace folder itself cannot be deleted here')
    const abs = await resolveEntry(root, rel)
    await lstat(abs).catch((e: unknown) => {
      throw fsError(e, norm)
    })
    return withFsErrors(norm, async () => {
      if (this.opts.trashItem) {
        await this.opts.trashItem(abs)
        return { trashed: true }
      }
      if (this.trashDir && (await moveToTrash(abs, this.trashDir))) return { trashed: true }
      await rm(abs, { recursive: true, force: true })
      return { trashed: false }
    })
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.generation++
    this.stopWatching()
    this.current = null
    this.listeners.clear()
  }
}
