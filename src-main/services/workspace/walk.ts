// Walking a workspace for Quick Open and Find in Files: breadth first, several folders read at
// once, heavy generated folders skipped, symbolic links never followed into folders (no loops, no
// escapes) and followed to files only when the file lies inside the workspace.
import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { isInside } from './confine'

/** Folders no one searches or opens by name: version control, dependencies, build output, caches. */
export const HEAVY_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'out',
  'dist',
  '__pycache__',
  '.venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.cache',
  '.next',
  '.turbo',
])

export const QUICK_OPEN_CAP = 50_000

export interface WalkedFile {
  /** Workspace-relative, '/'-separated. */
  rel: string
  abs: string
}

export interface WalkOptions {
  signal?: AbortSignal
  /** Folders read at once. */
  concurrency?: number
  /** True to skip a folder; default: the heavy folders. */
  skipDir?: (rel: string, name: string) => boolean
}

type Listing = { key: number; rel: string; dirents: Dirent[] }

const defaultSkip = (_rel: string, name: string): boolean => HEAVY_DIRS.has(name)

/** The files of `root` (a real path), one batch per folder read, until done or `signal` aborts. */
export async function* walkFiles(root: string, opts: WalkOptions = {}): AsyncGenerator<WalkedFile[]> {
  const { signal, concurrency = 16, skipDir = defaultSkip } = opts
  const queue: string[] = ['']
  let head = 0
  const inflight = new Map<number, Promise<Listing>>()
  let key = 0
  const absOf = (rel: string): string => (rel === '' ? root : path.join(root, ...rel.split('/')))

  while (head < queue.length || inflight.size > 0) {
    while (head < queue.length && inflight.size < concurrency) {
      const rel = queue[head++] as string
      const k = key++
      // An unreadable folder (permissions, deleted meanwhile) is skipped, as every editor does.
      const listing = readdir(absOf(rel), { withFileTypes: true }).then(
        (dirents) => ({ key: k, rel, dirents }),
        () => ({ key: k, rel, dirents: [] }),
      )
      inflight.set(k, listing)
    }
    if (signal?.aborted) return
    const { key: done, rel, dirents } = await Promise.race(inflight.values())
    inflight.delete(done)
    if (signal?.aborted) return

    const files: WalkedFile[] = []
    const links: WalkedFile[] = []
    for (const d of dirents) {
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`
      if (d.isDirectory()) {
        if (!skipDir(childRel, d.name)) queue.push(childRel)
      } else if (d.isFile()) files.push({ rel: childRel, abs: path.join(absOf(rel), d.name) })
      else if (d.isSymbolicLink()) links.push({ rel: childRel, abs: path.join(absOf(rel), d.name) })
    }
    if (links.length > 0) {
      const kept = await Promise.all(links.map(async (l) => ((await isFileInside(root, l.abs)) ? l : null)))
      for (const l of kept) if (l) files.push(l)
    }
    if (files.length > 0) yield files
  }
}

async function isFileInside(root: string, abs: string): Promise<boolean> {
  try {
    const real = await realpath(abs)
    return isInside(root, real) && (await stat(real)).isFile()
  } catch {
    return false
  }
}

/** Every file for Quick Open, shallow ones first when the cap cuts the list, then sorted. */
export async function listAllFiles(root: string, cap = QUICK_OPEN_CAP): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = []
  let truncated = false
  for await (const batch of walkFiles(root)) {
    for (const f of batch) files.push(f.rel)
    if (files.length > cap) {
      truncated = true
      files.length = cap
      break
    }
  }
  files.sort()
  return { files, truncated }
}
