// `.kiln/builds.json`: `{ "builds": [BuildConfig…] }`. Reading never throws on bad input: every
// problem is listed with the JSON path it concerns (`builds[1].trim`), and the valid entries are
// still returned. Saving validates first and writes atomically; a file that could not be parsed is
// never overwritten (the user's hand edits would be lost).
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { BuildConfig, BuildConfigProblem, BuildConfigs } from '../../../src-preload/contract'
import { KilnError } from '../../router'
import { writeFileAtomic } from '../workspace/atomic'
import { jsonErrorOffset } from './json-where'

export const CONFIG_FILE = '.kiln/builds.json'

/** juliac's `--output-exe` takes a bare name; the same name names the configuration. */
const BARE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$/
/** A workspace-relative path: no absolute path, no climbing out. */
const relPath = z
  .string()
  .min(1, 'must not be empty')
  .max(4096)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p) && !p.includes('\0'), 'must be a path relative to the workspace')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'must stay inside the workspace (no ..)')

const configSchema = z.object({
  name: z
    .string({ error: 'is required' })
    .refine((n) => !/[\\/]/.test(n), 'must be a bare name, not a path (juliac refuses a path for --output-exe)')
    .refine((n) => /[\\/]/.test(n) || BARE_NAME.test(n), 'must be a bare name: letters, digits, _ . + - (at most 64)'),
  entry: relPath,
  output: z.enum(['exe', 'lib', 'sysimage'], { error: 'must be one of exe, lib, sysimage' }).default('exe'),
  bundle: relPath
    .refine((p) => p !== '.' && p !== './', 'must be a folder of its own, not the workspace root')
    .nullable()
    .default(null),
  trim: z.enum(['no', 'safe', 'unsafe', 'unsafe-warn'], { error: 'must be one of no, safe, unsafe, unsafe-warn' }).default('safe'),
  experimental: z.boolean({ error: 'must be true or false' }).default(false),
  compileCcallable: z.boolean({ error: 'must be true or false' }).default(false),
  privatize: z.boolean({ error: 'must be true or false' }).default(false),
  cpuTarget: z
    .string()
    .regex(/^[A-Za-z0-9_.,;:+=()-]{1,200}$/, 'is not a CPU target (e.g. x86-64-v3, znver4)')
    .nullable()
    .default(null),
  project: relPath.nullable().default(null),
  extraArgs: z.array(z.string().max(4096), { error: 'must be a list of strings' }).max(100).default([]),
})
const KNOWN_KEYS = new Set(Object.keys(configSchema.shape))

/** A JSON.parse error's position as `line L, column C` (V8 reports a character offset). */
export function jsonErrorWhere(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const at = jsonErrorOffset(text) ?? text.length
  const before = text.slice(0, at)
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  // V8 quotes the whole text for a short one: keep only what it says about the token.
  const what = message.replace(/,? ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '')
  return `line ${line}, column ${column}: ${what}`
}

const pathOf = (base: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), base)

/** Validates a list of configurations (from the file, or from the UI before a save). */
export function validateConfigs(list: readonly unknown[]): { configs: BuildConfig[]; problems: BuildConfigProblem[] } {
  const configs: BuildConfig[] = []
  const problems: BuildConfigProblem[] = []
  const seen = new Map<string, number>()
  list.forEach((raw, i) => {
    const base = `builds[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ path: base, message: 'must be an object' })
      return
    }
    const parsed = configSchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const missingKey = issue.path.length === 1 && (raw as Record<string, unknown>)[String(issue.path[0])] === undefined
        problems.push({ path: pathOf(base, issue.path), message: missingKey ? 'is required' : issue.message })
      }
      return
    }
    for (const key of Object.keys(raw)) {
      if (!KNOWN_KEYS.has(key)) problems.push({ path: `${base}.${key}`, message: `unknown setting (known: ${[...KNOWN_KEYS].join(', ')})` })
    }
    const config = parsed.data
    const first = seen.get(config.name.toLowerCase())
    if (first !== undefined) {
      problems.push({ path: `${base}.name`, message: `duplicate name "${config.name}" (also builds[${first}]); names must be unique` })
      return
    }
    seen.set(config.name.toLowerCase(), i)
    configs.push(config)
  })
  return { configs, problems }
}

/** Parses the text of builds.json; never throws. `syntaxError` is set when the JSON itself is broken. */
export function parseConfigsText(text: string): { configs: BuildConfig[]; problems: BuildConfigProblem[]; syntaxError: boolean } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { configs: [], problems: [{ path: '', message: `not valid JSON: ${jsonErrorWhere(text, e)}` }], syntaxError: true }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { configs: [], problems: [{ path: '', message: 'must be an object: { "builds": [ … ] }' }], syntaxError: false }
  }
  const builds = (data as { builds?: unknown }).builds
  if (builds === undefined) return { configs: [], problems: [{ path: 'builds', message: 'is missing: { "builds": [ … ] }' }], syntaxError: false }
  if (!Array.isArray(builds)) return { configs: [], problems: [{ path: 'builds', message: 'must be a list of build configurations' }], syntaxError: false }
  return { ...validateConfigs(builds), syntaxError: false }
}

/** Reads `.kiln/builds.json` under `root`. A missing file is no problem: no configurations yet. */
export async function readConfigs(root: string): Promise<BuildConfigs & { syntaxError: boolean }> {
  let text: string
  try {
    text = await readFile(join(root, CONFIG_FILE), 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { configs: [], file: CONFIG_FILE, exists: false, problems: [], syntaxError: false }
    return { configs: [], file: CONFIG_FILE, exists: true, problems: [{ path: '', message: `cannot read: ${(e as Error).message}` }], syntaxError: true }
  }
  return { ...parseConfigsText(text), file: CONFIG_FILE, exists: true }
}

/**
 * Validates and writes the configurations. Throws INVALID_ARGS listing every problem, and CONFLICT
 * when the file on disk is not valid JSON (fix or delete it first: it is never overwritten).
 * Other top-level keys of the existing file are kept.
 */
export async function saveConfigs(root: string, list: readonly unknown[]): Promise<BuildConfigs> {
  const { configs, problems } = validateConfigs(list)
  if (problems.length > 0) {
    throw new KilnError('INVALID_ARGS', `build configurations not saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
  }
  const file = join(root, CONFIG_FILE)
  let rest: Record<string, unknown> = {}
  const existing = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null
    throw new KilnError('PERMISSION', `cannot read ${CONFIG_FILE}: ${e.message}`)
  })
  if (existing !== null) {
    try {
      const data: unknown = JSON.parse(existing)
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) rest = data as Record<string, unknown>
    } catch (e) {
      throw new KilnError('CONFLICT', `${CONFIG_FILE} is not valid JSON (${jsonErrorWhere(existing, e)}); fix it or delete it first, Kiln will not overwrite it`)
    }
  }
  await mkdir(join(root, '.kiln'), { recursive: true })
  await writeFileAtomic(file, `${JSON.stringify({ ...rest, builds: configs }, null, 2)}\n`)
  return { configs, file: CONFIG_FILE, exists: true, problems: [] }
}

/** A configuration by name, or a KilnError saying what is wrong with the file. */
export async function configNamed(root: string, name: string | null): Promise<BuildConfig> {
  const all = await readConfigs(root)
  if (all.syntaxError) throw new KilnError('INVALID_ARGS', `${CONFIG_FILE}: ${all.problems[0]?.message ?? 'cannot be read'}`)
  if (!all.exists) throw new KilnError('NOT_FOUND', `no ${CONFIG_FILE} in this folder: add a build configuration first`)
  const config = name === null ? all.configs[0] : all.configs.find((c) => c.name === name)
  if (config) return config
  const related = all.problems.filter((p) => p.path === '' || p.path === 'builds' || name === null || p.message.includes(name))
  const why = [...related, ...all.problems].slice(0, 5).map((p) => `${p.path || CONFIG_FILE}: ${p.message}`)
  const names = all.configs.map((c) => c.name).join(', ') || 'none'
  const what = name === null ? 'no valid build configuration' : `no build configuration named "${name}"`
  throw new KilnError('NOT_FOUND', `${what} in ${CONFIG_FILE} (valid: ${names})${why.length > 0 ? `; problems: ${[...new Set(why)].join('; ')}` : ''}`)
}
