// Reading an environment's Project.toml and Manifest.toml without Julia (Pkg's formats:
// https://pkgdocs.julialang.org/v1/toml-files/). Both manifest layouts occur in the wild:
//   format 2.0 (Julia 1.7+):  manifest_format = "2.0", julia_version = "…", [[deps.Name]] …
//   format 1   (older):       top-level [[Name]] arrays, no julia_version
// An entry with `path` is a developed package, `repo-url` a git checkout, `git-tree-sha1` alone a
// registry release; an entry with none of them is a standard library. Never throws: a broken file
// becomes a problem in words (with its line for TOML syntax errors) and whatever could be read.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, TomlError } from 'smol-toml'
import type { EnvironmentInfo, JuliaPackage } from '../../../src-preload/contract'

/** What Project.toml and Manifest.toml say, before the service adds the key and the file's path. */
export type ParsedEnvironment = Omit<EnvironmentInfo, 'key' | 'projectFile'>

type Table = Record<string, unknown>
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** Which files Julia reads, in its order of preference (Base.project_names / manifest_names). */
export const PROJECT_NAMES = ['JuliaProject.toml', 'Project.toml'] as const
export function manifestNames(juliaVersion: string | null): string[] {
  const m = juliaVersion ? /^(\d+)\.(\d+)/.exec(juliaVersion) : null
  // Julia 1.10.8+/1.11+ prefer a manifest named for their own version.
  const versioned = m ? [`JuliaManifest-v${m[1]}.${m[2]}.toml`, `Manifest-v${m[1]}.${m[2]}.toml`] : []
  return [...versioned, 'JuliaManifest.toml', 'Manifest.toml']
}

function parseToml(text: string, file: string, problems: string[]): Table | null {
  try {
    return parse(text)
  } catch (e) {
    if (e instanceof TomlError) {
      const what = e.message.split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '') ?? 'invalid TOML'
      problems.push(`${file} line ${e.line}: ${what}`)
    } else problems.push(`${file}: ${e instanceof Error ? e.message : String(e)}`)
    return null
  }
}

type ManifestEntry = { name: string; uuid: string; version: string | null; source: JuliaPackage['source'] }

function sourceOf(e: Table): JuliaPackage['source'] {
  if (str(e.path)) return 'path'
  if (str(e['repo-url'])) return 'git'
  if (str(e['git-tree-sha1'])) return 'registry'
  return 'stdlib'
}

/** The entries of either manifest format. */
function manifestEntries(m: Table, file: string, problems: string[]): { entries: ManifestEntry[]; julia: string | null } {
  const v2 = m.manifest_format !== undefined
  if (v2 && !/^2\./.test(String(m.manifest_format))) problems.push(`${file}: unknown manifest_format ${String(m.manifest_format)}`)
  const deps = v2 ? m.deps : m
  const entries: ManifestEntry[] = []
  if (isTable(deps)) {
    for (const [name, list] of Object.entries(deps)) {
      if (!Array.isArray(list)) continue // format 1: other top-level keys are not packages
      for (const e of list) {
        if (!isTable(e)) continue
        entries.push({ name, uuid: str(e.uuid) ?? '', version: str(e.version), source: sourceOf(e) })
      }
    }
  } else if (v2 && deps !== undefined) problems.push(`${file}: [deps] is not a table`)
  return { entries, julia: v2 ? str(m.julia_version) : null }
}

/** Parses the texts of a project and its manifest (null: the file does not exist). */
export function parseEnvironment(
  project: { text: string; file: string } | null,
  manifest: { text: string; file: string } | null,
): ParsedEnvironment {
  const problems: string[] = []
  const proj = project ? parseToml(project.text, project.file, problems) : null
  const direct = new Map<string, string>()
  if (proj && isTable(proj.deps)) for (const [name, uuid] of Object.entries(proj.deps)) direct.set(name, str(uuid) ?? '')
  else if (proj && proj.deps !== undefined) problems.push(`${project?.file}: [deps] is not a table`)

  const man = manifest ? parseToml(manifest.text, manifest.file, problems) : null
  const { entries, julia } = man && manifest ? manifestEntries(man, manifest.file, problems) : { entries: [], julia: null }

  const packages: JuliaPackage[] = []
  const seen = new Set<string>()
  for (const e of entries) {
    const wanted = direct.get(e.name)
    // Two packages may share a name (different uuids); only the one Project.toml names is direct.
    const isDirect = wanted !== undefined && (wanted === '' || e.uuid === '' || wanted === e.uuid)
    if (isDirect) seen.add(e.name)
    packages.push({ name: e.name, uuid: e.uuid, version: e.version, direct: isDirect, source: e.source })
  }
  const manifestFile = manifest?.file ?? 'the Manifest'
  for (const [name, uuid] of direct) {
    if (seen.has(name)) continue
    const other = entries.find((e) => e.name === name)
    if (man && other) problems.push(`${name}: Project.toml names uuid ${uuid} but ${manifestFile} has ${other.uuid} (run Pkg.resolve())`)
    else if (man) problems.push(`${name} is in Project.toml [deps] but not in ${manifestFile} (run Pkg.instantiate() or Pkg.resolve())`)
    packages.push({ name, uuid, version: null, direct: true, source: 'registry' })
  }
  packages.sort((a, b) => Number(b.direct) - Number(a.direct) || a.name.localeCompare(b.name))
  return {
    name: proj ? str(proj.name) : null,
    version: proj ? str(proj.version) : null,
    packages,
    manifestJulia: julia,
    manifestMissing: manifest === null,
    problems,
  }
}

const readOrNull = (p: string): Promise<string | null> => readFile(p, 'utf8').then((t) => t, () => null)

/** The first of `names` that exists in `dir`, with its text. */
export async function readFirst(dir: string, names: readonly string[]): Promise<{ text: string; file: string } | null> {
  for (const name of names) {
    const text = await readOrNull(join(dir, name))
    if (text !== null) return { text, file: name }
  }
  return null
}

/** Reads and parses the environment in `dir` (a folder that should hold a Project.toml). */
export async function readEnvironment(dir: string, juliaVersion: string | null): Promise<ParsedEnvironment & { projectFile: string | null }> {
  const project = await readFirst(dir, PROJECT_NAMES)
  const manifest = await readFirst(dir, manifestNames(juliaVersion))
  const parsed = parseEnvironment(project, manifest)
  if (!project) parsed.problems.unshift('no Project.toml in this environment yet (Pkg.add creates one)')
  return { ...parsed, projectFile: project?.file ?? null }
}
