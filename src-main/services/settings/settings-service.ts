// Settings: defaults, overridden by the user's `<userData>/settings.json`, overridden by the open
// workspace's `.kiln/settings.json`. Every invalid entry is reported by file and key, and the
// value below it applies. Both files are watched for edits made outside Kiln.
//
// Writes (`set`) go to the user file only, are atomic, and never lose what the user wrote: other
// keys, even unknown or invalid ones, are kept as they are. A file that is not valid JSON is
// never rewritten: `set` refuses with INVALID_SETTING and says how to fix it, because rewriting
// would mean either dropping the user's text or guessing what they meant.
import { unwatchFile, watchFile, type Stats } from 'node:fs'
import { join } from 'node:path'
import { err, ok, type Result, type SettingError, type SettingsSnapshot } from '../../../src-preload/contract'
import type { Disposable } from '../../lib/disposable'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { interpret, readState, readStateSync, writeFileAtomic, type FileState, type Layer } from './settings-file'
import {
  defaults,
  descriptors,
  isSettingKey,
  validate,
  type BooleanSettingKey,
  type NumberSettingKey,
  type SettingKey,
  type SettingValue,
  type StringSettingKey,
} from './schema'

export interface SettingsServiceOptions {
  userDataDir: string
  emit: Emit
  log: Logger
  /** How often the files are checked for outside edits (stat polling survives atomic renames). */
  pollMs?: number
}

export const SETTINGS_FILE = 'settings.json'
export const WORKSPACE_SETTINGS = join('.kiln', 'settings.json')

export class SettingsService implements Disposable {
  /** The user settings file. */
  readonly file: string
  private readonly emit: Emit
  private readonly log: Logger
  private readonly pollMs: number
  /** The number of the latest read started per file, bumped by our own writes (see freshRead). */
  private readonly reads = new Map<string, number>()
  private user: Layer
  private workspace: { file: string; layer: Layer } | null = null
  private values: Record<SettingKey, SettingValue>
  private lastEmitted: string
  private writes: Promise<unknown> = Promise.resolve()
  private readonly watched = new Map<string, (cur: Stats, prev: Stats) => void>()
  private disposed = false

  constructor(opts: SettingsServiceOptions) {
    this.file = join(opts.userDataDir, SETTINGS_FILE)
    this.emit = opts.emit
    this.log = opts.log
    this.pollMs = opts.pollMs ?? 1000
    this.user = interpret(readStateSync(this.file), this.file, 'user')
    this.values = this.merge()
    this.lastEmitted = JSON.stringify(this.snapshot())
    for (const e of this.user.errors) this.log.warn(e.message)
    this.watch(this.file, () => void this.reloadUser())
  }

  getString(key: StringSettingKey): string {
    return this.values[key] as string
  }

  getNumber(key: NumberSettingKey): number {
    return this.values[key] as number
  }

  getBoolean(key: BooleanSettingKey): boolean {
    return this.values[key] as boolean
  }

  snapshot(): SettingsSnapshot {
    const errors: SettingError[] = [...this.user.errors, ...(this.workspace?.layer.errors ?? [])]
    return { values: { ...this.values }, errors, descriptors: descriptors(), file: this.file }
  }

  /** Switches the workspace layer (null: no folder open). */
  setWorkspaceRoot(root: string | null): void {
    const file = root === null ? null : join(root, WORKSPACE_SETTINGS)
    if (file === (this.workspace?.file ?? null)) return
    if (this.workspace) this.unwatch(this.workspace.file)
    this.workspace = file === null ? null : { file, layer: interpret(readStateSync(file), file, 'workspace') }
    if (file !== null) this.watch(file, () => void this.reloadWorkspace(file))
    this.changed()
  }

  /**
   * Sets one user setting (null resets it to the default) and returns the new snapshot.
   * Writes are queued so that two quick changes cannot overwrite each other.
   */
  set(key: string, value: SettingValue | null): Promise<Result<SettingsSnapshot>> {
    if (!isSettingKey(key)) return Promise.resolve(err('INVALID_SETTING', `unknown setting "${key}"`))
    if (value !== null) {
      const checked = validate(key, value)
      if (!checked.ok) return Promise.resolve(err('INVALID_SETTING', checked.message))
    }
    const run = this.writes.then(() => this.write(key, value))
    this.writes = run.catch(() => {})
    return run
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const file of [...this.watched.keys()]) this.unwatch(file)
  }

  private async write(key: string, value: SettingValue | null): Promise<Result<SettingsSnapshot>> {
    if (this.disposed) return err('CANCELLED', 'settings are closed')
    // Start from what is on disk now, not from memory: an edit made outside Kiln is kept.
    const state = await readState(this.file)
    if (state.kind === 'malformed') {
      return err(
        'INVALID_SETTING',
        `${this.file} is ${state.message}. Kiln will not rewrite it; fix or delete the file, then change ${key} again.`,
      )
    }
    const raw = state.kind === 'ok' ? { ...state.raw } : {}
    if (value === null) delete raw[key]
    else raw[key] = value
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(raw, null, 2)}\n`)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      const message = `could not save ${this.file}: ${e instanceof Error ? e.message : String(e)}`
      return err(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'PERMISSION' : 'INTERNAL', message)
    }
    // A reload that read the file before our rename must not land after us and put the old
    // value back (until the next poll): it is stale now.
    this.invalidateReads(this.file)
    this.setUser({ kind: 'ok', raw })
    return ok(this.snapshot())
  }

  /**
   * Reads a file for a reload; null when a newer read of the same file started meanwhile. A poll can
   * see a file half-written (created empty, then filled): two reads then overlap, and the older one
   * must not land last and put the stale text back.
   */
  private async freshRead(file: string): Promise<FileState | null> {
    const n = this.invalidateReads(file)
    const state = await readState(file)
    return this.reads.get(file) === n ? state : null
  }

  /** Makes every read of `file` in flight stale; returns the number of the next one. */
  private invalidateReads(file: string): number {
    const n = (this.reads.get(file) ?? 0) + 1
    this.reads.set(file, n)
    return n
  }

  private async reloadUser(): Promise<void> {
    const state = await this.freshRead(this.file)
    if (state && !this.disposed) this.setUser(state)
  }

  private async reloadWorkspace(file: string): Promise<void> {
    const state = await this.freshRead(file)
    if (!state || this.disposed || this.workspace?.file !== file) return // stale, or switched meanwhile
    this.workspace = { file, layer: interpret(state, file, 'workspace') }
    this.changed()
  }

  private setUser(state: FileState): void {
    this.user = interpret(state, this.file, 'user')
    this.changed()
  }

  private merge(): Record<SettingKey, SettingValue> {
    return { ...defaults(), ...this.user.values, ...(this.workspace?.layer.values ?? {}) }
  }

  /** Recomputes the effective values and emits `settings:changed` if anything a user sees changed. */
  private changed(): void {
    this.values = this.merge()
    const snap = this.snapshot()
    const text = JSON.stringify(snap)
    if (text === this.lastEmitted) return
    this.lastEmitted = text
    for (const e of snap.errors) this.log.warn(e.message)
    this.emit('settings:changed', snap)
  }

  private watch(file: string, onChange: () => void): void {
    // Stat polling rather than fs.watch: it works for a file that does not exist yet, keeps
    // working after an editor replaces the file by renaming, and costs a stat per interval.
    const listener = (cur: Stats, prev: Stats): void => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size || cur.ino !== prev.ino) onChange()
    }
    watchFile(file, { interval: this.pollMs, persistent: false }, listener)
    this.watched.set(file, listener)
    // watchFile takes its baseline with an asynchronous stat: a file created or changed between our
    // own read and that stat would never be reported (17 of 20 times for a file created at once,
    // measured here). One read after the first poll closes the gap.
    setTimeout(() => {
      if (this.watched.get(file) === listener) onChange()
    }, this.pollMs + 50).unref()
  }

  private unwatch(file: string): void {
    const listener = this.watched.get(file)
    if (listener) unwatchFile(file, listener)
    this.watched.delete(file)
  }
}
