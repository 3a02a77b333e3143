// Julia environments Kiln offers: folders of the workspace holding a Project.toml (key: their
// workspace-relative path, '' for the root) and shared environments in the depot (`@v1.12`,
// `@name`: <depot>/environments/<name>). The choice is remembered per workspace in the user data
// folder (julia-environments.json, like recent-folders.json); without one, the workspace root's
// Project.toml, else the shared environment of the Julia version.
import type { Dirent } from 'node:fs'
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { JuliaEnvironment } from '../../../src-preload/contract'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { normalizeRel } from '../workspace/confine'
import { writeFileAtomic } from '../workspace/atomic'
import { HEAVY_DIRS } from '../workspace/walk'
import { PROJECT_NAMES } from './project-files'

export const ENVIRONMENTS_FILE = 'julia-environments.json'
/** Julia's own placeholder for "the shared environment of this version" (Base.load_path_expand). */
export const DEFAULT_SHARED = '@v#.#'
const SHARED_KEY = /^@[A-Za-z0-9._+#-]+$/

export interface ScanLimits {
  depth: number
  folders: number
}
const LIMITS: ScanLimits = { depth: 4, folders: 3000 }

const hasProject = async (dir: string): Promise<boolean> => {
  for (const name of PROJECT_NAMES) if (await stat(path.join(dir, name)).then((s) => s.isFile(), () => false)) return true
  return false
}

/** Workspace folders holding a Project.toml, breadth first, skipping heavy and hidden folders. */
export async function scanWorkspace(root: string, limits: ScanLimits = LIMITS): Promise<string[]> {
  const found: string[] = []
  let level: string[] = ['']
  let visited = 0
  for (let depth = 0; depth <= limits.depth && level.length > 0; depth++) {
    const next: string[] = []
    for (const rel of level) {
      if (visited++ >= limits.folders) return found
      const abs = rel === '' ? root : path.join(root, ...rel.split('/'))
      const entries: Dirent[] = await readdir(abs, { withFileTypes: true }).catch(() => [])
      if (entries.some((e) => e.isFile() && (PROJECT_NAMES as readonly string[]).includes(e.name))) found.push(rel)
      for (const e of entries) {
        // Symbolic links are not followed: no loops, nothing outside the workspace.
        if (e.isDirectory() && !e.name.startsWith('.') && !HEAVY_DIRS.has(e.name)) next.push(rel === '' ? e.name : `${rel}/${e.name}`)
      }
    }
    level = next.sort()
  }
  return found
}

/** The first depot (JULIA_DEPOT_PATH's first entry, else ~/.julia). */
export function depotDir(env: NodeJS.ProcessEnv, home: string): string {
  const first = (env.JULIA_DEPOT_PATH ?? '').split(process.platform === 'win32' ? ';' : ':')[0]
  return first ? first : path.join(home, '.julia')
}

/** Shared environments: the version's default, plus every folder in <depot>/environments. */
export async function sharedEnvironments(depot: string, versionKey: string): Promise<JuliaEnvironment[]> {
  const names = await readdir(path.join(depot, 'environments'), { withFileTypes: true }).catch(() => [] as Dirent[])
  const keys = new Set([versionKey, ...names.filter((d) => d.isDirectory()).map((d) => `@${d.name}`).sort()])
  return [...keys].map((key) => ({
    key,
    label: key === versionKey ? `${key} (shared default)` : `${key} (shared)`,
    kind: 'shared',
  }))
}

export const isSharedKey = (key: string): boolean => key.startsWith('@')

/**
 * The absolute folder an environment key names. Workspace keys stay inside the workspace
 * (OUTSIDE_WORKSPACE otherwise); `@v#.#` is the running version's shared env.
 */
export function environmentDir(key: string, ctx: { root: string | null; depot: string; versionKey: string }): string {
  if (isSharedKey(key)) {
    if (!SHARED_KEY.test(key) || key.includes('..')) throw new KilnError('INVALID_ARGS', `not a shared environment name: ${key.slice(0, 100)}`)
    const name = key === DEFAULT_SHARED ? ctx.versionKey : key
    return path.join(ctx.depot, 'environments', name.slice(1))
  }
  if (!ctx.root) throw new KilnError('NO_WORKSPACE', 'open a folder to use one of its environments')
  const rel = normalizeRel(key)
  return rel === '' ? ctx.root : path.join(ctx.root, ...rel.split('/'))
}

/** Checks that a key names an environment one may choose (a Project.toml folder, or a shared env). */
export async function checkEnvironment(key: string, ctx: { root: string | null; depot: string; versionKey: string }): Promise<string> {
  const dir = environmentDir(key, ctx)
  if (!isSharedKey(key) && !(await hasProject(dir))) throw new KilnError('NOT_FOUND', `no Project.toml in ${key === '' ? 'the workspace root' : key}`)
  return dir
}

/** The chosen environment per workspace root, in the user data folder. */
export class EnvironmentChoices {
  private readonly file: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    userDataDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(userDataDir, ENVIRONMENTS_FILE)
  }

  private async load(): Promise<Record<string, string>> {
    const text = await readFile(this.file, 'utf8').catch(() => null)
    if (text === null) return {}
    try {
      const data: unknown = JSON.parse(text)
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
        return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string'))
      }
    } catch {
      // fall through
    }
    this.log.warn(`${this.file} is not a JSON object of environment choices; starting afresh`)
    return {}
  }

  get(root: string): Promise<string | null> {
    return this.serial(async () => (await this.load())[root] ?? null)
  }

  set(root: string, key: string): Promise<void> {
    return this.serial(async () => {
      const all = await this.load()
      all[root] = key
      await mkdir(path.dirname(this.file), { recursive: true })
      await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`)
    })
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => {})
    return run
  }
}

/** The environment in effect: the remembered one while it still exists, else the default. */
export async function activeEnvironment(
  choices: EnvironmentChoices,
  ctx: { root: string | null; depot: string; versionKey: string },
): Promise<string> {
  if (ctx.root) {
    const chosen = await choices.get(ctx.root)
    if (chosen !== null) {
      const usable = await checkEnvironment(chosen, ctx).then(() => true, () => false)
      if (usable) return chosen
    }
    if (await hasProject(ctx.root)) return ''
  }
  return ctx.versionKey
}
