// Reading, interpreting and atomically writing one settings.json file. Pure functions over text
// plus small fs wrappers; the service decides what to do with the results.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { SettingError } from '../../../src-preload/contract'
import { isMachineSetting, isSettingKey, SETTINGS, validate, type SettingKey, type SettingValue } from './schema'

/** A settings file bigger than this is a mistake (or not a settings file); refuse to parse it. */
export const MAX_SETTINGS_BYTES = 1024 * 1024

export type FileState =
  | { kind: 'absent' }
  | { kind: 'ok'; raw: Record<string, unknown> }
  | { kind: 'malformed'; message: string }

export type Layer = { values: Partial<Record<SettingKey, SettingValue>>; errors: SettingError[]; state: FileState }

/** Parses settings text: strict JSON holding one object; an empty file counts as `{}`. */
export function parseSettingsText(text: string): FileState {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') return { kind: 'ok', raw: {} }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch (e) {
    return { kind: 'malformed', message: describeJsonError(body, e) }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'malformed', message: 'must hold a JSON object ({ "key": value, ... })' }
  }
  return { kind: 'ok', raw: parsed as Record<string, unknown> }
}

/** "not valid JSON: <reason> at line L, column C" from V8's message, which counts in characters. */
function describeJsonError(text: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e)
  const reason = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+.*$/, '')
  const pos = /at position (\d+)/.exec(raw)
  if (!pos) return `not valid JSON: ${reason}`
  const before = text.slice(0, Number(pos[1]))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return `not valid JSON: ${reason} at line ${line}, column ${column}`
}

/**
 * Turns a parsed file into values and errors. Every invalid entry is reported with the file and
 * key, and left out so that the layer below (or the default) applies.
 */
export function interpret(state: FileState, file: string, scope: 'user' | 'workspace'): Layer {
  if (state.kind === 'absent') return { values: {}, errors: [], state }
  if (state.kind === 'malformed') {
    return { values: {}, errors: [{ key: '', message: `${file}: ${state.message}; none of its settings apply until it is fixed` }], state }
  }
  const values: Partial<Record<SettingKey, SettingValue>> = {}
  const errors: SettingError[] = []
  for (const [key, value] of Object.entries(state.raw)) {
    const checked = validate(key, value)
    if (!checked.ok) {
      const fallback = isSettingKey(key)
        ? `; using ${scope === 'workspace' ? 'the user setting or ' : ''}the default ${JSON.stringify(SETTINGS[key].default)}`
        : '; ignored'
      errors.push({ key, message: `${file}: ${checked.message}${fallback}` })
      continue
    }
    if (scope === 'workspace' && isSettingKey(key) && isMachineSetting(key)) {
      errors.push({
        key,
        message: `${file}: ${key} can only be set in your user settings (a workspace may not choose the programs Kiln runs); ignored`,
      })
      continue
    }
    values[key as SettingKey] = checked.value
  }
  return { values, errors, state }
}

const toState = (text: string): FileState =>
  Buffer.byteLength(text) > MAX_SETTINGS_BYTES ? { kind: 'malformed', message: `larger than ${MAX_SETTINGS_BYTES} bytes` } : parseSettingsText(text)

const absentOr = (e: unknown): FileState => {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' }
  return { kind: 'malformed', message: `cannot be read (${code ?? String(e)})` }
}

/** Synchronous read, for construction and workspace switches: the file is small and local. */
export function readStateSync(file: string): FileState {
  try {
    return toState(readFileSync(file, 'utf8'))
  } catch (e) {
    return absentOr(e)
  }
}

export async function readState(file: string): Promise<FileState> {
  try {
    return toState(await readFile(file, 'utf8'))
  } catch (e) {
    return absentOr(e)
  }
}

/**
 * Writes `text` so that a crash leaves either the old file or the new one: temp, fsync, rename.
 * An existing file keeps its permissions; a new one is private to the user.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o600,
  )
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(tmp, 'wx', mode)
    try {
      await handle.chmod(mode) // open() is subject to the umask
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, file)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
  // Make the rename itself durable where the platform lets us open a directory.
  const dir = await open(dirname(file), 'r').catch(() => null)
  if (dir) await dir.sync().catch(() => {}).finally(() => dir.close())
}
