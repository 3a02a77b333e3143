// The configuration editor's model: a form of strings and booleans <-> a BuildConfig, the live
// checks a user sees beside each field, and where the service's problems belong. Pure.
import type { BuildConfig, BuildConfigProblem, BuildOutputKind, BuildTrim } from '../../../src-preload/contract'

export interface ConfigForm {
  name: string
  entry: string
  output: BuildOutputKind
  bundle: string
  trim: BuildTrim
  experimental: boolean
  compileCcallable: boolean
  privatize: boolean
  cpuTarget: string
  project: string
  extraArgs: string
}

export type FormField = keyof ConfigForm
export type FieldErrors = Partial<Record<FormField, string>>

export const TRIM_MODES: readonly BuildTrim[] = ['safe', 'unsafe', 'unsafe-warn', 'no']
export const OUTPUT_KINDS: readonly BuildOutputKind[] = ['exe', 'lib', 'sysimage']
export const CPU_TARGETS = ['native', 'generic', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4', 'znver3', 'znver4', 'apple-m1'] as const

export const emptyForm = (name = 'app', entry = 'src/main.jl'): ConfigForm => ({
  name,
  entry,
  output: 'exe',
  bundle: `build/${name}`,
  trim: 'safe',
  experimental: true,
  compileCcallable: false,
  privatize: false,
  cpuTarget: '',
  project: '',
  extraArgs: '',
})

/** Quotes an argument only when it needs it, so the text field round-trips. */
const quote = (a: string): string => (a === '' || /[\s"'\\]/.test(a) ? `"${a.replace(/(["\\])/g, '\\$1')}"` : a)

export const toForm = (c: BuildConfig): ConfigForm => ({
  name: c.name,
  entry: c.entry,
  output: c.output,
  bundle: c.bundle ?? '',
  trim: c.trim,
  experimental: c.experimental,
  compileCcallable: c.compileCcallable,
  privatize: c.privatize,
  cpuTarget: c.cpuTarget ?? '',
  project: c.project ?? '',
  extraArgs: c.extraArgs.map(quote).join(' '),
})

/** Splits arguments as a shell would for plain words, "double" and 'single' quotes and \ escapes (never runs one). */
export function splitArgs(text: string): { args: string[]; error: string | null } {
  const args: string[] = []
  let cur = ''
  let has = false
  let q: '"' | "'" | null = null
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (q === "'") {
      if (ch === "'") q = null
      else cur += ch
    } else if (ch === '\\' && i + 1 < text.length && (q === null || /["\\$`]/.test(text[i + 1]!))) {
      cur += text[++i]
      has = true
    } else if (q === '"') {
      if (ch === '"') q = null
      else cur += ch
    } else if (ch === '"' || ch === "'") {
      q = ch
      has = true
    } else if (/\s/.test(ch)) {
      if (has) args.push(cur)
      cur = ''
      has = false
    } else {
      cur += ch
      has = true
    }
  }
  if (q) return { args: [], error: `an unclosed ${q === '"' ? 'double' : 'single'} quote` }
  if (has) args.push(cur)
  return { args, error: null }
}

export const fromForm = (f: ConfigForm): BuildConfig => ({
  name: f.name.trim(),
  entry: f.entry.trim(),
  output: f.output,
  bundle: f.bundle.trim() === '' ? null : f.bundle.trim(),
  trim: f.trim,
  experimental: f.experimental,
  compileCcallable: f.compileCcallable,
  privatize: f.privatize,
  cpuTarget: f.cpuTarget.trim() === '' ? null : f.cpuTarget.trim(),
  project: f.project.trim() === '' ? null : f.project.trim(),
  extraArgs: splitArgs(f.extraArgs).args,
})

/** The flags juliac gets from its own fields: extra arguments must not repeat or fight them. */
const OWN_FLAGS = ['--output-exe', '--output-lib', '--output-sysimage', '--bundle', '--trim', '--experimental', '--compile-ccallable', '--privatize', '--cpu-target', '--project']

function relPathError(value: string, what: string): string | null {
  if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value)) return `${what} must be inside the folder (a relative path)`
  if (value.split(/[\\/]/).includes('..')) return `${what} must not leave the folder (no ..)`
  return null
}

/** What is wrong with the form, field by field; `others` are the names of the file's other configurations. */
export function validateForm(f: ConfigForm, others: readonly string[] = []): FieldErrors {
  const e: FieldErrors = {}
  const name = f.name.trim()
  if (name === '') e.name = 'A name is required'
  else if (/[\\/]/.test(name)) e.name = 'A bare name, not a path: juliac’s --output-exe refuses a path'
  else if (/\s/.test(name)) e.name = 'No spaces: the name is the output file’s name'
  else if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) e.name = 'Letters, digits, _ . - only, starting with a letter or _'
  else if (name.length > 64) e.name = 'At most 64 characters'
  else if (others.includes(name)) e.name = `Another configuration is already named “${name}”`

  const entry = f.entry.trim()
  if (entry === '') e.entry = 'The entry is required: a .jl file or a package folder with (@main)(ARGS)'
  else e.entry = relPathError(entry, 'The entry') ?? undefined
  if (e.entry === undefined) delete e.entry

  for (const key of ['bundle', 'project'] as const) {
    const v = f[key].trim()
    const why = v === '' ? null : relPathError(v, key === 'bundle' ? 'The bundle folder' : 'The project')
    if (why) e[key] = why
  }
  if (f.bundle.trim() !== '' && f.output === 'sysimage') e.bundle = 'A system image is not bundled: leave the folder empty'

  const cpu = f.cpuTarget.trim()
  if (cpu !== '' && !/^[A-Za-z0-9_.,;+=\-]+$/.test(cpu)) e.cpuTarget = 'A CPU name such as x86-64-v3 or znver4 (no spaces)'

  const { args, error } = splitArgs(f.extraArgs)
  if (error) e.extraArgs = `Extra arguments: ${error}`
  else {
    const clash = args.find((a) => OWN_FLAGS.includes(a.split('=')[0]!))
    if (clash) e.extraArgs = `${clash.split('=')[0]} has its own field above`
  }
  return e
}

export const hasErrors = (e: FieldErrors): boolean => Object.keys(e).length > 0

const FIELD_OF: Record<string, FormField> = {
  name: 'name',
  entry: 'entry',
  output: 'output',
  bundle: 'bundle',
  trim: 'trim',
  experimental: 'experimental',
  compileCcallable: 'compileCcallable',
  privatize: 'privatize',
  cpuTarget: 'cpuTarget',
  project: 'project',
  extraArgs: 'extraArgs',
}

/**
 * Where a problem from the service belongs: `configs[2].name`, `2.name`, `/configs/2/entry` or
 * `configs.2.extraArgs.0` → index 2, field. A path naming no field belongs to the configuration.
 */
export function problemTarget(path: string): { index: number | null; field: FormField | null } {
  const parts = path.split(/[.[\]/]+/).filter(Boolean)
  const i = parts.findIndex((p) => /^\d+$/.test(p))
  const index = i >= 0 ? Number(parts[i]) : null
  const field = parts.slice(i + 1).map((p) => FIELD_OF[p]).find((f) => f !== undefined) ?? null
  return { index, field }
}

/** The service's problems for configuration `index`: by field, and the rest in words. */
export function problemsFor(problems: readonly BuildConfigProblem[], index: number): { fields: FieldErrors; general: string[] } {
  const fields: FieldErrors = {}
  const general: string[] = []
  for (const p of problems) {
    const t = problemTarget(p.path)
    if (t.index !== index) continue
    if (t.field && !fields[t.field]) fields[t.field] = p.message
    else general.push(p.message)
  }
  return { fields, general }
}

/**
 * A refused save's message (INVALID_ARGS lists what is wrong: `…not saved: builds[0].name: …; builds[1].trim: …`) as problems, so they land beside their fields.
 */
export function parseSaveError(message: string): BuildConfigProblem[] {
  return message
    .split(/\n|;\s+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /((?:builds|configs)?\[\d+\][\w.[\]/]*|\d+\.[\w.[\]/]+):\s*(.+)$/.exec(l)
      return m ? { path: m[1]!, message: m[2]! } : { path: '', message: l }
    })
}
