// Build history, per workspace, in the user data folder (builds are not the project's files):
//   <userData>/juliac/<hash of the workspace path>/history.json   records, newest last
//   <userData>/juliac/<…>/logs/<buildId>.log                      each build's log, capped
// The last KEEP_PER_CONFIG builds of each configuration are kept; older logs are deleted.
import { createHash } from 'node:crypto'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArtifactEntry, BuildRecord } from '../../../src-preload/contract'
import type { Logger } from '../../lib/log'
import { writeFileAtomic } from '../workspace/atomic'

export const KEEP_PER_CONFIG = 50

/** A record plus what later builds compare against (not part of the contract's record). */
export type StoredBuild = {
  record: BuildRecord
  /** The inputs' digest (set for succeeded builds; a skip compares against it). */
  inputsHash: string | null
  /** The output tree when the build ended, for the artifacts diff. */
  entries: ArtifactEntry[] | null
  juliacVersion: string | null
  /** For a skipped build: the build whose output it stands for. */
  sameAs?: string
}

type HistoryFile = { version: 1; root: string; builds: StoredBuild[] }

export class BuildHistory {
  private builds: StoredBuild[] | null = null
  private writing: Promise<void> = Promise.resolve()
  readonly dir: string

  constructor(
    userDataDir: string,
    private readonly root: string,
    private readonly log: Logger,
  ) {
    this.dir = join(userDataDir, 'juliac', createHash('sha256').update(root).digest('hex').slice(0, 16))
  }

  private async load(): Promise<StoredBuild[]> {
    if (this.builds) return this.builds
    try {
      const data = JSON.parse(await readFile(join(this.dir, 'history.json'), 'utf8')) as HistoryFile
      this.builds = Array.isArray(data.builds) ? data.builds.filter((b) => b && typeof b.record?.id === 'string') : []
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`build history unreadable, starting afresh: ${(e as Error).message}`)
      this.builds = []
    }
    // A build that was running when Kiln stopped did not finish.
    for (const b of this.builds) {
      if (b.record.state === 'running') Object.assign(b.record, { state: 'failed', message: 'Kiln stopped during this build', endedAt: b.record.endedAt ?? b.record.startedAt })
    }
    return this.builds
  }

  async all(config?: string): Promise<StoredBuild[]> {
    const builds = await this.load()
    return config === undefined ? [...builds] : builds.filter((b) => b.record.config === config)
  }

  async get(buildId: string): Promise<StoredBuild | null> {
    return (await this.load()).find((b) => b.record.id === buildId) ?? null
  }

  /** The newest succeeded build of a configuration, other than `exceptId`. */
  async lastSucceeded(config: string, exceptId?: string): Promise<StoredBuild | null> {
    const builds = await this.load()
    for (let i = builds.length - 1; i >= 0; i--) {
      const b = builds[i]!
      if (b.record.config === config && b.record.state === 'succeeded' && b.record.id !== exceptId) return b
    }
    return null
  }

  /** Adds or replaces a build and writes the file (writes are serialized). */
  async put(build: StoredBuild): Promise<void> {
    const builds = await this.load()
    const i = builds.findIndex((b) => b.record.id === build.record.id)
    if (i >= 0) builds[i] = build
    else builds.push(build)
    const dropped: string[] = []
    const mine = builds.filter((b) => b.record.config === build.record.config)
    for (const old of mine.slice(0, Math.max(0, mine.length - KEEP_PER_CONFIG))) {
      builds.splice(builds.indexOf(old), 1)
      dropped.push(old.record.id)
    }
    await this.save(dropped)
  }

  private save(dropped: string[]): Promise<void> {
    const next = this.writing.then(async () => {
      await mkdir(join(this.dir, 'logs'), { recursive: true })
      const file: HistoryFile = { version: 1, root: this.root, builds: this.builds ?? [] }
      await writeFileAtomic(join(this.dir, 'history.json'), JSON.stringify(file))
      for (const id of dropped) await rm(this.logFile(id), { force: true })
    })
    this.writing = next.catch((e: unknown) => this.log.error(`build history not saved: ${(e as Error).message}`))
    return this.writing
  }

  logFile(buildId: string): string {
    return join(this.dir, 'logs', `${buildId.replace(/[^A-Za-z0-9_-]/g, '_')}.log`)
  }

  async writeLog(buildId: string, text: string): Promise<void> {
    await mkdir(join(this.dir, 'logs'), { recursive: true })
    await writeFileAtomic(this.logFile(buildId), text)
  }

  async readLog(buildId: string): Promise<string | null> {
    return readFile(this.logFile(buildId), 'utf8').catch(() => null)
  }
}
