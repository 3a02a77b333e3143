// Hot exit: unsaved buffers are written to userDataDir/backups/<hash of root>/<hash of path>.json
// ({path, content, savedAt, baseMtimeMs}), atomically and fsynced, so they survive a crash or a
// SIGKILL of the server and are offered again when the same folder is opened.
import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import type { Backup } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { TEMP_PREFIX, writeFileAtomic } from './atomic'
import { normalizeRel } from './confine'
import { errnoOf } from './errors'
import type { WorkspaceService } from './workspace-service'

export interface BackupServiceOptions {
  userDataDir: string
  workspace: Pick<WorkspaceService, 'root'>
  log: Logger
  /** Clock for savedAt; tests pass their own. */
  now?: () => number
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32)

const isBackup = (v: unknown): v is Backup => {
  if (typeof v !== 'object' || v === null) return false
  const b = v as Record<string, unknown>
  return (
    typeof b.path === 'string' &&
    typeof b.content === 'string' &&
    typeof b.savedAt === 'number' &&
    (b.baseMtimeMs === null || typeof b.baseMtimeMs === 'number')
  )
}

export class BackupService implements Disposable {
  /** Per backup file, the last write or clear: a later one always lands after an earlier one. */
  private readonly chains = new Map<string, Promise<void>>()
  private disposed = false

  constructor(private readonly opts: BackupServiceOptions) {}

  /** The backup folder of a workspace root. */
  dirFor(root: string): string {
    return path.join(this.opts.userDataDir, 'backups', hash(root))
  }

  private target(rel: string): { file: string; path: string } {
    const root = this.opts.workspace.root
    if (!root) throw new KilnError('NO_WORKSPACE', 'no folder is open')
    const norm = normalizeRel(rel)
    if (norm === '') throw new KilnError('INVALID_ARGS', 'a backup needs a file path')
    return { file: path.join(this.dirFor(root), `${hash(norm)}.json`), path: norm }
  }

  private serial(file: string, fn: () => Promise<void>): Promise<void> {
    const run = (this.chains.get(file) ?? Promise.resolve()).then(fn, fn)
    const settled = run.catch(() => {})
    this.chains.set(file, settled)
    void settled.then(() => {
      if (this.chains.get(file) === settled) this.chains.delete(file)
    })
    return run
  }

  /** Saves an unsaved buffer; `baseMtimeMs` is the disk version it was edited from (null: new file). */
  async write(rel: string, content: string, baseMtimeMs: number | null): Promise<void> {
    if (this.disposed) return
    const { file, path: norm } = this.target(rel)
    const backup: Backup = { path: norm, content, savedAt: (this.opts.now ?? Date.now)(), baseMtimeMs }
    return this.serial(file, async () => {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      await writeFileAtomic(file, JSON.stringify(backup), 0o600)
    })
  }

  /** Drops the backup of a buffer that was saved or reverted. */
  async clear(rel: string): Promise<void> {
    const { file } = this.target(rel)
    return this.serial(file, async () => {
      await unlink(file).catch((e: unknown) => {
        if (errnoOf(e) !== 'ENOENT') throw e
      })
    })
  }

  /** The open folder's backups, by path. Unreadable or foreign files are skipped with a warning. */
  async list(): Promise<Backup[]> {
    const root = this.opts.workspace.root
    if (!root) return []
    const dir = this.dirFor(root)
    await Promise.all([...this.chains.values()]) // include writes still on their way
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return []
      throw e
    }
    const backups: Backup[] = []
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith(TEMP_PREFIX)) continue
      try {
        const data: unknown = JSON.parse(await readFile(path.join(dir, name), 'utf8'))
        if (isBackup(data)) backups.push({ path: data.path, content: data.content, savedAt: data.savedAt, baseMtimeMs: data.baseMtimeMs })
        else this.opts.log.warn(`ignoring malformed backup ${name}`)
      } catch (e) {
        this.opts.log.warn(`ignoring unreadable backup ${name}: ${String(e)}`)
      }
    }
    return backups.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  dispose(): void {
    this.disposed = true
  }
}
