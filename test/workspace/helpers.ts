// Shared fixtures for the workspace tests: temp folders, a recording event sink, waiting helpers.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { EventName, Events } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { WorkspaceService, type WorkspaceServiceOptions } from '../../src-main/services/workspace/workspace-service'

/** A fresh temp folder (real path); `cleanup` removes it. */
export async function tempDir(prefix = 'kiln-ws-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Writes `files` (relative path -> content) under `root`, creating folders. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel)
    await mkdir(path.dirname(abs), { recursive: true })
    await writeFile(abs, content)
  }
}

export type Recorded = { [E in EventName]: { event: E; payload: Events[E] } }[EventName]

/** An Emit that records every event and lets a test wait for one. */
export function recorder(): {
  emit: Emit
  events: Recorded[]
  of<E extends EventName>(event: E): Events[E][]
  waitFor<E extends EventName>(event: E, pred?: (p: Events[E]) => boolean, timeoutMs?: number): Promise<Events[E]>
} {
  const events: Recorded[] = []
  const waiters = new Set<() => void>()
  const emit: Emit = (event, payload) => {
    events.push({ event, payload } as Recorded)
    for (const w of [...waiters]) w()
  }
  const of = <E extends EventName>(event: E): Events[E][] =>
    events.filter((e) => e.event === event).map((e) => e.payload as Events[E])
  const waitFor = <E extends EventName>(event: E, pred: (p: Events[E]) => boolean = () => true, timeoutMs = 5000): Promise<Events[E]> =>
    new Promise((resolve, reject) => {
      let seen = 0
      const check = (): void => {
        const all = of(event)
        for (; seen < all.length; seen++) {
          const p = all[seen] as Events[E]
          if (pred(p)) {
            waiters.delete(check)
            clearTimeout(timer)
            resolve(p)
            return
          }
        }
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`timed out waiting for ${event}`))
      }, timeoutMs)
      waiters.add(check)
      check()
    })
  return { emit, events, of, waitFor }
}

/** A workspace service on a temp user-data folder, trash in a temp folder, no watcher unless asked. */
export async function makeWorkspace(
  overrides: Partial<WorkspaceServiceOptions> = {},
): Promise<{ ws: WorkspaceService; rec: ReturnType<typeof recorder>; userData: string; trash: string; log: ReturnType<typeof memoryLogger>; cleanup: () => Promise<void> }> {
  const data = await tempDir('kiln-userdata-')
  const rec = recorder()
  const log = memoryLogger()
  const trash = path.join(data.dir, 'Trash')
  const ws = new WorkspaceService({ userDataDir: data.dir, emit: rec.emit, log, trashDir: trash, watch: false, ...overrides })
  return {
    ws,
    rec,
    userData: data.dir,
    trash,
    log,
    cleanup: async () => {
      ws.dispose()
      await data.cleanup()
    },
  }
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** The KilnError code a promise rejects with ('OK' when it resolves), and the message. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p
    return { code: 'OK', message: '' }
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : 'THROWN'
    return { code, message: e instanceof Error ? e.message : String(e) }
  }
}
