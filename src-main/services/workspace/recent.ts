// Recently opened folders: at most 10, most recent first, kept as a JSON array in the user data
// folder. Folders that no longer exist are dropped when the list is read.
import { mkdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from '../../lib/log'
import { writeFileAtomic } from './atomic'
import { errnoOf } from './errors'

export const MAX_RECENT = 10
export const RECENT_FILE = 'recent-folders.json'

export class RecentFolders {
  private readonly file: string
  /** Writes are chained so two opens in a row cannot interleave read-modify-write. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    userDataDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(userDataDir, RECENT_FILE)
  }

  private async load(): Promise<string[]> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT') this.log.warn(`cannot read ${this.file}: ${String(e)}`)
      return []
    }
    try {
      const data: unknown = JSON.parse(text)
      if (Array.isArray(data)) return data.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p))
    } catch {
      // fall through
    }
    this.log.warn(`${this.file} is not a JSON list of folders; starting a new list`)
    return []
  }

  private async save(list: string[]): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    await writeFileAtomic(this.file, `${JSON.stringify(list, null, 2)}\n`)
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => {})
    return run
  }

  /** The recent folders that still exist, most recent first. */
  list(): Promise<string[]> {
    return this.serial(async () => {
      const all = await this.load()
      const exists = await Promise.all(all.map((p) => stat(p).then((s) => s.isDirectory(), () => false)))
      return all.filter((_, i) => exists[i]).slice(0, MAX_RECENT)
    })
  }

  /** Moves `folder` to the front. */
  add(folder: string): Promise<void> {
    return this.serial(async () => {
      const list = [folder, ...(await this.load()).filter((p) => p !== folder)].slice(0, MAX_RECENT)
      await this.save(list)
    })
  }

  remove(folder: string): Promise<void> {
    return this.serial(async () => {
      await this.save((await this.load()).filter((p) => p !== folder))
    })
  }
}
